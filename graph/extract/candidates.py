"""Finding entity candidates: spaCy's entities trimmed and cut, plus the names it missed.

A candidate is a span of tokens with a provisional label; later stages decide its kind and merge it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extract.lexicon import GazetteerEntry, Lexicon, load_lexicon
from graph.extract.spans import (
    GazetteerMatch,
    TitleMatch,
    char_span,
    doc_entities,
    doc_tokens,
    is_capitalised,
)
from graph.model import EntityKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_MAX_PARTICLES = 2
_TICKER = re.compile(r"^[A-Za-z0-9]{1,6}\.[A-Z]{1,3}$")


@dataclass(slots=True)
class Candidate:
    """A span of tokens that may name an entity, before mentions are merged."""

    start: int
    end: int
    label: str
    entry: GazetteerEntry | None = None
    key: str | None = None
    kind: EntityKind | None = None
    name: str | None = None
    aliases: tuple[str, ...] = ()  # other names the entity has beyond its mentions' words

    def another_mention(self, token: int, label: str) -> Candidate:
        """A one-token mention of the same entity elsewhere ("the alliance", a repeated name)."""
        return Candidate(
            token,
            token + 1,
            label,
            entry=self.entry,
            key=self.key,
            kind=self.kind,
            name=self.name,
            aliases=self.aliases,
        )


def clean_text(doc: Doc, start: int, end: int) -> str:
    # the Span's text, less its last whitespace, which strip() removes anyway
    text = "".join(token.text_with_ws for token in doc_tokens(doc)[start:end])
    return re.sub(r"\s+", " ", text).strip()


def repair(
    doc: Doc, start: int, end: int, label: str, title_tokens: set[int], gazetteer_tokens: set[int]
) -> list[Candidate]:
    """Trim a spaCy entity, cut it at line breaks and (for people) coordinations and titles."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    doc_words = doc_tokens(doc)
    for i in range(start, end):
        token = doc_words[i]
        breaks = (
            "\n" in token.text
            or token.is_space
            or token.is_quote
            or token.text in {"(", ")"}
            or (
                (token.tag_ == "POS" or token.lower_ in {"'s", "’s"})
                and i + 1 < end
                and not (label == "ORG" and _possessive_in_name(doc, start, i, end))
            )
        )
        if label == "PERSON" and (token.pos_ == "CCONJ" or token.text in {",", ";", "&"}):
            breaks = True
        if breaks:
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))
    repaired = []
    for piece_start, piece_end in pieces:
        while piece_start < piece_end and _is_leading_noise(
            doc_words[piece_start], label, title_tokens, gazetteer_tokens
        ):
            piece_start += 1
        while piece_end > piece_start and (
            doc_words[piece_end - 1].tag_ == "POS"
            or doc_words[piece_end - 1].lower_ in {"'s", "’s"}
            or doc_words[piece_end - 1].is_punct
            or doc_words[piece_end - 1].is_space
        ):
            piece_end -= 1
        if piece_end <= piece_start:
            continue
        tokens = doc_words[piece_start:piece_end]
        if all(token.i in title_tokens for token in tokens):
            continue
        if _TICKER.match(char_span(doc, piece_start, piece_end).text):
            # A stock ticker: "(EFX.N)".
            continue
        if _quote_enclosed(doc, piece_start, piece_end):
            # A name in quotation marks is a slogan or a title: “America First”.
            continue
        if not any(is_capitalised(token) for token in tokens):
            continue
        if not any(token.pos_ == "PROPN" for token in tokens) and not (
            set(range(piece_start, piece_end)) & gazetteer_tokens
        ):
            # Sentence-initial verbs and adjectives spaCy mislabels: "Speaking", "Diplomatic".
            continue
        repaired.append(Candidate(piece_start, piece_end, label))
    return repaired


def _possessive_in_name(doc: Doc, start: int, possessive: int, end: int) -> bool:
    """ "Moody's Investors Service", "the Children's Health Insurance Program": one name around
    a possessive, unlike "Trump's Justice Department" (a person's, or a country's, body)."""
    words = load_lexicon().words
    owner = doc[start:possessive]
    if len(owner) != 1 or owner[0].ent_type_ in {"PERSON", "GPE", "NORP"}:
        return False
    if owner.text in load_lexicon().surface_forms or any(
        ent.label_ == "PERSON" and ent.text == owner.text for ent in doc_entities(doc)
    ):
        return False
    last = doc[end - 1].lower_
    return last in words.org_heads or last in words.not_org_heads


def _quote_enclosed(doc: Doc, start: int, end: int) -> bool:
    tokens = doc_tokens(doc)
    return start > 0 and end < len(tokens) and tokens[start - 1].is_quote and tokens[end].is_quote


def extend_name(doc: Doc, candidate: Candidate, gazetteer_tokens: set[int]) -> None:
    """spaCy often stops a long name early: "Aung San" of "Aung San Suu Kyi", "Ngũgĩ" of
    "Ngũgĩ wa Thiong'o"."""
    while candidate.end < len(doc):
        following = candidate.end
        while (
            following < len(doc)
            and following - candidate.end < _MAX_PARTICLES
            and doc[following].text in load_lexicon().words.name_particles
        ):
            following += 1
        if following >= len(doc):
            return
        token = doc[following]
        # After a particle, spaCy's own label of the next word is no evidence: it reads
        # "Thiong’o" as an organization and may even start a sentence at "wa".
        if not (
            token.pos_ == "PROPN"
            and is_capitalised(token)
            and following not in gazetteer_tokens
            and not token.is_sent_start
            and (following > candidate.end or token.ent_type_ in {"", "PERSON"})
        ):
            return
        candidate.end = following + 1


def _is_leading_noise(
    token: Token, label: str, title_tokens: set[int], gazetteer_tokens: set[int]
) -> bool:
    if token.is_punct or token.is_space or token.pos_ == "DET" or token.tag_ == "POS":
        return True
    if label != "PERSON":
        return False
    # "NATO Secretary General Jens Stoltenberg": the person starts after holder and title.
    return (
        token.i in title_tokens
        or token.i in gazetteer_tokens
        or not is_capitalised(token)
        or token.lower_ in load_lexicon().words.honorifics
    )


def resolve_overlaps(
    doc: Doc, candidates: list[Candidate], gazetteer: list[GazetteerMatch], title_tokens: set[int]
) -> tuple[list[Candidate], list[GazetteerMatch]]:
    """A gazetteer match beats spaCy, unless spaCy's span is a longer name around it."""
    kept_candidates = []
    dropped_matches: set[int] = set()
    # The matches are sorted and do not overlap, so their ends are sorted too.
    match_ends = [match.end for match in gazetteer]
    for candidate in candidates:
        overlapping = []
        index = bisect_right(match_ends, candidate.start)
        while index < len(gazetteer) and gazetteer[index].start < candidate.end:
            overlapping.append(index)
            index += 1
        if not overlapping:
            kept_candidates.append(candidate)
            continue
        covered = {
            i for index in overlapping for i in range(gazetteer[index].start, gazetteer[index].end)
        }
        extra = [doc[i] for i in range(candidate.start, candidate.end) if i not in covered]
        inside = all(
            candidate.start <= gazetteer[index].start and gazetteer[index].end <= candidate.end
            for index in overlapping
        )
        longer_name = (
            inside
            and any(
                is_capitalised(token)
                and token.i not in title_tokens
                and not token.is_punct
                and not token.is_sent_start
                for token in extra
            )
            and candidate.label in {"PERSON", "ORG", "FAC"}
        )
        if longer_name:
            kept_candidates.append(candidate)
            dropped_matches.update(overlapping)
    kept_matches = [match for index, match in enumerate(gazetteer) if index not in dropped_matches]
    return kept_candidates, kept_matches


def without_nested(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start, c.start - c.end)):
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept


def names_after_titles(
    doc: Doc, titles: list[TitleMatch], candidates: list[Candidate], gazetteer_tokens: set[int]
) -> list[Candidate]:
    """Proper names spaCy missed right after a title: "President Xi Jinping"."""
    taken = {i for candidate in candidates for i in range(candidate.start, candidate.end)}
    found = []
    for title in titles:
        end = title.end
        while (
            end < len(doc)
            and doc[end].pos_ == "PROPN"
            and is_capitalised(doc[end])
            and end not in taken
            and end not in gazetteer_tokens
            and end - title.end < 4
        ):
            end += 1
        if end - title.end >= 2:
            found.append(Candidate(title.end, end, "PERSON"))
    return found


def speaking_names(
    doc: Doc, lexicon: Lexicon, candidates: list[Candidate], known_words: set[int]
) -> list[Candidate]:
    """ "..., said Ana Costa": a two- or three-word proper name that speaks is a person,
    whatever spaCy labelled it (it often takes such names for places); one that ends like a
    company ("Halvorsen Shipping Co said") is an organization."""
    by_head = {c.end - 1: c for c in candidates}
    found = []
    for token in doc_tokens(doc):
        if token.dep_ != "nsubj" or token.pos_ != "PROPN" or token.i in known_words:
            continue
        verb = token.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lexicon.speech_verbs:
            continue
        start = token.i
        while (
            start > 0
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].pos_ == "PROPN"
            and start <= doc[start - 1].head.i <= token.i
            and start - 1 not in known_words
        ):
            start -= 1
        if not all(is_capitalised(t) for t in doc[start : token.i + 1]):
            continue
        words = lexicon.words
        # "Halvorsen Shipping Co said": a name that ends like a company is one.
        label = "ORG" if token.lower_ in words.org_heads | words.legal_suffixes else "PERSON"
        if label == "PERSON" and not 2 <= token.i + 1 - start <= 3:
            continue
        existing = by_head.get(token.i)
        if existing is None:
            found.append(Candidate(start, token.i + 1, label))
        elif existing.label in {"GPE", "LOC", "FAC"} and existing.start >= start:
            existing.label, existing.start = "PERSON", start
    return found


def after_title(doc: Doc, candidate: Candidate, title_tokens: set[int]) -> bool:
    """ "adviser Mykhaylo Podolyak": a two- or three-word name right after a role title."""
    tokens = doc[candidate.start : candidate.end]
    return (
        candidate.start - 1 in title_tokens
        and candidate.start not in title_tokens
        and tokens[-1].lower_ not in load_lexicon().words.org_heads
        and 2 <= len(tokens) <= 3
        and all(token.pos_ == "PROPN" and is_capitalised(token) for token in tokens)
    )
