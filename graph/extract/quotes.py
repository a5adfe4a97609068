"""Direct quotes and their speakers: spans in quotation marks, attributed through the parse.

A quote's cue is the speech verb governing it (or one in its sentence, or the "..., he said."
right after); a cue-less quote continues the speaker of the sentence before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.lexicon import load_lexicon
from graph.extract.spans import char_span, doc_text, sentence_of
from graph.extract.speakers import Speaker, SpeakerResolver, is_passive, subject_of
from graph.model import AttributionKind, Document, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_OPENERS = {"“": "”", "«": "»", "„": "“"}
# Pairs whose marks differ and are not used the other way round ("„...“" closes with “).
_NESTING_PAIRS = {"“": "”", "«": "»"}
_STRAIGHT = '"'
_SCARE_MARKERS = {"so-called", "dubbed", "termed", "labelled", "labeled", "nicknamed"}
_SHORT_QUOTE_WORDS = 4
_TITLE_WORDS = 6
_TITLE_LOWER_WORDS = {
    "of",
    "the",
    "a",
    "an",
    "and",
    "on",
    "in",
    "for",
    "to",
    "with",
    "at",
    "by",
    "or",
}
_TITLE_PREPOSITIONS = {"on", "in", "at", "of", "for", "during", "from", "titled", "entitled"}


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """The content of one pair of quotation marks (without the marks)."""

    start: int
    end: int
    closed: bool


def find_quote_spans(document: Document) -> list[QuoteSpan]:
    """Quotation-mark pairs per paragraph; an unclosed quote is kept only when the next
    paragraph opens a quote (news style for a quote running over paragraphs)."""
    units = [document.title, *document.paragraphs]
    spans: list[QuoteSpan] = []
    for position, unit in enumerate(units):
        following = units[position + 1].text.lstrip() if position + 1 < len(units) else ""
        continues = following[:1] in _OPENERS or following[:1] == _STRAIGHT
        spans.extend(_quotes_in(unit, continues))
    return spans


def _quotes_in(unit: Span, continues_next: bool) -> list[QuoteSpan]:
    found: list[QuoteSpan] = []
    text = unit.text
    balanced = _balanced_closers(text)
    i = 0
    while i < len(text):
        char = text[i]
        if char in _OPENERS or char == _STRAIGHT:
            closer = _OPENERS.get(char, _STRAIGHT)
            end = text.find(closer, i + 1)
            if char in _NESTING_PAIRS and end != -1:
                if i not in balanced:
                    # “It was. “No,” he said.": the closing marks belong to a later quote.
                    i += 1
                    continue
                end = balanced[i]
            if end == -1:
                if continues_next and text[i + 1 :].strip():
                    found.append(QuoteSpan(unit.start + i + 1, unit.end, closed=False))
                break
            if text[i + 1 : end].strip():
                found.append(QuoteSpan(unit.start + i + 1, unit.start + end, closed=True))
            i = end + 1
            continue
        i += 1
    return [_trim(span, unit) for span in found]


def _balanced_closers(text: str) -> dict[int, int]:
    """Opening mark → its closing mark, where the marks balance: “he said “no” twice” is one
    quote, and in “It was. “No,” he said." the first mark has none."""
    closers = {closer: opener for opener, closer in _NESTING_PAIRS.items()}
    open_marks: dict[str, list[int]] = {opener: [] for opener in _NESTING_PAIRS}
    matched: dict[int, int] = {}
    for position, char in enumerate(text):
        if char in open_marks:
            open_marks[char].append(position)
        elif char in closers and open_marks[closers[char]]:
            matched[open_marks[closers[char]].pop()] = position
    return matched


def _trim(span: QuoteSpan, unit: Span) -> QuoteSpan:
    text = unit.text[span.start - unit.start : span.end - unit.start]
    leading = len(text) - len(text.lstrip())
    trailing = len(text) - len(text.rstrip(" \n,"))
    return QuoteSpan(span.start + leading, span.end - trailing, span.closed)


def extract_quotes(
    doc: Doc, quotes: list[QuoteSpan], resolver: SpeakerResolver, reported: list[Statement]
) -> list[Statement]:
    """One statement per attributable quote, in text order; `reported` statements count as
    the previous speaker's words for a quote that continues them."""
    statements: list[Statement] = []
    for quote in quotes:
        if quote.end <= quote.start or _is_scare_quote(doc, quote) or _is_title(doc, quote):
            continue
        tokens = _tokens(doc, quote)
        if not tokens:
            continue
        content = Span(quote.start, quote.end, doc_text(doc)[quote.start : quote.end])
        found = _cued_speaker(doc, tokens, quote, resolver)
        if isinstance(found, tuple):
            speaker, cue = found
            statements.append(_statement(doc, content, speaker, cue, resolver))
            continue
        if found is _UNKNOWN_SPEAKER:
            # "“...,” Hale said." with a Hale we cannot resolve: not the previous speaker's.
            continue
        owner = (
            _possessive_owner(doc, tokens, quote, resolver)
            or _colon_label(doc, quote, resolver)
            or _introduced_above(doc, quote, resolver)
        )
        if owner is not None:
            statements.append(_statement(doc, content, owner, None, resolver))
            continue
        # A belief or intention ("X wants to ...") is not words a quote could go on with.
        spoken = [
            s for s in reported if s.kind in {AttributionKind.SPEECH, AttributionKind.WRITING}
        ]
        previous = _continued_speaker(doc, tokens[0], [*statements, *spoken])
        if previous is not None:
            statements.append(_statement(doc, content, previous, None, resolver))
    return statements


def _tokens(doc: Doc, quote: QuoteSpan) -> list[Token]:
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    return [token for token in span if quote.start <= token.idx < quote.end] if span else []


def _inside(token: Token, quote: QuoteSpan) -> bool:
    return quote.start - 1 <= token.idx <= quote.end


def _is_scare_quote(doc: Doc, quote: QuoteSpan) -> bool:
    """ "the so-called “special operation”": a name in quotes, nobody's statement."""
    if len(doc_text(doc)[quote.start : quote.end].split()) > 3:
        return False
    before = doc_text(doc)[max(0, quote.start - 16) : quote.start - 1].lower().split()
    return bool(before) and before[-1] in _SCARE_MARKERS


def _is_title(doc: Doc, quote: QuoteSpan) -> bool:
    """ "told ABC's “Good Morning America”", "on “Face the Nation”": a short title-case name of
    a show, book or event after a possessive or a preposition, nobody's statement."""
    words = doc_text(doc)[quote.start : quote.end].rstrip(".,!?").split()
    if not 0 < len(words) <= _TITLE_WORDS:
        return False
    if not all(w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_LOWER_WORDS for w in words):
        return False
    before = doc_text(doc)[max(0, quote.start - 16) : quote.start - 1].split()
    if not before:
        return False
    last = before[-1]
    if not (last.lower() in _TITLE_PREPOSITIONS or last.endswith(("’s", "'s", "s’", "s'"))):
        return False
    # "Trump's “America First” agenda": a slogan naming the noun after it is the owner's.
    end = min(quote.end + 40, len(doc_text(doc)))
    after = doc.char_span(quote.end + 1, end, alignment_mode="expand")
    following = next((t for t in after or [] if not (t.is_punct or t.is_space)), None)
    return following is None or following.pos_ not in {"NOUN", "PROPN"}


_UNKNOWN_SPEAKER = object()
_ADJACENT_CUE_TOKENS = 3


def _cued_speaker(
    doc: Doc, tokens: list[Token], quote: QuoteSpan, resolver: SpeakerResolver
) -> tuple[Speaker, Token] | object | None:
    """The speaker and cue of a quote; `_UNKNOWN_SPEAKER` when a cue right beside the quote
    has a subject we cannot resolve; None when no cue attributes it."""
    verbs = quote_verbs()
    # 1. A speech verb outside the quote that governs it.
    for token in tokens:
        ancestor = token.head
        while ancestor.i != ancestor.head.i and _inside(ancestor, quote):
            ancestor = ancestor.head
        while not _inside(ancestor, quote):
            if _is_cue(ancestor, verbs):
                found = _speaker_of(ancestor, resolver)
                if found:
                    return found, ancestor
            if ancestor.head.i == ancestor.i:
                break
            ancestor = ancestor.head
        break
    # 2. A speech verb elsewhere in the quote's sentences, or in "..., he said." after it.
    sentences = {sentence_of(token).start: sentence_of(token) for token in tokens}
    last = tokens[-1]
    after = last.i + 1
    while after < len(doc) and (doc[after].is_punct or doc[after].is_space):
        after += 1
    same_paragraph = "\n" not in doc[last.i : after].text
    # Only "“...,” he said." hands the quote to the next sentence; "“... .” Next" does not.
    closing = doc_text(doc)[quote.end : quote.end + 3]
    ends_open = "," in closing or (after < len(doc) and doc[after].is_lower)
    asks_or_exclaims = doc_text(doc)[quote.end - 1 : quote.end + 2]
    if not ends_open and after < len(doc) and ("?" in asks_or_exclaims or "!" in asks_or_exclaims):
        # "“... ?” Schumer told a news conference.": a short attribution sentence
        ends_open = any(_is_cue(token, verbs) for token in doc[after : after + 4])
    if (
        after < len(doc)
        and sentence_of(doc[after]).start not in sentences
        and after - last.i <= 3
        and same_paragraph
        and ends_open
    ):
        sentences[sentence_of(doc[after]).start] = sentence_of(doc[after])
    candidates = []
    for sentence in sentences.values():
        for token in sentence:
            if _is_cue(token, verbs) and not _in_any_quote(token, resolver):
                distance = min(abs(token.i - tokens[0].i), abs(token.i - last.i))
                candidates.append((distance, token.i, token))
    for distance, _, verb in sorted(candidates):
        found = _speaker_of(verb, resolver)
        if found:
            return found, verb
        if distance <= _ADJACENT_CUE_TOKENS and subject_of(verb) is not None:
            return _UNKNOWN_SPEAKER
    return None


def _is_cue(token: Token, verbs: frozenset[str]) -> bool:
    if token.pos_ == "VERB":
        return token.lemma_.lower() in verbs and not is_passive(token)
    # A gerund the tagger read as a noun: "with X warning of ...".
    word = token.lower_
    return (
        token.pos_ == "NOUN"
        and word.endswith("ing")
        and (word[:-3] in verbs or f"{word[:-3]}e" in verbs)
    )


def _in_any_quote(token: Token, resolver: SpeakerResolver) -> bool:
    return resolver.in_quote(token.idx)


def _speaker_of(verb: Token, resolver: SpeakerResolver) -> Speaker | None:
    subject = subject_of(verb)
    return resolver.resolve(subject) if subject is not None else None


def _possessive_owner(
    doc: Doc, tokens: list[Token], quote: QuoteSpan, resolver: SpeakerResolver
) -> Speaker | None:
    """ "Trump's "America First" agenda": a short quote naming the possessor's words."""
    if len(tokens) > _SHORT_QUOTE_WORDS:
        return None
    head = tokens[-1]
    while _inside(head, quote) and head.head.i != head.i:
        head = head.head
    # "Trump's “America first” rhetoric and statements": the possessor may sit one noun up.
    for noun in (head, head.head):
        if noun.pos_ not in {"NOUN", "PROPN"}:
            break
        for child in noun.children:
            if child.dep_ == "poss" and not _inside(child, quote):
                return resolver.resolve(child)
    return None


def _colon_label(doc: Doc, quote: QuoteSpan, resolver: SpeakerResolver) -> Speaker | None:
    """ "JANE DOE, CHIEF ECONOMIST AT ACME: “...”": a verbless label ending in a colon names
    the speaker (the first person or organization it mentions)."""
    text = doc_text(doc)
    before = text[: quote.start - 1].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    label = [t for t in sentence_of(colon[0]) if t.i < colon[0].i]
    if not label or any(t.pos_ in {"VERB", "AUX"} for t in label):
        return None
    for token in label:
        found = resolver.resolve(token) if resolver.index.key_at(token.i) else None
        if found is not None:
            return found
    return None


def _introduced_above(doc: Doc, quote: QuoteSpan, resolver: SpeakerResolver) -> Speaker | None:
    """ "Cruz continued:" or "The campaign released a statement:" at the end of a paragraph,
    then the quote as the next paragraph."""
    text = doc_text(doc)
    before = text[: max(0, quote.start - 1)].rstrip()
    if not before.endswith(":") or "\n" not in text[len(before) : quote.start]:
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    verbs = quote_verbs()
    nouns = load_lexicon().cues
    for token in reversed(list(sentence_of(colon[0]))):
        is_cue = _is_cue(token, verbs) or (
            token.pos_ == "VERB"
            and any(
                c.dep_ == "dobj" and (c.lemma_.lower(), "noun") in nouns for c in token.children
            )
        )
        if is_cue and not _in_any_quote(token, resolver):
            return _speaker_of(token, resolver)
    return None


def _continued_speaker(doc: Doc, first: Token, statements: list[Statement]) -> str | None:
    """A quote opening its sentence with no cue continues the previous sentence's speaker."""
    sentence = sentence_of(first)
    opening = [t for t in sentence if not (t.is_punct or t.is_space)]
    if not statements or not opening or opening[0].i != first.i:
        return None
    if sentence.start == 0:
        return None
    previous = sentence_of(doc[sentence.start - 1])
    ending_there = [
        s for s in statements if previous.start_char <= s.content.end <= previous.end_char + 2
    ]
    if ending_there:
        return max(ending_there, key=lambda s: s.content.end).speaker_key
    return None


def _statement(
    doc: Doc, content: Span, speaker: Speaker | str, cue: Token | None, resolver: SpeakerResolver
) -> Statement:
    from graph.extract.reported import about_keys, attribution_kind, time_expression

    key = speaker.key if isinstance(speaker, Speaker) else speaker
    source = speaker.source if isinstance(speaker, Speaker) else None
    lexicon = load_lexicon()
    lemma = cue.lemma_.lower() if cue is not None else None
    entry = lexicon.cues.get((lemma, "verb")) if lemma is not None else None
    kind = attribution_kind(entry, key, resolver) if entry is not None else AttributionKind.SPEECH
    return Statement(
        is_direct=True,
        content=content,
        speaker_key=key,
        source=source,
        cue=char_span(doc, cue.i, cue.i + 1) if cue is not None else None,
        cue_lemma=lemma,
        time_expression=time_expression(doc, cue, content) if cue is not None else None,
        about=about_keys(resolver.index, content, key),
        kind=kind,
    )


@lru_cache(maxsize=1)
def quote_verbs() -> frozenset[str]:
    """Verbs that introduce a quote: the speech verbs, and the lexicon's cues of speech and
    writing that take a clause ("quipped", "tweeted"); not "discussed", whose object a quote
    inside someone else's reported words ("said NATO would discuss “all scenarios”") may be."""
    lexicon = load_lexicon()
    cues = {
        cue.lemma
        for cue in lexicon.cues.values()
        if cue.pos == "verb"
        and cue.kind in {AttributionKind.SPEECH, AttributionKind.WRITING}
        and "clause" in cue.frames
    }
    return lexicon.speech_verbs | cues
