"""Token-level helpers shared by the extractors: role-title spans, gazetteer matches, char spans.

Kept apart so that entities, roles and statements read titles and places the same way.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import numpy

from graph.extract.lexicon import GazetteerEntry, Lexicon, load_lexicon
from graph.model import Span

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan
    from spacy.vocab import Vocab


T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """Tokens [start, end) naming a gazetteer entry, as its name, alias, demonym or capital."""

    start: int
    end: int
    entry: GazetteerEntry
    form: str


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """Tokens [start, end) naming a role ("Foreign Minister", "secretary of state")."""

    start: int
    end: int
    role: str


def doc_text(doc: Doc) -> str:
    """The Doc's text, computed once: spaCy rebuilds `Doc.text` from the tokens on every call."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        # What `Doc.text` joins, from the Tokens made once rather than a new set of them.
        text = "".join(token.text_with_ws for token in doc_tokens(doc))
        doc.user_data["newsgraph_text"] = text
    return str(text)


def keep_doc_text(doc: Doc, text: str) -> None:
    """Let `doc_text` use the text the Doc was parsed from rather than join a Token per word;
    a text of another length than the Doc's is not that text, and is ignored."""
    if len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        doc.user_data["newsgraph_text"] = text


def sentence_of(token: Token) -> SpacySpan:
    """The token's sentence; spaCy's `Token.sent` scans the Doc on every call, this once."""
    doc = token.doc
    cached = doc.user_data.get("newsgraph_sentences")
    if cached is None:
        sentences = list(doc.sents)
        index = [0] * len(doc)
        for number, sentence in enumerate(sentences):
            for i in range(sentence.start, sentence.end):
                index[i] = number
        cached = doc.user_data["newsgraph_sentences"] = (sentences, index)
    sentences, index = cached
    return sentences[index[token.i]]


def entities_in(sentence: SpacySpan) -> list[SpacySpan]:
    """The Doc's entities inside `sentence`, like spaCy's `Span.ents` but without scanning
    every entity of the Doc on each call."""
    doc = sentence.doc
    entities = doc_entities(doc)
    starts = _kept(doc, "entity_starts", lambda doc: [e.start for e in doc_entities(doc)])
    inside = []
    for entity in entities[bisect_left(starts, sentence.start) :]:
        if entity.end > sentence.end:
            break
        inside.append(entity)
    return inside


def doc_entities(doc: Doc) -> tuple[SpacySpan, ...]:
    """The Doc's entities, made once: spaCy's `Doc.ents` makes new Spans on every call."""
    return _kept(doc, "entities", lambda doc: tuple(doc.ents))


def char_span(doc: Doc, start: int, end: int) -> Span:
    """The character span of tokens [start, end)."""
    tokens = doc_tokens(doc)
    first, last = tokens[start], tokens[end - 1]
    begin, finish = first.idx, last.idx + len(last.text)
    return Span(begin, finish, doc_text(doc)[begin:finish])


def trimmed_span(doc: Doc, start: int, end: int) -> Span | None:
    """Tokens [start, end) without edge punctuation, spaces and a complementizer "that";
    None if nothing is left."""
    tokens = doc_tokens(doc)
    while start < end and (
        tokens[start].is_punct
        or tokens[start].is_space
        or (tokens[start].lower_ == "that" and tokens[start].dep_ == "mark")
    ):
        start += 1
    while end > start and (tokens[end - 1].is_punct or tokens[end - 1].is_space):
        end -= 1
    return char_span(doc, start, end) if end > start else None


@lru_cache(maxsize=4)
def _matchers(vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher, Lexicon]:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc as SpacyDoc

    lexicon = load_lexicon()
    gazetteer = PhraseMatcher(vocab, attr="ORTH")
    for form in lexicon.surface_forms:
        gazetteer.add(form, [SpacyDoc(vocab, words=_words(form))])
    # Straight and typographic apostrophes tokenize differently; add both spellings.
    for form in lexicon.surface_forms:
        if "'" in form:
            gazetteer.add(form, [SpacyDoc(vocab, words=_words(form.replace("'", "’")))])
    titles = PhraseMatcher(vocab, attr="LOWER")
    words = list(lexicon.title_heads) + list(lexicon.title_phrases)
    for title in words:
        plural = f"{title}s" if not title.endswith((".", "s")) else title
        titles.add(
            title, [SpacyDoc(vocab, words=_words(title)), SpacyDoc(vocab, words=_words(plural))]
        )
    return gazetteer, titles, lexicon


def _words(text: str) -> list[str]:
    from graph.nlp import load_pipeline

    return [token.text for token in load_pipeline().tokenizer(text)]


def _kept(doc: Doc, name: str, compute: Callable[[Doc], U]) -> U:
    """`compute(doc)`, kept in the Doc's user data: several extractors ask for it."""
    key = f"newsgraph_{name}"
    if key not in doc.user_data:
        doc.user_data[key] = compute(doc)
    kept: U = doc.user_data[key]
    return kept


def _once_per_doc(doc: Doc, name: str, compute: Callable[[Doc], list[T]]) -> list[T]:
    """`_kept`, as a list of the caller's own."""
    return list(_kept(doc, name, compute))


def doc_tokens(doc: Doc) -> tuple[Token, ...]:
    """The Doc's tokens, made once: every `doc[i]` and every pass over a Doc makes new Token
    objects, and the extractors pass over the whole Doc many times."""
    return _kept(doc, "tokens", tuple)


def tokens_with_text(doc: Doc, text: str) -> list[Token]:
    """The Doc's tokens whose text is `text`, in order: found on the Doc's array of word ids
    (read once per Doc), as few words are asked for."""
    from spacy.strings import get_string_id

    tokens = doc_tokens(doc)
    orths = _kept(doc, "orths", _orths)
    return [tokens[i] for i in (orths == get_string_id(text)).nonzero()[0].tolist()]


def _orths(doc: Doc) -> numpy.ndarray:
    from spacy.attrs import ORTH

    return doc.to_array(ORTH)


def release_doc_data(doc: Doc) -> None:
    """Drop what `_kept` holds: Tokens, Spans and matches holding Spans refer back to their
    Doc, so left in place they would keep the Doc (and its arrays) alive until the cyclic
    garbage collector runs, which then has every article's Doc to walk."""
    for key in [key for key in doc.user_data if str(key).startswith("newsgraph_")]:
        del doc.user_data[key]


def gazetteer_matches(doc: Doc) -> list[GazetteerMatch]:
    """Longest non-overlapping gazetteer matches, in text order (computed once per Doc)."""
    return _once_per_doc(doc, "gazetteer", _gazetteer_matches)


def _gazetteer_matches(doc: Doc) -> list[GazetteerMatch]:
    from spacy.util import filter_spans

    matcher, _, lexicon = _matchers(doc.vocab)
    spans = filter_spans([doc[start:end] for match_id, start, end in matcher(doc)])
    matches = []
    for span in spans:
        key = span.text if span.text in lexicon.surface_forms else span.text.replace("’", "'")
        entry, form = lexicon.surface_forms[key]
        matches.append(GazetteerMatch(span.start, span.end, entry, form))
    return matches


def title_matches(doc: Doc) -> list[TitleMatch]:
    """Role titles, each extended leftwards over modifiers ("deputy foreign minister"),
    computed once per Doc."""
    return _once_per_doc(doc, "titles", _title_matches)


def _title_matches(doc: Doc) -> list[TitleMatch]:
    from spacy.util import filter_spans

    _, matcher, lexicon = _matchers(doc.vocab)
    spans = filter_spans([doc[start:end] for _, start, end in matcher(doc)])
    places = {i for match in gazetteer_matches(doc) for i in range(match.start, match.end)}
    matches = []
    for span in spans:
        start, end = span.start, span.end
        while start > 0 and doc[start - 1].lower_ in lexicon.title_modifiers:
            start -= 1
        end = _named_remit(doc, _named_portfolio(doc, end, places), places)
        words = [token.lower_ for token in doc[start:end]]
        # "Secretary-General" and "secretary general" are one role.
        role = " ".join(word for word in words if word != "-").replace("-", " ")
        matches.append(TitleMatch(start, end, role))
    return matches


def _named_portfolio(doc: Doc, end: int, places: set[int]) -> int:
    """ "Secretary of Defense", "Minister of Foreign Affairs": a capitalised "of ..." naming no
    gazetteer country or organization is part of the post ("President of France" is not)."""
    if not is_capitalised(doc[end - 1]):
        return end
    return _extension(doc, end, "of", places)


def _named_remit(doc: Doc, end: int, places: set[int]) -> int:
    """ "Secretary of State for Western Hemisphere Affairs": a capitalised "for ..." too."""
    return _extension(doc, end, "for", places)


def _ends_name(doc: Doc, index: int) -> bool:
    """A gazetteer name that is a holder ("for Germany's party", "of France"), not part of a
    longer capitalised portfolio ("for U.S. Affairs")."""
    following = doc[index + 1] if index + 1 < len(doc) else None
    return (
        following is None
        or following.tag_ == "POS"
        or following.ent_type_ == "PERSON"
        or not is_capitalised(following)
    )


def _extension(doc: Doc, end: int, preposition: str, places: set[int]) -> int:
    if end + 1 >= len(doc) or doc[end].lower_ != preposition:
        return end
    stop = end + 1
    while (
        stop < len(doc)
        and is_capitalised(doc[stop])
        and not (stop in places and _ends_name(doc, stop))
        and doc[stop].ent_type_ != "PERSON"
        and not doc[stop].is_sent_start
        and not doc[stop].is_punct
    ):
        stop += 1
    run = stop - (end + 1)
    if run >= 3 and (stop == len(doc) or doc[stop].ent_type_ != "PERSON"):
        # "of Defense Jim Mattis" when spaCy missed the name: leave two words for it.
        run -= 2
    return end + 1 + run if run > 0 else end


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()
