"""Building a corpus: read sources lazily, process them in batches (here, in worker processes or
on a Dask cluster), write each article's files and named graph as soon as it is done.

Library code: it reports through a BuildEvents object and a BuildReport; the CLI prints.
"""

from __future__ import annotations

import concurrent.futures
import gc
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Protocol

import pyoxigraph
from rdflib import Dataset, Graph, URIRef

from graph.corpus.dump import GraphSections, dump_corpus
from graph.corpus.update import KnowledgeLayer, KnowledgeUpdate
from graph.corpus.writer import ArticleWriter
from graph.errors import InputError, NewsgraphError
from graph.export.files import TURTLE_PREFIXES, WrittenFiles
from graph.export.graphml import write_graphml
from graph.export.html import default_title, write_view
from graph.export.network import union_graph
from graph.export.remote import Endpoint, push_graphs
from graph.export.store import (
    StoreLocation,
    article_graphs,
    load_ontology,
    open_store,
    refuse_old_layout,
    stored_hash,
)
from graph.model import Document
from graph.parallel import default_jobs
from graph.rdf import article_iri_for_slug
from graph.read import MAX_BYTES
from graph.sources import Source, expand
from graph.work import ArticleResult, process_documents, settle_process

ARTICLE_VIEW_LIMIT = 25  # above this many articles, only the corpus-wide view is written
FLUSH_EVERY = 100  # articles between flushes of the store's write buffers
FIRST_KNOWLEDGE_UPDATE = 1000  # articles before the knowledge layer is first brought up to date
KNOWLEDGE_NOTE_FROM = 1000  # nodes: a knowledge update this large is worth a line on stderr
WRITE_AHEAD = 64  # articles being written (files, store) while the next ones parse, at most
CORPUS_VIEW_LIMIT = 25  # above this many articles in the store, no corpus view either (slow)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    output: Path
    store: StoreLocation
    force: bool = False
    jobs: int | None = None  # None: default_jobs(number of articles)
    batch_size: int = 16
    timeout: float | None = 120.0
    max_bytes: int = MAX_BYTES
    article_views: bool | None = None  # None: only for builds of a few articles
    cluster: str | None = None
    endpoint: Endpoint | None = None


class BuildEvents(Protocol):
    def started(self, total: int) -> None: ...
    def built(self, result: ArticleResult, files: tuple[Path, ...]) -> None: ...
    def skipped(self, name: str) -> None: ...
    def failed(self, message: str) -> None: ...
    def note(self, message: str) -> None: ...


@dataclass(slots=True)
class BuildReport:
    built: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    totals: Counter[str] = field(default_factory=Counter)
    slowest: tuple[str, float] = ("", 0.0)
    corpus_files: tuple[Path, ...] = ()


def article_name(slug: str) -> URIRef:
    """The named graph of an article is the article's IRI."""
    return article_iri_for_slug(slug)


def build_corpus(paths: list[str], options: BuildOptions, events: BuildEvents) -> BuildReport:
    report = BuildReport()
    sources = list(expand(paths))
    events.started(len(sources))
    # The store is opened when there is something to check or write: a build that reads
    # nothing leaves no store and no corpus files behind. With --endpoint it is still kept:
    # it is the ledger the knowledge layer is derived from and unchanged articles skipped by.
    store = _LazyStore(options.store)
    if options.article_views is None:
        options = replace(options, article_views=len(sources) <= ARTICLE_VIEW_LIMIT)
    if options.jobs is None:
        options = replace(options, jobs=default_jobs(len(sources)))
    documents = _documents(sources, options, store, report, events)
    with _fewer_collections():
        _write_results(
            _results(_batches(documents, options.batch_size), options),
            options,
            store,
            report,
            events,
        )
    return report


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector runs after 10,000 net new objects instead of 700 while
    the build runs (worker processes forked from it too). An article's objects are freed by
    reference counting as soon as it is written, so the collector finds little; at the
    default it ran 4,000 times on 962 articles, for 0.7 s."""
    previous = gc.get_threshold()
    gc.set_threshold(10_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def write_results(
    results: Iterable[ArticleResult], options: BuildOptions, events: BuildEvents
) -> BuildReport:
    """The writing half of a build on its own, for results computed elsewhere: what the one
    client process does whatever the number of workers (scripts/bench.py times it)."""
    report = BuildReport()
    _write_results(results, options, _LazyStore(options.store), report, events)
    return report


def _failed(report: BuildReport, events: BuildEvents, message: str) -> None:
    report.failed.append(message)
    events.failed(message)


def _write_results(
    results: Iterable[ArticleResult],
    options: BuildOptions,
    store: _LazyStore,
    report: BuildReport,
    events: BuildEvents,
) -> None:
    """Each article's files and graph as its result comes, then the knowledge layer and the
    corpus files."""
    # The knowledge layer is brought up to date after 1,000, 2,000, 4,000 ... articles and at
    # the end: each update reads every record of the nodes it recomputes, so updating at fixed
    # intervals would cost time quadratic in the corpus.
    next_update = FIRST_KNOWLEDGE_UPDATE
    writer: ArticleWriter | None = None
    submitted = 0
    # what the corpus files will hold of each article graph, kept as it is written
    sections = GraphSections(options.output) if options.endpoint is None else None

    def built(written: Iterator[tuple[ArticleResult, WrittenFiles]]) -> None:
        for result, files in written:
            paths = _article_written(result, files, options, store.knowledge())
            report.built += 1
            report.totals.update(result.counts)
            if result.seconds > report.slowest[1]:
                report.slowest = (result.source_name, result.seconds)
            if result.encoding != "utf-8":
                events.note(f"{result.source_name}: decoded as {result.encoding}")
            events.built(result, paths)

    try:
        for result in results:
            if result.error is not None or result.serialized is None:
                _failed(report, events, f"{result.source_name}: {result.error}")
                continue
            layer = store.knowledge()
            if writer is None:
                # a remote store gets each article after the local one: nothing written ahead
                ahead = 0 if options.endpoint is not None else WRITE_AHEAD
                writer = ArticleWriter(
                    layer.store,
                    options.output,
                    ahead=ahead,
                    flush_every=FLUSH_EVERY,
                    sections=sections,
                )
            layer.mark_article(str(article_name(result.slug)), result.supports)
            writer.submit(result)
            submitted += 1
            built(writer.finished())
            if submitted >= next_update:
                built(writer.drain())
                _update_knowledge(layer, options, events, sections)
                next_update *= 2
        if writer is not None:
            built(writer.drain())
        database = store.opened
        if database is not None:
            layer = store.knowledge()
            if layer.pending:
                _update_knowledge(layer, options, events, sections)
            database.flush()
            if report.built and options.endpoint is None:
                report.corpus_files = write_corpus_files(
                    database, options.output, events.note, sections
                )
    finally:
        if writer is not None:
            writer.close()
        if sections is not None:
            sections.close()
        if isinstance(results, Generator):
            # stop the workers now, also when this ends early, not when the generator is
            # collected (perhaps as the interpreter exits)
            results.close()


def _update_knowledge(
    layer: KnowledgeLayer,
    options: BuildOptions,
    events: BuildEvents,
    sections: GraphSections | None,
) -> None:
    nodes, start = len(layer.pending), time.perf_counter()
    update = layer.update()
    if sections is not None:
        # article graphs rewritten by the update (people linked by surname) are read anew
        sections.forget(name for name, _ in update.graphs)
    if nodes >= KNOWLEDGE_NOTE_FROM:
        events.note(f"knowledge layer: {nodes} nodes in {time.perf_counter() - start:.2f} s")
    if options.endpoint is not None:
        _mirror(options.endpoint, update)


def _mirror(endpoint: Endpoint, update: KnowledgeUpdate) -> None:
    """Send the recomputed knowledge graphs to the remote store too (an empty one empties it)."""
    report = push_graphs(endpoint, update.graphs)
    if report.failed:
        name, reason = next(iter(report.failed.items()))
        raise NewsgraphError(f"knowledge graph {name} not written to the endpoint: {reason}")


class _LazyStore:
    """The embedded store, opened (and given the ontology) on first use."""

    def __init__(self, location: StoreLocation) -> None:
        self.location = location
        # a store this build creates holds only what this build wrote
        self.preexisting = location.path.is_dir()
        self.opened: pyoxigraph.Store | None = None
        self._knowledge: KnowledgeLayer | None = None

    def writable(self) -> pyoxigraph.Store:
        if self.opened is None:
            self.opened = open_store(self.location)
            refuse_old_layout(self.opened, self.location)
            load_ontology(self.opened)
        return self.opened

    def knowledge(self) -> KnowledgeLayer:
        if self._knowledge is None:
            self._knowledge = KnowledgeLayer(self.writable())
        return self._knowledge

    def existing(self) -> pyoxigraph.Store | None:
        """The store if it was there before this build (to skip unchanged articles), without
        creating it."""
        if self.preexisting:
            return self.writable()
        return None


def _documents(
    sources: list[Source | InputError],
    options: BuildOptions,
    store: _LazyStore,
    report: BuildReport,
    events: BuildEvents,
) -> Iterator[Document]:
    seen: dict[str, tuple[str, str]] = {}  # slug → (source name, content hash)
    for source in sources:
        if isinstance(source, InputError):
            _failed(report, events, str(source))
            continue
        try:
            document = source.read(max_bytes=options.max_bytes)
        except NewsgraphError as error:
            _failed(report, events, str(error))
            continue
        if document.slug in seen:
            first, content = seen[document.slug]
            if content == document.content_sha256:
                # feeds repeat records: the same article twice is built once
                report.skipped += 1
                events.note(f"{source.name}: the same article as {first}, skipped")
                events.skipped(source.name)
            else:
                _failed(
                    report,
                    events,
                    f"{source.name}: another article of this build ({first}) has the same "
                    f"id or name ({document.slug}) but other text; rename one",
                )
            continue
        seen[document.slug] = (source.name, document.content_sha256)
        if (
            not options.force
            and (database := store.existing()) is not None
            and stored_hash(database, article_name(document.slug)) == document.content_sha256
        ):
            report.skipped += 1
            events.skipped(source.name)
            continue
        yield document


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def _results(batches: Iterator[list[Document]], options: BuildOptions) -> Iterator[ArticleResult]:
    """Results of every batch: here, in `jobs` worker processes, or on a Dask cluster. At most
    two batches per worker are in flight, so memory stays bounded on any corpus size."""
    if options.cluster:
        yield from _on_cluster(batches, options)
        return
    jobs = options.jobs or 1
    if jobs <= 1:
        for batch in batches:
            yield from process_documents(batch, timeout=options.timeout)
        return
    # The model is loaded here, once: workers forked from this process start with it (and
    # share its memory) instead of each importing spaCy and loading it; where processes are
    # spawned instead of forked, each worker loads it in settle_process.
    settle_process()
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, initializer=settle_process
    ) as pool:
        pending: list[concurrent.futures.Future[list[ArticleResult]]] = []
        try:
            for batch in batches:
                pending.append(pool.submit(process_documents, batch, timeout=options.timeout))
                while len(pending) >= 2 * jobs:
                    yield from pending.pop(0).result()
            for future in pending:
                yield from future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _on_cluster(
    batches: Iterator[list[Document]], options: BuildOptions
) -> Iterator[ArticleResult]:
    try:
        from dask.distributed import Client
    except ImportError as error:
        raise NewsgraphError("--cluster needs Dask: pip install 'newsgraph[cluster]'") from error
    assert options.cluster is not None
    try:
        client = Client(options.cluster, timeout="30s")
    except OSError as error:
        raise NewsgraphError(
            f"cannot reach the Dask scheduler at {options.cluster} ({error})"
        ) from error
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending = []
        for batch in batches:
            # a time limit needs the main thread, which Dask tasks do not run in
            pending.append(client.submit(process_documents, batch, timeout=None, pure=False))
            while len(pending) >= 2 * workers:
                yield from pending.pop(0).result()
        for future in pending:
            yield from future.result()
    finally:
        client.close()


def _article_written(
    result: ArticleResult, written: WrittenFiles, options: BuildOptions, layer: KnowledgeLayer
) -> tuple[Path, ...]:
    """What follows an article's files and graph: its graph sent to the endpoint, its view."""
    assert result.serialized is not None
    files: tuple[Path, ...] = (written.turtle, written.ntriples, written.jsonld)
    name = article_name(result.slug)
    if options.endpoint is not None:
        report = push_graphs(options.endpoint, [(str(name), result.evidence)])
        if report.failed:
            # out of the local ledger too, so the next build sends it again
            layer.remove_article(str(name))
            raise NewsgraphError(
                f"{result.source_name}: not written to the endpoint: {report.failed[str(name)]}"
            )
    if options.article_views:
        graph = Graph().parse(data=result.serialized.ntriples, format="nt")
        view = options.output / f"{result.slug}.html"
        write_view(graph, view, title=result.title)
        network = write_graphml(graph, options.output / f"{result.slug}.graphml")
        files += (view, network)
    return files


def write_corpus_files(
    database: pyoxigraph.Store,
    output: Path,
    note: Callable[[str], None],
    sections: GraphSections | None = None,
) -> tuple[Path, ...]:
    """Every graph of the store as N-Quads and TriG (for other stores), the article graphs
    this build wrote from `sections`; for a corpus small enough to look at, also one
    network: GraphML and the HTML view."""
    names = article_graphs(database)
    nq_path, trig_path = output / "corpus.nq", output / "corpus.trig"
    dump_corpus(database, nq_path, trig_path, TURTLE_PREFIXES, sections)
    if len(names) > CORPUS_VIEW_LIMIT:
        note(
            f"{len(names)} articles: no corpus.html/corpus.graphml (over "
            f"{CORPUS_VIEW_LIMIT}); use `newsgraph view` on a selection"
        )
        return nq_path, trig_path
    dataset = Dataset()
    dataset.parse(nq_path, format="nquads")
    union = union_graph(dataset)
    view = output / "corpus.html"
    write_view(union, view, title=default_title(union))
    network = write_graphml(union, output / "corpus.graphml")
    return nq_path, trig_path, network, view
