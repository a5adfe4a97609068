"""Clustering the names of one article: full names with their surnames, acronyms with their
expansions, and the remaining names grouped by text with one kind per group.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from graph.extract.candidates import Candidate, clean_text
from graph.extract.kinds import decide_kind
from graph.extract.lexicon import load_lexicon
from graph.model import EntityKind
from graph.slugs import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc


def person_name(doc: Doc, candidate: Candidate) -> str:
    start = candidate.start
    while start < candidate.end - 1 and doc[start].lower_ in load_lexicon().words.honorifics:
        start += 1
    return clean_text(doc, start, candidate.end)


def cluster_names(
    doc: Doc, candidates: list[Candidate], gazetteer_tokens: set[int]
) -> list[Candidate]:
    """Merge the non-gazetteer mentions: full names with surnames, acronyms with expansions."""
    full_names: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.label == "PERSON":
            name = person_name(doc, candidate)
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
            candidates.append(Candidate(token.i, token.i + 1, "PERSON"))
    resolved = []
    others: list[Candidate] = []
    for candidate in candidates:
        text = person_name(doc, candidate)
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
    candidate: Candidate, names: list[str], full_names: dict[str, list[Candidate]]
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


def _vote_others(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Group the remaining candidates by text and decide each group's kind by evidence."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[clean_text(doc, candidate.start, candidate.end)].append(candidate)
    # An acronym joins the group it abbreviates: "International Criminal Court (ICC)".
    by_initials = {_initials(text): text for text in groups if len(text.split()) >= 2}
    for text in list(groups):
        expansion = by_initials.get(text.replace(".", ""))
        if _acronym(text) and expansion and expansion in groups:
            groups[expansion].extend(groups.pop(text))
    resolved = []
    for text, group in groups.items():
        kind = decide_kind(doc, group)
        if kind is None:
            continue
        name = (
            max((clean_text(doc, c.start, c.end) for c in group), key=len)
            if kind is not EntityKind.PERSON
            else text
        )
        for candidate in group:
            candidate.kind, candidate.name = kind, name
            candidate.key = f"{kind.value.replace('_', '-')}/{slug(name)}"
        resolved.extend(group)
    return resolved
