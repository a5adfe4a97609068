"""The knowledge layer: derived from the records of every article, whatever the order they were
built in; rebuilding or removing an article changes only what it supported; a killed build,
run again, gives the store a clean build gives."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from graph.corpus.knowledge import derive_knowledge
from graph.corpus.records import EntityRecord
from graph.model import EntityKind
from tests.conftest import feeds, longer_feed

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/newsgraph/id/"
HANSEN = f"{ID}person/maria-hansen"

# Three short wire stories about one (invented) minister: the first calls her by her surname
# too and names her post; the second gives her another post; the third only quotes her.
FIRST = {
    "id": "first",
    "title": "Plant to close",
    "text": "Norwegian Energy Minister Maria Hansen said on Monday that the plant would close. "
    "Hansen said workers would be retrained.",
}
SECOND = {
    "id": "second",
    "title": "Budget talks",
    "text": "Finance Minister Maria Hansen said on Tuesday that the budget talks had failed.",
}
THIRD = {
    "id": "third",
    "title": "Port to open",
    "text": "The port will open in May, Maria Hansen said on Wednesday.",
}


def newsgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], capture_output=True, text=True, check=False
    )


def quads(out: Path) -> set[str]:
    """The store's corpus: every graph but the ontology (whose blank nodes each store names)."""
    store = pyoxigraph.Store.read_only(str(out / "store"))
    ontology = pyoxigraph.NamedNode("https://w3id.org/newsgraph/ns")
    return {str(quad) for quad in store if quad.graph_name != ontology}


def select(out: Path, query: str) -> set[tuple[str, ...]]:
    store = pyoxigraph.Store.read_only(str(out / "store"))
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return {
        tuple(term.value if term is not None else "" for term in solution) for solution in solutions
    }


def aliases(out: Path, entity: str) -> set[str]:
    query = f"SELECT ?a WHERE {{ <{entity}> <http://www.w3.org/2004/02/skos/core#altLabel> ?a }}"
    return {alias for (alias,) in select(out, query)}


def posts(out: Path, entity: str) -> set[str]:
    query = (
        f"SELECT ?role WHERE {{ <{entity}> <http://www.w3.org/ns/org#holds> ?post . "
        "?post <https://w3id.org/newsgraph/ns#roleName> ?role }"
    )
    return {role for (role,) in select(out, query)}


def test_labels_and_kinds_follow_most_articles_whatever_their_order() -> None:
    one = EntityRecord(f"{ID}person/x", EntityKind.PERSON, "Jose Lopez", (), None)
    two = EntityRecord(f"{ID}person/x", EntityKind.PERSON, "José López", ("López",), None)
    three = EntityRecord(f"{ID}person/x", EntityKind.ORGANIZATION, "José López", (), None)
    forward = derive_knowledge([one, two, three], [], [])
    backward = derive_knowledge([three, two, one], [], [])
    assert forward == backward
    described = Graph().parse(data="".join(forward[f"{ID}person/x"]), format="nt")
    labels = {str(o) for o in described.objects(None, RDFS.label)}
    types = {str(o) for o in described.objects(None, RDF.type)}
    assert labels == {"José López"}
    assert "https://w3id.org/newsgraph/ns#Person" in types
    assert "https://w3id.org/newsgraph/ns#Organization" not in types


def test_order_of_articles_does_not_change_the_store(tmp_path: Path) -> None:
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    for out, records in ((forward, (FIRST, SECOND, THIRD)), (backward, (THIRD, SECOND, FIRST))):
        result = newsgraph("build", "-q", *feeds(tmp_path / "records", *records), "-o", str(out))
        assert result.returncode == 0, result.stderr
    assert quads(forward) == quads(backward)
    assert posts(forward, HANSEN) == {"energy minister", "finance minister"}


def test_rebuilding_or_removing_an_article_takes_away_only_what_it_supported(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    records = tmp_path / "records"
    built = newsgraph("build", "-q", *feeds(records, FIRST, SECOND, THIRD), "-o", str(out))
    assert built.returncode == 0, built.stderr
    assert "Hansen" in aliases(out, HANSEN)
    assert posts(out, HANSEN) == {"energy minister", "finance minister"}

    # the first story, corrected, no longer names her post nor calls her "Hansen"
    corrected = dict(FIRST, text="The plant will close, Maria Hansen said on Monday.")
    rebuilt = newsgraph("build", "-q", *feeds(records, corrected), "-o", str(out))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Hansen" not in aliases(out, HANSEN)
    assert posts(out, HANSEN) == {"finance minister"}

    removed = newsgraph("remove", "second", "-o", str(out))
    assert removed.returncode == 0, removed.stderr
    assert "removed https://w3id.org/newsgraph/id/article/second" in removed.stdout
    assert not (out / "second.ttl").exists()
    assert posts(out, HANSEN) == set()
    assert {name for (name,) in select(out, _LABEL.format(HANSEN))} == {"Maria Hansen"}
    # no post or role graph is left without an article that supports it
    graphs = {g.value for g in pyoxigraph.Store.read_only(str(out / "store")).named_graphs()}
    assert not {g for g in graphs if g.startswith((f"{ID}post/", f"{ID}role/"))}

    # the result is the store a clean build of what remains gives
    clean = tmp_path / "clean"
    rest = newsgraph("build", "-q", *feeds(records, corrected, THIRD), "-o", str(clean))
    assert rest.returncode == 0, rest.stderr
    assert quads(out) == quads(clean)


_LABEL = "SELECT ?n WHERE {{ <{}> <http://www.w3.org/2000/01/rdf-schema#label> ?n }}"


def test_removing_an_article_that_is_not_there_removes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = newsgraph("build", "-q", *feeds(tmp_path / "records", FIRST), "-o", str(out))
    assert first.returncode == 0, first.stderr
    before = quads(out)
    result = newsgraph("remove", "first", "no-such-article", "-o", str(out))
    assert result.returncode == 1
    assert "no-such-article: no such article in the store; nothing removed" in result.stderr
    assert "Traceback" not in result.stderr
    assert quads(out) == before


def test_a_killed_build_run_again_gives_the_store_of_a_clean_build(tmp_path: Path) -> None:
    reuters = longer_feed(tmp_path / "feed", copies=4)
    killed = tmp_path / "killed"
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graph",
            "build",
            str(reuters),
            "-o",
            str(killed),
            "--batch-size",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and len(list(killed.glob("*.nt"))) < 2:
        time.sleep(0.02)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    assert len(list(killed.glob("*.nt"))) < 24, "the build finished before it could be killed"
    pending = select(
        killed,
        "SELECT ?n WHERE { GRAPH <https://w3id.org/newsgraph/id/graph/pending> { ?g ?p ?n } }",
    )
    assert pending, "the killed build left no work for the next one"
    assert newsgraph("build", "-q", str(reuters), "-o", str(killed)).returncode == 0
    clean = tmp_path / "clean"
    assert newsgraph("build", "-q", str(reuters), "-o", str(clean)).returncode == 0
    assert quads(killed) == quads(clean)


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_one_article_file_alone_names_and_types_its_entities(tmp_path: Path, suffix: str) -> None:
    from rdflib import URIRef

    out = tmp_path / "out"
    assert newsgraph("build", "-q", str(DATA / "asean_summit.txt"), "-o", str(out)).returncode == 0
    graph = Graph().parse(out / f"asean-summit{suffix}")
    ng = "https://w3id.org/newsgraph/ns#"
    speakers = set(graph.objects(None, URIRef(f"{ng}speaker")))
    assert speakers
    for speaker in speakers:
        assert graph.value(speaker, RDFS.label) is not None, speaker
        assert set(graph.objects(speaker, RDF.type)), speaker


def test_a_store_of_the_old_layout_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """Before the knowledge layer, each article graph described its entities itself."""
    out = tmp_path / "out"
    (out / "store").mkdir(parents=True)
    store = pyoxigraph.Store(str(out / "store"))
    article = pyoxigraph.NamedNode(f"{ID}article/old")
    entity = pyoxigraph.NamedNode(HANSEN)
    store.add(
        pyoxigraph.Quad(
            entity,
            pyoxigraph.NamedNode("https://w3id.org/newsgraph/ns#mentionedIn"),
            article,
            article,
        )
    )
    store.add(
        pyoxigraph.Quad(
            entity,
            pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            pyoxigraph.Literal("Maria Hansen"),
            article,
        )
    )
    store.flush()
    del store
    result = newsgraph("build", "-q", *feeds(tmp_path / "records", FIRST), "-o", str(out))
    assert result.returncode == 1
    assert "written by an older newsgraph" in result.stderr
    assert "build into a new directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "first.ttl").exists()
