"""Statements a label introduces instead of a cue word: a headline "Poll: Clinton leads",
a transcript line "TAPPER: ...", and a quote signed with a dash ("“...” ― Sonya Herridge").

The label names the source (a person, an organization, or a document such as "Poll"); the
words after the colon, or before the dash, are the content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extract.reported import about_keys
from graph.extract.spans import doc_text
from graph.extract.speakers import Speaker, SpeakerResolver
from graph.model import (
    AttributionKind,
    Document,
    Entity,
    EntityKind,
    Mention,
    SourceKind,
    Span,
    Statement,
    is_unnamed_source_key,
)
from graph.slugs import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_MAX_LABEL_TOKENS = 6
_MAX_SIGNATURE_WORDS = 5
_MIN_CONTENT_WORDS = 3
_LABEL_PUNCT = {".", "-", "’", "'"}
_QUOTE_MARKS = "“”\"‘’'„«» "
# A quote, a dash, and a short signature to the end of the paragraph.
_SIGNED = re.compile(r"^(?P<quote>[“”\"„«].+?[”\"“»])\s*[―—–]+\s*(?P<label>[^―—–\n]{2,80})$")
_SIGNING_FIRST = re.compile(r"^(?P<label>[^―—–\n:“”\"]{2,80}?)\s*[―—–]+\s*(?P<quote>[“”\"„«].+)$")


@dataclass(frozen=True, slots=True)
class Labelled:
    statements: tuple[Statement, ...]
    # People named only in a signature, whom the entity extractor did not find.
    signers: tuple[Entity, ...]


def extract_labelled(document: Document, doc: Doc, resolver: SpeakerResolver) -> Labelled:
    statements = []
    signers: dict[str, Entity] = {}
    for unit in (document.title, *document.paragraphs):
        headline = unit is document.title
        # A block of lines ("“...” ― A. Reader" under each other) is read line by line.
        for line in _lines(unit):
            found = _colon_label(doc, line, resolver, headline=headline)
            if found is None:
                found = _signed_quote(doc, line, resolver, signers)
            if found is not None:
                statements.append(found)
    return Labelled(tuple(statements), tuple(signers.values()))


def _lines(unit: Span) -> list[Span]:
    lines, start = [], unit.start
    for line in unit.text.split("\n"):
        stripped = line.strip()
        if stripped:
            offset = start + line.index(stripped)
            lines.append(Span(offset, offset + len(stripped), stripped))
        start += len(line) + 1
    return lines


def _colon_label(
    doc: Doc, unit: Span, resolver: SpeakerResolver, *, headline: bool
) -> Statement | None:
    """ "Pat Caddell: Democrat voters worried ...", "Poll: Clinton leads in Ohio": a label
    without a verb before the first colon names who says what follows."""
    colon = unit.text.find(":")
    if colon <= 0 or colon > 80:
        return None
    # A transcript line may sit inside quotation marks: "“PENCE: Well, look, ...".
    opening = len(unit.text) - len(unit.text.lstrip(_QUOTE_MARKS))
    label = doc.char_span(unit.start + opening, unit.start + colon, alignment_mode="contract")
    if label is None or not 0 < len(label) <= _MAX_LABEL_TOKENS:
        return None
    if any(t.pos_ in {"VERB", "AUX"} or (t.is_punct and t.text not in _LABEL_PUNCT) for t in label):
        return None
    content = _content(doc, unit.start + colon + 1, unit.end)
    if content is None or content.text[:1] in '“"':
        # A quote after a label is the quote extractor's.
        return None
    speaker = _label_speaker(label, resolver, allow_unnamed=headline)
    if speaker is None:
        return None
    return _statement(resolver, content, speaker, False)


def _signed_quote(
    doc: Doc, unit: Span, resolver: SpeakerResolver, signers: dict[str, Entity]
) -> Statement | None:
    """ "“Mr. Trump embodies ...” ― Sonya Herridge": a quote signed with a dash."""
    match = _SIGNED.match(unit.text) or _SIGNING_FIRST.match(unit.text)
    if match is None:
        return None
    label_start = unit.start + match.start("label")
    label = doc.char_span(
        label_start, label_start + len(match.group("label")), alignment_mode="contract"
    )
    if label is None or not 0 < len(label) <= _MAX_LABEL_TOKENS + 4:
        return None
    quote_start = unit.start + match.start("quote")
    content = _content(doc, quote_start, quote_start + len(match.group("quote")))
    if content is None:
        return None
    speaker = _label_speaker(label, resolver, allow_unnamed=False) or _signer(label, signers)
    if speaker is None:
        return None
    return _statement(resolver, content, speaker, True)


def _signer(label: SpacySpan, signers: dict[str, Entity]) -> Speaker | None:
    """A signature of two to five capitalised words is a person's name."""
    words = [t for t in label if not t.is_punct]
    if not 2 <= len(words) <= _MAX_SIGNATURE_WORDS or not all(t.text[:1].isupper() for t in words):
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    name = doc_text(label.doc)[start:end]
    key = f"person/{slug(name)}"
    mention = Mention(start, end, name, key)
    known = signers.get(key)
    mentions = (*known.mentions, mention) if known else (mention,)
    signers[key] = Entity(key, EntityKind.PERSON, name, (), None, mentions)
    return Speaker(key, Span(start, end, name))


def _label_speaker(
    label: SpacySpan, resolver: SpeakerResolver, *, allow_unnamed: bool
) -> Speaker | None:
    tokens: list[Token] = list(label)
    ids = {t.i for t in tokens}
    for token in tokens:
        key = resolver.key_at(token.i)
        if key is not None and resolver.index.kind_of(key) is not EntityKind.PLACE:
            found = resolver.resolve(token)
            if found is not None and not is_unnamed_source_key(found.key):
                return found
    if not allow_unnamed:
        return None
    head = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), None)
    if head is None or head.text.isupper():
        # "BREAKING:", "EXCLUSIVE:": a rubric, not a source.
        return None
    found = resolver.resolve(head)
    if found is None:
        return None
    # "Poll:", "Insiders:", "Historians:"; not "Bombshell:" or "Delegate Update:".
    kind = resolver.unnamed.kind_of(found.key)
    if kind is SourceKind.PERSON and head.tag_ not in {"NNS", "NNPS"}:
        return None
    return found


def _content(doc: Doc, start: int, end: int) -> Span | None:
    text = doc_text(doc)
    while start < end and text[start] in _QUOTE_MARKS:
        start += 1
    while end > start and text[end - 1] in _QUOTE_MARKS + ".;,":
        end -= 1
    if len(text[start:end].split()) < _MIN_CONTENT_WORDS:
        return None
    return Span(start, end, text[start:end])


def _statement(
    resolver: SpeakerResolver, content: Span, speaker: Speaker, is_direct: bool
) -> Statement:
    return Statement(
        is_direct=is_direct,
        content=content,
        speaker_key=speaker.key,
        source=speaker.source,
        cue=None,
        cue_lemma=None,
        time_expression=None,
        about=about_keys(resolver.index, content, speaker.key),
        kind=AttributionKind.SPEECH,
    )
