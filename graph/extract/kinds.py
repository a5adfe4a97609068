"""Deciding what a group of same-text candidates names: person, organization, place, or nothing.

Evidence from the words (an organization's head noun, a legal form), the parse (a title or an
honorific before a name, a subject, a locative, a classifier noun: "chipmaker X") and spaCy.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extract.candidates import Candidate
from graph.extract.lexicon import load_lexicon
from graph.extract.orgnames import comparison_form, generic_kind
from graph.extract.spans import sentence_of, tokens_with_text
from graph.model import EntityKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

LABEL_KIND = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
# Prepositions whose object acts for an organization: "a spokesman for X", "according to X".
_AGENT_PREPOSITIONS = {"at", "for", "from", "by", "to", "with"}
_NAMED_WINDOW = 12  # tokens back from "known as X" to the thing it names


@dataclass(frozen=True, slots=True)
class KindEvidence:
    """What the rest of the article says about names: the tokens of role titles, and the
    words other names are made of (for "Trump-Russia", a pair of known names)."""

    title_tokens: frozenset[int]
    known_words: frozenset[str]


def decide_kind(doc: Doc, group: list[Candidate], evidence: KindEvidence) -> EntityKind | None:
    """The kind of the entity a group of same-text candidates names; None if it is no entity."""
    if any(_names_a_thing(doc, candidate) for candidate in group):
        return None
    if any(_numbered_group(doc, candidate) for candidate in group):
        return None
    if _pair_of_names(doc, group[0], evidence) or any(
        _other_name_of_a_thing(doc[c.end - 1]) for c in group
    ):
        return None
    if any(
        _after_title_or_honorific(doc, c, evidence) or _described_as_person(doc[c.end - 1])
        for c in group
    ):
        return EntityKind.PERSON
    words = load_lexicon().words
    if any(
        (doc[c.end - 1].lower_ in words.org_heads or doc[c.end - 1].lower_ in words.legal_suffixes)
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
    if best is not EntityKind.PERSON and any(
        c.end - c.start == 1
        and (_referred_to_as_person(doc[c.start]) or _politicians_name(doc[c.start]))
        for c in group
    ):
        # "X said he ...", "the X administration": spaCy's "organization" is a person.
        return EntityKind.PERSON
    if best is EntityKind.PERSON:
        return _person_or_not(doc, group, evidence)
    if best is EntityKind.ORGANIZATION and not _organization_evidence(doc, group):
        return None
    return best


def _person_or_not(doc: Doc, group: list[Candidate], evidence: KindEvidence) -> EntityKind | None:
    """A name spaCy calls a person, unless the text says it is something else: "chipmaker X",
    "#X"; a one-word name must also act as a person somewhere."""
    if any(_classifier_before(doc, c, evidence) for c in group):
        return EntityKind.ORGANIZATION
    if any(c.start > 0 and doc[c.start - 1].text in {"#", "@"} for c in group):
        return None
    if not any(_acts_as_person(doc, c) or _politicians_name(doc[c.start]) for c in group):
        return None
    return EntityKind.PERSON


def _after_title_or_honorific(doc: Doc, candidate: Candidate, evidence: KindEvidence) -> bool:
    """ "President X", "Sen. X", "Mr. X": whatever spaCy thought, a person."""
    if candidate.start == 0 or not all(
        token.pos_ == "PROPN" for token in doc[candidate.start : candidate.end]
    ):
        return False
    previous = doc[candidate.start - 1]
    return (
        candidate.start - 1 in evidence.title_tokens
        and previous.lower_ in load_lexicon().title_heads
    ) or previous.lower_ in load_lexicon().words.honorifics


def _described_as_person(token: Token) -> bool:
    """ "X, the nominee for ...", "X, a businessman": an appositive that is a person."""
    person_nouns = load_lexicon().words.person_nouns | load_lexicon().title_heads
    return any(child.dep_ == "appos" and child.lower_ in person_nouns for child in token.children)


def _referred_to_as_person(token: Token) -> bool:
    """The subject of a clause that goes on to call it "he" or "she": "X said he would ..."."""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = token.head
    for other in verb.subtree:
        if other.i <= token.i:
            continue
        if other.ent_type_ == "PERSON" or other.lower_ in {"it", "its", "they", "their"}:
            return False
        if other.lower_ in {"he", "she", "his", "her", "him", "himself", "herself"}:
            return True
    return False


def _politicians_name(token: Token) -> bool:
    """ "the X administration", "X's campaign", "X aides": what a politician's name modifies."""
    if token.dep_ not in {"compound", "poss"} or token.i + 1 >= len(token.doc):
        return False
    following = token.doc[token.i + 1]
    if following.tag_ == "POS" and token.i + 2 < len(token.doc):
        following = token.doc[token.i + 2]
    # "the X campaign manager": the parser hangs both words on "manager".
    return (
        following.lower_ in load_lexicon().words.person_affiliations and following.i <= token.head.i
    )


def _other_name_of_a_thing(token: Token) -> bool:
    """ "the Affordable Care Act, or X", "an initiative popularly known as X": another name
    of a law, programme or agreement is not an organization either."""
    not_org_heads = load_lexicon().words.not_org_heads
    if token.dep_ in {"conj", "appos"} and token.head.lower_ in not_org_heads:
        return any(child.lower_ == "or" for child in token.head.children) or token.dep_ == "appos"
    if token.dep_ == "pobj" and token.head.lower_ == "as":
        named = token.head.head
        if named.lower_ in {"known", "called", "dubbed", "named"}:
            # The parser often hangs "known as" on a verb: look back for what is so named,
            # "Obama's initiative to expand healthcare ..., popularly known as X".
            sentence_start = sentence_of(named).start
            window = token.doc[max(sentence_start, named.i - _NAMED_WINDOW) : named.i]
            return any(t.pos_ == "NOUN" and t.lower_ in not_org_heads for t in window)
    return False


def _classifier_before(doc: Doc, candidate: Candidate, evidence: KindEvidence) -> bool:
    """ "military contractor X", "chipmaker X", "X, the automaker": a noun that classifies the
    name as an organization (or its product: "legal database X"), not a person."""
    return _classified(doc[candidate.end - 1], candidate.start)


def _classified(token: Token, start: int) -> bool:
    org_nouns = load_lexicon().words.org_nouns
    doc = token.doc
    previous = doc[start - 1] if start > 0 else None
    if previous is not None and previous.lower_ in org_nouns and previous.pos_ == "NOUN":
        return previous.dep_ in {"compound", "nmod", "amod"} or token.head.i == previous.i
    if token.dep_ == "appos" and token.head.lower_ in org_nouns:
        return True
    return any(child.dep_ == "appos" and child.lower_ in org_nouns for child in token.children)


def _acts_as_person(doc: Doc, candidate: Candidate) -> bool:
    """A one-word name is a person only if the text treats it as one somewhere."""
    if candidate.end - candidate.start > 1:
        return True
    head = doc[candidate.end - 1]
    return head.dep_ in {"nsubj", "nsubjpass", "poss", "appos"} or (
        head.tag_ == "NNP" and any(child.dep_ == "appos" for child in head.children)
    )


def _organization_evidence(doc: Doc, group: list[Candidate]) -> bool:
    """A one-word name spaCy calls an organization, outside the gazetteer, must act as one
    somewhere: a subject, a spokesman's employer, "chipmaker X", "X, the chipmaker".
    Programmes and laws ("under X", "repeal X") never do."""
    if any(c.end - c.start > 1 for c in group):
        return True
    if generic_kind(comparison_form(doc[group[0].start].text)) is not None:
        # "the Senate", "Congress": a state body whatever the sentence does with it.
        return True
    # Every use of the word counts, not only those spaCy labelled.
    word = doc[group[0].start].text
    return any(_acts_as_organization(token) for token in tokens_with_text(doc, word))


def _acts_as_organization(token: Token) -> bool:
    while token.dep_ == "conj" and token.head.i < token.i:
        # "Apple, Google and Amazon": the conjuncts share the first one's role.
        token = token.head
    if token.dep_ in {"nsubj", "nsubjpass"} or _classified(token, token.i):
        return True
    head = token.head
    titles = load_lexicon().title_heads
    if token.dep_ in {"compound", "poss"} and head.lower_ in titles:
        # "a Boeing spokesman", "Boeing's chief executive"
        return True
    if token.dep_ == "pobj" and head.lower_ in _AGENT_PREPOSITIONS | {"in"}:
        # "a spokesman for X", "according to X", "analysts at X", "an op-ed in X"
        governor = head.head
        if head.lower_ == "in":
            return governor.lower_ in load_lexicon().words.publication_nouns
        return governor.lower_ in titles or governor.lower_ == "according"
    return False


def _pair_of_names(doc: Doc, candidate: Candidate, evidence: KindEvidence) -> bool:
    """ "Trump-Russia", "U.S.-China": two names joined by a hyphen, one of them known from
    the article or the gazetteer, name a pairing, not an entity."""
    text = doc[candidate.start : candidate.end].text
    parts = [part for part in re.split(r"(?<=\S)-(?=\S)", text) if part]
    if len(parts) < 2 or not all(part[:1].isupper() for part in parts):
        return False
    surface_forms = load_lexicon().surface_forms
    return any(part in evidence.known_words or part in surface_forms for part in parts)


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text))


def _numbered_group(doc: Doc, candidate: Candidate) -> bool:
    """ "600,000 Rohingya": people counted by number are a group, not an organization."""
    head = doc[candidate.end - 1]
    return candidate.label != "PERSON" and any(
        child.dep_ == "nummod" and child.i < candidate.start for child in head.children
    )


def _names_a_thing(doc: Doc, candidate: Candidate) -> bool:
    """An agreement, event, law or programme spaCy labelled as an organization: "the TPP trade
    agreement", "the Dodd-Frank Wall Street reform law"."""
    if candidate.label != "ORG":
        return False
    not_org_heads = load_lexicon().words.not_org_heads
    last = doc[candidate.end - 1]
    if last.lower_ in not_org_heads:
        return True
    following = candidate.end
    if following < len(doc) and doc[following].text == "(":
        following = min(following + 3, len(doc) - 1)
    while following < len(doc) and doc[following].text == ")":
        following += 1
    while (
        following < len(doc)
        and doc[following].pos_ in {"NOUN", "ADJ"}
        and doc[following].lower_ not in not_org_heads
    ):
        following += 1
    if not (
        following < len(doc)
        and doc[following].lower_ in not_org_heads
        and doc[following].pos_ == "NOUN"
    ):
        return False
    if doc[following - 1].text == ")":
        return True
    # The name modifies the thing, directly or through the words between: "X reform law".
    head = last.head
    for _ in range(following - candidate.start + 1):
        if head.i == following:
            return True
        if not candidate.start <= head.i < following:
            return False
        head = head.head
    return False


def _locative(doc: Doc, candidate: Candidate) -> bool:
    """ "in X", "in A, B and X", "the X plant": a place."""
    words = load_lexicon().words
    if _listed_after_a_place(doc, candidate.start):
        return True
    head = doc[candidate.end - 1]
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ in words.locative_prepositions:
        # "an op-ed in X" is a publication, not a place.
        return head.head.head.lower_ not in words.publication_nouns

    return head.dep_ == "compound" and head.head.lower_ in words.facility_nouns


def _listed_after_a_place(doc: Doc, start: int) -> bool:
    """ "in St. Petersburg, Yekaterinburg, and X": the next item of a list of places."""
    index = start - 1
    while index >= 0 and doc[index].lower_ in {",", "and", "or"}:
        index -= 1
    return index < start - 1 and index >= 0 and doc[index].ent_type_ in {"GPE", "LOC"}
