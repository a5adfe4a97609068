"""The Python API for notebooks and scripts: an article from a string, a corpus build, the store.

spaCy, rdflib, pyoxigraph and pyvis are imported by the function that needs them, so
`import graph` stays cheap; errors are the project's exceptions (graph/errors.py).
"""

from __future__ import annotations

import datetime
import html
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeAlias

from graph.errors import InputError, ParameterError
from graph.model import ArticleFacts, Document, Entity, Post, Relation, Statement

if TYPE_CHECKING:
    from decimal import Decimal

    import networkx as nx
    import pyoxigraph
    from rdflib import Graph

    from graph.work import ArticleResult

__all__ = ["ArticleGraph", "BuildSummary", "Page", "Store", "build", "build_article", "open_store"]

PathLike: TypeAlias = str | os.PathLike[str]
Value: TypeAlias = "str | int | float | bool | Decimal | datetime.date | None"
"""A value of a query row: literals as Python values, IRIs and blank nodes as strings, an
unbound variable as None."""

VIEW_HEIGHT = 600
"""Pixel height of the view a notebook shows inline."""


class Page(str):
    """An HTML page of the interactive view: a string (write it to a file) that a notebook
    shows inline, in an iframe."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return inline_frame(self)


def inline_frame(page: str, *, height: int = VIEW_HEIGHT) -> str:
    """The page in an iframe `srcdoc`, escaped as an attribute value; the page's scripts run in
    a sandbox (no access to the notebook, no network: the page is self-contained)."""
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'style="width: 100%; height: {height}px; border: 1px solid #ccc;" '
        'title="newsgraph view"></iframe>'
    )


@dataclass(frozen=True, slots=True, repr=False)
class ArticleGraph:
    """The facts of one article, and its graph in the forms users need."""

    facts: ArticleFacts

    @property
    def document(self) -> Document:
        return self.facts.document

    @property
    def title(self) -> str:
        return self.facts.document.title.text

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.facts.entities

    @property
    def statements(self) -> tuple[Statement, ...]:
        return self.facts.statements

    @property
    def posts(self) -> tuple[Post, ...]:
        return self.facts.posts

    @property
    def relations(self) -> tuple[Relation, ...]:
        return self.facts.relations

    def entity(self, key: str) -> Entity:
        """The entity with this key (a statement's `speaker_key`, a post's `holder_key` ...)."""
        for entity in self.facts.entities:
            if entity.key == key:
                return entity
        raise ParameterError("key", key, "the key of one of this article's entities")

    def rdf(self) -> Graph:
        """The self-contained article graph: what `newsgraph build` writes as SLUG.ttl."""
        from graph.rdf import build_graph

        return build_graph(self.facts)

    def turtle(self) -> str:
        """The graph as Turtle, the same text as the SLUG.ttl file of a build."""
        from graph.export.files import serialize_graph

        return serialize_graph(self.rdf()).turtle

    def to_networkx(self) -> nx.MultiDiGraph:
        """The entity network the view draws: nodes are entities (kind, label, roles,
        statements), edges are posts, memberships, borders and "said about"."""
        from graph.export.network import project

        return project(self.rdf())

    def view(self, *, title: str | None = None) -> Page:
        """The interactive view: a self-contained HTML page (no network needed)."""
        from graph.export.html import render_view

        page, _ = render_view(self.rdf(), title=title or self.title)
        return Page(page)

    def _repr_html_(self) -> str:
        return inline_frame(self.view())

    def __repr__(self) -> str:
        return (
            f"<ArticleGraph {self.title!r}: {len(self.entities)} entities, "
            f"{len(self.statements)} statements, {len(self.posts)} posts, "
            f"{len(self.relations)} relations>"
        )


def build_article(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    authors: Sequence[str] = (),
) -> ArticleGraph:
    """Extract the facts of one article given as a string. Without `title`, the first line of
    `text` is the headline. Raises InputError for a text with no story in it."""
    from graph.pipeline import build_facts
    from graph.read import parse_article, slugify

    if not isinstance(text, str):
        raise ParameterError("text", type(text).__name__, "the article as a str")
    if isinstance(authors, str):
        raise ParameterError("authors", authors, "a list of names, e.g. ['Jill Serjeant']")
    body = f"{title}\n\n{text}" if title else text
    document = parse_article(
        body,
        source_name="<string>",
        slug=slugify(title) if title else None,
        published=published,
        url=url,
        publisher_name=publisher,
        authors=tuple(authors),
    )
    return ArticleGraph(build_facts(document))


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a build did: counts, the failures (one message per input), the files it wrote."""

    built: int
    skipped: int
    failed: tuple[str, ...]
    output: Path
    store: Path
    counts: Mapping[str, int] = field(default_factory=dict)  # people, statements, triples ...
    files: tuple[Path, ...] = field(default=(), repr=False)  # every file written
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class _Collected:
    """The build's events, kept for the summary instead of printed."""

    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def started(self, total: int) -> None:
        pass

    def built(self, result: ArticleResult, files: tuple[Path, ...]) -> None:
        self.files.extend(files)

    def skipped(self, name: str) -> None:
        pass

    def failed(self, message: str) -> None:
        pass  # the report keeps the failures

    def note(self, message: str) -> None:
        self.notes.append(message)


def build(
    paths: PathLike | Iterable[PathLike],
    *,
    output: PathLike = "output",
    jobs: int | None = None,
    force: bool = False,
) -> BuildSummary:
    """Build articles into `output` like `newsgraph build`: text, Markdown and HTML files,
    directories (recursively) and JSON Lines. An input that cannot be read is a message in
    `failed`, not an exception; the others are built. `jobs`: worker processes (None: one)."""
    from graph.corpus.build import BuildOptions, build_corpus
    from graph.export.store import StoreLocation

    sources = [os.fspath(paths)] if isinstance(paths, str | os.PathLike) else list(paths)
    names = [os.fspath(path) for path in sources]
    if not names:
        raise ParameterError("paths", paths, "at least one file, directory or JSON Lines file")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ParameterError("jobs", jobs, "a number of worker processes of at least 1, or None")
    directory = Path(output)
    store = StoreLocation.from_options(output=directory, store=None)
    options = BuildOptions(output=directory, store=store, force=force, jobs=jobs or 1)
    events = _Collected()
    report = build_corpus(names, options, events)
    return BuildSummary(
        built=report.built,
        skipped=report.skipped,
        failed=tuple(report.failed),
        output=directory,
        store=store.path,
        counts=dict(report.totals),
        files=(*events.files, *report.corpus_files),
        notes=tuple(events.notes),
    )


class Store:
    """The store a build wrote, open for reading: SPARQL queries and the view. Use it in a
    `with` block, or call `close()`."""

    def __init__(self, path: PathLike) -> None:
        from graph.export.store import StoreLocation, open_store_read_only

        location = Path(path)
        if not (location / "CURRENT").is_file() and (location / "store").is_dir():
            location = location / "store"  # the output directory of a build
        self.path = location
        self._store: pyoxigraph.Store | None = open_store_read_only(StoreLocation(location))

    def _open(self) -> pyoxigraph.Store:
        if self._store is None:
            raise InputError(str(self.path), "the store is closed")
        return self._store

    def query(self, sparql: str) -> list[dict[str, Value]]:
        """The rows of a SELECT query as dicts from variable name to value; our prefixes (ng,
        schema, org, rdfs ...) are predeclared and the query sees every article graph."""
        import pyoxigraph

        from graph.query import QuerySyntaxError, run_query

        results = run_query(self._open(), sparql)
        if not isinstance(results, pyoxigraph.QuerySolutions):
            kind = "an ASK" if isinstance(results, pyoxigraph.QueryBoolean) else "a CONSTRUCT"
            raise QuerySyntaxError(f"query() answers SELECT queries; this is {kind} query")
        names = [variable.value for variable in results.variables]
        return [{name: python_value(solution[name]) for name in names} for solution in results]

    def view(self, *, title: str | None = None) -> Page:
        """The interactive view of every article in the store, as `newsgraph view` writes it."""
        from graph.commands.view import GraphSource, load_sources
        from graph.export.html import default_title, render_view

        self._open()
        dataset = load_sources([GraphSource(self.path, "store")])
        page, _ = render_view(dataset, title=title or default_title(dataset))
        return Page(page)

    def close(self) -> None:
        """Release the store (Oxigraph closes it when the last reference goes)."""
        self._store = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._store is None else "open"
        return f"<Store {str(self.path)!r} ({state})>"


def open_store(path: PathLike = "output") -> Store:
    """Open the store of a build for reading: the store directory, or the build's output
    directory that holds it. Raises InputError when there is none."""
    return Store(path)


def python_value(term: object) -> Value:
    """A query result term as a plain Python value."""
    import pyoxigraph
    from rdflib import Literal, URIRef

    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return term.value
        value = Literal(term.value, datatype=URIRef(term.datatype.value)).toPython()
        return value if isinstance(value, str | int | float | bool) else _other_value(value, term)
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    return str(term)


def _other_value(value: object, term: pyoxigraph.Literal) -> Value:
    """Decimals, dates and times stay typed; a literal rdflib cannot convert is its text."""
    from decimal import Decimal

    if isinstance(value, Decimal | datetime.date):
        return value
    return term.value
