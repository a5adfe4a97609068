"""Removing articles from a built corpus: their graphs, their files, and the knowledge that
only they supported (knowledge other articles support stays)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError
from graph.export.store import StoreLocation, article_graphs, open_store
from graph.rdf import article_iri_for_slug

ARTICLE_FILE_SUFFIXES = (".ttl", ".nt", ".jsonld", ".html", ".graphml")
CORPUS_FILES = ("corpus.nq", "corpus.trig", "corpus.html", "corpus.graphml")


@dataclass(frozen=True, slots=True)
class RemovalReport:
    removed: tuple[str, ...]
    files: tuple[Path, ...]
    corpus_files: tuple[Path, ...]


def article_name(reference: str) -> str:
    """An article's graph name from its IRI, its slug, or the path of one of its files."""
    if reference.startswith(("http://", "https://")):
        return reference
    path = Path(reference)
    slug = path.stem if path.suffix in ARTICLE_FILE_SUFFIXES else reference
    return str(article_iri_for_slug(slug))


def remove_articles(references: list[str], *, output: Path, store: StoreLocation) -> RemovalReport:
    """Remove every article named, or none if one of them is not in the store."""
    from graph.corpus.build import write_corpus_files
    from graph.corpus.update import KnowledgeLayer

    database = open_store(store, create=False)
    stored = set(article_graphs(database))
    names = [article_name(reference) for reference in references]
    missing = [ref for ref, name in zip(references, names, strict=True) if name not in stored]
    if missing:
        raise InputError(", ".join(missing), "no such article in the store; nothing removed")
    layer = KnowledgeLayer(database)
    files: list[Path] = []
    for name in dict.fromkeys(names):
        layer.remove_article(name)
        slug = name.rsplit("/", 1)[1]
        for suffix in ARTICLE_FILE_SUFFIXES:
            path = output / f"{slug}{suffix}"
            if path.exists():
                path.unlink()
                files.append(path)
    layer.update()
    database.flush()
    if article_graphs(database):
        corpus_files = write_corpus_files(database, output, lambda message: None)
    else:  # nothing left to describe
        corpus_files = ()
        for name in CORPUS_FILES:
            (output / name).unlink(missing_ok=True)
    return RemovalReport(tuple(dict.fromkeys(names)), tuple(files), corpus_files)
