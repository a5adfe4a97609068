"""Text in, Document out: decoding, normalisation, title/paragraphs, boilerplate and provenance.

Offsets of every later stage point into `Document.text`, so this module never reorders text.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import InputError
from graph.model import Document, Span
from graph.slugs import slug

if TYPE_CHECKING:
    from graph.webpage import WebPage

BUNDLED_ARTICLE = Path(__file__).parent / "data" / "article.txt"
MAX_BYTES = 5_000_000
HTML_SUFFIXES = frozenset({".html", ".htm"})

_PROMO = re.compile(
    r"^(join|follow|subscribe|sign up|download|like us|click here|read more|share this|"
    r"support us|get our|get the latest)\b.{0,200}\b(channel|newsletter|telegram|twitter|facebook|"
    r"whatsapp|instagram|app|here|podcast|updates|uncensored)\b",
    re.IGNORECASE,
)
# A photo credit in parentheses ends a caption: "(NATO/Released)", "(Reuters/John Smith)".
_CAPTION_CREDIT = re.compile(
    r"\((?:[^()]*/[^()]*|photo[^()]*|file photo[^()]*|getty images[^()]*|credit[^()]*)\)\.?$",
    re.IGNORECASE,
)
# A copyright notice closing a story: "© 2019 Science X Network", "Copyright 2024 Reuters".
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_CAPTION_START = re.compile(r"^(photo|image|file photo|picture|caption)\s*[:|-]", re.IGNORECASE)
_REPRINT = re.compile(
    r"^this (?:article|story|report) (?:was|has been|is) (?:originally |first )?"
    r"(?:published|posted|adapted|appeared|reprinted)(?: (?:by|in|on|from|with permission from))?"
    r"(?P<publisher> .+?)?(?:,? and (?:is|has been) (?:reprinted|republished|reproduced).*)?\.?$",
    re.IGNORECASE,
)
_NOT_A_PUBLISHER = re.compile(r"^(its|the) original source$", re.IGNORECASE)
# Wire-service dateline at the start of the body: "MANILA (Reuters) - ".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’ ,/-]{1,60}?)\s*"
    r"\((?P<publisher>[A-Z][A-Za-z .&-]{1,40})\)\s*[-–—]+\s*"
)
# A wire service's editorial note before the story: "(Corrects paragraph 7 to show ...)".
_EDITORIAL_NOTE = re.compile(
    r"^\((?:corrects|adds|updates|recasts|changes|fixes|removes|refiles|repeats|clarifies|"
    r"deletes|rewrites|inserts|adds)\b[^()]*(?:\([^()]*\)[^()]*)*\)\s*",
    re.IGNORECASE,
)


def read_article(path: str, *, slug: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read one article from a file path (text, Markdown or HTML), or standard input ("-")."""
    if path == "-":
        raw = sys.stdin.buffer.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise InputError("<stdin>", f"more than the {max_bytes}-byte limit (--max-bytes)")
        text, encoding = decode_bytes(raw, "<stdin>")
        return parse_article(text, source_name="<stdin>", encoding=encoding)
    file = Path(path)
    if not file.exists():
        raise InputError(path, "no such file")
    if file.is_dir():
        raise InputError(path, "is a directory, not an article file")
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError(
                path, f"file is {size} bytes, over the {max_bytes}-byte limit (--max-bytes)"
            )
        raw = file.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})") from error
    text, encoding = decode_bytes(raw, path)
    if file.suffix.lower() in HTML_SUFFIXES:
        from graph.webpage import read_web_page  # trafilatura is loaded for pages only

        page = read_web_page(text, source=path)
        return page_document(
            page, source_name=path, slug=slug or slugify(file.stem), encoding=encoding
        )
    return parse_article(text, source_name=path, slug=slug or slugify(file.stem), encoding=encoding)


def page_document(page: WebPage, *, source_name: str, slug: str, encoding: str) -> Document:
    """A web page's article: its headline line, then one paragraph per block of main text.
    The site is the publisher unless the text itself credits one ("(Reuters) -", "This
    article was originally published by ...")."""
    blocks = [page.headline, *page.paragraphs] if page.headline else list(page.paragraphs)
    document = parse_article(
        "\n\n".join(blocks),
        source_name=source_name,
        slug=slug,
        encoding=encoding,
        published=page.published,
        url=page.url,
        authors=page.authors,
    )
    if document.original_publisher is None and page.site_name:
        document = replace(document, publisher_name=page.site_name)
    return document


def decode_bytes(raw: bytes, source: str) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 (with or without BOM), BOM-marked UTF-16,
    else Windows-1252 (which also reads Latin-1 text); binary data is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise InputError(source, "invalid UTF-16 text") from error
    if b"\x00" in raw:
        raise InputError(source, "binary data (NUL bytes), not a text article")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = raw.decode("windows-1252")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    controls = sum(1 for char in text if _CONTROL.match(char))
    if controls > max(8, len(text) // 100):
        raise InputError(
            source,
            f"not text (undecodable byte at offset {utf8_error.start} and control characters)",
        )
    return text, "windows-1252"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalise_text(text: str) -> str:
    """One line-end convention, NFC, and no control characters (each becomes a space, so
    offsets into the result stay valid)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub(" ", text)


def slugify(name: str) -> str:
    """An article's id from its file name or record id: a slug (any script), at most 80
    characters, "article" when nothing is left."""
    text = slug(name)
    return text[:80].strip("-") if text != "x" else "article"


def parse_article(
    text: str,
    *,
    source_name: str,
    slug: str | None = None,
    encoding: str = "utf-8",
    published: str | None = None,
    url: str | None = None,
    publisher_name: str | None = None,
    authors: tuple[str, ...] = (),
) -> Document:
    """Split normalised text into title, story paragraphs, boilerplate and provenance."""
    text = normalise_text(text)
    blocks = list(_blocks(text))
    if not blocks:
        raise InputError(source_name, "empty article (no text)")
    title: Span | None = None
    paragraphs: list[Span] = []
    boilerplate: list[Span] = []
    publisher: Span | None = None
    dateline_place: Span | None = None
    for block in blocks:
        stripped = block.text.strip()
        reprint = _REPRINT.match(stripped)
        if reprint:
            boilerplate.append(block)
            name = reprint.group("publisher")
            if name and not _NOT_A_PUBLISHER.match(name.strip()) and publisher is None:
                start = block.start + reprint.start("publisher") + 1
                publisher = Span(start, start + len(name) - 1, name.strip())
            continue
        if _is_promo_or_caption(stripped):
            boilerplate.append(block)
            continue
        if title is None:
            # The title is the first line; what follows it in the same block is story text.
            title_end = text.find("\n", block.start, block.end)
            if title_end == -1:
                title = block
                continue
            title = Span(block.start, title_end, text[block.start : title_end])
            rest_start = _skip_space(text, title_end)
            block = Span(rest_start, block.end, text[rest_start : block.end])
        paragraphs.append(block)
    if title is None:
        raise InputError(source_name, "no story text (only boilerplate lines)")
    if paragraphs:
        note = _EDITORIAL_NOTE.match(paragraphs[0].text)
        if note:
            first = paragraphs[0]
            boilerplate.append(Span(first.start, first.start + note.end(), note.group(0)))
            paragraphs[0] = Span(first.start + note.end(), first.end, first.text[note.end() :])
        dateline = _DATELINE.match(paragraphs[0].text)
        if dateline:
            first = paragraphs[0]
            boilerplate.append(Span(first.start, first.start + dateline.end(), dateline.group(0)))
            paragraphs[0] = Span(
                first.start + dateline.end(), first.end, first.text[dateline.end() :]
            )
            place_start = first.start + dateline.start("place")
            dateline_place = Span(
                place_start, place_start + len(dateline.group("place")), dateline.group("place")
            )
            if publisher is None:
                start = first.start + dateline.start("publisher")
                publisher = Span(
                    start, start + len(dateline.group("publisher")), dateline.group("publisher")
                )
    return Document(
        text=text,
        title=title,
        paragraphs=tuple(paragraphs),
        boilerplate=tuple(sorted(boilerplate, key=lambda span: span.start)),
        source_name=source_name,
        slug=slug or slugify(title.text),
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        original_publisher=publisher,
        published=published,
        url=url,
        publisher_name=publisher_name,
        encoding=encoding,
        authors=authors,
        dateline=dateline_place,
    )


def _is_promo_or_caption(block: str) -> bool:
    if len(block.split()) > 40:
        return False
    return bool(
        _PROMO.match(block)
        or _CAPTION_CREDIT.search(block)
        or _CAPTION_START.match(block)
        or (len(block.split()) <= 12 and _COPYRIGHT.match(block))
    )


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _blocks(text: str) -> list[Span]:
    """Blank-line separated blocks, trimmed of surrounding whitespace."""
    blocks = []
    for match in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S(?:.*\S)?)*", text):
        blocks.append(Span(match.start(), match.end(), match.group(0)))
    return blocks
