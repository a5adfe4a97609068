"""The persistent embedded store (Oxigraph): a named graph per article (evidence), per entity,
post and role (knowledge, see graph/corpus/), and the ontology in its own.

Replacing a graph is one transaction, so readers never see half of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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


def drop_graph(store: pyoxigraph.Store, name: str) -> None:
    """Remove the named graph `name`, if the store has it."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(name)
    if store.contains_named_graph(graph):
        store.remove_graph(graph)


def in_graph(ntriples: bytes, name: str) -> bytes:
    """N-Triples as N-Quads of the graph `name`: a line ends " .\n" nowhere else, as N-Triples
    escapes line breaks in literals."""
    return ntriples.replace(b" .\n", b" <" + name.encode() + b"> .\n")


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
