"""The embedded store: a graph per article (evidence) and per entity, post and role (knowledge),
each triple in one graph, replaced on rebuild, readable by rdflib."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, URIRef

from graph.export.store import ONTOLOGY_GRAPH, is_article_graph

DATA = Path(__file__).parent / "data"


def build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", "build", "-q", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = build(
        str(DATA / "settlements_reaction.txt"), str(DATA / "asean_summit.txt"), "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    return out


def quads(store_path: Path) -> set[str]:
    store = pyoxigraph.Store.read_only(str(store_path))
    return {str(quad) for quad in store}


def test_articles_hold_evidence_and_each_node_its_knowledge_once(built: Path) -> None:
    store = pyoxigraph.Store.read_only(str(built / "store"))
    names = {graph.value for graph in store.named_graphs()}
    articles = {n for n in names if is_article_graph(n)}
    assert articles == {
        "https://w3id.org/newsgraph/id/article/settlements-reaction",
        "https://w3id.org/newsgraph/id/article/asean-summit",
    }
    assert str(ONTOLOGY_GRAPH) in names
    triples = [(q.subject, q.predicate, q.object) for q in store]
    assert len(triples) == len(set(triples)), "a triple is stored in two graphs"
    # an entity named in both articles is described once, in its own graph
    label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    united_states = pyoxigraph.NamedNode("https://w3id.org/newsgraph/id/entity/Q30")
    [described] = list(store.quads_for_pattern(united_states, label, None))
    assert described.graph_name == united_states
    mentioned = pyoxigraph.NamedNode("https://w3id.org/newsgraph/ns#mentionedIn")
    assert {
        q.graph_name.value for q in store.quads_for_pattern(united_states, mentioned, None)
    } == (articles)
    # everything else an article graph holds is the article's own
    for article in articles:
        for quad in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(article)):
            assert quad.subject.value.startswith(article) or quad.predicate == mentioned, quad


def test_rebuilding_replaces_without_duplicates_or_stale_triples(
    built: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = quads(out / "store")
    assert build(str(DATA / "asean_summit.txt"), "-o", str(out)).returncode == 0
    assert quads(out / "store") == before
    changed = tmp_path / "asean_summit.txt"
    changed.write_text(
        (DATA / "asean_summit.txt")
        .read_text()
        .replace("Trudeau also said", "Trudeau also told reporters")
    )
    assert build(str(changed), "-o", str(out)).returncode == 0
    after = quads(out / "store")
    assert after != before
    graph = "<https://w3id.org/newsgraph/id/article/asean-summit>"
    old_only = {q for q in before - after if graph in q}
    assert old_only, "the changed article's old triples must be gone"
    assert not any("Trudeau also said" in q for q in after)


def test_rdflib_opens_the_store_through_oxrdflib(built: Path) -> None:
    dataset = Dataset(store="Oxigraph")
    dataset.open(str(built / "store"), create=False)
    try:
        people = {
            str(row[0])
            for row in dataset.query(
                "SELECT ?name WHERE { GRAPH ?g { ?p a <https://w3id.org/newsgraph/ns#Person> ;"
                " <http://www.w3.org/2000/01/rdf-schema#label> ?name } }"
            )
        }
    finally:
        dataset.close()
    assert {"Benjamin Netanyahu", "Rodrigo Duterte"} <= people


def test_corpus_files_hold_every_article_graph(built: Path) -> None:
    dataset = Dataset()
    dataset.parse(built / "corpus.trig", format="trig")
    names = {str(graph.identifier) for graph in dataset.graphs() if len(graph)}
    assert "https://w3id.org/newsgraph/id/article/asean-summit" in names
    assert URIRef("https://w3id.org/newsgraph/id/article/settlements-reaction") in {
        URIRef(n) for n in names
    }
    nquads = Dataset()
    nquads.parse(built / "corpus.nq", format="nquads")
    assert len(nquads) == len(dataset)


def test_a_graph_under_an_article_is_not_an_article() -> None:
    """A post of a body only one article knows has its knowledge graph under that article."""
    article = "https://w3id.org/newsgraph/id/article/a01937bc48b4"
    assert is_article_graph(article)
    assert not is_article_graph(f"{article}/local/senate/post/leader")
    assert not is_article_graph("https://w3id.org/newsgraph/id/person/jens-stoltenberg")
