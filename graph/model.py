"""Frozen dataclasses passed between stages: Document, Mention, Entity, Post, Statement, Relation.

Every fact carries character offsets into `Document.text`, the normalised text of the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) of `Document.text`, with the text it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its normalised text and where its parts are."""

    text: str
    title: Span
    paragraphs: tuple[Span, ...]
    boilerplate: tuple[Span, ...]
    source_name: str
    slug: str
    content_sha256: str
    original_publisher: Span | None = None
    published: str | None = None
    url: str | None = None
    publisher_name: str | None = None  # from metadata (JSON Lines), when not in the text
    dateline: Span | None = None  # the place of a wire dateline: "BEIJING" of "BEIJING (Reuters) -"
    encoding: str = "utf-8"
    authors: tuple[str, ...] = ()  # byline names from the page's metadata, not from the text


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT_BODY = "government_body"
    COUNTRY = "country"
    PLACE = "place"


# The key prefix of an entity only its own article identifies ("the Senate" of a story whose
# country is unclear); its IRI is relative to the article's.
LOCAL_KEY_PREFIX = "local/"

AGENT_KINDS = frozenset(
    {EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY, EntityKind.COUNTRY}
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in the text."""

    start: int
    end: int
    text: str
    entity_key: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organization, country or place, with all its mentions in one document.

    `key` is stable across documents: a Wikidata QID for gazetteer entries, else kind/slug;
    "local/<slug>" for an entity only this document identifies (LOCAL_KEY_PREFIX).
    """

    key: str
    kind: EntityKind
    name: str
    aliases: tuple[str, ...]
    qid: str | None
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Post:
    """A role held by a person: "prime minister" of Lithuania, "adviser" of a person."""

    holder_key: str
    role: str
    of_key: str | None
    evidence: Span


class AttributionKind(StrEnum):
    """What the cue says the source did with the content."""

    SPEECH = "speech"  # said, told, argued, "according to"
    WRITING = "writing"  # wrote, tweeted, posted
    THOUGHT = "thought"  # believes, thinks, fears, expects
    INTENTION = "intention"  # wants, plans, vowed, hopes
    EVIDENCE = "evidence"  # a poll shows, a report found, data indicate


class SourceKind(StrEnum):
    """What an unnamed source is."""

    PERSON = "person"  # "a senior official", "analysts", "critics"
    GROUP = "group"  # "the crowd", "the public", "a majority"
    DOCUMENT = "document"  # "the poll", "a report", "early vote data", "the letter"
    ORGANIZATION = "organization"  # "the campaign", "the company", "the agency"
    MEDIA = "media"  # "the network", "local media", "the newspaper"


# Keys of unnamed sources live beside entity keys ("person/…", "Q…") in `Statement.speaker_key`.
UNNAMED_SOURCE_PREFIX = "source/"


@dataclass(frozen=True, slots=True)
class UnnamedSource:
    """A source the text does not name ("a senior White House official", "the poll"): one per
    article and referent, identified by the span of its first mention."""

    key: str  # UNNAMED_SOURCE_PREFIX + "<start>-<end>" of the first mention
    label: str  # the words of the first mention, without a leading article
    mentions: tuple[Span, ...]
    kind: SourceKind
    plural: bool
    tied_to: str | None  # key of the organization, country or person the text ties it to


def is_unnamed_source_key(key: str) -> bool:
    return key.startswith(UNNAMED_SOURCE_PREFIX)


@dataclass(frozen=True, slots=True)
class Statement:
    """Who said what, in the PARC scheme: source (who, in the text), cue, content.

    `speaker_key` is an entity key or the key of an `UnnamedSource`; `cue_lemma` is the lemma
    of the cue ("say", "believe", "according to", "statement").
    """

    is_direct: bool
    content: Span
    speaker_key: str
    source: Span | None
    cue: Span | None
    cue_lemma: str | None
    time_expression: str | None
    about: tuple[str, ...]
    kind: AttributionKind = AttributionKind.SPEECH


class RelationKind(StrEnum):
    MEMBER_OF = "memberOf"
    BORDERS = "borders"


@dataclass(frozen=True, slots=True)
class Relation:
    subject_key: str
    kind: RelationKind
    object_key: str
    evidence: Span


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything extracted from one document: the input of the RDF stage."""

    document: Document
    entities: tuple[Entity, ...]
    posts: tuple[Post, ...]
    statements: tuple[Statement, ...]
    relations: tuple[Relation, ...]
    dates: tuple[Span, ...]
    sources: tuple[UnnamedSource, ...] = ()
