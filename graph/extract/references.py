"""Further mentions of entities already found: a repeated one-word name, "the alliance" after
NATO, "the ministry" after a ministry, "the Committee" or "the Times" after a longer name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.extract.candidates import Candidate
from graph.extract.lexicon import Lexicon, load_lexicon
from graph.extract.orgnames import comparison_form, generic_kind
from graph.extract.spans import doc_tokens, is_capitalised
from graph.model import EntityKind

if TYPE_CHECKING:
    from spacy.tokens import Doc


def repeated_names(doc: Doc, resolved: list[Candidate]) -> list[Candidate]:
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
    found: list[Candidate] = []
    if not names:
        return found
    for token in doc_tokens(doc):
        target = names.get(token.text)
        if target is not None and token.i not in taken and is_capitalised(token):
            found.append(target.another_mention(token.i, "REPEAT"))
    return found


def descriptions(
    doc: Doc, lexicon: Lexicon, resolved: list[Candidate], title_tokens: set[int]
) -> list[Candidate]:
    """ "the alliance" after "NATO", "the ministry" after a ministry: a mention of that entity."""
    taken = {i for candidate in resolved for i in range(candidate.start, candidate.end)}
    ordered = sorted(resolved, key=lambda c: c.start)
    government_heads = load_lexicon().words.government_heads
    found = []
    tokens = doc_tokens(doc)
    for token in tokens:
        if token.i in taken or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        noun = token.lower_
        if noun not in lexicon.descriptions and noun not in government_heads:
            continue
        referring = token.i > 0 and (
            tokens[token.i - 1].lower_ == "the" or tokens[token.i - 1].tag_ == "PRP$"
        )
        referring = referring or (
            token.i + 1 < len(tokens)
            and (tokens[token.i + 1].tag_ == "POS" or token.i + 1 in title_tokens)
        )
        if not referring:
            continue
        target: Candidate | None = None
        if noun in lexicon.descriptions:
            keys = {entry.key for entry in lexicon.descriptions[noun]}
            target = next((c for c in _reversed_before(ordered, token.i) if c.key in keys), None)
        elif noun in government_heads and tokens[token.i - 1].lower_ == "the":
            target = next(
                (
                    c
                    for c in _reversed_before(ordered, token.i)
                    if c.kind is EntityKind.GOVERNMENT_BODY
                    and c.name
                    and c.name.split(" (")[0].split()[-1].lower() == noun
                ),
                None,
            )
        if target is not None:
            found.append(target.another_mention(token.i, "DESC"))
    return found


def _reversed_before(ordered: list[Candidate], position: int) -> list[Candidate]:
    """The candidates ending at or before `position`, latest start first."""
    return [c for c in reversed(ordered) if c.end <= position]


def head_words(doc: Doc, resolved: list[Candidate]) -> list[Candidate]:
    """ "the Committee" after "the House Judiciary Committee", "the Times" after "The New York
    Times": a one-word organization name that ends a longer one named earlier is that one.
    A bare common noun ("Department", "Office") that ends none is no name; it is dropped."""
    words = load_lexicon().words
    ordered = sorted(resolved, key=lambda c: c.start)
    kept = []
    for candidate in ordered:
        word = doc[candidate.start].text
        if not _bare_organization_word(candidate) or generic_kind(word.lower()) is not None:
            kept.append(candidate)
            continue
        target = next(
            (
                other
                for other in reversed(ordered)
                if other.start < candidate.start
                and other.key != candidate.key
                and other.kind in {EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY}
                and other.name
                and word.lower() in _last_words(other.name)
            ),
            None,
        )
        if target is not None:
            kept.append(target.another_mention(candidate.start, "DESC"))
        elif word.lower() not in words.org_heads | words.state_body_heads:
            kept.append(candidate)
    return kept


def _bare_organization_word(candidate: Candidate) -> bool:
    return (
        candidate.end - candidate.start == 1
        and candidate.entry is None
        and candidate.kind in {EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY}
        and candidate.label not in {"DESC", "REPEAT"}
    )


def _last_words(name: str) -> set[str]:
    """The head of a name as written and as compared: "Department of Justice" → department."""
    bare = name.split(" (")[0]
    return {bare.split()[-1].lower(), comparison_form(bare).split()[-1]}
