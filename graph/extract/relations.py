"""Relations the text states between countries and organizations: membership and borders.

Only what a sentence says ("NATO members Romania, Hungary", "X joined the EU", "Ukraine
neighbors ...", "has a 600-kilometer border with Russia"), each with its evidence span.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy

from graph.extract.entities import EntityIndex
from graph.extract.spans import char_span, doc_tokens, sentence_of
from graph.model import EntityKind, Relation, RelationKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_MEMBER_NOUNS = {"member", "members", "member-state", "member-states", "ally", "allies"}
_MEMBER_NOUN_FOLLOWERS = {"state", "states", "country", "countries", "nation", "nations"}
_JOIN_VERBS = {"join", "accede", "enter"}
_BORDER_VERBS = {"border", "neighbor", "neighbour", "abut"}
_BORDER_NOUNS = {"border", "frontier", "boundary"}
_LIST_TOKENS = {",", "and", "as", "well", "also", "or"}
_ORG_KINDS = {EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY}


def extract_relations(doc: Doc, index: EntityIndex) -> list[Relation]:
    relations: dict[tuple[str, RelationKind, str], Relation] = {}
    for sentence in _sentences_with_cues(doc):
        for relation in [
            *_listed_members(doc, index, sentence),
            *_membership_verbs(doc, index, sentence),
            *_borders(doc, index, sentence),
        ]:
            relations.setdefault(
                (relation.subject_key, relation.kind, relation.object_key), relation
            )
    return list(relations.values())


def _sentences_with_cues(doc: Doc) -> list[SpacySpan]:
    """The sentences with a word some relation needs (a member noun, a joining or bordering
    word), in order: most sentences have none, and their tokens need not become Tokens."""
    from spacy.attrs import LEMMA, LOWER

    lowers, lemmas = _cue_ids()
    cued = numpy.isin(doc.to_array(LOWER), lowers) | numpy.isin(doc.to_array(LEMMA), lemmas)
    tokens = doc_tokens(doc)
    sentences: dict[int, SpacySpan] = {}
    for position in cued.nonzero()[0].tolist():
        sentence = sentence_of(tokens[position])
        sentences.setdefault(sentence.start, sentence)
    return list(sentences.values())


@lru_cache(maxsize=1)
def _cue_ids() -> tuple[numpy.ndarray, numpy.ndarray]:
    """The ids of the lower-case words and of the lemmas `_sentences_with_cues` looks for."""
    from spacy.strings import get_string_id

    lemmas = _JOIN_VERBS | _BORDER_VERBS | _BORDER_NOUNS
    return (
        numpy.array(sorted(get_string_id(word) for word in _MEMBER_NOUNS), dtype=numpy.uint64),
        numpy.array(sorted(get_string_id(lemma) for lemma in lemmas), dtype=numpy.uint64),
    )


def _key(index: EntityIndex, token: Token, kinds: set[EntityKind]) -> str | None:
    key = index.key_at(token.i)
    return key if key and index.kind_of(key) in kinds else None


def _countries_from(doc: Doc, index: EntityIndex, start: int, stop: int) -> tuple[list[str], int]:
    """Country mentions listed from `start` ("Romania, Hungary, and Poland"); and where it ends."""
    tokens = doc_tokens(doc)
    found: list[str] = []
    i = start
    while i < stop:
        key = _key(index, tokens[i], {EntityKind.COUNTRY})
        if key:
            if key not in found:
                found.append(key)
            while i < stop and index.key_at(i) == key:
                i += 1
            continue
        if tokens[i].lower_ in _LIST_TOKENS or tokens[i].pos_ == "DET":
            i += 1
            continue
        break
    return found, i


def _listed_members(doc: Doc, index: EntityIndex, sentence: SpacySpan) -> list[Relation]:
    """ "NATO members Romania, Hungary, Slovakia, and Poland"; "fellow EU member Poland"."""
    relations = []
    tokens = doc_tokens(doc)
    for token in tokens[sentence.start : sentence.end]:
        org = _key(index, token, _ORG_KINDS)
        if org is None or token.i + 1 >= sentence.end:
            continue
        noun = token.i + 1
        if tokens[noun].lower_ not in _MEMBER_NOUNS:
            continue
        start = noun + 1
        if start < sentence.end and tokens[start].lower_ in _MEMBER_NOUN_FOLLOWERS:
            start += 1
        countries, end = _countries_from(doc, index, start, sentence.end)
        for country in countries:
            relations.append(
                Relation(country, RelationKind.MEMBER_OF, org, char_span(doc, token.i, end))
            )
    return relations


def _membership_verbs(doc: Doc, index: EntityIndex, sentence: SpacySpan) -> list[Relation]:
    """ "Finland joined NATO", "Poland is a member of the EU"."""
    relations = []
    for token in doc_tokens(doc)[sentence.start : sentence.end]:
        subjects: list[Token] = []
        organization: Token | None = None
        if token.lemma_ in _JOIN_VERBS and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            objects = [c for c in token.children if c.dep_ == "dobj"]
            organization = objects[0] if objects else None
        elif token.lower_ in {"member", "members"} and token.dep_ in {"attr", "appos"}:
            preposition = next((c for c in token.children if c.lower_ == "of"), None)
            pobj = (
                next((g for g in preposition.children if g.dep_ == "pobj"), None)
                if preposition is not None
                else None
            )
            organization = pobj
            if token.dep_ == "attr":
                subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
            else:
                subjects = [token.head]
        if organization is None:
            continue
        org = _key(index, organization, _ORG_KINDS)
        if org is None:
            continue
        for subject in subjects:
            for member in [subject, *subject.conjuncts]:
                country = _key(index, member, {EntityKind.COUNTRY})
                if country:
                    relations.append(
                        Relation(
                            country,
                            RelationKind.MEMBER_OF,
                            org,
                            char_span(doc, sentence.start, sentence.end),
                        )
                    )
    return relations


def _borders(doc: Doc, index: EntityIndex, sentence: SpacySpan) -> list[Relation]:
    """ "Ukraine neighbors Poland", "shares a border with", "has a 600-km border with Russia"."""
    relations = []
    for token in doc_tokens(doc)[sentence.start : sentence.end]:
        subject_tokens: list[Token] = []
        others: list[str] = []
        if token.lemma_ in _BORDER_VERBS and token.pos_ == "VERB":
            subject_tokens = [c for c in token.children if c.dep_ == "nsubj"]
            for child in token.children:
                if child.dep_ == "dobj":
                    others += _countries_in(index, child)
        elif token.lemma_ in _BORDER_VERBS and token.pos_ == "NOUN" and token.dep_ == "ROOT":
            # spaCy often reads "Ukraine neighbors NATO members ..." as a noun phrase.
            subject_tokens = [c for c in token.children if c.dep_ == "compound"]
            for child in token.children:
                if child.dep_ in {"appos", "dobj"}:
                    others += _countries_in(index, child)
        elif token.lemma_ in _BORDER_NOUNS and token.dep_ == "dobj":
            verb = token.head
            if verb.lemma_ not in {"share", "have"}:
                continue
            subject_tokens = [c for c in verb.children if c.dep_ == "nsubj"]
            for child in [*token.children, *verb.children]:
                if child.dep_ == "prep" and child.lower_ == "with":
                    others += _countries_in(index, child)
        subjects = [
            key
            for subject in subject_tokens
            for member in [subject, *subject.conjuncts]
            if (key := _key(index, member, {EntityKind.COUNTRY}))
        ]
        for subject in subjects:
            for other in others:
                if other != subject:
                    evidence = char_span(doc, sentence.start, sentence.end)
                    relations.append(Relation(subject, RelationKind.BORDERS, other, evidence))
    return relations


def _countries_in(index: EntityIndex, token: Token) -> list[str]:
    keys = []
    for descendant in token.subtree:
        key = _key(index, descendant, {EntityKind.COUNTRY})
        if key and key not in keys:
            keys.append(key)
    return keys
