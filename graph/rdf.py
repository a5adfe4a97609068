"""ArticleFacts → RDF under the newsgraph ontology (N-Triples lines, or an rdflib Graph); the
only place IRIs are minted.

IRIs are deterministic: entities from their QID or kind/name, articles from their slug, and
everything inside an article from the article IRI plus a character span. Every IRI is made of
the namespace, numbers and `_local` segments, so none needs checking before it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as namespaces
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

from graph import vocab
from graph.corpus.knowledge import ENTITY_TYPES, derive_knowledge, entity_lines
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
from graph.ntriples import (
    Lines,
    boolean,
    checked_iri,
    integer,
    iri,
    literal,
    sorted_text,
    terms_text_of,
    typed_literal,
)
from graph.pipeline import author_keys, publisher_key
from graph.slugs import is_word_char
from graph.vocab import ID, PREFIXES

# the namespaces' terms as N-Triples text, each made once
NG, NIF, PROV, RDF, RDFS, SDO = terms_text_of(
    vocab.NG, vocab.NIF, namespaces.PROV, namespaces.RDF, namespaces.RDFS, namespaces.SDO
)
_ANY_URI = str(namespaces.XSD.anyURI)
_MEMBER_OF, _BORDERS = str(vocab.NG.memberOf), str(vocab.NG.borders)

_QID_KEY = re.compile(r"Q[0-9]+")
_ATTRIBUTION_KINDS: dict[AttributionKind, str] = {
    AttributionKind.SPEECH: NG.Speech,
    AttributionKind.WRITING: NG.Writing,
    AttributionKind.THOUGHT: NG.Thought,
    AttributionKind.INTENTION: NG.Intention,
    AttributionKind.EVIDENCE: NG.Evidence,
}
_SOURCE_KINDS: dict[SourceKind, str] = {
    SourceKind.PERSON: NG.PersonSource,
    SourceKind.GROUP: NG.GroupSource,
    SourceKind.DOCUMENT: NG.DocumentSource,
    SourceKind.ORGANIZATION: NG.OrganizationSource,
    SourceKind.MEDIA: NG.MediaSource,
}
_UNSAFE_RUN = re.compile("\0+")


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


def speaker_iri(article: str, key: str) -> URIRef:
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
def entity_node(article: str, key: str) -> URIRef:
    """The IRI of entity `key` as `article` refers to it."""
    if is_local_key(key):
        return URIRef(f"{article}/local/{_local(key[len(LOCAL_KEY_PREFIX) :])}")
    return entity_iri(key)


def post_node(article: str, post: Post) -> URIRef:
    """The IRI of `post` as `article` refers to it."""
    owner = post.of_key if post.of_key else post.holder_key
    if is_local_key(owner):
        return URIRef(f"{entity_node(article, owner)}/post/{_local(post.role)}")
    return post_iri(post)


def is_local_key(key: str) -> bool:
    return key.startswith(LOCAL_KEY_PREFIX)


def _span_iri(article: str, what: str, start: int, end: int) -> str:
    return f"<{article}/{what}/{start}-{end}>"


def post_iri(post: Post) -> URIRef:
    """A post is shared by holders of the same role in the same body; without a body, personal."""
    owner = post.of_key if post.of_key else post.holder_key
    return ID[f"post/{_local(post.role)}/{_local(owner)}"]


def role_iri(role: str) -> URIRef:
    return ID[f"role/{_local(role)}"]


def is_role_iri(iri: str) -> bool:
    return iri.startswith(f"{ID}role/")


def _record_iri(article: str, *nodes: str) -> str:
    """An article's record of a node (or of a holder's post) lives under the article's IRI."""
    return f"<{article}/record/" + "/".join(node[len(ID) :] for node in nodes) + ">"


def build_evidence(facts: ArticleFacts) -> Lines:
    """The article's own graph as N-Triples lines, as the store keeps it: the article, its
    mentions, statements, and its records of what it says about entities, posts and
    relations. Every subject is the article or an IRI under it (or an entity
    `ng:mentionedIn` it), so no triple of one article graph is in another."""
    lines = Lines()
    article = str(article_iri(facts.document))
    _add_article(lines, article, facts)
    for entity in facts.entities:
        _add_entity(lines, article, entity)
    for source in facts.sources:
        _add_unnamed_source(lines, article, source)
    for statement in facts.statements:
        _add_statement(lines, article, statement)
    for post in facts.posts:
        _add_post(lines, article, post)
    for relation in facts.relations:
        _add_relation(lines, article, relation)
    return lines


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
            _relation_predicate(r),
            str(entity_node(article, r.object_key)),
            symmetric=_relation_predicate(r) == _BORDERS,
        )
        for r in facts.relations
    )
    return ArticleRecords(entities, posts, relations)


def knowledge_of(records: ArticleRecords) -> set[str]:
    """The knowledge these records alone support (all of it, for one article's own files), as
    N-Triples lines."""
    lines: set[str] = set()
    for node_lines in derive_knowledge(records.entities, records.posts, records.relations).values():
        lines |= node_lines
    return lines


def article_ntriples(facts: ArticleFacts) -> str:
    """The self-contained graph of one article, sorted N-Triples: its evidence and the
    knowledge it supports (entities with types and labels, posts, relations)."""
    return sorted_text(set(build_evidence(facts)) | knowledge_of(article_records(facts)))


def build_graph(facts: ArticleFacts) -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph.parse(data=article_ntriples(facts), format="nt")


def ntriples_of(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Sorted, duplicate-free N-Triples of rdflib triples, as the build writes them."""
    return sorted_text({_nt_row(triple) for triple in triples})


def _nt_row(triple: tuple[Node, Node, Node]) -> str:
    """rdflib's N-Triples line of the triple."""
    subject, predicate, value = triple
    if isinstance(value, Literal):
        return f"{_n3(subject)} {_n3(predicate)} {_quoteLiteral(value)} .\n"
    return f"{_n3(subject)} {_n3(predicate)} {_n3(value)} .\n"


def _n3(term: Node) -> str:
    """`term.n3()` for an IRI or blank node, with rdflib's check of an IRI done by one regular
    expression instead of a loop over the characters."""
    if type(term) is URIRef:
        return checked_iri(term)
    return term.n3()


def _add_article(lines: Lines, article: str, facts: ArticleFacts) -> None:
    document = facts.document
    node = iri(article)
    lines.add(node, RDF.type, NG.Article)
    lines.add(node, RDF.type, SDO.NewsArticle)
    lines.add(node, SDO.headline, literal(document.title.text))
    lines.add(node, NIF.isString, literal(document.text))
    lines.add(node, NG.contentSha256, literal(document.content_sha256))
    lines.add(node, NG.sourceFile, literal(document.source_name))
    if document.url:
        lines.add(node, SDO.url, typed_literal(document.url, _ANY_URI))
    if document.published:
        lines.add(node, SDO.datePublished, literal(document.published))
    for date in sorted({span.text for span in facts.dates}):
        lines.add(node, NG.mentionsDate, literal(date))
    publisher = publisher_key(document)
    if publisher is not None:
        lines.add(node, NG.originalPublisher, iri(entity_iri(publisher)))
    for name in document.authors:
        lines.add(node, NG.byline, literal(name))
    for author in author_keys(document, facts.entities):
        lines.add(node, SDO.author, iri(entity_iri(author)))


def _add_span(lines: Lines, article: str, span: Span, what: str = "span") -> str:
    node = _span_iri(article, what, span.start, span.end)
    lines.add(node, RDF.type, NG.Mention if what == "mention" else NG.TextSpan)
    # xsd:integer, not NIF's xsd:nonNegativeInteger: Oxigraph stores derived numeric types as
    # their primitive type, so the store and corpus files would say otherwise than the files
    lines.add(node, NIF.beginIndex, integer(span.start))
    lines.add(node, NIF.endIndex, integer(span.end))
    lines.add(node, NIF.anchorOf, literal(span.text))
    lines.add(node, NIF.referenceContext, iri(article))
    return node


def _add_entity(lines: Lines, article: str, entity: Entity) -> None:
    if is_local_key(entity.key):
        _add_local_entity(lines, article, entity)
        return
    node = str(entity_iri(entity.key))
    record = _record_iri(article, node)
    entity_term = iri(node)
    lines.add(record, RDF.type, NG.EntityRecord)
    lines.add(record, NG.describes, entity_term)
    lines.add(record, NG.typeInArticle, iri(ENTITY_TYPES[entity.kind][0]))
    lines.add(record, NG.nameInArticle, literal(entity.name))
    for alias in entity.aliases:
        lines.add(record, NG.aliasInArticle, literal(alias))
    lines.add(entity_term, NG.mentionedIn, iri(article))
    for mention in entity.mentions:
        span = Span(mention.start, mention.end, mention.text)
        lines.add(_add_span(lines, article, span, "mention"), NG.refersTo, entity_term)


def _add_local_entity(lines: Lines, article: str, entity: Entity) -> None:
    """An article-local entity is described where it lives, in its article's graph."""
    node = str(entity_node(article, entity.key))
    record = EntityRecord(node, entity.kind, entity.name, entity.aliases, entity.qid)
    lines.extend(entity_lines(node, [record]))
    lines.add(iri(node), NG.mentionedIn, iri(article))
    for mention in entity.mentions:
        span = Span(mention.start, mention.end, mention.text)
        lines.add(_add_span(lines, article, span, "mention"), NG.refersTo, iri(node))


def _add_statement(lines: Lines, article: str, statement: Statement) -> None:
    content = statement.content
    node = _span_iri(article, "statement", content.start, content.end)
    lines.add(node, RDF.type, NG.Statement)
    lines.add(node, RDF.type, NG.DirectQuote if statement.is_direct else NG.ReportedStatement)
    lines.add(node, RDF.type, SDO.Quotation)
    lines.add(node, NG.text, literal(content.text))
    lines.add(node, NG.isDirect, boolean(statement.is_direct))
    lines.add(node, NG.speaker, iri(speaker_iri(article, statement.speaker_key)))
    lines.add(node, NG.attributionKind, _ATTRIBUTION_KINDS[statement.kind])
    lines.add(node, NG.content, _add_span(lines, article, content))
    if statement.source is not None:
        lines.add(node, NG.source, _add_span(lines, article, statement.source))
    if statement.cue is not None:
        lines.add(node, NG.cue, _add_span(lines, article, statement.cue))
    if statement.cue_lemma:
        lines.add(node, NG.cueLemma, literal(statement.cue_lemma))
    if statement.time_expression:
        lines.add(node, NG.timeExpression, literal(statement.time_expression))
    for key in statement.about:
        lines.add(node, SDO.about, iri(entity_node(article, key)))
    lines.add(node, PROV.wasDerivedFrom, iri(article))
    lines.add(node, NIF.beginIndex, integer(content.start))
    lines.add(node, NIF.endIndex, integer(content.end))


def _add_unnamed_source(lines: Lines, article: str, source: UnnamedSource) -> None:
    """A source of this article only: typed, labelled with its words, anchored at its first
    mention, and tied to the entity the text ties it to."""
    node = iri(speaker_iri(article, source.key))
    first = source.mentions[0]
    lines.add(node, RDF.type, NG.UnnamedSource)
    lines.add(node, RDFS.label, literal(source.label))
    lines.add(node, NG.sourceKind, _SOURCE_KINDS[source.kind])
    lines.add(node, NG.isPlural, boolean(source.plural))
    lines.add(node, NIF.beginIndex, integer(first.start))
    lines.add(node, NIF.endIndex, integer(first.end))
    lines.add(node, NIF.anchorOf, literal(first.text))
    lines.add(node, NIF.referenceContext, iri(article))
    if source.tied_to is not None:
        lines.add(node, NG.tiedTo, iri(entity_node(article, source.tied_to)))


def _add_post(lines: Lines, article: str, post: Post) -> None:
    holder = str(entity_node(article, post.holder_key))
    node = str(post_node(article, post))
    record = _record_iri(article, node, holder)
    lines.add(record, RDF.type, NG.PostRecord)
    lines.add(record, NG.heldBy, iri(holder))
    lines.add(record, NG.describes, iri(node))
    lines.add(record, NG.roleInArticle, literal(post.role))
    if post.of_key is not None:
        lines.add(record, NG.postInArticle, iri(entity_node(article, post.of_key)))
    lines.add(record, NG.evidence, _add_span(lines, article, post.evidence))
    lines.add(record, PROV.wasDerivedFrom, iri(article))


def _relation_predicate(relation: Relation) -> str:
    return _MEMBER_OF if relation.kind.value == "memberOf" else _BORDERS


def _add_relation(lines: Lines, article: str, relation: Relation) -> None:
    subject = iri(entity_node(article, relation.subject_key))
    obj = iri(entity_node(article, relation.object_key))
    node = iri(
        f"{article}/relation/{relation.kind.value}/"
        f"{_local(relation.subject_key)}/{_local(relation.object_key)}"
    )
    lines.add(node, RDF.type, NG.RelationAssertion)
    lines.add(node, RDF.subject, subject)
    lines.add(node, RDF.predicate, iri(_relation_predicate(relation)))
    lines.add(node, RDF.object, obj)
    lines.add(node, NG.evidence, _add_span(lines, article, relation.evidence))
    lines.add(node, PROV.wasDerivedFrom, iri(article))
