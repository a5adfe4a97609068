"""spaCy's attribute ruler and rule lemmatizer, worked out once per distinct token.

The same values as the model's own components (tests compare every token): what they compute
depends on a few attributes of one token, so each distinct combination is computed by the
stock component once per process and then copied, array-wise, to every token that has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer

if TYPE_CHECKING:
    from spacy.tokens import Doc

STOCK_RULER, STOCK_LEMMATIZER = "attribute_ruler", "lemmatizer"
RULER, LEMMATIZER = "newsgraph_attribute_ruler", "newsgraph_lemmatizer"
_CACHE_LIMIT = 500_000  # distinct tokens remembered per process before starting afresh
_KEY_ATTRS = (TAG, LOWER, DEP, IS_SPACE)  # all a one-token pattern below may test
_KEY_NAMES = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_SET_ATTRS = (POS, TAG, MORPH, LEMMA, DEP)  # all an attrs dict below may set
_ANY_LOWER = 0  # the key's LOWER for a word that no pattern names or matches


def use_fast_components(nlp: Language) -> bool:
    """Replace the model's attribute ruler and lemmatizer by the equivalents here, in place;
    False (nothing replaced) if the model's rules use anything they do not cover."""
    names = nlp.pipe_names
    if STOCK_RULER not in names or STOCK_LEMMATIZER not in names:
        return False
    ruler = nlp.get_pipe(STOCK_RULER)
    lemmatizer = nlp.get_pipe(STOCK_LEMMATIZER)
    if not TokenAttributes.covers(ruler) or getattr(lemmatizer, "mode", None) != "rule":
        return False
    nlp.add_pipe(RULER, after=STOCK_RULER, config={"stock": STOCK_RULER})
    nlp.remove_pipe(STOCK_RULER)
    nlp.add_pipe(LEMMATIZER, after=STOCK_LEMMATIZER, config={"stock": STOCK_LEMMATIZER})
    nlp.remove_pipe(STOCK_LEMMATIZER)
    return True


@Language.factory(RULER, default_config={"stock": STOCK_RULER})
def make_token_attributes(nlp: Language, name: str, stock: str) -> TokenAttributes:
    ruler = nlp.get_pipe(stock)
    if not isinstance(ruler, AttributeRuler):
        raise TypeError(f"{stock} is not an attribute ruler")
    return TokenAttributes(ruler)


@Language.factory(LEMMATIZER, default_config={"stock": STOCK_LEMMATIZER})
def make_lemmas(nlp: Language, name: str, stock: str) -> Lemmas:
    lemmatizer = nlp.get_pipe(stock)
    if not isinstance(lemmatizer, Lemmatizer):
        raise TypeError(f"{stock} is not a lemmatizer")
    return Lemmas(lemmatizer)


class _Component:
    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class TokenAttributes(_Component):
    """The attribute ruler. Its rules are matched on the tokens as the parser left them, and
    every match sets attributes of one token, later rules winning. A one-token rule's outcome
    depends only on the token's tag, lower-case form, dependency label and whether it is
    space, and only on the lower-case form if some rule names or matches it; the few rules
    over several tokens still run through a spaCy Matcher."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.single = Matcher(self.vocab)  # one-token rules, matched on one token at a time
        self.multi = Matcher(self.vocab)  # the others
        self.starts = Matcher(self.vocab)  # the first token of each of the others
        self.lowers: set[str] = set()  # the lower-case forms a rule names
        self.lower_patterns: list[re.Pattern[str]] = []
        several: list[list[dict[str, Any]]] = []
        for attr_id, (patterns, _) in enumerate(_rules(ruler)):
            single = [p for p in patterns if _is_one_token(p)]
            multi = [p for p in patterns if not _is_one_token(p)]
            if single:
                self.single.add(str(attr_id), single)
                for token_pattern in (p[0] for p in single):
                    self._note_lowers(token_pattern.get("LOWER"))
            if multi:
                self.multi.add(str(attr_id), multi)
                several.extend(multi)
        # Rules over several tokens of a fixed length whose first token the key decides are
        # matched only from the tokens that may start one, in a window of that length (the
        # whole Doc through the Matcher costs more than everything else here).
        self.window = 0
        if several and all(_fixed_length(p) and _one_token_covered(p[0]) for p in several):
            self.window = max(len(p) for p in several)
            self.starts.add("start", [[p[0]] for p in several])
            for pattern in several:
                self._note_lowers(pattern[0].get("LOWER"))
        self.match_ids = {self.vocab.strings[str(i)]: i for i in range(len(self.attrs))}
        self._lower_keys: dict[int, int] = {}
        # key → (the one-token rules it matches, whether it may start a longer rule)
        self._facts_of_key: dict[tuple[int, ...], tuple[tuple[int, ...], bool]] = {}
        self._values: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[bool, ...]]] = {}

    @staticmethod
    def covers(ruler: Any) -> bool:
        """Whether every rule is of the kinds this class reproduces exactly."""
        try:
            rules = _rules(ruler)
        except (AttributeError, KeyError, TypeError):
            return False
        for patterns, attrs in rules:
            if any(attr not in _SET_ATTRS for attr in attrs):
                return False
            for pattern in patterns:
                if _is_one_token(pattern) and not _one_token_covered(pattern[0]):
                    return False
        return True

    def _note_lowers(self, condition: Any) -> None:
        if isinstance(condition, str):
            self.lowers.add(condition)
        elif isinstance(condition, dict):
            for operator, value in condition.items():
                if operator == "REGEX":
                    self.lower_patterns.append(re.compile(value))
                else:  # IN / NOT_IN
                    self.lowers.update(value)

    def _lower_key(self, lower: int) -> int:
        """The lower-case form if a rule may tell it from others, else one stand-in for all."""
        key = self._lower_keys.get(lower)
        if key is None:
            text = self.vocab.strings[lower]
            relevant = text in self.lowers or any(p.search(text) for p in self.lower_patterns)
            key = self._lower_keys[lower] = lower if relevant else _ANY_LOWER
        return key

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        if len(self._facts_of_key) > _CACHE_LIMIT:
            self._facts_of_key.clear()
            self._lower_keys.clear()
        keys = doc.to_array(list(_KEY_ATTRS))
        lowers, lower_of_token = numpy.unique(keys[:, 1], return_inverse=True)
        reduced = [self._lower_key(lower) for lower in lowers.tolist()]
        keys[:, 1] = numpy.array(reduced, dtype=numpy.uint64)[lower_of_token.reshape(-1)]
        distinct, first, key_of_token = numpy.unique(
            keys, axis=0, return_index=True, return_inverse=True
        )
        key_of_token = key_of_token.reshape(-1)
        facts = []
        for key, i in zip(map(tuple, distinct.tolist()), first.tolist(), strict=True):
            found = self._facts_of_key.get(key)
            if found is None:
                found = self._facts_of_key[key] = self._facts_of_token(doc, i)
            facts.append(found)
        # one row per distinct set of rules: the values it sets, and which it sets
        rows: dict[tuple[int, ...], int] = {}
        row_of_key = [rows.setdefault(rules, len(rows)) for rules, _ in facts]
        row_of_token = numpy.array(row_of_key)[key_of_token]
        extra: dict[int, tuple[int, ...]] = {}  # tokens that rules over several tokens set
        for match_id, start, end in self._longer_matches(doc, facts, key_of_token):
            attr_id = self.match_ids[match_id]
            index = self.indices[attr_id]
            target = (start if index >= 0 else end) + index
            if not start <= target < end:
                raise ValueError(f"attribute rule {attr_id}: index {index} outside its match")
            before = extra.get(target, facts[key_of_token[target]][0])
            extra[target] = tuple(sorted((*before, attr_id)))
            row_of_token[target] = rows.setdefault(extra[target], len(rows))
        values, sets = zip(*(self._values_of(rules) for rules in rows), strict=True)
        table, mask = numpy.array(values, dtype=numpy.uint64), numpy.array(sets, dtype=bool)
        current = doc.to_array(list(_SET_ATTRS))
        updated: Any = numpy.where(mask[row_of_token], table[row_of_token], current)
        doc.from_array(list(_SET_ATTRS), updated)
        return doc

    def _facts_of_token(self, doc: Doc, i: int) -> tuple[tuple[int, ...], bool]:
        token = doc[i : i + 1]
        matches = self.single(token, allow_missing=True)
        rules = tuple(sorted({self.match_ids[match_id] for match_id, _, _ in matches}))
        return rules, bool(self.window and self.starts(token, allow_missing=True))

    def _longer_matches(
        self, doc: Doc, facts: list[tuple[tuple[int, ...], bool]], key_of_token: Any
    ) -> list[tuple[int, int, int]]:
        """The matches of the rules over several tokens, with Doc offsets."""
        if not self.window:
            return list(self.multi(doc, allow_missing=True))
        may_start = numpy.array([starts for _, starts in facts], dtype=bool)[key_of_token]
        found = []
        for i in numpy.flatnonzero(may_start).tolist():
            for match_id, start, end in self.multi(doc[i : i + self.window], allow_missing=True):
                if start == 0:  # one starting later is found from its own first token
                    found.append((match_id, i, i + end))
        return found

    def _values_of(self, rules: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[bool, ...]]:
        """The value of each attribute these rules set, applied in order, and which they set."""
        found = self._values.get(rules)
        if found is None:
            final: dict[int, int] = {}
            for attr_id in rules:
                for attr, value in self.attrs[attr_id].items():
                    final[_SET_ATTRS.index(attr)] = value
            found = self._values[rules] = (
                tuple(final.get(column, 0) for column in range(len(_SET_ATTRS))),
                tuple(column in final for column in range(len(_SET_ATTRS))),
            )
        return found


def _rules(ruler: Any) -> list[tuple[list[list[dict[str, Any]]], dict[int, Any]]]:
    return [
        (ruler.matcher.get(str(attr_id))[1], attrs) for attr_id, attrs in enumerate(ruler.attrs)
    ]


def _is_one_token(pattern: Sequence[dict[str, Any]]) -> bool:
    return len(pattern) == 1 and "OP" not in pattern[0]


def _fixed_length(pattern: Sequence[dict[str, Any]]) -> bool:
    return all("OP" not in token_pattern for token_pattern in pattern)


def _one_token_covered(token_pattern: dict[str, Any]) -> bool:
    """Tests only the key's attributes, the lower-case form by value, list or regex."""
    for name, condition in token_pattern.items():
        if name not in _KEY_NAMES:
            return False
        if name == "LOWER" and isinstance(condition, dict):
            for operator, value in condition.items():
                if operator not in {"IN", "NOT_IN", "REGEX"}:
                    return False
                if operator != "REGEX" and not all(isinstance(v, str) for v in value):
                    return False
        elif name == "LOWER" and not isinstance(condition, str):
            return False
    return True


class Lemmas(_Component):
    """The rule lemmatizer: a lemma depends only on the word, its part of speech and its
    morphology (spaCy caches it by exactly these), so it is computed once per combination."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self.overwrite = bool(getattr(lemmatizer, "overwrite", False))
        self._lemmas: dict[tuple[int, ...], int] = {}
        # The rules test candidate forms for membership in lists of tens of thousands of
        # words; the same words as a set give the same answers, without the linear scan.
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            index[pos] = frozenset(words)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        if len(self._lemmas) > _CACHE_LIMIT:
            self._lemmas.clear()
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas: Any = array[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            if found is None:
                text = self.lemmatizer.lemmatize(doc[i])[0]
                found = self._lemmas[key] = self.vocab.strings.add(text)
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc
