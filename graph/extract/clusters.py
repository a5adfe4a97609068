"""Clustering the names of one article: full names with their surnames, acronyms with their
expansions, and the remaining names grouped by text with one kind per group.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from graph.extract.candidates import Candidate, clean_text
from graph.extract.kinds import KindEvidence, decide_kind
from graph.extract.lexicon import load_lexicon
from graph.extract.orgnames import initials, org_name
from graph.extract.spans import doc_tokens
from graph.model import EntityKind
from graph.slugs import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def person_name(doc: Doc, candidate: Candidate) -> str:
    start = candidate.start
    while start < candidate.end - 1 and doc[start].lower_ in load_lexicon().words.honorifics:
        start += 1
    return clean_text(doc, start, candidate.end)


def cluster_names(
    doc: Doc, candidates: list[Candidate], gazetteer_tokens: set[int], title_tokens: set[int]
) -> list[Candidate]:
    """Merge the non-gazetteer mentions: full names with surnames, acronyms with expansions."""
    _name_people_by_surname(doc, candidates, title_tokens)
    company_ends = load_lexicon().words.org_heads | load_lexicon().words.legal_suffixes
    for candidate in candidates:
        if candidate.label == "PERSON" and doc[candidate.end - 1].lower_ in company_ends:
            # "Nordvik Holdings Inc said": a name ending like a company is no person's.
            candidate.label = "ORG"
    evidence = KindEvidence(
        frozenset(title_tokens),
        frozenset(word for c in candidates for word in clean_text(doc, c.start, c.end).split()),
    )
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
    for token in doc_tokens(doc) if partials else ():
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
    return resolved + _vote_others(doc, others, evidence)


def _name_people_by_surname(doc: Doc, candidates: list[Candidate], title_tokens: set[int]) -> None:
    """ "Kirstjen Nielsen", labelled an organization, is a person when the article goes on to
    call her by her last name alone ("Nielsen said", "Secretary Nielsen"). Companies are called
    by their first word ("Goldman"), and "the Hill" is not a person."""
    titles = load_lexicon().title_heads
    honorifics = load_lexicon().words.honorifics
    org_heads = load_lexicon().words.org_heads
    alone: dict[str, list[Token]] = defaultdict(list)
    words = doc_tokens(doc)
    in_order = _proper_nouns(doc)
    proper = set(in_order)
    for i in in_order:
        if i + 1 not in proper:
            alone[words[i].text].append(words[i])

    def used_as_person(word: str, first: int) -> bool:
        for token in alone.get(word, []):
            if token.i <= first + 1 or token.i - 1 in proper:
                continue
            previous = words[token.i - 1]
            titled = token.i - 1 in title_tokens and previous.lower_ in titles
            if titled or previous.lower_ in honorifics:
                return True
            if token.dep_ in {"nsubj", "nsubjpass", "poss"} and previous.lower_ != "the":
                return True
        return False

    for candidate in candidates:
        tokens = words[candidate.start : candidate.end]
        if (
            candidate.label != "PERSON"
            and 2 <= len(tokens) <= 3
            and tokens[-1].lower_ not in org_heads
            and all(token.pos_ == "PROPN" and token.text[:1].isupper() for token in tokens)
            and used_as_person(tokens[-1].text, candidate.start)
            and not any(
                token.i > candidate.end and token.i - 1 not in proper
                for token in alone.get(tokens[0].text, [])
            )
        ):
            candidate.label = "PERSON"


def _proper_nouns(doc: Doc) -> list[int]:
    """The positions of the Doc's proper nouns, in order, read from its array of parts of
    speech."""
    from spacy.attrs import POS
    from spacy.parts_of_speech import PROPN

    positions: list[int] = (doc.to_array(POS) == PROPN).nonzero()[0].tolist()
    return positions


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


def _initials_of(text: str) -> set[str]:
    """ "U.S. Consumer Financial Protection Bureau" → {"USCFPB", "CFPB"}."""
    found = {initials(text)}
    name = org_name(text)
    if name is not None:
        found.add(initials(name.shown))
    return found


def _defines_a_common_noun(doc: Doc, candidate: Candidate) -> bool:
    """ "state and local tax (SALT)", "the Children's Health Insurance Program (CHIP)": an
    acronym defined by words that are no name, or name a thing, is not an organization."""
    start = candidate.start
    if start < 2 or doc[start - 1].text != "(":
        return False
    acronym = doc[start].text.replace(".", "")
    not_org_heads = load_lexicon().words.not_org_heads
    for size in range(2, 8):
        if start - 1 - size < 0:
            break
        words = doc[start - 1 - size : start - 1]
        text = words.text
        spelled = "".join(token.text[0] for token in words if token.tag_ != "POS").upper()
        if acronym not in {initials(text), spelled}:
            continue
        # A name is written in title case; "state and local tax", "STATE AND LOCAL TAX" is not.
        titled = any(token.text[:1].isupper() and not token.text.isupper() for token in words)
        return not titled or words[-1].lower_ in not_org_heads
    return False


def _vote_others(doc: Doc, candidates: list[Candidate], evidence: KindEvidence) -> list[Candidate]:
    """Group the remaining candidates by text and decide each group's kind by evidence."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[clean_text(doc, candidate.start, candidate.end)].append(candidate)
    for text in list(groups):
        if _acronym(text) and any(_defines_a_common_noun(doc, c) for c in groups[text]):
            del groups[text]
    # An acronym joins the group it abbreviates: "International Criminal Court (ICC)".
    by_initials = {
        letters: text for text in groups if len(text.split()) >= 2 for letters in _initials_of(text)
    }
    for text in list(groups):
        expansion = by_initials.get(text.replace(".", ""))
        if _acronym(text) and expansion and expansion in groups:
            groups[expansion].extend(groups.pop(text))
    resolved = []
    for text, group in groups.items():
        kind = decide_kind(doc, group, evidence)
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
