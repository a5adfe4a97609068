"""The knowledge layer: each entity's, post's and role's description, derived from records.

A pure function of the records that support a node, so the result does not depend on the order
articles were built in, and rebuilding or removing an article changes only what it supported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TypeVar

from rdflib import Literal, URIRef
from rdflib import namespace as namespaces
from rdflib.term import Node

from graph import vocab
from graph.corpus.records import EntityRecord, PostRecord, RelationRecord
from graph.model import EntityKind
from graph.vocab import WD, terms_of

# the namespaces' terms, each made once (see graph.vocab.Terms)
NG, ORG, OWL, RDF, RDFS, SDO, SKOS = terms_of(
    vocab.NG,
    namespaces.ORG,
    namespaces.OWL,
    namespaces.RDF,
    namespaces.RDFS,
    namespaces.SDO,
    namespaces.SKOS,
)

Triple = tuple[URIRef, URIRef, Node]

ENTITY_TYPES: dict[EntityKind, tuple[URIRef, ...]] = {
    EntityKind.PERSON: (NG.Person, SDO.Person),
    EntityKind.ORGANIZATION: (NG.Organization, SDO.Organization),
    EntityKind.GOVERNMENT_BODY: (NG.GovernmentBody, NG.Organization, SDO.GovernmentOrganization),
    EntityKind.COUNTRY: (NG.Country, SDO.Country),
    EntityKind.PLACE: (NG.Place, SDO.Place),
}
"""The classes of each kind; the first is the one an article's record names."""

KIND_OF_CLASS = {classes[0]: kind for kind, classes in ENTITY_TYPES.items()}

T = TypeVar("T")


def derive_knowledge(
    entities: Iterable[EntityRecord],
    posts: Iterable[PostRecord],
    relations: Iterable[RelationRecord],
) -> dict[str, set[Triple]]:
    """The knowledge triples these records support, by the node they describe (the name of the
    node's graph). A node's triples are complete when every record about it is given."""
    knowledge: dict[str, set[Triple]] = defaultdict(set)
    by_entity: dict[str, list[EntityRecord]] = defaultdict(list)
    for record in entities:
        by_entity[record.entity].append(record)
    for iri, entity_records in by_entity.items():
        knowledge[iri] |= entity_triples(iri, entity_records)
    by_post: dict[str, list[PostRecord]] = defaultdict(list)
    role_names: dict[str, Counter[str]] = defaultdict(Counter)
    for post in posts:
        by_post[post.post].append(post)
        knowledge[post.holder].add((URIRef(post.holder), ORG.holds, URIRef(post.post)))
    for iri, post_records in by_post.items():
        knowledge[iri] |= post_triples(iri, post_records)
        role_names[post_records[0].role_iri][_post_role(post_records)] += 1
    for role, names in role_names.items():
        knowledge[role] |= role_triples(role, names)
    for relation in relations:
        subject, predicate, obj = (
            URIRef(relation.subject),
            URIRef(relation.predicate),
            URIRef(relation.object),
        )
        knowledge[relation.subject].add((subject, predicate, obj))
        if relation.symmetric:
            knowledge[relation.object].add((obj, predicate, subject))
    return knowledge


def entity_triples(iri: str, records: list[EntityRecord]) -> set[Triple]:
    """Types of the kind most articles give, the name most articles use as the label (ties: the
    one with more accented letters, then the longer), every other name as an alias."""
    node = URIRef(iri)
    kind = _most_common([record.kind for record in records], order=list(EntityKind))
    # an article that names a person by surname only, linked to them, does not vote on the label
    voters = [record for record in records if not record.linked] or records
    names = Counter(record.name for record in voters)
    label = max(names, key=lambda name: (names[name], _accents(name), len(name), name))
    triples: set[Triple] = {(node, RDF.type, cls) for cls in ENTITY_TYPES[kind]}
    triples.add((node, RDFS.label, Literal(label)))
    triples.add((node, SDO.name, Literal(label)))
    aliases = {alias for record in records for alias in (record.name, *record.aliases)}
    triples |= {(node, SKOS.altLabel, Literal(alias)) for alias in aliases - {label}}
    triples |= {(node, OWL.sameAs, WD[record.qid]) for record in records if record.qid}
    return triples


def post_triples(iri: str, records: list[PostRecord]) -> set[Triple]:
    node = URIRef(iri)
    record = min(records, key=lambda r: (r.role_iri, r.of or "", r.of_is_person))
    triples: set[Triple] = {
        (node, RDF.type, ORG.Post),
        (node, ORG.role, URIRef(record.role_iri)),
        (node, NG.roleName, Literal(_post_role(records))),
    }
    if record.of is not None:
        triples.add((node, NG.postOf if record.of_is_person else ORG.postIn, URIRef(record.of)))
    return triples


def role_triples(iri: str, names: Counter[str]) -> set[Triple]:
    """A role is labelled with the name most of its posts use."""
    node = URIRef(iri)
    label = max(names, key=lambda name: (names[name], name))
    return {(node, RDF.type, ORG.Role), (node, SKOS.prefLabel, Literal(label))}


def _post_role(records: list[PostRecord]) -> str:
    names = Counter(record.role for record in records)
    return max(names, key=lambda name: (names[name], name))


def _most_common(values: list[T], *, order: list[T]) -> T:
    counts = Counter(values)
    return max(counts, key=lambda value: (counts[value], -order.index(value)))


def _accents(name: str) -> int:
    return sum(1 for char in name if ord(char) > 127)
