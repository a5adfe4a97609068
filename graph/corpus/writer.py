"""Writing each article's files and graph on one background thread, while the next batch parses.

What the thread does is native work that releases the GIL: Oxigraph loading N-Triples into
its store, the operating system writing files (the article's files, and its graph's text
for the corpus files at the end). So it runs beside spaCy instead of after it.
Everything that runs Python for long (serialising, the knowledge layer, views) stays on the
calling thread: a thread busy in Python takes the GIL from spaCy for milliseconds at a time,
and spaCy, which releases and retakes the GIL around every native call, then waits far
longer than the thread saves.

One thread, first in first out: the store receives the graphs in the order a build without
the thread would write them, so the store and files are the same.
"""

from __future__ import annotations

import concurrent.futures
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from graph.corpus.dump import GraphSections
from graph.export.files import WrittenFiles, write_serialized
from graph.export.store import replace_ntriples
from graph.rdf import article_iri_for_slug
from graph.work import ArticleResult

if TYPE_CHECKING:
    import pyoxigraph


class ArticleWriter:
    """Writes articles in submission order and reports each once it is on disk and in the
    store. An error in the thread is raised by the next call of `finished` or `drain`."""

    def __init__(
        self,
        store: pyoxigraph.Store,
        output: Path,
        *,
        ahead: int,
        flush_every: int,
        sections: GraphSections | None = None,
    ) -> None:
        self.store = store
        self.output = output
        self.sections = sections
        self.ahead = ahead
        self.flush_every = flush_every
        self._written = 0
        self._thread = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="newsgraph-writer"
        )
        self._pending: deque[tuple[ArticleResult, concurrent.futures.Future[WrittenFiles]]] = (
            deque()
        )

    def submit(self, result: ArticleResult) -> None:
        self._pending.append((result, self._thread.submit(self._write, result)))

    def finished(self) -> Iterator[tuple[ArticleResult, WrittenFiles]]:
        """The articles written since the last call, in order; waits only while more than
        `ahead` are outstanding."""
        while self._pending and (self._pending[0][1].done() or len(self._pending) > self.ahead):
            result, future = self._pending.popleft()
            yield result, future.result()

    def drain(self) -> Iterator[tuple[ArticleResult, WrittenFiles]]:
        """Every article still being written, once written."""
        while self._pending:
            result, future = self._pending.popleft()
            yield result, future.result()

    def close(self) -> None:
        """Stop the thread: after `drain`, or on an error, after what it is writing now."""
        self._thread.shutdown(wait=True, cancel_futures=True)

    def _write(self, result: ArticleResult) -> WrittenFiles:
        assert result.serialized is not None
        files = write_serialized(result.serialized, self.output, result.slug)
        name = article_iri_for_slug(result.slug)
        replace_ntriples(self.store, name, result.evidence)
        if self.sections is not None and result.stored is not None:
            self.sections.add(str(name), result.stored)
        self._written += 1
        if self._written % self.flush_every == 0:
            # Oxigraph buffers writes in memory until a flush: keep that bounded.
            self.store.flush()
        return files
