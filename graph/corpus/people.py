"""People across articles: a person an article names by surname only ("Mnuchin", "President
Trump") is the one person the corpus names in full with that surname.

A link needs exactly one full-named candidate (after keeping those who share a role with the
surname-only person, when it holds any) and no role that contradicts it. A linked article refers
to that person in the store (its record keeps the surname-only node and the basis); its own
files keep what it says alone. Two full names are never merged, and links are a pure function
of what the articles say, so their order does not matter, and a new article recomputes the
links it affects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Literal

from graph.export.store import select
from graph.model import EntityKind
from graph.slugs import slug
from graph.vocab import ID, NG

if TYPE_CHECKING:
    import pyoxigraph

    from graph.corpus.records import EntityRecord

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_PERSON_PREFIX = f"{ID}person/"


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person node as the corpus knows it: its names and the roles its posts have."""

    iri: str
    names: frozenset[str]
    roles: frozenset[str]


@dataclass(frozen=True, slots=True)
class PersonLink:
    surname_only: str
    person: str
    basis: str


def surname(name: str) -> str | None:
    """ "Donald Trump Jr." → "Trump"; a one-word name has none."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    return words[-1] if len(words) >= 2 else None


def surname_node(name: str) -> str | None:
    """The IRI an article gives a person it names only by the surname of `name`."""
    family = surname(name)
    return f"{_PERSON_PREFIX}{slug(family)}" if family else None


def surname_nodes(records: Iterable[EntityRecord]) -> set[str]:
    """The surname-only nodes whose link these records of full-named people may change."""
    found = set()
    for record in records:
        if record.kind is EntityKind.PERSON:
            for name in (record.name, *record.aliases):
                node = surname_node(name)
                if node is not None:
                    found.add(node)
    return found


def link_person(surname_only: KnownPerson, people: Iterable[KnownPerson]) -> PersonLink | None:
    """The one full-named person `surname_only` is, or None when the corpus leaves a doubt."""
    family = {name for name in surname_only.names if len(name.split()) == 1}
    candidates = [
        person
        for person in people
        if person.iri != surname_only.iri
        and any(surname(name) in family for name in person.names if len(name.split()) >= 2)
    ]
    shared = [person for person in candidates if person.roles & surname_only.roles]
    if shared:
        candidates = shared
    if len(candidates) != 1:
        return None
    (person,) = candidates
    if surname_only.roles and person.roles and not shared:
        return None
    full_name = min(name for name in person.names if len(name.split()) >= 2)
    basis = f"the only person named in full with the surname {min(family)}: {full_name}"
    if shared:
        basis += f", who also holds the role {min(person.roles & surname_only.roles)}"
    return PersonLink(surname_only.iri, person.iri, basis)


def person_links(store: pyoxigraph.Store, surnamed: list[str]) -> dict[str, PersonLink | None]:
    """The link of each surname-only person, decided on what the articles themselves say: a
    record an earlier link rewrote counts for the surname-only person it names, so that the
    decision does not depend on links already made (nor on the order articles came in)."""
    if not surnamed:
        return {}
    wanted = set(surnamed)
    names: dict[str, set[str]] = defaultdict(set)
    for row in select(
        store,
        f"""SELECT DISTINCT ?person ?from ?name WHERE {{
              ?record <{NG.typeInArticle}> <{NG.Person}> ; <{NG.describes}> ?person ;
                      <{NG.nameInArticle}>|<{NG.aliasInArticle}> ?name .
              OPTIONAL {{ ?record <{NG.linkedFrom}> ?from }} }}""",
    ):
        names[_said(row, "person")].add(row["name"].value)
    people = [
        iri
        for iri, person_names in names.items()
        if iri not in wanted and any(surname_node(name) in wanted for name in person_names)
    ]
    roles = _roles(store)

    def known(iri: str) -> KnownPerson:
        return KnownPerson(iri, frozenset(names[iri]), roles.get(iri, frozenset()))

    candidates = [known(iri) for iri in people]
    return {
        node: link_person(known(node), candidates) if node in names else None for node in surnamed
    }


def relink(
    store: pyoxigraph.Store, links: dict[str, PersonLink | None]
) -> tuple[set[str], set[str]]:
    """Make every article that names a surname-only person by surname refer to the person it
    is linked to (or, unlinked, to the surname-only node again): its mentions, statements and
    records. The record keeps the surname-only node (`ng:linkedFrom`) and why
    (`ng:linkBasis`). Returns the article graphs rewritten and the people they referred to
    before and refer to now."""
    rewritten: set[str] = set()
    people: set[str] = set()
    for node, link in sorted(links.items()):
        target = link.person if link else node
        basis = {link.basis} if link else set()
        query = f"""SELECT ?article ?current ?basis WHERE {{ GRAPH ?article {{
              {{ ?record <{NG.linkedFrom}> <{node}> ; <{NG.describes}> ?current ;
                         <{NG.linkBasis}> ?basis }}
              UNION
              {{ ?record <{NG.describes}> <{node}> ; a <{NG.EntityRecord}> .
                 FILTER NOT EXISTS {{ ?record <{NG.linkedFrom}> ?any }}
                 BIND(<{node}> AS ?current) }} }} }}"""
        for row in list(select(store, query, union=False)):
            article, current = row["article"].value, row["current"].value
            stored = {row["basis"].value} if row["basis"] is not None else set()
            if current != target or stored != basis:
                store.update(_rewrite(article, node, current, target, link))
                rewritten.add(article)
                people |= {current, target}
    return rewritten, people


def _rewrite(article: str, node: str, current: str, target: str, link: PersonLink | None) -> str:
    """One update: every `current` of the article graph becomes `target`, and the record of
    the person notes the surname-only node and the basis of the link (or no link)."""
    graph, linked, why = f"GRAPH <{article}>", f"<{NG.linkedFrom}>", f"<{NG.linkBasis}>"
    steps = [
        f"DELETE {{ {graph} {{ ?r {linked} <{node}> ; {why} ?b }} }} "
        f"WHERE {{ {graph} {{ ?r {linked} <{node}> ; {why} ?b }} }}",
    ]
    if current != target:
        old, new = f"<{current}>", f"<{target}>"
        steps += [
            f"DELETE {{ {graph} {{ ?s ?p {old} }} }} INSERT {{ {graph} {{ ?s ?p {new} }} }} "
            f"WHERE {{ {graph} {{ ?s ?p {old} }} }}",
            f"DELETE {{ {graph} {{ {old} ?p ?o }} }} INSERT {{ {graph} {{ {new} ?p ?o }} }} "
            f"WHERE {{ {graph} {{ {old} ?p ?o }} }}",
        ]
    if link is not None:
        steps.append(
            f"INSERT {{ {graph} {{ ?r {linked} <{node}> ; {why} {Literal(link.basis).n3()} }} }} "
            f"WHERE {{ {graph} {{ ?r a <{NG.EntityRecord}> ; <{NG.describes}> <{target}> }} }}"
        )
    return " ;\n".join(steps)


def _said(row: pyoxigraph.QuerySolution, name: str) -> str:
    """The person a record names in its article: the surname-only node it was linked from."""
    linked = row["from"]
    return str(linked.value if linked is not None else row[name].value)


def is_surname_only(node: str) -> bool:
    return node.startswith(_PERSON_PREFIX) and "-" not in node[len(_PERSON_PREFIX) :]


def _roles(store: pyoxigraph.Store) -> dict[str, frozenset[str]]:
    """The roles each person holds, as the articles say (a linked holder counts as the
    surname-only person its article names)."""
    roles: dict[str, set[str]] = defaultdict(set)
    query = f"""SELECT DISTINCT ?holder ?from ?role WHERE {{ GRAPH ?article {{
                  ?record a <{NG.PostRecord}> ; <{NG.heldBy}> ?holder ;
                          <{NG.roleInArticle}> ?role .
                  OPTIONAL {{ ?person <{NG.describes}> ?holder ; <{NG.linkedFrom}> ?from }} }} }}"""
    for row in select(store, query, union=False):
        roles[_said(row, "holder")].add(row["role"].value)
    return {iri: frozenset(found) for iri, found in roles.items()}
