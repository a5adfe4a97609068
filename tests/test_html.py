"""The HTML view: one self-contained, inert-data page, checked as a file and in headless Chromium
with the network off (screenshots go to test-artifacts/); plus the `newsgraph view` command."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS, LoadedPage, statements_by
from rdflib import Graph, Literal, URIRef

from graph.cli import main
from graph.export.files import write_graph_files
from graph.export.html import ViewSummary, render_view, write_view
from graph.export.network import project
from graph.model import ArticleFacts, Statement, is_unnamed_source_key
from graph.rdf import build_graph
from graph.vocab import ID, NG, NIF, WD

VENDOR = Path(__file__).resolve().parent.parent / "graph" / "data" / "vendor"
DATA_ISLAND = re.compile(
    r'<script type="application/json" id="newsgraph-data">(.*?)</script>', re.S
)

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTE = "</script><script>window.__pwned=1</script>"
HOSTILE_ROLE = "<svg onload=alert(2)>"
HOSTILE_TITLE = '<script>alert(3)</script> & "friends"'


def hostile_graph() -> Graph:
    """One article whose person, role, quote and headline are markup meant to run."""
    # Imported here: pytest's collection trips the closed namespaces' unknown-term warnings.
    from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO, XSD

    graph = Graph()
    article = ID["article/hostile"]
    text = f"{HOSTILE_NAME} said: “{HOSTILE_QUOTE}” about Ukraine."
    graph.add((article, RDF.type, NG.Article))
    graph.add((article, SDO.headline, Literal(HOSTILE_TITLE)))
    graph.add((article, NIF.isString, Literal(text)))
    person, ukraine = ID["person/hostile"], ID["entity/Q212"]
    for entity, kind, name in ((person, NG.Person, HOSTILE_NAME), (ukraine, NG.Country, "Ukraine")):
        graph.add((entity, RDF.type, kind))
        graph.add((entity, RDFS.label, Literal(name)))
        graph.add((entity, NG.mentionedIn, article))
    graph.add((ukraine, OWL.sameAs, WD.Q212))
    graph.add((person, OWL.sameAs, URIRef("javascript:alert(4)")))
    start = text.index(HOSTILE_QUOTE)
    statement = URIRef(f"{article}/statement/{start}-{start + len(HOSTILE_QUOTE)}")
    for predicate, value in (
        (RDF.type, NG.Statement),
        (RDF.type, NG.DirectQuote),
        (NG.text, Literal(HOSTILE_QUOTE)),
        (NG.isDirect, Literal(True)),
        (NG.speaker, person),
        (SDO.about, ukraine),
        (PROV.wasDerivedFrom, article),
        (NIF.beginIndex, Literal(start, datatype=XSD.integer)),
        (NIF.endIndex, Literal(start + len(HOSTILE_QUOTE), datatype=XSD.integer)),
    ):
        graph.add((statement, predicate, value))
    post = ID["post/hostile/Q212"]
    graph.add((person, ORG.holds, post))
    graph.add((post, NG.roleName, Literal(HOSTILE_ROLE)))
    graph.add((post, ORG.postIn, ukraine))
    return graph


@pytest.fixture(scope="module")
def bundled_graph(bundled: ArticleFacts) -> Graph:
    return build_graph(bundled)


@pytest.fixture(scope="module")
def corpus_graph(bundled: ArticleFacts, summit: ArticleFacts, settlements: ArticleFacts) -> Graph:
    corpus = Graph()
    for facts in (bundled, summit, settlements):
        corpus += build_graph(facts)
    return corpus


def page_outside_data(page: str) -> str:
    return DATA_ISLAND.sub("", page)


def data_of(page: str) -> dict[str, Any]:
    match = DATA_ISLAND.search(page)
    assert match is not None
    data: dict[str, Any] = json.loads(match[1])
    return data


# --- the file -------------------------------------------------------------------------------


def drawn_statements(facts: ArticleFacts) -> list[Statement]:
    """The statements the view draws: all of them, by entities and unnamed sources alike."""
    return list(facts.statements)


def counts_line(summary: ViewSummary) -> str:
    reported = summary.statements - summary.direct_quotes
    return (
        f"{summary.nodes} entities · {summary.edges} connections · {summary.statements} "
        f"statements ({summary.direct_quotes} direct, {reported} reported)"
    )


def test_view_summary_counts_what_the_page_draws(
    bundled: ArticleFacts, bundled_graph: Graph, tmp_path: Path
) -> None:
    summary = write_view(bundled_graph, tmp_path / "article.html", title="Bundled")
    data = data_of((tmp_path / "article.html").read_text(encoding="utf-8"))
    assert summary == ViewSummary(
        nodes=len(bundled.entities) + len(bundled.sources),
        edges=len(data["edges"]),
        statements=len(drawn_statements(bundled)),
        direct_quotes=sum(1 for statement in drawn_statements(bundled) if statement.is_direct),
        articles=1,
    )
    assert project(bundled_graph).number_of_nodes() == summary.nodes
    assert len(data["nodes"]) == summary.nodes
    assert sorted(path.name for path in tmp_path.iterdir()) == ["article.html"]


def test_nothing_outside_the_data_points_to_the_network(corpus_graph: Graph) -> None:
    page, _ = render_view(corpus_graph, title="Corpus")
    outside = page_outside_data(page).replace('http-equiv="Content-Security-Policy"', "")
    assert "http" not in outside
    assert not re.search(r"<link|<iframe|<img|\ssrc=|@import|url\((?!\"?data:)", outside)
    assert (
        "https://www.wikidata.org/wiki/Q212"
        in data_of(page)["nodeInfo"][str(ID["entity/Q212"])]["wikidata"]
    )


def test_only_our_two_scripts_may_run(bundled_graph: Graph) -> None:
    page, _ = render_view(bundled_graph, title="Bundled")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy is not None
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    expected = {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in scripts
    }
    script_src = re.search(r"script-src ([^;]+);", policy[1])
    assert script_src is not None and set(script_src[1].split()) == expected
    assert "default-src 'none'" in policy[1] and "unsafe-eval" not in policy[1]


def test_hostile_text_is_inert_in_the_file() -> None:
    page, summary = render_view(hostile_graph(), title=HOSTILE_TITLE)
    assert summary.nodes == 2 and summary.statements == 1
    island = DATA_ISLAND.search(page)
    assert island is not None and not re.search(r"[<>&]", island[1])
    for markup in (HOSTILE_NAME, HOSTILE_QUOTE, HOSTILE_ROLE, "<script>alert(3)"):
        assert markup not in page
    assert page.count("<script") == page.count("</script>") == 3
    assert "<title>&lt;script&gt;alert(3)&lt;/script&gt; &amp; &quot;friends&quot;</title>" in page
    info = data_of(page)["nodeInfo"][str(ID["person/hostile"])]
    assert (info["label"], info["qid"], info["wikidata"]) == (HOSTILE_NAME, "", "")
    assert info["statements"] == [{"text": f"“{HOSTILE_QUOTE}”", "mode": "direct quote"}]


def test_vendored_vis_network_is_inlined_whole() -> None:
    script = (VENDOR / "vis-network.min.js").read_text(encoding="utf-8")
    assert "@version 10.1.5" in script and "http" not in script
    assert "</script" not in script.lower() and "<!--" not in script
    assert (VENDOR / "vis-network.LICENSE-MIT").exists()
    assert (VENDOR / "vis-network.LICENSE-APACHE-2.0").exists()


# --- the page in a browser ------------------------------------------------------------------


def node_positions_on_canvas(loaded: LoadedPage) -> dict[str, dict[str, float]]:
    """Where each node the network holds was drawn, in canvas pixels."""
    positions: dict[str, dict[str, float]] = loaded.value(
        """() => {
          const network = newsgraphView.network;
          const positions = network.getPositions();
          return Object.fromEntries(Object.entries(positions).map(
            ([id, at]) => [id, network.canvasToDOM(at)]));
        }"""
    )
    return positions


def assert_drawn(loaded: LoadedPage, summary: ViewSummary, screenshot: str) -> None:
    assert loaded.value("newsgraphView.nodes.length") == summary.nodes
    assert loaded.value("newsgraphView.edges.length") == summary.edges
    width, height = loaded.value(
        "[document.querySelector('#graph canvas').clientWidth,"
        " document.querySelector('#graph canvas').clientHeight]"
    )
    drawn = [
        node
        for node, at in node_positions_on_canvas(loaded).items()
        if 0 <= at["x"] <= width and 0 <= at["y"] <= height
    ]
    assert len(drawn) == summary.nodes
    inked = loaded.value(
        """() => {
          const canvas = document.querySelector('#graph canvas');
          const context = canvas.getContext('2d');
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          let inked = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
          return inked;
        }"""
    )
    assert inked > 1000, "the canvas is blank"
    assert loaded.value("newsgraphView.network.physics.physicsEnabled") is False
    assert loaded.requests == [] and loaded.errors == [] and loaded.dialogs == []
    assert loaded.value("window.__violations") == []
    ARTIFACTS.mkdir(exist_ok=True)
    loaded.page.screenshot(path=str(ARTIFACTS / screenshot))


def test_the_harness_sees_a_request_that_leaves_the_page(tmp_path: Path, load: Any) -> None:
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><img src="https://cdn.example.invalid/x.png">'
        '<link rel="stylesheet" href="http://cdn.example.invalid/x.css">',
        encoding="utf-8",
    )
    loaded = load(page, wait=False)
    loaded.page.wait_for_load_state("load")
    assert "https://cdn.example.invalid/x.png" in loaded.requests
    assert "http://cdn.example.invalid/x.css" in loaded.requests


def test_bundled_article_view_draws_every_node_offline(
    bundled_graph: Graph, tmp_path: Path, load: Any
) -> None:
    summary = write_view(bundled_graph, tmp_path / "article.html", title="Bundled article")
    loaded = load(tmp_path / "article.html")
    assert_drawn(loaded, summary, "view-bundled-article.png")
    assert loaded.value("document.querySelector('#counts').textContent") == counts_line(summary)


def test_corpus_view_draws_every_node_offline(
    corpus_graph: Graph, tmp_path: Path, load: Any
) -> None:
    summary = write_view(corpus_graph, tmp_path / "corpus.html", title="Three articles")
    loaded = load(tmp_path / "corpus.html")
    assert_drawn(loaded, summary, "view-corpus.png")
    assert summary.articles == 3
    assert loaded.value("document.querySelectorAll('#sources li').length") == 3


def test_search_focuses_a_node_and_shows_its_statements(
    bundled: ArticleFacts, bundled_graph: Graph, tmp_path: Path, load: Any
) -> None:
    write_view(bundled_graph, tmp_path / "article.html", title="Bundled article")
    loaded = load(tmp_path / "article.html")
    loaded.page.fill("#search", "stoltenb")
    loaded.page.press("#search", "Enter")
    stoltenberg = str(ID["person/jens-stoltenberg"])
    assert loaded.value("newsgraphView.network.getSelectedNodes()") == [stoltenberg]
    details = loaded.value("document.querySelector('#details').innerText")
    assert details.startswith("Jens Stoltenberg\n\nPerson\n\nRoles\nchief of NATO\n")
    said = len(statements_by(bundled, "Jens Stoltenberg"))
    assert "secretary general of NATO" in details and f"{said} statements" in details
    loaded.page.fill("#search", "nobody at all")
    loaded.page.press("#search", "Enter")
    assert "No name contains" in loaded.value("document.querySelector('#search-note').textContent")


def test_type_filter_hides_nodes_and_their_edges(
    bundled: ArticleFacts, bundled_graph: Graph, tmp_path: Path, load: Any
) -> None:
    write_view(bundled_graph, tmp_path / "article.html", title="Bundled article")
    loaded = load(tmp_path / "article.html")
    loaded.page.uncheck("#kinds input[data-kind=person]")
    hidden_nodes = loaded.value("newsgraphView.nodes.get({filter: (node) => node.hidden}).length")
    hidden_edges = loaded.value("newsgraphView.edges.get({filter: (edge) => edge.hidden}).length")
    assert hidden_nodes == len([e for e in bundled.entities if e.kind == "person"])
    assert 0 < hidden_edges < loaded.value("newsgraphView.edges.length")
    loaded.page.check("#kinds input[data-kind=person]")
    assert loaded.value("newsgraphView.nodes.get({filter: (node) => node.hidden}).length") == 0


def test_hostile_names_and_quotes_show_as_text_and_run_nothing(tmp_path: Path, load: Any) -> None:
    summary = write_view(hostile_graph(), tmp_path / "hostile.html", title=HOSTILE_TITLE)
    loaded = load(tmp_path / "hostile.html")
    assert_drawn(loaded, summary, "view-hostile.png")
    person = str(ID["person/hostile"])
    at = node_positions_on_canvas(loaded)[person]
    box = loaded.page.locator("#graph canvas").bounding_box()
    loaded.page.mouse.move(box["x"] + at["x"], box["y"] + at["y"])
    loaded.page.wait_for_selector("#tooltip:not([hidden])")
    assert HOSTILE_NAME in loaded.value("document.querySelector('#tooltip').textContent")
    loaded.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    details = loaded.value("document.querySelector('#details').textContent")
    assert HOSTILE_NAME in details and HOSTILE_QUOTE in details and HOSTILE_ROLE in details
    assert loaded.value("document.title") == HOSTILE_TITLE
    assert loaded.value("document.querySelector('h1').textContent") == HOSTILE_TITLE
    assert loaded.value("typeof window.__pwned") == "undefined"
    assert loaded.value("document.querySelectorAll('img, svg, script[src]').length") == 0
    assert loaded.value("document.querySelectorAll('#details a').length") == 0
    assert loaded.dialogs == [] and loaded.errors == []
    assert loaded.value("window.__violations") == []


# --- the command ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(bundled: ArticleFacts, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build directory as `newsgraph build` leaves it: Turtle, N-Triples and JSON-LD."""
    directory = tmp_path_factory.mktemp("built")
    write_graph_files(build_graph(bundled), directory, "article")
    return directory


def test_view_of_one_file_is_written_next_to_it(
    bundled: ArticleFacts, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["view", str(built / "article.ttl")]) == 0
    page = built / "article.html"
    edges = len(data_of(page.read_text(encoding="utf-8"))["edges"])
    assert capsys.readouterr().out == (
        f"view of 1 article: {len(bundled.entities) + len(bundled.sources)} entities, "
        f"{edges} connections, "
        f"{len(drawn_statements(bundled))} statements\n  {page}\n"
    )


def test_view_of_a_directory_reads_each_graph_once(
    bundled: ArticleFacts, built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["view", str(built), "--html", str(tmp_path / "all.html"), "--title", "All"]) == 0
    drawn = len(bundled.entities) + len(bundled.sources)
    assert f"view of 1 article: {drawn} entities" in capsys.readouterr().out
    assert "<title>All</title>" in (tmp_path / "all.html").read_text(encoding="utf-8")


def test_view_of_the_store_draws_its_connected_entities(
    bundled: ArticleFacts, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert main(["build", "-q", "--no-article-views", "-o", str(out)]) == 0
    assert main(["view", "-o", str(out), "--html", str(tmp_path / "store.html"), "-q"]) == 0
    data = data_of((tmp_path / "store.html").read_text(encoding="utf-8"))
    network = project(build_graph(bundled))
    connected = {
        network.nodes[node]["label"]
        for node in network
        if network.degree(node) and network.nodes[node]["kind"] != "unnamed_source"
    }
    # Unnamed sources ("officials") are drawn dashed, labelled with what they are tied to.
    unnamed = [node for node in data["nodes"] if "shapeProperties" in node]
    names = {entity.key: entity.name for entity in bundled.entities}
    spoken_about = {
        names[key]
        for statement in bundled.statements
        if is_unnamed_source_key(statement.speaker_key)
        for key in statement.about
    }
    assert {node["label"] for node in data["nodes"] if node not in unnamed} == (
        connected | spoken_about
    )
    sources = {f"{s.label} ({names[s.tied_to]})" if s.tied_to else s.label for s in bundled.sources}
    assert {node["label"] for node in unnamed} <= sources
    unconnected = len(bundled.entities) + len(bundled.sources) - len(data["nodes"])
    assert f"{unconnected} of them have no connection" in " ".join(data["corpus"]["notes"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.ttl", None, "missing.ttl: no such file or directory"),
        ("broken.ttl", "<a> <b> <<", "broken.ttl: cannot read as turtle: at line 1: Bad syntax"),
        ("broken.jsonld", "{", "broken.jsonld: cannot read as json-ld:"),
        ("notes.txt", "hello", "notes.txt: not a graph file (allowed: .ttl, .nt, .jsonld"),
    ],
)
def test_unreadable_graphs_are_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None, message: str
) -> None:
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert main(["view", str(tmp_path / name), "--html", str(tmp_path / "view.html")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("newsgraph: error: ") and message in error
    assert error.count("\n") == 1
    assert not (tmp_path / "view.html").exists()


def test_view_without_graphs_explains_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["view"]) == 1
    assert "run `newsgraph build` first" in capsys.readouterr().err


def test_open_hands_the_file_url_to_the_browser(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    assert (
        main(
            ["view", str(built / "article.ttl"), "--html", str(tmp_path / "v.html"), "--open", "-q"]
        )
        == 0
    )
    assert opened == [(tmp_path / "v.html").resolve().as_uri()]
