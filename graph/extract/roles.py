"""Roles people hold: "NATO Secretary General Jens Stoltenberg", "Kuleba, Ukraine's minister".

Also resolves role descriptions without a name ("the Philippines president") to the person
known to hold that post, which the statement extractors use to find speakers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.extract.entities import EntityIndex
from graph.extract.spans import TitleMatch, char_span, doc_tokens, title_matches
from graph.model import EntityKind, Post

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_HOLDER_KINDS = {
    EntityKind.COUNTRY,
    EntityKind.ORGANIZATION,
    EntityKind.GOVERNMENT_BODY,
    EntityKind.PERSON,
}
_HOLDER_PREPOSITIONS = {"of", "at", "for", "to"}


@dataclass(frozen=True, slots=True)
class RoleFacts:
    posts: tuple[Post, ...]
    # token index of a role title's last word → the person it refers to ("the U.S. president")
    described_people: dict[int, str] = field(repr=False)


def extract_roles(doc: Doc, index: EntityIndex) -> RoleFacts:
    titles = title_matches(doc)
    posts: dict[tuple[str, str, str | None], Post] = {}
    unnamed: list[tuple[TitleMatch, str | None]] = []
    for title in titles:
        holder = (
            _holder_before(doc, index, title.start)
            or _holder_in_dependents(doc, index, title)
            or _holder_after_of(doc, index, title)
        )
        person = _person_after(doc, index, title) or _person_in_apposition(doc, index, title)
        if person is None:
            unnamed.append((title, holder))
            continue
        if holder == person:
            holder = None
        start = min(title.start, _mention_start(doc, index, title.start, holder))
        end = max(title.end, _person_end(doc, index, title, person))
        post = Post(person, title.role, holder, char_span(doc, start, end))
        posts.setdefault((person, title.role, holder), post)
    described: dict[int, str] = {}
    for title, holder in unnamed:
        person = _known_holder(posts.values(), title.role, holder) or _affiliated_person(
            doc, index, holder
        )
        if person is None or not _is_definite(doc, title):
            continue
        described[_head_of(doc, title)] = person
        if (
            holder is not None
            and (person, title.role, holder) not in posts
            and not any(p.holder_key == person and p.role == title.role for p in posts.values())
        ):
            start = _mention_start(doc, index, title.start, holder)
            posts[(person, title.role, holder)] = Post(
                person, title.role, holder, char_span(doc, min(start, title.start), title.end)
            )
    return RoleFacts(tuple(posts.values()), described)


def _head_of(doc: Doc, title: TitleMatch) -> int:
    """The title's syntactic head: "secretary" in "the secretary of state"."""
    for token in doc[title.start : title.end]:
        if not title.start <= token.head.i < title.end or token.head.i == token.i:
            return int(token.i)
    return title.end - 1


def _agent_key(index: EntityIndex, token_index: int) -> str | None:
    key = index.key_at(token_index)
    if key is not None and index.kind_of(key) in _HOLDER_KINDS:
        return key
    return None


def _holder_before(doc: Doc, index: EntityIndex, start: int) -> str | None:
    """The entity named right before the title: "Ukrainian", "NATO", "Ukraine's", "alliance"."""
    i = start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    if i < 0:
        return None
    return _agent_key(index, i)


def _holder_in_dependents(doc: Doc, index: EntityIndex, title: TitleMatch) -> str | None:
    """ "Ukraine's foreign minister", "senior fellow at the Kohelet Policy Forum"."""
    head = doc[title.end - 1]
    for child in head.children:
        if child.dep_ == "poss":
            key = _agent_key(index, child.i)
            if key:
                return key
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _HOLDER_PREPOSITIONS and child.i >= title.end:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    # "head of the German Marshall Fund's office", "of the ISI spy agency"
                    owners = [g for g in grandchild.children if g.dep_ in {"poss", "compound"}]
                    for token in (grandchild, *owners):
                        key = _agent_key(index, token.i)
                        if key and index.kind_of(key) is not EntityKind.PERSON:
                            return key
    for i in range(title.start - 1, max(title.start - 3, -1), -1):
        if doc[i].dep_ in {"amod", "compound", "nmod"} and doc[i].head.i >= title.start:
            key = _agent_key(index, i)
            if key:
                return key
    return None


def _holder_after_of(doc: Doc, index: EntityIndex, title: TitleMatch) -> str | None:
    """ "President of France Emmanuel Macron": the holder between the title and the name."""
    if title.end + 1 < len(doc) and doc[title.end].lower_ == "of":
        return _agent_key(index, title.end + 1)
    return None


def _past_holder(doc: Doc, index: EntityIndex, title: TitleMatch) -> int:
    """Where the holder's name starts: after "of France" when the title has one."""
    i = title.end
    holder = _holder_after_of(doc, index, title)
    if holder is not None:
        i += 1
        while i < len(doc) and index.key_at(i) == holder:
            i += 1
    return i


def _person_after(doc: Doc, index: EntityIndex, title: TitleMatch) -> str | None:
    i = _past_holder(doc, index, title)
    while i < len(doc) and doc[i].lower_ in {"mr.", "mrs.", "ms.", "dr."}:
        i += 1
    if i < len(doc):
        key = index.key_at(i)
        if key and index.kind_of(key) is EntityKind.PERSON:
            return key
    return None


def _person_in_apposition(doc: Doc, index: EntityIndex, title: TitleMatch) -> str | None:
    """ "Dmytro Kuleba, Ukraine's foreign minister" or "the president, Donald Trump"."""
    head = doc[title.end - 1]
    if head.dep_ == "appos":
        key = index.key_at(head.head.i)
        if key and index.kind_of(key) is EntityKind.PERSON:
            return key
    for child in head.children:
        if child.dep_ == "appos":
            key = index.key_at(child.i)
            if key and index.kind_of(key) is EntityKind.PERSON:
                return key
    return None


def _mention_start(doc: Doc, index: EntityIndex, start: int, key: str | None) -> int:
    i = start - 1
    while i >= 0 and (doc[i].tag_ == "POS" or (key and index.key_at(i) == key)):
        i -= 1
    return i + 1 if key else start


def _person_end(doc: Doc, index: EntityIndex, title: TitleMatch, person: str) -> int:
    i = _past_holder(doc, index, title)
    while i < len(doc) and (index.key_at(i) == person or doc[i].lower_ in {"mr.", "mrs.", "ms."}):
        i += 1
    return i


def _known_holder(posts: Iterable[Post], role: str, holder: str | None) -> str | None:
    """The one person holding `role` (of `holder`, when the description names one)."""
    people = {
        post.holder_key
        for post in posts
        if post.role == role and (holder is None or post.of_key == holder)
    }
    return people.pop() if len(people) == 1 else None


def _affiliated_person(doc: Doc, index: EntityIndex, holder: str | None) -> str | None:
    """The one person the text ties to a country by a possessive: "Canada's Justin Trudeau"."""
    if holder is None or index.kind_of(holder) is not EntityKind.COUNTRY:
        return None
    people = set()
    for token in doc_tokens(doc):
        if token.tag_ == "POS" and index.key_at(token.i - 1) == holder:
            key = index.key_at(token.i + 1) if token.i + 1 < len(doc) else None
            if key and index.kind_of(key) is EntityKind.PERSON:
                people.add(key)
    return people.pop() if len(people) == 1 else None


def _is_definite(doc: Doc, title: TitleMatch) -> bool:
    """ "the Canadian prime minister": a description, not a generic "a minister"."""
    for i in range(title.start - 1, max(title.start - 5, -1), -1):
        token: Token = doc[i]
        if token.lower_ == "the":
            return True
        if token.is_punct or token.pos_ in {"VERB", "AUX", "ADP"}:
            return False
    return False
