"""ArticleFacts → rdflib Graph under the newsgraph ontology; the only place IRIs are minted.

IRIs are deterministic: entities from their QID or kind/name, articles from their slug, and
everything inside an article from the article IRI plus a character span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.term import Node

from graph.model import (
    LOCAL_KEY_PREFIX,
    ArticleFacts,
    Document,
    Entity,
    EntityKind,
    Post,
    Relation,
    Span,
    Statement,
)
from graph.pipeline import publisher_key
from graph.slugs import is_word_char
from graph.vocab import ID, NG, NIF, PREFIXES, WD

_ENTITY_TYPES: dict[EntityKind, tuple[URIRef, ...]] = {
    EntityKind.PERSON: (NG.Person, SDO.Person),
    EntityKind.ORGANIZATION: (NG.Organization, SDO.Organization),
    EntityKind.GOVERNMENT_BODY: (NG.GovernmentBody, NG.Organization, SDO.GovernmentOrganization),
    EntityKind.COUNTRY: (NG.Country, SDO.Country),
    EntityKind.PLACE: (NG.Place, SDO.Place),
}
_UNSAFE_RUN = re.compile("\0+")


def _local(text: str) -> str:
    """`text` as one IRI path segment: runs of characters other than letters, digits, marks and
    . _ ~ - become one hyphen (the letters of any script are IRI characters)."""
    marked = "".join(char if char in "._~-" or is_word_char(char) else "\0" for char in text)
    return _UNSAFE_RUN.sub("-", marked).strip("-") or "x"


def article_iri(document: Document) -> URIRef:
    """An article is identified by its slug (file name or given id), not by its content, so a
    changed article replaces its named graph instead of leaving the old one beside it."""
    return article_iri_for_slug(document.slug)


def article_iri_for_slug(slug: str) -> URIRef:
    return ID[f"article/{_local(slug)}"]


def entity_iri(key: str) -> URIRef:
    """QID keys become entity/Q…; others keep their kind/slug shape. An article-local key has
    no IRI of its own: see `entity_node`."""
    if key.startswith(LOCAL_KEY_PREFIX):
        raise ValueError(f"{key!r} is article-local: its IRI is entity_node(article, key)")
    if re.fullmatch(r"Q[0-9]+", key):
        return ID[f"entity/{key}"]
    kind, _, name = key.partition("/")
    return ID[f"{_local(kind)}/{_local(name)}"]


# Article-local entities: a key "local/<slug>" names something only its article identifies,
# so its IRI lives under the article's, <article>/local/<slug>, and so do the posts in it.
def entity_node(article: URIRef, key: str) -> URIRef:
    """The IRI of entity `key` as `article` refers to it."""
    if key.startswith(LOCAL_KEY_PREFIX):
        return URIRef(f"{article}/local/{_local(key[len(LOCAL_KEY_PREFIX) :])}")
    return entity_iri(key)


def post_node(article: URIRef, post: Post) -> URIRef:
    """The IRI of `post` as `article` refers to it."""
    owner = post.of_key if post.of_key else post.holder_key
    if owner.startswith(LOCAL_KEY_PREFIX):
        return URIRef(f"{entity_node(article, owner)}/post/{_local(post.role)}")
    return post_iri(post)


def _span_iri(article: URIRef, what: str, start: int, end: int) -> URIRef:
    return URIRef(f"{article}/{what}/{start}-{end}")


def post_iri(post: Post) -> URIRef:
    """A post is shared by holders of the same role in the same body; without a body, personal."""
    owner = post.of_key if post.of_key else post.holder_key
    return ID[f"post/{_local(post.role)}/{_local(owner)}"]


Triple = tuple[URIRef, URIRef, Node]


class TripleSink(Protocol):
    def add(self, triple: Triple, /) -> object: ...


class TripleList(list[Triple]):
    """A plain list of triples with Graph's `add`: building one costs a fraction of an
    rdflib Graph, which indexes every triple three ways."""

    def add(self, triple: Triple, /) -> None:
        self.append(triple)


def build_triples(facts: ArticleFacts) -> TripleList:
    """The article's triples, in no particular order (duplicates possible)."""
    triples = TripleList()
    article = article_iri(facts.document)
    _add_article(triples, article, facts)
    for entity in facts.entities:
        _add_entity(triples, article, entity)
    for statement in facts.statements:
        _add_statement(triples, article, statement)
    for post in facts.posts:
        _add_post(triples, article, post)
    for relation in facts.relations:
        _add_relation(triples, article, relation)
    return triples


def build_graph(facts: ArticleFacts) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    for triple in build_triples(facts):
        graph.add(triple)
    return graph


def ntriples_of(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Sorted, duplicate-free N-Triples: the canonical text every other format starts from."""
    return "".join(sorted({_nt_row(triple) for triple in triples}))


def _add_article(graph: TripleSink, article: URIRef, facts: ArticleFacts) -> None:
    document = facts.document
    graph.add((article, RDF.type, NG.Article))
    graph.add((article, RDF.type, SDO.NewsArticle))
    graph.add((article, SDO.headline, Literal(document.title.text)))
    graph.add((article, NIF.isString, Literal(document.text)))
    graph.add((article, NG.contentSha256, Literal(document.content_sha256)))
    graph.add((article, NG.sourceFile, Literal(document.source_name)))
    if document.url:
        graph.add((article, SDO.url, Literal(document.url, datatype=XSD.anyURI)))
    if document.published:
        graph.add((article, SDO.datePublished, Literal(document.published)))
    for date in sorted({span.text for span in facts.dates}):
        graph.add((article, NG.mentionsDate, Literal(date)))
    publisher = publisher_key(document)
    if publisher is not None:
        graph.add((article, NG.originalPublisher, entity_iri(publisher)))


def _add_span(graph: TripleSink, article: URIRef, span: Span, what: str = "span") -> URIRef:
    node = _span_iri(article, what, span.start, span.end)
    graph.add((node, RDF.type, NG.Mention if what == "mention" else NG.TextSpan))
    graph.add((node, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.anchorOf, Literal(span.text)))
    graph.add((node, NIF.referenceContext, article))
    return node


def _add_entity(graph: TripleSink, article: URIRef, entity: Entity) -> None:
    node = entity_node(article, entity.key)
    for entity_type in _ENTITY_TYPES[entity.kind]:
        graph.add((node, RDF.type, entity_type))
    graph.add((node, RDFS.label, Literal(entity.name)))
    graph.add((node, SDO.name, Literal(entity.name)))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.qid:
        graph.add((node, OWL.sameAs, WD[entity.qid]))
    graph.add((node, NG.mentionedIn, article))
    for mention in entity.mentions:
        span = Span(mention.start, mention.end, mention.text)
        mention_node = _add_span(graph, article, span, "mention")
        graph.add((mention_node, NG.refersTo, node))


def _add_statement(graph: TripleSink, article: URIRef, statement: Statement) -> None:
    content = statement.content
    node = _span_iri(article, "statement", content.start, content.end)
    graph.add((node, RDF.type, NG.Statement))
    graph.add((node, RDF.type, NG.DirectQuote if statement.is_direct else NG.ReportedStatement))
    graph.add((node, RDF.type, SDO.Quotation))
    graph.add((node, NG.text, Literal(content.text)))
    graph.add((node, NG.isDirect, Literal(statement.is_direct)))
    graph.add((node, NG.speaker, entity_node(article, statement.speaker_key)))
    graph.add((node, NG.content, _add_span(graph, article, content)))
    if statement.source is not None:
        graph.add((node, NG.source, _add_span(graph, article, statement.source)))
    if statement.cue is not None:
        graph.add((node, NG.cue, _add_span(graph, article, statement.cue)))
    if statement.speech_verb:
        graph.add((node, NG.speechVerb, Literal(statement.speech_verb)))
    if statement.time_expression:
        graph.add((node, NG.timeExpression, Literal(statement.time_expression)))
    for key in statement.about:
        graph.add((node, SDO.about, entity_node(article, key)))
    graph.add((node, PROV.wasDerivedFrom, article))
    graph.add((node, NIF.beginIndex, Literal(content.start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NIF.endIndex, Literal(content.end, datatype=XSD.nonNegativeInteger)))


def _add_post(graph: TripleSink, article: URIRef, post: Post) -> None:
    node = post_node(article, post)
    role = ID[f"role/{_local(post.role)}"]
    graph.add((entity_node(article, post.holder_key), ORG.holds, node))
    graph.add((node, RDF.type, ORG.Post))
    graph.add((node, ORG.role, role))
    graph.add((node, NG.roleName, Literal(post.role)))
    graph.add((role, RDF.type, ORG.Role))
    graph.add((role, SKOS.prefLabel, Literal(post.role)))
    if post.of_key is not None:
        is_person = post.of_key.startswith("person/")
        graph.add((node, NG.postOf if is_person else ORG.postIn, entity_node(article, post.of_key)))
    graph.add((node, NG.evidence, _add_span(graph, article, post.evidence)))
    graph.add((node, PROV.wasDerivedFrom, article))


def _add_relation(graph: TripleSink, article: URIRef, relation: Relation) -> None:
    subject = entity_node(article, relation.subject_key)
    obj = entity_node(article, relation.object_key)
    predicate = NG.memberOf if relation.kind.value == "memberOf" else NG.borders
    graph.add((subject, predicate, obj))
    if predicate == NG.borders:
        graph.add((obj, predicate, subject))
    node = URIRef(
        f"{article}/relation/{relation.kind.value}/"
        f"{_local(relation.subject_key)}/{_local(relation.object_key)}"
    )
    graph.add((node, RDF.type, NG.RelationAssertion))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    graph.add((node, NG.evidence, _add_span(graph, article, relation.evidence)))
    graph.add((node, PROV.wasDerivedFrom, article))
