"""The persistent embedded store (Oxigraph): a named graph per article (evidence), per entity,
post and role (knowledge, see graph/corpus/), and the ontology in its own.

Replacing a graph is one transaction, so readers never see half of it.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from rdflib import Graph, Literal, URIRef

from graph.errors import InputError, OutputError
from graph.vocab import ID, NG, ontology_dir

if TYPE_CHECKING:
    import pyoxigraph

ONTOLOGY_GRAPH = URIRef(str(NG).rstrip("#"))
ONTOLOGY_FILE = ontology_dir() / "newsgraph.ttl"


@dataclass(frozen=True, slots=True)
class StoreLocation:
    """Where the store is: `--store PATH`, else `DIR/store` under the output directory."""

    path: Path

    @classmethod
    def from_options(cls, *, output: Path, store: Path | None) -> StoreLocation:
        return cls(store if store is not None else output / "store")


def open_store(location: StoreLocation, *, create: bool = True) -> pyoxigraph.Store:
    import pyoxigraph

    if not create and not location.path.is_dir():
        raise InputError(str(location.path), "no store here (run `newsgraph build` first)")
    try:
        location.path.mkdir(parents=True, exist_ok=True)
        return pyoxigraph.Store(str(location.path))
    except OSError as error:
        raise OutputError(f"{location.path}: cannot open the store ({error})") from error


def open_store_read_only(location: StoreLocation) -> pyoxigraph.Store:
    import pyoxigraph

    if not location.path.is_dir():
        raise InputError(str(location.path), "no store here (run `newsgraph build` first)")
    try:
        return pyoxigraph.Store.read_only(str(location.path))
    except OSError as error:
        raise InputError(str(location.path), f"cannot open the store ({error})") from error


def replace_graph(store: pyoxigraph.Store, name: URIRef, graph: Graph) -> None:
    """Replace the named graph `name` with `graph` in one transaction."""
    replace_ntriples(store, name, graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))


def replace_ntriples(store: pyoxigraph.Store, name: URIRef, ntriples: str) -> None:
    """Replace the named graph `name` with these N-Triples in one transaction, so a reader
    or a crash never sees half an article: a new graph is one (fast) load, an existing one
    is dropped and refilled by one SPARQL update."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(str(name))
    if not store.contains_named_graph(graph):
        store.load(ntriples.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=graph)
        return
    store.update(
        f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{ntriples}\n}} }}"
    )


def load_ontology(store: pyoxigraph.Store) -> None:
    """The ontology in its own named graph, reloaded only when the file changed (its blank
    nodes would otherwise get new labels and the store would differ after every build)."""
    if not ONTOLOGY_FILE.exists():
        return
    digest = hashlib.sha256(ONTOLOGY_FILE.read_bytes()).hexdigest()
    if stored_hash(store, ONTOLOGY_GRAPH) == digest:
        return
    graph = Graph().parse(ONTOLOGY_FILE)
    graph.add((ONTOLOGY_GRAPH, NG.contentSha256, Literal(digest)))
    replace_graph(store, ONTOLOGY_GRAPH, graph)


ARTICLE_GRAPH_PREFIX = f"{ID}article/"
_DUMP_CHUNK = 200  # graphs read from the store per task when writing the corpus files


def article_graphs(store: pyoxigraph.Store) -> list[str]:
    """Names of the article graphs in the store, sorted."""
    return sorted(g.value for g in store.named_graphs() if is_article_graph(g.value))


def is_article_graph(name: str) -> bool:
    """An article's own graph, `…/id/article/<slug>`; not a graph of a node under an article
    (a post of a body only that article knows)."""
    return name.startswith(ARTICLE_GRAPH_PREFIX) and "/" not in name[len(ARTICLE_GRAPH_PREFIX) :]


def data_graphs(store: pyoxigraph.Store) -> list[str]:
    """Names of the graphs holding the corpus (articles and knowledge), sorted: all but the
    ontology and the build's bookkeeping."""
    bookkeeping = {str(ONTOLOGY_GRAPH), f"{ID}graph/pending"}
    return sorted(g.value for g in store.named_graphs() if g.value not in bookkeeping)


def refuse_old_layout(store: pyoxigraph.Store, location: StoreLocation) -> None:
    """Stores written before the knowledge layer kept each entity's description in every
    article graph; adding to one would mix the two layouts."""
    old = store.query(
        f"ASK {{ GRAPH ?article {{ ?entity <{NG.mentionedIn}> ?article ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?name } }"
    )
    if old:
        raise InputError(
            str(location.path),
            "this store was written by an older newsgraph that kept entities inside article "
            "graphs; build into a new directory, or remove this store and build again",
        )


def select(
    store: pyoxigraph.Store, query: str, *, union: bool = True
) -> Iterator[pyoxigraph.QuerySolution]:
    """The solutions of a SELECT query, over the union of all graphs unless `union` is False
    (then the query names its graphs)."""
    import pyoxigraph

    solutions = store.query(query, use_default_graph_as_union=union)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    yield from solutions


def stored_hash(store: pyoxigraph.Store, name: URIRef) -> str | None:
    """The content hash recorded for an article graph, if the store has it."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(str(name))
    predicate = pyoxigraph.NamedNode(str(NG.contentSha256))
    for quad in store.quads_for_pattern(graph, predicate, None, graph):
        term = quad.object
        return term.value if isinstance(term, pyoxigraph.Literal) else None
    return None


def dump_sorted(store: pyoxigraph.Store, *, graphs: Iterable[str] | None = None) -> str:
    """All quads of the store as sorted N-Quads (stable, diffable)."""
    import pyoxigraph

    data = store.dump(format=pyoxigraph.RdfFormat.N_QUADS) or b""
    lines = data.decode("utf-8").splitlines()
    if graphs is not None:
        wanted = {f"<{g}>" for g in graphs}
        lines = [line for line in lines if line.rsplit(" ", 2)[-2] in wanted]
    return "".join(f"{line}\n" for line in sorted(set(lines)))


def dump_corpus(
    store: pyoxigraph.Store, nquads: Path, trig: Path, prefixes: dict[str, str]
) -> None:
    """Every graph but the ontology and bookkeeping (articles and knowledge, each triple
    once) as N-Quads and TriG, streamed to disk without holding the corpus in memory; each
    file replaced atomically. Graphs in order of their names, each in the store's order, so
    the same content always gives the same bytes.

    Reading the store is most of the work (every term is looked up in RocksDB), so graphs
    are read a chunk at a time on two threads (Oxigraph releases the GIL) while this thread
    writes the chunks before them, as N-Quads and as TriG."""
    import pyoxigraph

    staging = (nquads.with_name(f".{nquads.name}.tmp"), trig.with_name(f".{trig.name}.tmp"))
    names = data_graphs(store)
    chunks = [names[i : i + _DUMP_CHUNK] for i in range(0, len(names), _DUMP_CHUNK)]

    def read(chunk: list[str]) -> bytes:
        parts = []
        for name in chunk:
            data = store.dump(
                format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(name)
            )
            # a line ends " .\n" nowhere else: N-Triples escapes line breaks in literals
            parts.append((data or b"").replace(b" .\n", f" <{name}> .\n".encode()))
        return b"".join(parts)

    def write(data: bytes, nquads_out: BinaryIO, trig_out: BinaryIO) -> None:
        nquads_out.write(data)
        quads = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS)
        text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=prefixes)
        lines = (text or b"").splitlines(keepends=True)
        header = list(itertools.takewhile(lambda line: line.startswith(b"@prefix "), lines))
        # the prefixes once, at the top (sorted: Oxigraph writes them in no fixed order); the
        # chunks after the first continue the document
        if trig_out.tell() == 0:
            trig_out.write(b"".join(sorted(header)))
        trig_out.write(b"".join(lines[len(header) :]))

    try:
        with (
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as threads,
            staging[0].open("wb") as nquads_out,
            staging[1].open("wb") as trig_out,
        ):
            reading: list[concurrent.futures.Future[bytes]] = []
            for chunk in chunks:
                reading.append(threads.submit(read, chunk))
                if len(reading) > 4:
                    write(reading.pop(0).result(), nquads_out, trig_out)
            for future in reading:
                write(future.result(), nquads_out, trig_out)
        os.replace(staging[0], nquads)
        os.replace(staging[1], trig)
    finally:
        for leftover in staging:
            leftover.unlink(missing_ok=True)
