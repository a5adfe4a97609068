"""Unnamed sources: "a senior White House official", "analysts", "the poll" as nodes of one article.

A later mention of the same source ("the official") is the same node, identified by the span of
its first mention; a source is tied to the organization, country or person its words name.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.extract.entities import EntityIndex
from graph.extract.lexicon import load_lexicon
from graph.extract.spans import char_span
from graph.model import (
    AGENT_KINDS,
    UNNAMED_SOURCE_PREFIX,
    EntityKind,
    SourceKind,
    Span,
    UnnamedSource,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Words that stand for people without a noun: "Some say", "many of his supporters believe".
QUANTIFIERS = {
    "some": True,
    "many": True,
    "most": True,
    "others": True,
    "both": True,
    "few": True,
    "several": True,
    "all": True,
    "those": True,
    "one": False,
    "someone": False,
    "somebody": False,
    "nobody": False,
    "everyone": True,
    "everybody": True,
    "anyone": False,
    "none": True,
}
# A determiner that introduces a new referent: "a source", "another official", "one aide".
_NEW_REFERENT = {"a", "an", "another", "one", "second", "third", "some", "other", "whose"}
_ARTICLES = {"a", "an", "the"}
_RELATIVE_POSSESSIVES = {"whose"}
_LEFT_DEPS = {"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet", "advmod"}
_RIGHT_PREPOSITIONS = {"at", "with", "from", "for", "of", "in", "by", "close", "on", "inside"}
_MAX_LABEL_TOKENS = 14
_MAX_LOOK_BACK = 40
# Endings of nouns for people: "campaigner", "lobbyist", "politician", "participant",
# "resident", "employee", "representative"; not "-ment" ("statement", "government").
_PEOPLE_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer", "ee", "ive")
_NOT_PEOPLE_SUFFIXES = ("ment", "ever", "ether", "ather", "ter", "der", "ber", "ger")
_TIE_PREFERENCE = {
    EntityKind.GOVERNMENT_BODY: 0,
    EntityKind.ORGANIZATION: 0,
    EntityKind.COUNTRY: 1,
    EntityKind.PERSON: 2,
}


@dataclass(slots=True)
class _Chain:
    """A source being built: its first mention and every mention resolved to it."""

    first: Span
    mentions: set[tuple[int, int, str]]
    kind: SourceKind
    plural: bool
    tied_to: str | None


@dataclass(slots=True)
class UnnamedSources:
    """The unnamed sources of one document, made on demand as subjects resolve to them."""

    doc: Doc
    index: EntityIndex
    _chains: dict[int, _Chain] = field(default_factory=dict)
    _by_key: dict[str, _Chain] = field(default_factory=dict)
    _firsts: dict[int, int] = field(default_factory=dict)
    _nouns: dict[int, list[int]] | None = None

    def source_at(self, head: Token) -> tuple[str, Span] | None:
        """The key of the source whose noun phrase `head` heads, and this mention's span;
        None when `head` cannot head a source (a verb, a named entity, a pronoun)."""
        if not can_head_source(head, self.index):
            return None
        first = self._first_mention(head)
        chain = self._chains.get(first.i)
        if chain is None:
            chain = self._chains[first.i] = self._chain(first)
            self._by_key[source_key(chain.first)] = chain
        mention = phrase_span(head)
        chain.mentions.add((mention.start, mention.end, mention.text))
        if chain.tied_to is None:
            chain.tied_to = self._tie(head)
        return source_key(chain.first), mention

    def kind_of(self, key: str) -> SourceKind | None:
        chain = self._by_key.get(key)
        return chain.kind if chain else None

    def sources(self) -> tuple[UnnamedSource, ...]:
        built = []
        for chain in sorted(self._chains.values(), key=lambda c: c.first.start):
            label = _label(chain.first.text)
            mentions = {(chain.first.start, chain.first.end, chain.first.text), *chain.mentions}
            built.append(
                UnnamedSource(
                    key=source_key(chain.first),
                    label=label,
                    mentions=tuple(Span(*m) for m in sorted(mentions)),
                    kind=chain.kind,
                    plural=chain.plural,
                    tied_to=chain.tied_to,
                )
            )
        return tuple(built)

    def _chain(self, head: Token) -> _Chain:
        span = phrase_span(head)
        return _Chain(
            first=span,
            mentions={(span.start, span.end, span.text)},
            kind=source_kind(head),
            plural=is_plural(head),
            tied_to=self._tie(head),
        )

    def _first_mention(self, head: Token) -> Token:
        """Follow a definite mention back to the first mention of the same source: the latest
        earlier noun with the same lemma and number whose modifiers include this one's."""
        earlier = self._noun_positions().get(head.lemma, [])
        # Earlier mentions first, so that each one only looks further back at settled ones.
        for position in earlier[: bisect_left(earlier, head.i)]:
            if position not in self._firsts:
                self._firsts[position] = self._settle(self.doc[position], earlier)
        if head.i not in self._firsts:
            self._firsts[head.i] = self._settle(head, earlier)
        return self.doc[self._firsts[head.i]]

    def _settle(self, head: Token, earlier: list[int]) -> int:
        if head.lower_ in QUANTIFIERS or _determiner(head) in _NEW_REFERENT:
            return int(head.i)
        words = _modifiers(head)
        before = earlier[: bisect_left(earlier, head.i)]
        for position in reversed(before[-_MAX_LOOK_BACK:]):
            candidate = self.doc[position]
            if is_plural(candidate) != is_plural(head):
                continue
            first = self._firsts[position]
            if words <= _modifiers(self.doc[first]) | _modifiers(candidate):
                return first
        return int(head.i)

    def _noun_positions(self) -> dict[int, list[int]]:
        """Lemma id → positions of the nouns with that lemma, read once from the Doc's arrays."""
        if self._nouns is None:
            from spacy.attrs import DEP, LEMMA, POS
            from spacy.parts_of_speech import NOUN, PROPN

            compound = self.doc.vocab.strings["compound"]
            nouns: dict[int, list[int]] = {}
            pos, dep = self.doc.to_array(POS), self.doc.to_array(DEP)
            positions = ((pos == NOUN) | (pos == PROPN)) & (dep != compound)
            lemmas = self.doc.to_array(LEMMA)[positions].tolist()
            for position, lemma in zip(positions.nonzero()[0].tolist(), lemmas, strict=True):
                nouns.setdefault(lemma, []).append(position)
            self._nouns = nouns
        return self._nouns

    def _tie(self, head: Token) -> str | None:
        """The organization, country or person named inside the source's phrase; for
        "Ukraine, whose officials have pleaded", the one the relative clause is about."""
        start, end = _phrase_tokens(head)
        found: list[tuple[int, int, str]] = []
        if any(c.lower_ in _RELATIVE_POSSESSIVES for c in head.lefts) and head.head.dep_ == "relcl":
            antecedent = head.head.head
            start, end = min(start, antecedent.i), max(end, antecedent.i + 1)
        for i in range(start, end):
            key = self.index.key_at(i)
            if key is None or i == head.i:
                continue
            kind = self.index.kind_of(key)
            if kind in _TIE_PREFERENCE:
                found.append((_TIE_PREFERENCE[kind], i, key))
        return min(found)[2] if found else None


def source_key(first: Span) -> str:
    return f"{UNNAMED_SOURCE_PREFIX}{first.start}-{first.end}"


def can_head_source(head: Token, index: EntityIndex) -> bool:
    key = index.key_at(head.i)
    if key is not None and index.kind_of(key) in AGENT_KINDS:
        return False
    if head.lower_ in QUANTIFIERS and head.pos_ in {"PRON", "DET", "ADJ", "NUM", "NOUN"}:
        return True
    if head.pos_ == "NOUN":
        return head.text == "%" or (head.is_alpha and names_a_source(head))
    # "Six in 10 say", "Two of the officials said".
    if head.pos_ == "NUM":
        return any(child.dep_ == "prep" and child.lower_ in {"in", "of"} for child in head.children)
    # "Democrats say", "Republicans argue": a group named by a plural proper noun; "Poll finds"
    # in a headline's capitals.
    return head.pos_ == "PROPN" and (
        head.ent_type_ == "NORP"
        or head.tag_ == "NNPS"
        or head.lower_ in load_lexicon().source_nouns
    )


def names_a_source(noun: Token) -> bool:
    """A noun that can say or show something: a listed source noun, a role title, or a noun
    whose form names people ("campaigner", "lobbyist", "participant"); not "the problem",
    "the contrast" or "a defeat", which a misparse can put in a subject's place."""
    lexicon = load_lexicon()
    lemma = noun.lemma_.lower()
    if lemma in lexicon.source_nouns or noun.lower_ in lexicon.source_nouns:
        return True
    if lemma in lexicon.title_heads:
        return True
    return lemma.endswith(_PEOPLE_SUFFIXES) and not lemma.endswith(_NOT_PEOPLE_SUFFIXES)


def source_kind(head: Token) -> SourceKind:
    lemma = head.lemma_.lower()
    kind = load_lexicon().source_nouns.get(lemma) or load_lexicon().source_nouns.get(head.lower_)
    if kind is not None:
        return kind
    if head.lower_ in QUANTIFIERS or head.pos_ == "NUM":
        return SourceKind.GROUP
    return SourceKind.PERSON


def is_plural(head: Token) -> bool:
    if head.lower_ in QUANTIFIERS:
        return QUANTIFIERS[head.lower_]
    if head.tag_ in {"NNS", "NNPS"} or head.pos_ == "NUM":
        return head.lower_ not in {"one", "1"}
    return load_lexicon().source_nouns.get(head.lemma_.lower()) is SourceKind.GROUP


def phrase_span(head: Token) -> Span:
    start, end = _phrase_tokens(head)
    return char_span(head.doc, start, end)


def _phrase_tokens(head: Token) -> tuple[int, int]:
    """Tokens [start, end) of the noun phrase a source is: its determiners and modifiers, and
    short prepositional or adjectival post-modifiers ("sources familiar with the matter",
    "officials at the State Department"); no relative clauses or appositions."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in _LEFT_DEPS and child.lower_ not in _RELATIVE_POSSESSIVES:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if not (
            child.dep_ == "amod" or (child.dep_ == "prep" and child.lower_ in _RIGHT_PREPOSITIONS)
        ):
            break
        edge = child.right_edge.i + 1
        if edge - start > _MAX_LABEL_TOKENS:
            break
        end = edge
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _label(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[0].lower() in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _determiner(head: Token) -> str | None:
    for child in head.lefts:
        if child.dep_ in {"det", "nummod", "amod", "poss"} and child.lower_ in _NEW_REFERENT:
            return str(child.lower_)
        if child.dep_ == "det":
            return str(child.lower_)
    return None


def _modifiers(head: Token) -> frozenset[str]:
    """The words that restrict a source's noun ("senior", "White House"), without determiners."""
    start, end = _phrase_tokens(head)
    return frozenset(
        token.lower_
        for token in head.doc[start:end]
        if token.i != head.i and not token.is_punct and token.dep_ not in {"det", "predet"}
    )
