"""What to build: files, directories (recursively), JSON Lines and standard input, as sources.

A source is cheap to list and read lazily, so a corpus streams through the build; every
problem with one source is an InputError naming it, never the end of the build.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError
from graph.model import Document
from graph.read import MAX_BYTES, parse_article, read_article, slugify

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True, slots=True)
class Source:
    """One article to read: a file (slug given), standard input, or one JSON Lines record."""

    name: str
    path: str
    slug: str | None = None
    line: str | None = None

    def read(self, *, max_bytes: int = MAX_BYTES) -> Document:
        if self.line is None:
            return read_article(self.path, slug=self.slug, max_bytes=max_bytes)
        return _jsonl_document(self.name, self.line, max_bytes)


def expand(paths: list[str]) -> Iterator[Source | InputError]:
    """Sources in a stable order; a path that cannot be used yields its InputError."""
    for path in paths:
        if path == "-":
            yield Source("<stdin>", "-")
            continue
        target = Path(path)
        if target.is_dir():
            found = False
            for source in _walk(target):
                found = True
                yield source
            if not found:
                yield InputError(
                    path, "a directory with no article files (.txt .md .html .htm .jsonl) in it"
                )
        elif target.suffix.lower() in JSONL_SUFFIXES and target.is_file():
            yield from _jsonl_sources(target)
        else:
            yield Source(path, path)


def _walk(root: Path) -> Iterator[Source | InputError]:
    """Article files under `root`, sorted; symbolic links to directories are not followed,
    so a link loop cannot trap the walk."""
    for directory, subdirectories, files in os.walk(
        root, followlinks=False, onerror=lambda error: None
    ):
        subdirectories.sort()
        for name in sorted(files):
            file = Path(directory) / name
            suffix = file.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                yield from _jsonl_sources(file)
            elif suffix in ARTICLE_SUFFIXES:
                relative = file.relative_to(root).with_suffix("")
                yield Source(str(file), str(file), slug=slugify(str(relative)))


def _jsonl_sources(path: Path) -> Iterator[Source | InputError]:
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield Source(f"{path}:{number}", str(path), line=line)
    except (OSError, UnicodeDecodeError) as error:
        yield InputError(str(path), f"cannot be read as UTF-8 JSON Lines ({error})")


def _jsonl_document(name: str, line: str, max_bytes: int) -> Document:
    """One {"id", "title", "text", "url", "published", "publisher"} record."""
    if len(line.encode("utf-8")) > max_bytes:
        raise InputError(name, f"record over the {max_bytes}-byte limit (--max-bytes)")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(name, f"not valid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(record, dict):
        raise InputError(name, "a JSON Lines record must be an object")
    text, title = record.get("text"), record.get("title") or ""
    if not isinstance(text, str) or not isinstance(title, str) or not text.strip():
        raise InputError(name, 'record has no text (the "text" field)')
    identifier = str(record.get("id") or title or name)

    def optional(field: str) -> str | None:
        value = record.get(field)
        return str(value) if value not in (None, "") else None

    body = f"{title}\n\n{text}" if title else text
    return parse_article(
        body,
        source_name=name,
        slug=slugify(identifier),
        published=optional("published"),
        url=optional("url"),
        publisher_name=optional("publisher"),
    )
