"""The build's attribute ruler and lemmatizer give every token the values the model's own
components give, on real articles and on the rules' rare cases; rules they cannot reproduce
leave the model's components in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
from spacy.tokens import Doc

from graph.nlp import load_pipeline, load_stock_pipeline
from graph.token_attributes import LEMMATIZER, RULER, use_fast_components

DATA = Path(__file__).parent / "data"
ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]

# The rules' rare cases: rules over two tokens ("gon na", "ai n't", "y' all", "let 's",
# "there is"), whitespace tokens, pronouns by case, auxiliaries, contractions, "'d".
RARE_CASES = (
    "I'm gonna tell y'all: we ain't done, and there is more.\n\n  Let's go, she said.",
    "He'd said it was nothin'; they'd have gotta leave.  I told him   and me too.",
    "Somebody gets what she got.  Can't, won't, shan't - it doesn't matter to you or it.",
)


def texts() -> list[str]:
    articles = [path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.txt"))]
    lines = (DATA / "reuters_sample.jsonl").read_text(encoding="utf-8").splitlines()
    return [*RARE_CASES, *articles, *(json.loads(line)["text"] for line in lines)]


@pytest.fixture(scope="module")
def stock_docs() -> list[Doc]:
    return list(load_stock_pipeline().pipe(texts()))


def test_the_build_uses_the_fast_components() -> None:
    names = load_pipeline().pipe_names
    assert RULER in names and LEMMATIZER in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names
    assert names.index(RULER) < names.index(LEMMATIZER) < names.index("ner")


def test_every_token_gets_the_stock_values(stock_docs: list[Doc]) -> None:
    # twice: computing the values, then copying them from what the first pass remembered
    for _ in range(2):
        fast_docs = list(load_pipeline().pipe(texts()))
        for stock, fast in zip(stock_docs, fast_docs, strict=True):
            assert [t.text for t in fast] == [t.text for t in stock]
            assert (fast.to_array(ATTRS) == stock.to_array(ATTRS)).all()
            assert [str(t.morph) for t in fast] == [str(t.morph) for t in stock]


def test_rare_cases_are_covered(stock_docs: list[Doc]) -> None:
    lemmas = {t.text: t.lemma_ for doc in stock_docs[: len(RARE_CASES)] for t in doc}
    # the two-token rules did fire on these texts, so the comparison above covered them
    assert lemmas["na"] == "to" and lemmas["ai"] == "be"


def test_rules_it_cannot_reproduce_keep_the_stock_components() -> None:
    nlp = load_stock_pipeline()
    nlp.get_pipe("attribute_ruler").add([[{"LENGTH": 3}]], {"POS": "X"})
    assert not use_fast_components(nlp)
    assert "attribute_ruler" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names
