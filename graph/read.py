"""Text in, Document out: decoding, normalisation, title/paragraphs, boilerplate and provenance.

Offsets of every later stage point into `Document.text`, so this module never reorders text.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

from graph.errors import InputError
from graph.model import Document, Span

BUNDLED_ARTICLE = Path(__file__).parent / "data" / "article.txt"
MAX_BYTES = 5_000_000

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
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def read_article(path: str) -> Document:
    """Read one article from a file path, or from standard input when `path` is "-"."""
    if path == "-":
        raw = sys.stdin.buffer.read()
        return parse_article(decode_bytes(raw, "<stdin>"), source_name="<stdin>")
    file = Path(path)
    if not file.exists():
        raise InputError(path, "no such file")
    if file.is_dir():
        raise InputError(path, "is a directory, not an article file")
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, f"file is {size} bytes, larger than the {MAX_BYTES}-byte limit")
        raw = file.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror})") from error
    return parse_article(decode_bytes(raw, path), source_name=path, slug=slugify(file.stem))


def decode_bytes(raw: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse binary data."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(source, "invalid UTF-16 text") from error
    if b"\x00" in raw:
        raise InputError(source, "binary data (NUL bytes), not a text article")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            source, f"not UTF-8 text (undecodable byte at offset {error.start})"
        ) from error


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def slugify(name: str) -> str:
    slug = _SLUG_CHARS.sub("-", unicodedata.normalize("NFKD", name).lower()).strip("-")
    return slug[:80].strip("-") or "article"


def parse_article(text: str, *, source_name: str, slug: str | None = None) -> Document:
    """Split normalised text into title, story paragraphs, boilerplate and provenance."""
    text = normalise_text(text)
    blocks = list(_blocks(text))
    if not blocks:
        raise InputError(source_name, "empty article (no text)")
    title: Span | None = None
    paragraphs: list[Span] = []
    boilerplate: list[Span] = []
    publisher: Span | None = None
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
    )


def _is_promo_or_caption(block: str) -> bool:
    if len(block.split()) > 40:
        return False
    return bool(_PROMO.match(block) or _CAPTION_CREDIT.search(block) or _CAPTION_START.match(block))


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
