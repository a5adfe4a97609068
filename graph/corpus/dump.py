"""The corpus files: every graph of the store but the ontology and bookkeeping, as N-Quads
(`corpus.nq`) and TriG (`corpus.trig`), for other triple stores.

Reading a graph back from the store costs more than everything else about it (every term is
looked up in RocksDB), so the article graphs written by a build are kept as they will appear
in the files (`GraphSections`, on disk) and copied at the end; only graphs the build did not
write, or rewrote since, are read from the store. Both ways give the same bytes: a graph's
text is made by one function (`graph_text`) from its N-Triples as Oxigraph writes them.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from graph.errors import OutputError
from graph.export.files import prefixes_end
from graph.export.store import data_graphs, in_graph

if TYPE_CHECKING:
    import pyoxigraph

_CHUNK = 200  # graphs per task when reading the store
# Characters rdflib writes as they are inside a literal and Oxigraph escapes (line breaks,
# quotation marks and backslashes both escape alike; nothing else differs)
_WRITTEN_OTHERWISE = re.compile("[\x00-\x09\x0b-\x1f\x7f\ufffe\uffff]")
_READ_AHEAD = 4  # chunks being read while earlier ones are written


@dataclass(frozen=True, slots=True)
class GraphText:
    """One named graph as the corpus files hold it: its triples as N-Quads lines, sorted, and
    the same triples as a TriG graph block."""

    nquads: bytes
    trig: bytes


def graph_text(
    name: str,
    ntriples: bytes,
    prefixes: dict[str, str],
    triples: list[pyoxigraph.Triple] | None = None,
) -> GraphText:
    """The graph `name` from its N-Triples as Oxigraph writes them; `triples`, if given, are
    those lines already sorted, parsed (saves sorting and parsing them again)."""
    import pyoxigraph

    data = ntriples if triples is not None else b"".join(sorted(ntriples.splitlines(True)))
    if triples is None:
        triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
    turtle = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    return GraphText(in_graph(data, name), _trig_block(name, turtle or b""))


def stored_text(
    name: str, ntriples: str, triples: list[pyoxigraph.Triple], prefixes: dict[str, str]
) -> tuple[str, GraphText]:
    """A graph about to be written to the store, from its sorted N-Triples as rdflib writes
    them and those lines parsed: its N-Triples as the store will write them back, and its
    text in the corpus files."""
    import pyoxigraph

    if not _WRITTEN_OTHERWISE.search(ntriples):
        return ntriples, graph_text(name, ntriples.encode("utf-8"), prefixes, triples)
    written = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
    lines = written.splitlines(keepends=True)
    in_order = all(lines[i] <= lines[i + 1] for i in range(len(lines) - 1))
    text = graph_text(name, written, prefixes, triples if in_order else None)
    return b"".join(lines if in_order else sorted(lines)).decode("utf-8"), text


def trig_prefixes(prefixes: dict[str, str]) -> bytes:
    lines = (f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(prefixes.items()))
    return "".join(lines).encode()


def _trig_block(name: str, turtle: bytes) -> bytes:
    """A TriG graph block from the graph's Turtle: the same statements in both languages,
    without the prefix lines, which a TriG document states once at its top."""
    body = turtle[prefixes_end(turtle, b"@prefix ", b"\n") :].strip(b"\n")
    if not body:
        return b""
    # Oxigraph writes line breaks inside literals as escapes: every line is a whole line
    return b"<" + name.encode() + b"> {\n\t" + body.replace(b"\n", b"\n\t") + b"\n}\n"


class GraphSections:
    """The text of the graphs a build writes, appended to two unnamed temporary files beside
    the output (gone when closed, also after a crash), found again by name. One thread adds
    (the article writer), then any number read."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._files: tuple[BinaryIO, BinaryIO] | None = None
        self._ends = [0, 0]
        self._where: dict[str, tuple[int, int, int, int]] = {}
        self._lock = threading.Lock()

    def add(self, name: str, text: GraphText) -> None:
        files = self._open()
        starts = tuple(self._ends)
        for index, data in enumerate((text.nquads, text.trig)):
            os.pwrite(files[index].fileno(), data, starts[index])
            self._ends[index] += len(data)
        with self._lock:
            self._where[name] = (starts[0], len(text.nquads), starts[1], len(text.trig))

    def forget(self, names: Iterable[str]) -> None:
        """These graphs changed in the store since they were added."""
        with self._lock:
            for name in names:
                self._where.pop(name, None)

    def get(self, name: str) -> GraphText | None:
        with self._lock:
            where = self._where.get(name)
        if where is None or self._files is None:
            return None
        nq_start, nq_size, trig_start, trig_size = where
        return GraphText(
            os.pread(self._files[0].fileno(), nq_size, nq_start),
            os.pread(self._files[1].fileno(), trig_size, trig_start),
        )

    def close(self) -> None:
        if self._files is not None:
            for file in self._files:
                file.close()
            self._files = None
        self._where.clear()

    def _open(self) -> tuple[BinaryIO, BinaryIO]:
        if self._files is None:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                # open as long as the sections are: closed by `close`
                self._files = (
                    tempfile.TemporaryFile(dir=self.directory),  # noqa: SIM115
                    tempfile.TemporaryFile(dir=self.directory),  # noqa: SIM115
                )
            except OSError as error:
                raise OutputError(
                    f"{self.directory}: cannot write output ({error.strerror})"
                ) from error
        return self._files


def dump_corpus(
    store: pyoxigraph.Store,
    nquads: Path,
    trig: Path,
    prefixes: dict[str, str],
    sections: GraphSections | None = None,
) -> None:
    """Every graph but the ontology and bookkeeping (articles and knowledge, each triple
    once) as N-Quads and TriG, streamed to disk without holding the corpus in memory; each
    file replaced atomically. Graphs in order of their names, each graph's triples sorted,
    so the same content always gives the same bytes.

    Graphs are fetched a chunk at a time on two threads (from `sections`, else from the
    store; both release the GIL), while this thread turns the ones read from the store into
    text and writes the chunks before them."""
    import pyoxigraph

    staging = (nquads.with_name(f".{nquads.name}.tmp"), trig.with_name(f".{trig.name}.tmp"))
    names = data_graphs(store)
    chunks = [names[i : i + _CHUNK] for i in range(0, len(names), _CHUNK)]

    def read(chunk: list[str]) -> list[GraphText | tuple[str, bytes]]:
        found: list[GraphText | tuple[str, bytes]] = []
        for name in chunk:
            text = sections.get(name) if sections is not None else None
            if text is None:
                graph = pyoxigraph.NamedNode(name)
                data = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
                found.append((name, data or b""))
            else:
                found.append(text)
        return found

    def write(
        found: list[GraphText | tuple[str, bytes]], outputs: tuple[BinaryIO, BinaryIO]
    ) -> None:
        for item in found:
            text = item if isinstance(item, GraphText) else graph_text(*item, prefixes)
            outputs[0].write(text.nquads)
            outputs[1].write(text.trig)

    try:
        with (
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as threads,
            staging[0].open("wb") as nquads_out,
            staging[1].open("wb") as trig_out,
        ):
            trig_out.write(trig_prefixes(prefixes))
            reading: list[concurrent.futures.Future[list[GraphText | tuple[str, bytes]]]] = []
            for chunk in chunks:
                reading.append(threads.submit(read, chunk))
                if len(reading) > _READ_AHEAD:
                    write(reading.pop(0).result(), (nquads_out, trig_out))
            for future in reading:
                write(future.result(), (nquads_out, trig_out))
        os.replace(staging[0], nquads)
        os.replace(staging[1], trig)
    except OSError as error:
        raise OutputError(
            f"{nquads.parent}: cannot write the corpus files ({error.strerror})"
        ) from error
    finally:
        for leftover in staging:
            leftover.unlink(missing_ok=True)
