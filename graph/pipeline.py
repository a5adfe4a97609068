"""One article from Document to ArticleFacts: annotate, then run every extractor in order.

Extractors depend on each other only through their outputs: entities → roles → statements.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graph.extract.entities import extract_entities
from graph.extract.labels import extract_labelled
from graph.extract.lexicon import GazetteerEntry, load_lexicon
from graph.extract.quotes import QuoteSpan, extract_quotes, find_quote_spans
from graph.extract.relations import extract_relations
from graph.extract.reported import extract_reported
from graph.extract.roles import extract_roles
from graph.extract.spans import doc_entities, release_doc_data
from graph.extract.speakers import SpeakerResolver
from graph.model import (
    ArticleFacts,
    Document,
    Entity,
    EntityKind,
    Mention,
    Span,
    Statement,
    UnnamedSource,
)
from graph.slugs import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_facts(
    document: Document, doc: Doc, *, quote_spans: list[QuoteSpan] | None = None
) -> ArticleFacts:
    """`quote_spans`: the document's `find_quote_spans`, when the caller has them already."""
    try:
        return _extract(document, doc, quote_spans)
    finally:
        release_doc_data(doc)


def _extract(document: Document, doc: Doc, quote_spans: list[QuoteSpan] | None) -> ArticleFacts:
    index = extract_entities(doc, dateline=document.dateline.text if document.dateline else None)
    roles = extract_roles(doc, index)
    if quote_spans is None:
        quote_spans = find_quote_spans(document)
    resolver = SpeakerResolver(doc, index, roles, [(q.start, q.end) for q in quote_spans])
    reported = extract_reported(doc, resolver)
    quotes = extract_quotes(doc, quote_spans, resolver, reported)
    labelled = extract_labelled(document, doc, resolver)
    statements = _merge_statements(list(labelled.statements), quotes, reported)
    dates = tuple(
        Span(ent.start_char, ent.end_char, ent.text)
        for ent in doc_entities(doc)
        if ent.label_ == "DATE"
    )
    return ArticleFacts(
        document=document,
        entities=_with_authors(
            _with_publisher(_with_signers(index.entities, labelled.signers), document), document
        ),
        posts=roles.posts,
        statements=statements,
        relations=tuple(extract_relations(doc, index)),
        dates=dates,
        sources=_sources_spoken(resolver, statements),
    )


def _with_signers(entities: tuple[Entity, ...], signers: tuple[Entity, ...]) -> tuple[Entity, ...]:
    known = {entity.key for entity in entities}
    return (*entities, *(signer for signer in signers if signer.key not in known))


def _sources_spoken(
    resolver: SpeakerResolver, statements: tuple[Statement, ...]
) -> tuple[UnnamedSource, ...]:
    """The unnamed sources some statement is attributed to (the resolver also made some while
    looking for what a pronoun refers to)."""
    speakers = {statement.speaker_key for statement in statements}
    return tuple(source for source in resolver.unnamed.sources() if source.key in speakers)


def _publisher(document: Document) -> tuple[str, GazetteerEntry | None] | None:
    """The original publisher's name, and its gazetteer organization when it has one."""
    name = document.publisher_name or (
        document.original_publisher.text if document.original_publisher else None
    )
    if not name:
        return None
    entry = load_lexicon().surface_forms.get(name)
    return name, entry[0] if entry and not entry[0].is_country else None


def publisher_key(document: Document) -> str | None:
    """The key of the original publisher: a gazetteer organization, or one named by it."""
    publisher = _publisher(document)
    if publisher is None:
        return None
    name, organization = publisher
    return organization.key if organization else f"organization/{slug(name)}"


def _with_publisher(entities: tuple[Entity, ...], document: Document) -> tuple[Entity, ...]:
    """The original publisher ("reprinted from X", a dateline's "(Reuters)", or the metadata
    of a JSON Lines record) is an organization; in the text, its name is a mention."""
    publisher = _publisher(document)
    key = publisher_key(document)
    if publisher is None or key is None:
        return entities
    name, organization = publisher
    span = document.original_publisher
    mentions = (Mention(span.start, span.end, span.text, key),) if span else ()
    existing = next((e for e in entities if e.key == key), None)
    if existing is not None:
        merged = replace(
            existing,
            mentions=tuple(sorted({*existing.mentions, *mentions}, key=lambda m: (m.start, m.end))),
        )
        return tuple(merged if e.key == key else e for e in entities)
    if organization is None:
        return (*entities, Entity(key, EntityKind.ORGANIZATION, name, (), None, mentions))
    aliases = tuple(sorted(set(organization.aliases)))
    return (
        *entities,
        Entity(
            key,
            EntityKind.ORGANIZATION,
            organization.name,
            aliases,
            organization.qid or None,
            mentions,
        ),
    )


def author_keys(document: Document, entities: tuple[Entity, ...]) -> tuple[str, ...]:
    """The keys of the byline's authors, in byline order."""
    return tuple(dict.fromkeys(_author_key(name, entities) for name in document.authors))


def _author_key(name: str, entities: tuple[Entity, ...]) -> str:
    """The person of the text who has the byline's name, else a person known by the byline
    alone."""
    wanted = name.casefold()
    for entity in entities:
        names = {entity.name.casefold(), *(alias.casefold() for alias in entity.aliases)}
        if entity.kind == EntityKind.PERSON and wanted in names:
            return entity.key
    return f"person/{slug(name)}"


def _with_authors(entities: tuple[Entity, ...], document: Document) -> tuple[Entity, ...]:
    """A byline author the text does not name is a person with no mention."""
    added: dict[str, Entity] = {}
    for name in document.authors:
        key = _author_key(name, entities)
        if key not in added and all(entity.key != key for entity in entities):
            added[key] = Entity(key, EntityKind.PERSON, name, (), None, ())
    return (*entities, *added.values())


def _merge_statements(
    labelled: list[Statement], quotes: list[Statement], reported: list[Statement]
) -> tuple[Statement, ...]:
    """A label ("Poll: ...", "“...” ― Name") beats a quote extractor's guess for the same words;
    then quotes; a reported statement with exactly a quote's span is the same statement."""
    merged = list(labelled)
    merged += [
        quote
        for quote in quotes
        if not any(
            quote.content.start < label.content.end and label.content.start < quote.content.end
            for label in labelled
        )
    ]
    seen = {(s.content.start, s.content.end) for s in merged}
    for statement in reported:
        span = (statement.content.start, statement.content.end)
        if span not in seen:
            seen.add(span)
            merged.append(statement)
    return tuple(sorted(merged, key=lambda s: (s.content.start, s.content.end, s.is_direct)))


def build_facts(document: Document) -> ArticleFacts:
    """Parse and extract one document (loads the spaCy model on first use)."""
    from graph.nlp import annotate

    return extract_facts(document, annotate(document))
