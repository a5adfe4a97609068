"""Deciding what a group of same-text candidates names: person, organization, place, or nothing.

Evidence from the words (an organization's head noun), the parse (a subject, a locative) and spaCy.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from graph.extract.candidates import Candidate
from graph.extract.lexicon import load_lexicon
from graph.model import EntityKind

if TYPE_CHECKING:
    from spacy.tokens import Doc

LABEL_KIND = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}


def decide_kind(doc: Doc, group: list[Candidate]) -> EntityKind | None:
    """The kind of the entity a group of same-text candidates names; None if it is no entity."""
    if any(_names_a_thing(doc, candidate) for candidate in group):
        return None
    if any(_numbered_group(doc, candidate) for candidate in group):
        return None
    if any(
        doc[c.end - 1].lower_ in load_lexicon().words.org_heads
        and (c.label == "ORG" or (c.label == "PERSON" and c.end - c.start > 1))
        for c in group
    ):
        return EntityKind.ORGANIZATION
    if any(c.label == "PERSON" and doc[c.end - 1].tag_ == "NNPS" for c in group):
        # "Virginia Republicans": a group of people, not a person.
        return None
    votes: Counter[EntityKind] = Counter(LABEL_KIND[c.label] for c in group)
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


def _acts_as_person(doc: Doc, candidate: Candidate) -> bool:
    """A one-word name is a person only if the text treats it as one somewhere."""
    if candidate.end - candidate.start > 1:
        return True
    head = doc[candidate.end - 1]
    previous = doc[candidate.start - 1] if candidate.start > 0 else None
    if previous is not None and (
        previous.lower_ in load_lexicon().words.honorifics
        or (previous.pos_ == "NOUN" and previous.dep_ == "compound")
    ):
        return True
    return head.dep_ in {"nsubj", "nsubjpass", "poss", "appos"} or (
        head.tag_ == "NNP" and any(child.dep_ == "appos" for child in head.children)
    )


def _numbered_group(doc: Doc, candidate: Candidate) -> bool:
    """ "600,000 Rohingya": people counted by number are a group, not an organization."""
    head = doc[candidate.end - 1]
    return candidate.label != "PERSON" and any(
        child.dep_ == "nummod" and child.i < candidate.start for child in head.children
    )


def _names_a_thing(doc: Doc, candidate: Candidate) -> bool:
    """An agreement, event or prize spaCy labelled as an organization."""
    if candidate.label != "ORG":
        return False
    last = doc[candidate.end - 1]
    if last.lower_ in load_lexicon().words.not_org_heads:
        return True
    following = candidate.end
    if following < len(doc) and doc[following].text == "(":
        following = min(following + 3, len(doc) - 1)
    while following < len(doc) and doc[following].text == ")":
        following += 1
    while (
        following < len(doc)
        and doc[following].pos_ in {"NOUN", "ADJ"}
        and doc[following].lower_ not in load_lexicon().words.not_org_heads
    ):
        following += 1
    return (
        following < len(doc)
        and doc[following].lower_ in load_lexicon().words.not_org_heads
        and doc[following].pos_ == "NOUN"
        and (doc[candidate.end - 1].head.i == following or doc[following - 1].text == ")")
    )


def _locative(doc: Doc, candidate: Candidate) -> bool:
    head = doc[candidate.end - 1]
    if head.dep_ == "pobj" and head.head.lower_ in load_lexicon().words.locative_prepositions:
        return True
    return head.dep_ == "compound" and head.head.lower_ in load_lexicon().words.facility_nouns
