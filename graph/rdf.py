"""ArticleFacts → rdflib Graph under the newsgraph ontology; the only place IRIs are minted.

IRIs are deterministic: entities from their QID or kind/name, articles from their slug, and
everything inside an article from the article IRI plus a character span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as namespaces
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

from graph import vocab
from graph.corpus.knowledge import ENTITY_TYPES, derive_knowledge, entity_triples
from graph.corpus.records import ArticleRecords, EntityRecord, PostRecord, RelationRecord
from graph.model import (
    LOCAL_KEY_PREFIX,
    ArticleFacts,
    AttributionKind,
    Document,
    Entity,
    Post,
    Relation,
    SourceKind,
    Span,
    Statement,
    UnnamedSource,
    is_unnamed_source_key,
)
from graph.pipeline import author_keys, publisher_key
from graph.slugs import is_word_char
from graph.vocab import ID, PREFIXES, terms_of

# the namespaces' terms, each made once (see graph.vocab.Terms)
NG, NIF, PROV, RDF, RDFS, SDO, XSD = terms_of(
    vocab.NG,
    vocab.NIF,
    namespaces.PROV,
    namespaces.RDF,
    namespaces.RDFS,
    namespaces.SDO,
    namespaces.XSD,
)

_QID_KEY = re.compile(r"Q[0-9]+")
_ATTRIBUTION_KINDS: dict[AttributionKind, URIRef] = {
    AttributionKind.SPEECH: NG.Speech,
    AttributionKind.WRITING: NG.Writing,
    AttributionKind.THOUGHT: NG.Thought,
    AttributionKind.INTENTION: NG.Intention,
    AttributionKind.EVIDENCE: NG.Evidence,
}
_SOURCE_KINDS: dict[SourceKind, URIRef] = {
    SourceKind.PERSON: NG.PersonSource,
    SourceKind.GROUP: NG.GroupSource,
    SourceKind.DOCUMENT: NG.DocumentSource,
    SourceKind.ORGANIZATION: NG.OrganizationSource,
    SourceKind.MEDIA: NG.MediaSource,
}
_UNSAFE_RUN = re.compile("\0+")
_NOT_IN_IRI = re.compile(r'[<>" {}|\\^`]')  # what rdflib refuses in an IRI it writes


@lru_cache(maxsize=65536)  # names and keys recur in every article that mentions them
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


@lru_cache(maxsize=65536)
def entity_iri(key: str) -> URIRef:
    """QID keys become entity/Q…; others keep their kind/slug shape. An article-local key has
    no IRI of its own: see `entity_node`."""
    if key.startswith(LOCAL_KEY_PREFIX):
        raise ValueError(f"{key!r} is article-local: its IRI is entity_node(article, key)")
    if _QID_KEY.fullmatch(key):
        return ID[f"entity/{key}"]
    kind, _, name = key.partition("/")
    return ID[f"{_local(kind)}/{_local(name)}"]


def speaker_iri(article: URIRef, key: str) -> URIRef:
    """An entity's global IRI, or for an unnamed source the article-relative
    `<article>/source/<start>-<end>` of its first mention."""
    if is_unnamed_source_key(key):
        return URIRef(f"{article}/{key}")
    return entity_node(article, key)


def qid_of(iri: str) -> str | None:
    """The Wikidata id an entity IRI was minted from, if any."""
    prefix = f"{ID}entity/"
    qid = iri[len(prefix) :] if iri.startswith(prefix) else ""
    return qid if _QID_KEY.fullmatch(qid) else None


def is_person_iri(iri: str) -> bool:
    return iri.startswith(f"{ID}person/")


# Article-local entities: a key "local/<slug>" names something only its article identifies
# ("the Senate" of a story whose country is unclear). Its IRI is under the article's,
# <article>/local/<slug>, its description is in the article graph (no record, no knowledge
# graph), and the posts in it are under its IRI.
def entity_node(article: URIRef, key: str) -> URIRef:
    """The IRI of entity `key` as `article` refers to it."""
    if is_local_key(key):
        return URIRef(f"{article}/local/{_local(key[len(LOCAL_KEY_PREFIX) :])}")
    return entity_iri(key)


def post_node(article: URIRef, post: Post) -> URIRef:
    """The IRI of `post` as `article` refers to it."""
    owner = post.of_key if post.of_key else post.holder_key
    if is_local_key(owner):
        return URIRef(f"{entity_node(article, owner)}/post/{_local(post.role)}")
    return post_iri(post)


def is_local_key(key: str) -> bool:
    return key.startswith(LOCAL_KEY_PREFIX)


def _span_iri(article: URIRef, what: str, start: int, end: int) -> URIRef:
    return URIRef(f"{article}/{what}/{start}-{end}")


def post_iri(post: Post) -> URIRef:
    """A post is shared by holders of the same role in the same body; without a body, personal."""
    owner = post.of_key if post.of_key else post.holder_key
    return ID[f"post/{_local(post.role)}/{_local(owner)}"]


def role_iri(role: str) -> URIRef:
    return ID[f"role/{_local(role)}"]


def is_role_iri(iri: str) -> bool:
    return iri.startswith(f"{ID}role/")


def _record_iri(article: URIRef, *nodes: URIRef) -> URIRef:
    """An article's record of a node (or of a holder's post) lives under the article's IRI."""
    return URIRef(f"{article}/record/" + "/".join(str(node)[len(ID) :] for node in nodes))


Triple = tuple[URIRef, URIRef, Node]


class TripleSink(Protocol):
    def add(self, triple: Triple, /) -> object: ...


class TripleList(list[Triple]):
    """A plain list of triples with Graph's `add`: building one costs a fraction of an
    rdflib Graph, which indexes every triple three ways."""

    def add(self, triple: Triple, /) -> None:
        self.append(triple)


def build_evidence(facts: ArticleFacts) -> TripleList:
    """The article's own graph, as the store keeps it: the article, its mentions, statements,
    and its records of what it says about entities, posts and relations. Every subject is the
    article or an IRI under it (or an entity `ng:mentionedIn` it), so no triple of one article
    graph is in another."""
    triples = TripleList()
    article = article_iri(facts.document)
    _add_article(triples, article, facts)
    for entity in facts.entities:
        _add_entity(triples, article, entity)
    for source in facts.sources:
        _add_unnamed_source(triples, article, source)
    for statement in facts.statements:
        _add_statement(triples, article, statement)
    for post in facts.posts:
        _add_post(triples, article, post)
    for relation in facts.relations:
        _add_relation(triples, article, relation)
    return triples


def article_records(facts: ArticleFacts) -> ArticleRecords:
    """What the article says about the corpus's nodes, as the knowledge layer reads it."""
    article = article_iri(facts.document)
    entities = tuple(
        EntityRecord(str(entity_iri(e.key)), e.kind, e.name, tuple(e.aliases), e.qid)
        for e in facts.entities
        if not is_local_key(e.key)
    )
    posts = tuple(
        PostRecord(
            holder=str(entity_node(article, post.holder_key)),
            post=str(post_node(article, post)),
            role=post.role,
            role_iri=str(role_iri(post.role)),
            of=str(entity_node(article, post.of_key)) if post.of_key else None,
            of_is_person=post.of_key is not None
            and is_person_iri(str(entity_node(article, post.of_key))),
        )
        for post in facts.posts
    )
    relations = tuple(
        RelationRecord(
            str(entity_node(article, r.subject_key)),
            str(_relation_predicate(r)),
            str(entity_node(article, r.object_key)),
            symmetric=_relation_predicate(r) == NG.borders,
        )
        for r in facts.relations
    )
    return ArticleRecords(entities, posts, relations)


def knowledge_of(records: ArticleRecords) -> TripleList:
    """The knowledge these records alone support (all of it, for one article's own files)."""
    triples = TripleList()
    for node_triples in derive_knowledge(
        records.entities, records.posts, records.relations
    ).values():
        triples.extend(node_triples)
    return triples


def build_triples(facts: ArticleFacts) -> TripleList:
    """The self-contained graph of one article: its evidence and the knowledge it supports
    (entities with types and labels, posts, relations), in no particular order."""
    triples = build_evidence(facts)
    triples.extend(knowledge_of(article_records(facts)))
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
    return "".join(sorted(ntriples_rows(triples)))


def ntriples_rows(triples: Iterable[tuple[Node, Node, Node]]) -> set[str]:
    """The N-Triples line of each triple, as rdflib writes it (one set, duplicates dropped)."""
    return {_nt_row(triple) for triple in triples}


def _nt_row(triple: tuple[Node, Node, Node]) -> str:
    """rdflib's N-Triples line of the triple."""
    subject, predicate, value = triple
    if isinstance(value, Literal):
        return f"{_n3(subject)} {_n3(predicate)} {_quoteLiteral(value)} .\n"
    return f"{_n3(subject)} {_n3(predicate)} {_n3(value)} .\n"


def _n3(term: Node) -> str:
    """`term.n3()` for an IRI or blank node, with rdflib's check of an IRI done by one regular
    expression instead of a loop over the characters. Not memoised: most IRIs of an article
    (mentions, spans, statements) occur in it alone, and a memo of rdflib terms is a heap of
    objects every full garbage collection walks."""
    if type(term) is URIRef:
        if _NOT_IN_IRI.search(term):
            raise ValueError(f"{term!r} is not a valid IRI")
        return f"<{term}>"
    return term.n3()


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
    for name in document.authors:
        graph.add((article, NG.byline, Literal(name)))
    for author in author_keys(document, facts.entities):
        graph.add((article, SDO.author, entity_iri(author)))


@lru_cache(maxsize=65536)
def _offset(index: int) -> Literal:
    """A character offset as a literal (offsets recur across spans, articles and formats).

    Typed xsd:integer, not NIF's xsd:nonNegativeInteger: Oxigraph stores derived numeric
    types as their primitive type, so the store, corpus files and endpoints would say
    xsd:integer while the article files said otherwise."""
    return Literal(index, datatype=XSD.integer)


def _add_span(graph: TripleSink, article: URIRef, span: Span, what: str = "span") -> URIRef:
    node = _span_iri(article, what, span.start, span.end)
    graph.add((node, RDF.type, NG.Mention if what == "mention" else NG.TextSpan))
    graph.add((node, NIF.beginIndex, _offset(span.start)))
    graph.add((node, NIF.endIndex, _offset(span.end)))
    graph.add((node, NIF.anchorOf, Literal(span.text)))
    graph.add((node, NIF.referenceContext, article))
    return node


def _add_entity(graph: TripleSink, article: URIRef, entity: Entity) -> None:
    if is_local_key(entity.key):
        _add_local_entity(graph, article, entity)
        return
    node = entity_iri(entity.key)
    record = _record_iri(article, node)
    graph.add((record, RDF.type, NG.EntityRecord))
    graph.add((record, NG.describes, node))
    graph.add((record, NG.typeInArticle, ENTITY_TYPES[entity.kind][0]))
    graph.add((record, NG.nameInArticle, Literal(entity.name)))
    for alias in entity.aliases:
        graph.add((record, NG.aliasInArticle, Literal(alias)))
    graph.add((node, NG.mentionedIn, article))
    for mention in entity.mentions:
        span = Span(mention.start, mention.end, mention.text)
        mention_node = _add_span(graph, article, span, "mention")
        graph.add((mention_node, NG.refersTo, node))


def _add_local_entity(graph: TripleSink, article: URIRef, entity: Entity) -> None:
    """An article-local entity is described where it lives, in its article's graph."""
    node = entity_node(article, entity.key)
    record = EntityRecord(str(node), entity.kind, entity.name, entity.aliases, entity.qid)
    for triple in entity_triples(str(node), [record]):
        graph.add(triple)
    graph.add((node, NG.mentionedIn, article))
    for mention in entity.mentions:
        span = Span(mention.start, mention.end, mention.text)
        graph.add((_add_span(graph, article, span, "mention"), NG.refersTo, node))


def _add_statement(graph: TripleSink, article: URIRef, statement: Statement) -> None:
    content = statement.content
    node = _span_iri(article, "statement", content.start, content.end)
    graph.add((node, RDF.type, NG.Statement))
    graph.add((node, RDF.type, NG.DirectQuote if statement.is_direct else NG.ReportedStatement))
    graph.add((node, RDF.type, SDO.Quotation))
    graph.add((node, NG.text, Literal(content.text)))
    graph.add((node, NG.isDirect, Literal(statement.is_direct)))
    graph.add((node, NG.speaker, speaker_iri(article, statement.speaker_key)))
    graph.add((node, NG.attributionKind, _ATTRIBUTION_KINDS[statement.kind]))
    graph.add((node, NG.content, _add_span(graph, article, content)))
    if statement.source is not None:
        graph.add((node, NG.source, _add_span(graph, article, statement.source)))
    if statement.cue is not None:
        graph.add((node, NG.cue, _add_span(graph, article, statement.cue)))
    if statement.cue_lemma:
        graph.add((node, NG.cueLemma, Literal(statement.cue_lemma)))
    if statement.time_expression:
        graph.add((node, NG.timeExpression, Literal(statement.time_expression)))
    for key in statement.about:
        graph.add((node, SDO.about, entity_node(article, key)))
    graph.add((node, PROV.wasDerivedFrom, article))
    graph.add((node, NIF.beginIndex, _offset(content.start)))
    graph.add((node, NIF.endIndex, _offset(content.end)))


def _add_unnamed_source(graph: TripleSink, article: URIRef, source: UnnamedSource) -> None:
    """A source of this article only: typed, labelled with its words, anchored at its first
    mention, and tied to the entity the text ties it to."""
    node = speaker_iri(article, source.key)
    first = source.mentions[0]
    graph.add((node, RDF.type, NG.UnnamedSource))
    graph.add((node, RDFS.label, Literal(source.label)))
    graph.add((node, NG.sourceKind, _SOURCE_KINDS[source.kind]))
    graph.add((node, NG.isPlural, Literal(source.plural)))
    graph.add((node, NIF.beginIndex, _offset(first.start)))
    graph.add((node, NIF.endIndex, _offset(first.end)))
    graph.add((node, NIF.anchorOf, Literal(first.text)))
    graph.add((node, NIF.referenceContext, article))
    if source.tied_to is not None:
        graph.add((node, NG.tiedTo, entity_node(article, source.tied_to)))


def _add_post(graph: TripleSink, article: URIRef, post: Post) -> None:
    holder, node = entity_node(article, post.holder_key), post_node(article, post)
    record = _record_iri(article, node, holder)
    graph.add((record, RDF.type, NG.PostRecord))
    graph.add((record, NG.heldBy, holder))
    graph.add((record, NG.describes, node))
    graph.add((record, NG.roleInArticle, Literal(post.role)))
    if post.of_key is not None:
        graph.add((record, NG.postInArticle, entity_node(article, post.of_key)))
    graph.add((record, NG.evidence, _add_span(graph, article, post.evidence)))
    graph.add((record, PROV.wasDerivedFrom, article))


def _relation_predicate(relation: Relation) -> URIRef:
    return NG.memberOf if relation.kind.value == "memberOf" else NG.borders


def _add_relation(graph: TripleSink, article: URIRef, relation: Relation) -> None:
    subject = entity_node(article, relation.subject_key)
    obj = entity_node(article, relation.object_key)
    predicate = _relation_predicate(relation)
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
