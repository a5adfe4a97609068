"""People, organizations, countries and places: spaCy's entities repaired and merged per document.

General repairs only: a gazetteer for countries and organizations, a role-title lexicon, span
trimming, surname linking and syntactic evidence; never lists of names from one article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.extract.lexicon import GazetteerEntry, Lexicon, load_lexicon
from graph.extract.spans import (
    GazetteerMatch,
    TitleMatch,
    doc_text,
    gazetteer_matches,
    is_capitalised,
    title_matches,
)
from graph.model import Entity, EntityKind, Mention
from graph.slugs import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_LABEL_KIND = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}
_HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "madam"}
# Lower-case words inside a person's name: "Ngũgĩ wa Thiong'o", "Ursula von der Leyen".
_NAME_PARTICLES = {
    "al",
    "bin",
    "bint",
    "da",
    "das",
    "de",
    "del",
    "della",
    "der",
    "di",
    "dos",
    "du",
    "el",
    "ibn",
    "van",
    "von",
    "wa",
}
_MAX_PARTICLES = 2
# Latin letters that Unicode does not decompose into a base letter and an accent.
# Names of agreements, events and prizes that spaCy labels ORG: "the TPP trade agreement".
_NOT_ORG_HEADS = {
    "agreement",
    "deal",
    "treaty",
    "pact",
    "accord",
    "partnership",
    "plan",
    "act",
    "initiative",
    "war",
    "prize",
    "award",
    "agenda",
    "program",
    "programme",
    "strategy",
    "doctrine",
    "summit",
    "conference",
    "convention",
    "protocol",
    "resolution",
    "declaration",
    "charter",
    "games",
    "cup",
    "olympics",
    "championship",
    "festival",
    "index",
    "law",
    "bill",
    "talks",
    "one",
}
_ORG_HEADS = {
    "forum",
    "institute",
    "council",
    "party",
    "ministry",
    "agency",
    "university",
    "bank",
    "company",
    "group",
    "association",
    "union",
    "committee",
    "court",
    "commission",
    "foundation",
    "center",
    "centre",
    "organization",
    "organisation",
    "office",
    "department",
    "corporation",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "corp",
    "corp.",
    "co.",
    "bureau",
    "authority",
    "fund",
    "network",
    "caucus",
    "league",
    "federation",
    "alliance",
    "coalition",
    "movement",
    "front",
    "service",
    "police",
    "army",
    "navy",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "board",
    "trust",
    "cabinet",
    "administration",
    "energy",
    "oil",
    "motors",
    "airlines",
    "holdings",
    "partners",
    "capital",
    "media",
    "news",
    "times",
    "journal",
    "reuters",
    "club",
    "team",
    "studios",
}
_LOCATIVE_PREPOSITIONS = {
    "in",
    "at",
    "from",
    "near",
    "outside",
    "inside",
    "across",
    "around",
    "into",
    "toward",
    "towards",
    "to",
    "through",
    "via",
}
_FACILITY_NOUNS = {
    "plant",
    "airport",
    "port",
    "station",
    "region",
    "province",
    "city",
    "town",
    "village",
    "river",
    "border",
    "base",
    "bridge",
    "dam",
    "district",
    "oblast",
}
_GOVERNMENT_HEADS = {
    "ministry",
    "office",
    "department",
    "embassy",
    "mission",
    "presidency",
    "cabinet",
    "parliament",
    "military",
    "army",
    "navy",
}
_GOVERNMENT_MODIFIERS = {
    "foreign",
    "defence",
    "defense",
    "finance",
    "interior",
    "economy",
    "trade",
    "justice",
    "health",
    "energy",
    "education",
    "home",
    "emergency",
    "emergencies",
    "environment",
    "agriculture",
    "transport",
    "culture",
    "information",
    "press",
    "prime",
    "minister",
    "minister's",
    "president's",
    "presidential",
    "state",
}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass(slots=True)
class _Candidate:
    """A span of tokens that may name an entity, before mentions are merged."""

    start: int
    end: int
    label: str
    entry: GazetteerEntry | None = None
    key: str | None = None
    kind: EntityKind | None = None
    name: str | None = None

    def another_mention(self, token: int, label: str) -> _Candidate:
        """A one-token mention of the same entity elsewhere ("the alliance", a repeated name)."""
        return _Candidate(
            token, token + 1, label, entry=self.entry, key=self.key, kind=self.kind, name=self.name
        )


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """The entities of one document, with the token → entity map other extractors use."""

    entities: tuple[Entity, ...]
    by_key: dict[str, Entity] = field(repr=False)
    token_keys: dict[int, str] = field(repr=False)

    def key_at(self, token_index: int) -> str | None:
        return self.token_keys.get(token_index)

    def kind_of(self, key: str) -> EntityKind:
        return self.by_key[key].kind


def _clean_text(doc: Doc, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", doc[start:end].text).strip()


def extract_entities(doc: Doc) -> EntityIndex:
    """Find and merge the entity mentions of one parsed document."""
    lexicon = load_lexicon()
    titles = title_matches(doc)
    title_tokens = {i for title in titles for i in range(title.start, title.end)}
    gazetteer = gazetteer_matches(doc)
    gazetteer_tokens = {i for match in gazetteer for i in range(match.start, match.end)}
    candidates = [
        piece
        for ent in doc.ents
        if ent.label_ in _LABEL_KIND
        for piece in _repair(doc, ent.start, ent.end, ent.label_, title_tokens, gazetteer_tokens)
    ]
    candidates, gazetteer = _resolve_overlaps(doc, candidates, gazetteer, title_tokens)
    for candidate in candidates:
        if candidate.label == "PERSON":
            _extend_name(doc, candidate, gazetteer_tokens)
    candidates = _without_nested(candidates)
    candidates += _names_after_titles(doc, titles, candidates, gazetteer_tokens)
    candidates += _speaking_names(doc, lexicon, candidates, gazetteer_tokens | title_tokens)
    for candidate in candidates:
        if candidate.label != "PERSON" and _after_title(doc, candidate, title_tokens):
            candidate.label = "PERSON"
    resolved = [_gazetteer_candidate(doc, match) for match in gazetteer]
    resolved += _offices(doc, gazetteer, titles, candidates)
    resolved += _government_bodies(doc, gazetteer, resolved)
    group_names = {ent.text for ent in doc.ents if ent.label_ == "NORP"}
    candidates = [
        c
        for c in candidates
        if c.label == "PERSON" or _clean_text(doc, c.start, c.end) not in group_names
    ]
    resolved += _cluster_names(doc, candidates, gazetteer_tokens)
    resolved += _descriptions(doc, lexicon, resolved, title_tokens)
    resolved = _outside_government_bodies(resolved)
    resolved += _repeated_names(doc, resolved)
    return _build_index(doc, resolved)


def _outside_government_bodies(resolved: list[_Candidate]) -> list[_Candidate]:
    """spaCy's "Foreign Ministry" inside "Cuba's Foreign Ministry" is that government body."""
    bodies = [c for c in resolved if c.label == "GOV"]
    return [
        c
        for c in resolved
        if c.label in {"GAZ", "GOV", "DESC", "OFFICE"}
        or not any(body.start <= c.start and c.end <= body.end for body in bodies)
    ]


def _repeated_names(doc: Doc, resolved: list[_Candidate]) -> list[_Candidate]:
    """A one-word organization name spaCy labelled once is the same organization elsewhere."""
    taken = {i for c in resolved for i in range(c.start, c.end)}
    names = {
        c.name: c
        for c in resolved
        if c.kind is EntityKind.ORGANIZATION
        and c.entry is None
        and c.name
        and " " not in c.name
        and c.end - c.start == 1
    }
    found = []
    for token in doc:
        target = names.get(token.text)
        if target is not None and token.i not in taken and is_capitalised(token):
            found.append(target.another_mention(token.i, "REPEAT"))
    return found


def _repair(
    doc: Doc, start: int, end: int, label: str, title_tokens: set[int], gazetteer_tokens: set[int]
) -> list[_Candidate]:
    """Trim a spaCy entity, cut it at line breaks and (for people) coordinations and titles."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for i in range(start, end):
        token = doc[i]
        breaks = (
            "\n" in token.text
            or token.is_space
            or token.is_quote
            or ((token.tag_ == "POS" or token.lower_ in {"'s", "’s"}) and i + 1 < end)
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
            doc[piece_start], label, title_tokens, gazetteer_tokens
        ):
            piece_start += 1
        while piece_end > piece_start and (
            doc[piece_end - 1].tag_ == "POS"
            or doc[piece_end - 1].lower_ in {"'s", "’s"}
            or doc[piece_end - 1].is_punct
            or doc[piece_end - 1].is_space
        ):
            piece_end -= 1
        if piece_end <= piece_start:
            continue
        tokens = doc[piece_start:piece_end]
        if all(token.i in title_tokens for token in tokens):
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
        repaired.append(_Candidate(piece_start, piece_end, label))
    return repaired


def _quote_enclosed(doc: Doc, start: int, end: int) -> bool:
    return start > 0 and end < len(doc) and doc[start - 1].is_quote and doc[end].is_quote


def _extend_name(doc: Doc, candidate: _Candidate, gazetteer_tokens: set[int]) -> None:
    """spaCy often stops a long name early: "Aung San" of "Aung San Suu Kyi", "Ngũgĩ" of
    "Ngũgĩ wa Thiong'o"."""
    while candidate.end < len(doc):
        following = candidate.end
        while (
            following < len(doc)
            and following - candidate.end < _MAX_PARTICLES
            and doc[following].text in _NAME_PARTICLES
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
        or token.lower_ in _HONORIFICS
    )


def _resolve_overlaps(
    doc: Doc, candidates: list[_Candidate], gazetteer: list[GazetteerMatch], title_tokens: set[int]
) -> tuple[list[_Candidate], list[GazetteerMatch]]:
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


def _without_nested(candidates: list[_Candidate]) -> list[_Candidate]:
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start, c.start - c.end)):
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept


def _names_after_titles(
    doc: Doc, titles: list[TitleMatch], candidates: list[_Candidate], gazetteer_tokens: set[int]
) -> list[_Candidate]:
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
            found.append(_Candidate(title.end, end, "PERSON"))
    return found


def _speaking_names(
    doc: Doc, lexicon: Lexicon, candidates: list[_Candidate], known_words: set[int]
) -> list[_Candidate]:
    """ "..., said Ana Costa": a two- or three-word proper name that speaks is a person,
    whatever spaCy labelled it (it often takes such names for places)."""
    by_head = {c.end - 1: c for c in candidates}
    found = []
    for token in doc:
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
            and doc[start - 1].head.i == token.i
            and start - 1 not in known_words
        ):
            start -= 1
        if not 2 <= token.i + 1 - start <= 3 or not all(
            is_capitalised(t) for t in doc[start : token.i + 1]
        ):
            continue
        existing = by_head.get(token.i)
        if existing is None:
            found.append(_Candidate(start, token.i + 1, "PERSON"))
        elif existing.label in {"GPE", "LOC", "FAC"} and existing.start >= start:
            existing.label, existing.start = "PERSON", start
    return found


def _after_title(doc: Doc, candidate: _Candidate, title_tokens: set[int]) -> bool:
    """ "adviser Mykhaylo Podolyak": a two- or three-word name right after a role title."""
    tokens = doc[candidate.start : candidate.end]
    return (
        candidate.start - 1 in title_tokens
        and 2 <= len(tokens) <= 3
        and all(token.pos_ == "PROPN" and is_capitalised(token) for token in tokens)
    )


def _gazetteer_candidate(doc: Doc, match: GazetteerMatch) -> _Candidate:
    entry = match.entry
    if match.form == "capital" and not _used_as_government(doc, match):
        name = _clean_text(doc, match.start, match.end)
        return _Candidate(
            match.start,
            match.end,
            "GPE",
            key=f"place/{slug(name)}",
            kind=EntityKind.PLACE,
            name=name,
        )
    kind = (
        EntityKind.COUNTRY
        if entry.is_country
        else (
            EntityKind.GOVERNMENT_BODY
            if entry.kind == "government_body"
            else EntityKind.ORGANIZATION
        )
    )
    return _Candidate(
        match.start, match.end, "GAZ", entry=entry, key=entry.qid, kind=kind, name=entry.name
    )


def _offices(
    doc: Doc,
    gazetteer: list[GazetteerMatch],
    titles: list[TitleMatch],
    candidates: list[_Candidate],
) -> list[_Candidate]:
    """ "the United Nations High Commissioner for Human Rights": a named office with no holder."""
    title_at = {title.start: title for title in titles}
    person_starts = {c.start for c in candidates if c.label == "PERSON"}
    offices = []
    for match in gazetteer:
        title = title_at.get(match.end)
        if match.entry.is_country or title is None:
            continue
        if not all(
            is_capitalised(token) or token.lower_ == "for" for token in doc[title.start : title.end]
        ):
            continue
        end = title.end
        if (
            end + 1 < len(doc)
            and doc[end].lower_ in {"for", "of", "on"}
            and is_capitalised(doc[end + 1])
        ):
            end += 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and is_capitalised(doc[end]):
                end += 1
        if end in person_starts or (end < len(doc) and doc[end].pos_ == "PROPN"):
            continue
        name = _clean_text(doc, match.start, end)
        offices.append(
            _Candidate(
                match.start,
                end,
                "OFFICE",
                key=f"organization/{slug(name)}",
                kind=EntityKind.ORGANIZATION,
                name=name,
            )
        )
    return offices


def _used_as_government(doc: Doc, match: GazetteerMatch) -> bool:
    """ "Moscow's challenges", "Washington had concluded": a capital that acts is its country."""
    head = doc[match.end - 1]
    if head.dep_ in _SUBJECT_DEPS or head.dep_ == "poss":
        return True
    return match.end < len(doc) and doc[match.end].tag_ == "POS"


def _government_bodies(
    doc: Doc, gazetteer: list[GazetteerMatch], resolved: list[_Candidate]
) -> list[_Candidate]:
    """ "Russia's foreign ministry", "the French Foreign Ministry": a country's government body."""
    taken = {
        i
        for candidate in resolved
        if candidate.entry and not candidate.entry.is_country
        for i in range(candidate.start, candidate.end)
    }
    bodies = []
    for match in gazetteer:
        if not match.entry.is_country or match.form == "capital":
            continue
        i = match.end
        if i < len(doc) and doc[i].tag_ == "POS":
            i += 1
        elif match.form != "demonym" and doc[match.end - 1].dep_ not in {"compound", "nmod"}:
            continue
        body_start = i
        while i < len(doc) and doc[i].lower_ in _GOVERNMENT_MODIFIERS:
            i += 1
        if i >= len(doc) or doc[i].lower_ not in _GOVERNMENT_HEADS or i in taken:
            continue
        # "Russia's military operations" is not the military; "Foreign Ministry chief" is.
        modifies_noun = doc[i].dep_ in {"amod", "compound"} and not (
            is_capitalised(doc[i]) or doc[i].head.lower_ in load_lexicon().title_heads
        )
        if modifies_noun or doc[i].pos_ == "ADJ":
            continue
        words = " ".join(token.lower_ for token in doc[body_start : i + 1])
        name = f"{match.entry.adjective} {words}"
        bodies.append(
            _Candidate(
                match.start,
                i + 1,
                "GOV",
                key=f"government-body/{slug(name)}",
                kind=EntityKind.GOVERNMENT_BODY,
                name=name,
            )
        )
    return bodies


def _person_name(doc: Doc, candidate: _Candidate) -> str:
    start = candidate.start
    while start < candidate.end - 1 and doc[start].lower_ in _HONORIFICS:
        start += 1
    return _clean_text(doc, start, candidate.end)


def _cluster_names(
    doc: Doc, candidates: list[_Candidate], gazetteer_tokens: set[int]
) -> list[_Candidate]:
    """Merge the non-gazetteer mentions: full names with surnames, acronyms with expansions."""
    full_names: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.label == "PERSON":
            name = _person_name(doc, candidate)
            if len(name.split()) >= 2:
                full_names[name].append(candidate)
    for name in list(full_names):
        # "Suu Kyi" is the end of "Aung San Suu Kyi", not a second person.
        if any(other.endswith(f" {name}") for other in full_names):
            del full_names[name]
    partials: dict[str, list[str]] = defaultdict(list)
    for name in full_names:
        words = name.split()
        for size in range(1, len(words)):
            partials[" ".join(words[-size:])].append(name)
        partials[words[0]].append(name)
        prefix, hyphen, rest = words[-1].partition("-")
        if hyphen and prefix.islower() and rest:
            # "Mohammed al-Sabban" is "Sabban" later on.
            partials[rest].append(name)
    taken = gazetteer_tokens | {i for c in candidates for i in range(c.start, c.end)}
    for token in doc:
        # A surname spaCy did not label: "Zelenskiy adviser Mykhaylo Podolyak".
        if (
            token.i not in taken
            and token.pos_ == "PROPN"
            and token.text in partials
            and len(token.text) > 2
        ):
            candidates.append(_Candidate(token.i, token.i + 1, "PERSON"))
    resolved = []
    others: list[_Candidate] = []
    for candidate in candidates:
        text = _person_name(doc, candidate)
        if text in full_names and candidate.label == "PERSON":
            target = text
        elif text in partials:
            target = _nearest_name(candidate, partials[text], full_names)
        else:
            others.append(candidate)
            continue
        candidate.kind, candidate.name = EntityKind.PERSON, target
        candidate.key = f"person/{slug(target)}"
        resolved.append(candidate)
    return resolved + _vote_others(doc, others)


def _nearest_name(
    candidate: _Candidate, names: list[str], full_names: dict[str, list[_Candidate]]
) -> str:
    """Of several people sharing a surname, the one named last before this mention."""

    def last_before(name: str) -> int:
        starts = [c.start for c in full_names[name] if c.start < candidate.start]
        return max(starts) if starts else -len(names) - names.index(name)

    return max(names, key=last_before)


def _acronym(text: str) -> bool:
    return 2 <= len(text.replace(".", "")) <= 6 and text.replace(".", "").isupper()


def _initials(text: str) -> str:
    skip = {"of", "for", "the", "and", "on", "in", "de", "&"}
    return "".join(
        word[0] for word in re.split(r"[\s-]+", text) if word and word.lower() not in skip
    ).upper()


def _vote_others(doc: Doc, candidates: list[_Candidate]) -> list[_Candidate]:
    """Group the remaining candidates by text and decide each group's kind by evidence."""
    groups: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[_clean_text(doc, candidate.start, candidate.end)].append(candidate)
    # An acronym joins the group it abbreviates: "International Criminal Court (ICC)".
    by_initials = {_initials(text): text for text in groups if len(text.split()) >= 2}
    for text in list(groups):
        expansion = by_initials.get(text.replace(".", ""))
        if _acronym(text) and expansion and expansion in groups:
            groups[expansion].extend(groups.pop(text))
    resolved = []
    for text, group in groups.items():
        kind = _decide_kind(doc, group)
        if kind is None:
            continue
        name = (
            max((_clean_text(doc, c.start, c.end) for c in group), key=len)
            if kind is not EntityKind.PERSON
            else text
        )
        for candidate in group:
            candidate.kind, candidate.name = kind, name
            candidate.key = f"{kind.value.replace('_', '-')}/{slug(name)}"
        resolved.extend(group)
    return resolved


def _decide_kind(doc: Doc, group: list[_Candidate]) -> EntityKind | None:
    if any(_names_a_thing(doc, candidate) for candidate in group):
        return None
    if any(_numbered_group(doc, candidate) for candidate in group):
        return None
    if any(
        doc[c.end - 1].lower_ in _ORG_HEADS
        and (c.label == "ORG" or (c.label == "PERSON" and c.end - c.start > 1))
        for c in group
    ):
        return EntityKind.ORGANIZATION
    if any(c.label == "PERSON" and doc[c.end - 1].tag_ == "NNPS" for c in group):
        # "Virginia Republicans": a group of people, not a person.
        return None
    votes: Counter[EntityKind] = Counter(_LABEL_KIND[c.label] for c in group)
    place_evidence = sum(1 for c in group if _locative(doc, c))
    if place_evidence:
        votes[EntityKind.PLACE] += 2 * place_evidence
    ranked = votes.most_common()
    best, count = ranked[0]
    # On a tie, prefer not to invent a person.
    if best is EntityKind.PERSON and len(ranked) > 1 and ranked[1][1] == count:
        best = ranked[1][0]
    if best is EntityKind.PERSON and not any(_acts_as_person(doc, c) for c in group):
        return None
    return best


def _acts_as_person(doc: Doc, candidate: _Candidate) -> bool:
    """A one-word name is a person only if the text treats it as one somewhere."""
    if candidate.end - candidate.start > 1:
        return True
    head = doc[candidate.end - 1]
    previous = doc[candidate.start - 1] if candidate.start > 0 else None
    if previous is not None and (
        previous.lower_ in _HONORIFICS or (previous.pos_ == "NOUN" and previous.dep_ == "compound")
    ):
        return True
    return head.dep_ in {"nsubj", "nsubjpass", "poss", "appos"} or (
        head.tag_ == "NNP" and any(child.dep_ == "appos" for child in head.children)
    )


def _numbered_group(doc: Doc, candidate: _Candidate) -> bool:
    """ "600,000 Rohingya": people counted by number are a group, not an organization."""
    head = doc[candidate.end - 1]
    return candidate.label != "PERSON" and any(
        child.dep_ == "nummod" and child.i < candidate.start for child in head.children
    )


def _names_a_thing(doc: Doc, candidate: _Candidate) -> bool:
    """An agreement, event or prize spaCy labelled as an organization."""
    if candidate.label != "ORG":
        return False
    last = doc[candidate.end - 1]
    if last.lower_ in _NOT_ORG_HEADS:
        return True
    following = candidate.end
    if following < len(doc) and doc[following].text == "(":
        following = min(following + 3, len(doc) - 1)
    while following < len(doc) and doc[following].text == ")":
        following += 1
    while (
        following < len(doc)
        and doc[following].pos_ in {"NOUN", "ADJ"}
        and doc[following].lower_ not in _NOT_ORG_HEADS
    ):
        following += 1
    return (
        following < len(doc)
        and doc[following].lower_ in _NOT_ORG_HEADS
        and doc[following].pos_ == "NOUN"
        and (doc[candidate.end - 1].head.i == following or doc[following - 1].text == ")")
    )


def _locative(doc: Doc, candidate: _Candidate) -> bool:
    head = doc[candidate.end - 1]
    if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE_PREPOSITIONS:
        return True
    return head.dep_ == "compound" and head.head.lower_ in _FACILITY_NOUNS


def _descriptions(
    doc: Doc, lexicon: Lexicon, resolved: list[_Candidate], title_tokens: set[int]
) -> list[_Candidate]:
    """ "the alliance" after "NATO", "the ministry" after a ministry: a mention of that entity."""
    taken = {i for candidate in resolved for i in range(candidate.start, candidate.end)}
    ordered = sorted(resolved, key=lambda c: c.start)
    found = []
    for token in doc:
        if token.i in taken or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        noun = token.lower_
        referring = token.i > 0 and (
            doc[token.i - 1].lower_ == "the" or doc[token.i - 1].tag_ == "PRP$"
        )
        referring = referring or (
            token.i + 1 < len(doc)
            and (doc[token.i + 1].tag_ == "POS" or doc[token.i + 1].i in title_tokens)
        )
        if not referring:
            continue
        earlier = [c for c in ordered if c.end <= token.i]
        target: _Candidate | None = None
        if noun in lexicon.descriptions:
            keys = {entry.qid for entry in lexicon.descriptions[noun]}
            target = next((c for c in reversed(earlier) if c.key in keys), None)
        elif noun in _GOVERNMENT_HEADS and doc[token.i - 1].lower_ == "the":
            target = next(
                (
                    c
                    for c in reversed(earlier)
                    if c.kind is EntityKind.GOVERNMENT_BODY
                    and c.name
                    and c.name.split()[-1] == noun
                ),
                None,
            )
        if target is not None:
            found.append(target.another_mention(token.i, "DESC"))
    return found


def _build_index(doc: Doc, resolved: list[_Candidate]) -> EntityIndex:
    mentions: dict[str, list[Mention]] = defaultdict(list)
    first: dict[str, _Candidate] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    token_keys: dict[int, str] = {}
    # Longer mentions first, so that the inner mention ("Russia" in "Russia's foreign
    # ministry") owns its own tokens and the outer one keeps its head.
    for candidate in sorted(resolved, key=lambda c: (c.start - c.end, c.start)):
        assert candidate.key is not None and candidate.kind is not None
        span = doc[candidate.start : candidate.end]
        begin, end = span.start_char, span.end_char
        mentions[candidate.key].append(Mention(begin, end, doc_text(doc)[begin:end], candidate.key))
        first.setdefault(candidate.key, candidate)
        if candidate.label != "DESC":
            names[candidate.key][re.sub(r"\s+", " ", span.text)] += 1
        for i in range(candidate.start, candidate.end):
            if i not in token_keys or candidate.kind is not EntityKind.GOVERNMENT_BODY:
                token_keys[i] = candidate.key
        if candidate.kind is EntityKind.GOVERNMENT_BODY:
            token_keys[candidate.end - 1] = candidate.key
    lexicon = load_lexicon()
    entities = []
    for key, candidate in first.items():
        assert candidate.kind is not None and candidate.name is not None
        name = candidate.name
        aliases = set(names[key]) | (set(candidate.entry.aliases) if candidate.entry else set())
        first_word, _, rest = name.partition(" ")
        form = lexicon.surface_forms.get(first_word)
        if candidate.kind is EntityKind.ORGANIZATION and rest and form and form[1] == "demonym":
            # "British Foreign Office" is also just "Foreign Office".
            aliases.add(rest)
        aliases.discard(name)
        entities.append(
            Entity(
                key=key,
                kind=candidate.kind,
                name=name,
                aliases=tuple(sorted(aliases)),
                qid=candidate.entry.qid if candidate.entry else None,
                mentions=tuple(sorted(set(mentions[key]), key=lambda m: (m.start, m.end))),
            )
        )
    entities.sort(key=lambda entity: entity.mentions[0].start)
    return EntityIndex(tuple(entities), {e.key: e for e in entities}, token_keys)
