"""The knowledge layer: each entity's, post's and role's description, derived from records.

A pure function of the records that support a node, so the result does not depend on the order
articles were built in, and rebuilding or removing an article changes only what it supported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TypeVar

from rdflib import namespace as namespaces

from graph import vocab
from graph.corpus.records import EntityRecord, PostRecord, RelationRecord
from graph.model import EntityKind
from graph.ntriples import iri, line, literal, terms_text_of
from graph.vocab import WD

# the namespaces' terms as N-Triples text, each made once
NG, ORG, OWL, RDF, RDFS, SDO, SKOS = terms_text_of(
    vocab.NG,
    namespaces.ORG,
    namespaces.OWL,
    namespaces.RDF,
    namespaces.RDFS,
    namespaces.SDO,
    namespaces.SKOS,
)

ENTITY_TYPES: dict[EntityKind, tuple[str, ...]] = {
    EntityKind.PERSON: (str(vocab.NG.Person), str(namespaces.SDO.Person)),
    EntityKind.ORGANIZATION: (str(vocab.NG.Organization), str(namespaces.SDO.Organization)),
    EntityKind.GOVERNMENT_BODY: (
        str(vocab.NG.GovernmentBody),
        str(vocab.NG.Organization),
        str(namespaces.SDO.GovernmentOrganization),
    ),
    EntityKind.COUNTRY: (str(vocab.NG.Country), str(namespaces.SDO.Country)),
    EntityKind.PLACE: (str(vocab.NG.Place), str(namespaces.SDO.Place)),
}
"""The class IRIs of each kind; the first is the one an article's record names."""

KIND_OF_CLASS = {classes[0]: kind for kind, classes in ENTITY_TYPES.items()}

T = TypeVar("T")


def derive_knowledge(
    entities: Iterable[EntityRecord],
    posts: Iterable[PostRecord],
    relations: Iterable[RelationRecord],
) -> dict[str, set[str]]:
    """The knowledge these records support as N-Triples lines, by the node they describe (the
    name of the node's graph). A node's lines are complete when every record about it is given."""
    knowledge: dict[str, set[str]] = defaultdict(set)
    by_entity: dict[str, list[EntityRecord]] = defaultdict(list)
    for record in entities:
        by_entity[record.entity].append(record)
    for node, entity_records in by_entity.items():
        knowledge[node] |= entity_lines(node, entity_records)
    by_post: dict[str, list[PostRecord]] = defaultdict(list)
    role_names: dict[str, Counter[str]] = defaultdict(Counter)
    for post in posts:
        by_post[post.post].append(post)
        knowledge[post.holder].add(line(iri(post.holder), ORG.holds, iri(post.post)))
    for node, post_records in by_post.items():
        knowledge[node] |= post_lines(node, post_records)
        role_names[post_records[0].role_iri][_post_role(post_records)] += 1
    for role, names in role_names.items():
        knowledge[role] |= role_lines(role, names)
    for relation in relations:
        subject, predicate, obj = (
            iri(relation.subject),
            iri(relation.predicate),
            iri(relation.object),
        )
        knowledge[relation.subject].add(line(subject, predicate, obj))
        if relation.symmetric:
            knowledge[relation.object].add(line(obj, predicate, subject))
    return knowledge


def entity_lines(node: str, records: list[EntityRecord]) -> set[str]:
    """Types of the kind most articles give, the name most articles use as the label (ties: the
    one with more accented letters, then the longer), every other name as an alias."""
    subject = iri(node)
    kind = _most_common([record.kind for record in records], order=list(EntityKind))
    # an article that names a person by surname only, linked to them, does not vote on the label
    voters = [record for record in records if not record.linked] or records
    names = Counter(record.name for record in voters)
    label = max(names, key=lambda name: (names[name], _accents(name), len(name), name))
    lines = {line(subject, RDF.type, iri(cls)) for cls in ENTITY_TYPES[kind]}
    lines.add(line(subject, RDFS.label, literal(label)))
    lines.add(line(subject, SDO.name, literal(label)))
    aliases = {alias for record in records for alias in (record.name, *record.aliases)}
    lines |= {line(subject, SKOS.altLabel, literal(alias)) for alias in aliases - {label}}
    lines |= {line(subject, OWL.sameAs, iri(WD[r.qid])) for r in records if r.qid}
    return lines


def post_lines(node: str, records: list[PostRecord]) -> set[str]:
    subject = iri(node)
    record = min(records, key=lambda r: (r.role_iri, r.of or "", r.of_is_person))
    lines = {
        line(subject, RDF.type, ORG.Post),
        line(subject, ORG.role, iri(record.role_iri)),
        line(subject, NG.roleName, literal(_post_role(records))),
    }
    if record.of is not None:
        lines.add(line(subject, NG.postOf if record.of_is_person else ORG.postIn, iri(record.of)))
    return lines


def role_lines(node: str, names: Counter[str]) -> set[str]:
    """A role is labelled with the name most of its posts use."""
    subject = iri(node)
    label = max(names, key=lambda name: (names[name], name))
    return {line(subject, RDF.type, ORG.Role), line(subject, SKOS.prefLabel, literal(label))}


def _post_role(records: list[PostRecord]) -> str:
    names = Counter(record.role for record in records)
    return max(names, key=lambda name: (names[name], name))


def _most_common(values: list[T], *, order: list[T]) -> T:
    counts = Counter(values)
    return max(counts, key=lambda value: (counts[value], -order.index(value)))


def _accents(name: str) -> int:
    return sum(1 for char in name if ord(char) > 127)
