"""Gazetteer entries, named offices and countries' government bodies as entity candidates.

"Russia's foreign ministry" is one body of one country; "Moscow" acting is its government.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.candidates import Candidate, clean_text
from graph.extract.lexicon import load_lexicon
from graph.extract.spans import GazetteerMatch, TitleMatch, is_capitalised
from graph.model import EntityKind
from graph.slugs import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def gazetteer_candidate(doc: Doc, match: GazetteerMatch) -> Candidate:
    entry = match.entry
    if match.form == "capital" and not _used_as_government(doc, match):
        name = clean_text(doc, match.start, match.end)
        return Candidate(
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
    return Candidate(
        match.start, match.end, "GAZ", entry=entry, key=entry.key, kind=kind, name=entry.name
    )


def offices(
    doc: Doc,
    gazetteer: list[GazetteerMatch],
    titles: list[TitleMatch],
    candidates: list[Candidate],
) -> list[Candidate]:
    """ "the United Nations High Commissioner for Human Rights": a named office with no holder."""
    title_at = {title.start: title for title in titles}
    person_starts = {c.start for c in candidates if c.label == "PERSON"}
    found = []
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
        name = clean_text(doc, match.start, end)
        found.append(
            Candidate(
                match.start,
                end,
                "OFFICE",
                key=f"organization/{slug(name)}",
                kind=EntityKind.ORGANIZATION,
                name=name,
            )
        )
    return found


def _used_as_government(doc: Doc, match: GazetteerMatch) -> bool:
    """ "Moscow's challenges", "Washington had concluded": a capital that acts is its country."""
    head = doc[match.end - 1]
    if head.dep_ in _SUBJECT_DEPS or head.dep_ == "poss":
        return True
    return match.end < len(doc) and doc[match.end].tag_ == "POS"


def government_bodies(
    doc: Doc, gazetteer: list[GazetteerMatch], resolved: list[Candidate]
) -> list[Candidate]:
    """ "Russia's foreign ministry", "the French Foreign Ministry": a country's government body."""
    taken = {
        i
        for candidate in resolved
        if candidate.entry and not candidate.entry.is_country
        for i in range(candidate.start, candidate.end)
    }
    entity_words = load_lexicon().words
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
        while i < len(doc) and doc[i].lower_ in entity_words.government_modifiers:
            i += 1
        if i >= len(doc) or doc[i].lower_ not in entity_words.government_heads or i in taken:
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
            Candidate(
                match.start,
                i + 1,
                "GOV",
                key=f"government-body/{slug(name)}",
                kind=EntityKind.GOVERNMENT_BODY,
                name=name,
            )
        )
    return bodies


def outside_government_bodies(resolved: list[Candidate]) -> list[Candidate]:
    """spaCy's "Foreign Ministry" inside "Cuba's Foreign Ministry" is that government body."""
    bodies = [c for c in resolved if c.label == "GOV"]
    return [
        c
        for c in resolved
        if c.label in {"GAZ", "GOV", "DESC", "OFFICE"}
        or not any(body.start <= c.start and c.end <= body.end for body in bodies)
    ]
