"""People across articles: a person an article names by surname only ("Mnuchin", "President
Trump") is linked to the one person the corpus names in full with that surname.

A link needs exactly one full-named candidate (after keeping those who share a role with the
surname-only person, when it holds any) and no role that contradicts it; the evidence goes with
the link. Two full names are never merged, and the link is a pure function of every article's
records, so article order does not matter and a new article recomputes the links it affects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from graph.model import EntityKind
from graph.slugs import slug
from graph.vocab import ID, NG

if TYPE_CHECKING:
    import pyoxigraph

    from graph.corpus.knowledge import Triple
    from graph.corpus.records import EntityRecord

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_PERSON_PREFIX = f"{ID}person/"
_CHUNK = 400


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


def link_triples(link: PersonLink) -> set[Triple]:
    node = URIRef(link.surname_only)
    return {
        (node, NG.samePersonAs, URIRef(link.person)),
        (node, NG.linkBasis, Literal(link.basis)),
    }


def people_links(store: pyoxigraph.Store, nodes: Iterable[str]) -> dict[str, set[Triple]]:
    """The link triples of every surname-only person among `nodes`, from the store's records."""
    surnamed = [node for node in nodes if _is_surname_only(node)]
    if not surnamed:
        return {}
    names: dict[str, set[str]] = defaultdict(set)
    for row in _select(
        store,
        f"""SELECT DISTINCT ?person ?name WHERE {{
              ?record <{NG.typeInArticle}> <{NG.Person}> ; <{NG.describes}> ?person ;
                      <{NG.nameInArticle}>|<{NG.aliasInArticle}> ?name }}""",
    ):
        names[row["person"].value].add(row["name"].value)
    wanted = set(surnamed)
    people = [
        iri
        for iri, person_names in names.items()
        if iri not in wanted and any(surname_node(name) in wanted for name in person_names)
    ]
    roles = _roles(store, [*surnamed, *people])

    def known(iri: str) -> KnownPerson:
        return KnownPerson(iri, frozenset(names[iri]), roles.get(iri, frozenset()))

    candidates = [known(iri) for iri in people]
    links = {}
    for node in surnamed:
        link = link_person(known(node), candidates) if node in names else None
        if link is not None:
            links[node] = link_triples(link)
    return links


def _is_surname_only(node: str) -> bool:
    return node.startswith(_PERSON_PREFIX) and "-" not in node[len(_PERSON_PREFIX) :]


def _roles(store: pyoxigraph.Store, people: list[str]) -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(sorted(set(people))):
        values = " ".join(f"<{iri}>" for iri in chunk)
        query = f"""SELECT DISTINCT ?holder ?role WHERE {{ VALUES ?holder {{ {values} }}
                      ?record a <{NG.PostRecord}> ; <{NG.holder}> ?holder ;
                              <{NG.roleInArticle}> ?role }}"""
        for row in _select(store, query):
            roles[row["holder"].value].add(row["role"].value)
    return {iri: frozenset(found) for iri, found in roles.items()}


def _select(store: pyoxigraph.Store, query: str) -> Iterator[pyoxigraph.QuerySolution]:
    import pyoxigraph

    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    yield from solutions


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
