"""Building a set of articles: parse in batches, extract, write files, replace graphs in the store.

Library code: it reports through callbacks and a BuildReport; the CLI decides what to print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import Dataset

from graph.errors import NewsgraphError
from graph.export.files import write_atomically, write_graph_files
from graph.export.graphml import write_graphml
from graph.export.html import default_title, write_view
from graph.export.network import union_graph
from graph.export.store import (
    StoreLocation,
    article_graphs,
    dump_sorted,
    load_ontology,
    open_store,
    replace_graph,
)
from graph.model import ArticleFacts, Document
from graph.nlp import annotate_many
from graph.pipeline import extract_facts
from graph.rdf import article_iri, build_graph
from graph.read import read_article
from graph.vocab import PREFIXES


@dataclass(frozen=True, slots=True)
class BuiltArticle:
    facts: ArticleFacts
    files: tuple[Path, ...]


@dataclass(slots=True)
class BuildReport:
    built: list[BuiltArticle] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    corpus_files: tuple[Path, ...] = ()


def read_all(sources: Iterable[str], on_error: Callable[[str], None]) -> Iterator[Document]:
    """Documents from each source; an unreadable source is reported and skipped."""
    for source in sources:
        try:
            yield read_article(source)
        except NewsgraphError as error:
            on_error(str(error))


def build_articles(
    sources: Iterable[str],
    *,
    output: Path,
    store: StoreLocation,
    on_built: Callable[[BuiltArticle], None] = lambda built: None,
    on_error: Callable[[str], None] = lambda message: None,
) -> BuildReport:
    report = BuildReport()

    def failed(message: str) -> None:
        report.failed.append(message)
        on_error(message)

    documents = list(read_all(sources, failed))
    if not documents:
        return report
    database = open_store(store)
    load_ontology(database)
    for document, doc in zip(documents, annotate_many(documents), strict=True):
        facts = extract_facts(document, doc)
        graph = build_graph(facts)
        files = write_graph_files(graph, output, document.slug)
        view = output / f"{document.slug}.html"
        write_view(graph, view, title=document.title.text)
        network = write_graphml(graph, output / f"{document.slug}.graphml")
        replace_graph(database, article_iri(document), graph)
        built = BuiltArticle(facts, (files.turtle, files.ntriples, files.jsonld, view, network))
        report.built.append(built)
        on_built(built)
    database.flush()
    report.corpus_files = write_corpus_files(database, output)
    return report


def write_corpus_files(database: pyoxigraph.Store, output: Path) -> tuple[Path, ...]:
    """Every article graph of the store as sorted N-Quads and TriG (for other stores), and as
    one network: GraphML and the HTML view of the whole corpus."""
    nquads = dump_sorted(database, graphs=article_graphs(database))
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    nq_path, trig_path = output / "corpus.nq", output / "corpus.trig"
    write_atomically(nq_path, nquads)
    write_atomically(trig_path, dataset.serialize(format="trig"))
    union = union_graph(dataset)
    view = output / "corpus.html"
    write_view(union, view, title=default_title(union))
    network = write_graphml(union, output / "corpus.graphml")
    return nq_path, trig_path, network, view
