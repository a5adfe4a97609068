"""Corpus views chosen from a store by SPARQL: the selection (top, focus, hops, filters), the
page written from it, and the `newsgraph view` options; on a hand-made store in the build's
layout (tests/data/small_corpus.trig) and on the Reuters corpus built by conftest."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from conftest import ARTIFACTS, DATA

from graph.cli import main
from graph.errors import InputError
from graph.export.corpus import (
    CorpusView,
    ViewRequest,
    glob_regex,
    published_day,
    select_view,
)
from graph.export.corpus_html import LABELLED, render_corpus_view
from graph.export.store import StoreLocation, open_store_read_only
from graph.export.view_queries import fill, iri, select, string, template
from graph.query import run_query

ID = "https://w3id.org/newsgraph/id/"
ANA, BO, CY, DAN = (f"{ID}person/{name}" for name in ("ana-lopez", "bo-chen", "cy-dee", "dan-eve"))
FREEDONIA, SYLVANIA = f"{ID}entity/Q1001", f"{ID}entity/Q1002"
LEAGUE, WHITE_HOUSE = f"{ID}organization/league", f"{ID}organization/white-house"
OFFICIAL = f"{ID}article/border/source/60-78"
DATA_ISLAND = re.compile(
    r'<script type="application/json" id="newsgraph-data">(.*?)</script>', re.S
)


@pytest.fixture(scope="module")
def small() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(DATA / "small_corpus.trig"), format=pyoxigraph.RdfFormat.TRIG)
    return store


def drawn(view: CorpusView) -> set[str]:
    return {node.iri for node in view.nodes}


def node(view: CorpusView, iri: str) -> Any:
    [found] = [node for node in view.nodes if node.iri == iri]
    return found


def page_data(page: str) -> dict[str, Any]:
    match = DATA_ISLAND.search(page)
    assert match is not None
    data: dict[str, Any] = json.loads(match[1])
    return data


# --- choosing what to draw ------------------------------------------------------------------


def test_a_small_store_is_drawn_whole_but_for_the_unconnected(small: pyoxigraph.Store) -> None:
    view = select_view(small, ViewRequest())
    assert drawn(view) == {ANA, BO, DAN, FREEDONIA, SYLVANIA, LEAGUE, OFFICIAL}
    # Cy Dee is mentioned but linked to nobody; the White House only through an unnamed source.
    assert view.entities_in_scope == 9
    assert (view.candidates, view.chosen, view.unconnected) == (9, 9, 2)
    assert view.articles_in_scope == 3


def test_edges_merge_every_fact_of_one_relation(small: pyoxigraph.Store) -> None:
    view = select_view(small, ViewRequest())
    edges = {(edge.source, edge.target, edge.relation, edge.label): edge for edge in view.edges}
    said = edges[(ANA, FREEDONIA, "said about", "said about")]
    assert said.count == 2
    assert {(item.text, item.mode) for item in said.evidence} == {
        ("We will talk.", "direct quote"),
        ("Freedonia will join", "reported"),
    }
    post = edges[(ANA, FREEDONIA, "post", "minister of")]
    assert [item.text for item in post.evidence] == ["Freedonia's minister Ana Lopez"]
    assert (FREEDONIA, SYLVANIA, "borders", "borders") in edges
    assert (SYLVANIA, LEAGUE, "member of", "member of") in edges
    assert (OFFICIAL, SYLVANIA, "said about", "said about") in edges


def test_an_entity_carries_kind_label_roles_counts_and_statements(small: pyoxigraph.Store) -> None:
    view = select_view(small, ViewRequest())
    ana = node(view, ANA)
    assert (ana.kind, ana.label, ana.qid, ana.roles) == (
        "person",
        "Ana Lopez",
        "",
        ("minister of Freedonia",),
    )
    assert (ana.articles, ana.said, ana.heard) == (2, 4, 0)
    assert {item.text for item in ana.statements} == {
        "We will talk.",
        "Chen was wrong",
        "Freedonia will join",
        "It is a good day.",
    }
    freedonia = node(view, FREEDONIA)
    assert (freedonia.kind, freedonia.qid, freedonia.heard) == ("country", "Q1001", 2)
    assert view.articles[f"{ID}article/league"].day == date(2017, 12, 20)
    assert view.articles[f"{ID}article/talks"].day == date(2017, 11, 3)


def test_an_unnamed_source_is_drawn_with_what_it_is_tied_to(small: pyoxigraph.Store) -> None:
    view = select_view(small, ViewRequest())
    official = node(view, OFFICIAL)
    assert (official.kind, official.label) == ("unnamed_source", "a senior official (White House)")
    assert [item.text for item in official.statements] == ["Sylvania is not a threat."]


def test_top_keeps_the_most_connected(small: pyoxigraph.Store) -> None:
    # Statements made plus neighbours: Ana Lopez 4 + 2, Sylvania 0 + 3, Bo Chen 1 + 2, the
    # official 1 + 1, Freedonia 0 + 2 (ties go by IRI).
    view = select_view(small, ViewRequest(top=4))
    assert drawn(view) == {ANA, SYLVANIA, BO, OFFICIAL}
    assert (view.candidates, view.chosen, view.unconnected) == (9, 4, 0)
    apart = select_view(small, ViewRequest(top=2))
    assert (apart.nodes, apart.chosen, apart.unconnected) == ((), 2, 2)


def test_focus_draws_the_neighbourhood_and_every_statement_about_it(
    small: pyoxigraph.Store,
) -> None:
    view = select_view(small, ViewRequest(focus=("bo chen",)))
    assert view.focus == ("Bo Chen",)
    assert drawn(view) == {BO, ANA, DAN}
    bo = node(view, BO)
    assert bo.focus and [item.text for item in bo.statements] == ["Eve should resign"]
    assert [(item.text, item.speaker) for item in bo.statements_about] == [
        ("Chen was wrong", "Ana Lopez")
    ]
    further = select_view(small, ViewRequest(focus=("Bo Chen",), hops=2))
    assert drawn(further) == {BO, ANA, DAN, FREEDONIA}


def test_focus_finds_an_alias_or_part_of_a_name(small: pyoxigraph.Store) -> None:
    assert select_view(small, ViewRequest(focus=("LOPEZ",))).focus == ("Ana Lopez",)
    assert select_view(small, ViewRequest(focus=("sylv",))).focus == ("Sylvania",)
    with pytest.raises(InputError, match="no entity in the store has that name"):
        select_view(small, ViewRequest(focus=("Nobody Known",)))


def test_type_filter_keeps_those_types_on_both_ends(small: pyoxigraph.Store) -> None:
    view = select_view(small, ViewRequest(kinds=("person",)))
    assert drawn(view) == {ANA, BO, DAN}
    assert {edge.relation for edge in view.edges} == {"said about"}
    organizations = select_view(small, ViewRequest(kinds=("organization", "country")))
    # A government body is an organization too; it has no link here but through a source.
    assert drawn(organizations) == {FREEDONIA, SYLVANIA, LEAGUE}


def test_dates_keep_the_facts_of_articles_published_in_range(small: pyoxigraph.Store) -> None:
    december = select_view(small, ViewRequest(since=date(2017, 12, 1)))
    assert december.articles_in_scope == 2
    assert drawn(december) == {BO, DAN, FREEDONIA, SYLVANIA, LEAGUE, OFFICIAL, ANA}
    edges = {(edge.source, edge.target, edge.relation): edge.count for edge in december.edges}
    assert edges[(ANA, FREEDONIA, "said about")] == 1
    assert (ANA, FREEDONIA, "post") not in edges and (ANA, BO, "said about") not in edges
    november = select_view(small, ViewRequest(until=date(2017, 11, 30)))
    assert drawn(november) == {ANA, BO, FREEDONIA}
    nothing = select_view(small, ViewRequest(since=date(2018, 1, 1)))
    assert (nothing.nodes, nothing.articles_in_scope) == ((), 0)


def test_articles_pattern_matches_headline_slug_or_source(small: pyoxigraph.Store) -> None:
    by_headline = select_view(small, ViewRequest(articles="*border*"))
    assert by_headline.articles_in_scope == 1
    assert drawn(by_headline) == {BO, DAN, FREEDONIA, SYLVANIA, OFFICIAL}
    assert select_view(small, ViewRequest(articles="wire/leag?e.txt")).articles_in_scope == 1
    assert select_view(small, ViewRequest(articles="talks")).articles_in_scope == 1
    assert select_view(small, ViewRequest(articles="(")).articles_in_scope == 0


def test_min_statements_counts_statements_by_or_about(small: pyoxigraph.Store) -> None:
    # Ana Lopez made 4; Freedonia is the subject of 2; Bo Chen made 1 and is the subject of 1.
    view = select_view(small, ViewRequest(min_statements=2))
    assert drawn(view) == {ANA, FREEDONIA, BO}
    assert view.candidates == 3


def test_published_day_and_glob() -> None:
    assert published_day("November 3, 2017") == date(2017, 11, 3)
    assert published_day("2017-12-20T10:00:00Z") == date(2017, 12, 20)
    assert published_day("3 Nov 2017") == date(2017, 11, 3)
    assert published_day("last Tuesday") is None
    assert re.fullmatch(glob_regex("*tax?.txt"), "the taxes.txt") is None
    assert re.fullmatch(glob_regex("*tax?.txt"), "new taxs.txt")


def test_query_values_cannot_change_a_query() -> None:
    assert iri("https://example.org/a") == "<https://example.org/a>"
    for bad in ("https://x/a> } ; DROP ALL #", "a b", ""):
        with pytest.raises(ValueError):
            iri(bad)
    assert string('say "hi" \\ \n') == '"say \\"hi\\" \\\\ \\n"'
    with pytest.raises(KeyError):
        fill("SELECT * WHERE { {{pattern}} }")
    store = pyoxigraph.Store()
    hostile = 'x" ) } ; DROP ALL ; SELECT * { ?s ?p ?o . FILTER("'
    rows = list(select(store, "find", text=string(hostile), types="ng:Person", limit="LIMIT 1"))
    assert rows == []


def test_every_view_query_parses() -> None:
    store = pyoxigraph.Store()
    from graph.export.view_queries import templates

    for name, text in templates().items():
        if name.startswith("filter-"):
            continue
        values = {key: "" for key in re.findall(r"\{\{(\w+)\}\}", text)}
        values |= {"types": "ng:Person", "other_types": "ng:Person", "min_statements": "0"}
        values |= {"entities": "<urn:x>", "text": '"x"'}
        run_query(store, fill(template(name), **values))


# --- the page -------------------------------------------------------------------------------


def test_page_colours_communities_and_names_them(small: pyoxigraph.Store) -> None:
    view = select_view(small, ViewRequest())
    page, summary = render_corpus_view(view, title="Small")
    data = page_data(page)
    assert summary.nodes == len(data["nodes"]) == 7
    assert summary.edges == len(data["edges"]) == len(view.edges)
    communities = data["corpus"]["communities"]
    members = [member for community in communities for member in community["members"]]
    assert sorted(members) == sorted(node["id"] for node in data["nodes"])
    labels = {node["id"]: node["label"] for node in data["nodes"]}
    for community in communities:
        assert community["name"].split(", ")[0] == labels[community["members"][0]]
        colours = {
            node["color"]["background"]
            for node in data["nodes"]
            if node["id"] in community["members"]
        }
        assert colours == {community["color"]}
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in node and "y" in node for node in data["nodes"])
    notes = " ".join(data["corpus"]["notes"])
    assert "All 9 entities." in notes and "2 of them have no connection" in notes


def test_page_layout_is_the_same_every_time(small: pyoxigraph.Store) -> None:
    view = select_view(small, ViewRequest())
    assert render_corpus_view(view, title="A")[0] == render_corpus_view(view, title="A")[0]


def test_hostile_names_stay_inert_in_a_corpus_page(small: pyoxigraph.Store) -> None:
    store = pyoxigraph.Store()
    text = (DATA / "small_corpus.trig").read_text(encoding="utf-8")
    store.load(
        text.replace('"Ana Lopez"', '"</script><img src=x onerror=alert(1)>"'),
        format=pyoxigraph.RdfFormat.TRIG,
    )
    page, _ = render_corpus_view(select_view(store, ViewRequest()), title="<b>x</b>")
    assert "<img src=x" not in page and page.count("</script>") == 3
    labels = {node["label"] for node in page_data(page)["nodes"]}
    assert "</script><img src=x onerror=alert(1)>" in labels


# --- the command ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("small") / "store"
    store = pyoxigraph.Store(str(directory))
    store.load(path=str(DATA / "small_corpus.trig"), format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store
    return directory


def test_view_options_reach_the_page(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "focus.html"
    arguments = ["view", "--store", str(small_store), "--html", str(page)]
    assert main([*arguments, "--focus", "bo chen", "--type", "person"]) == 0
    assert capsys.readouterr().out == (
        f"view of 3 articles: 3 entities (1 of 4 left out), 2 connections, "
        f"5 statements by them\n  {page}\n"
    )
    data = page_data(page.read_text(encoding="utf-8"))
    assert data["title"] == "Bo Chen in 3 articles"
    assert "Filters: only person." in data["corpus"]["notes"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--type", "people"], "'people': not a type (allowed: person, government_body"),
        (["--since", "2017-13-01"], "'2017-13-01': give a date as YYYY-MM-DD, YYYY-MM or YYYY"),
        (["--top", "0"], "'0': give a whole number of 1 or more"),
        (["--min-statements", "-1"], "'-1': give a whole number of 0 or more"),
    ],
)
def test_bad_view_options_are_usage_errors(
    small_store: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["view", "--store", str(small_store), *options])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "2017-12", "--until", "2017-11"], "--since/--until: 2017-12-01 is after"),
        (["--focus", "Nobody Known"], "--focus 'Nobody Known': no entity in the store has that"),
    ],
)
def test_impossible_views_are_one_line_and_write_nothing(
    small_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    page = tmp_path / "view.html"
    assert main(["view", "--store", str(small_store), "--html", str(page), *options]) == 1
    error = capsys.readouterr().err
    assert error.startswith("newsgraph: error: ") and message in error
    assert error.count("\n") == 1 and not page.exists()


def test_selection_options_work_on_graph_files(tmp_path: Path) -> None:
    page = tmp_path / "files.html"
    assert (
        main(["view", str(DATA / "small_corpus.trig"), "--html", str(page), "--top", "3", "-q"])
        == 0
    )
    # The three best-ranked are Ana Lopez, Sylvania and Bo Chen; Sylvania is linked to neither.
    labels = {node["label"] for node in page_data(page.read_text(encoding="utf-8"))["nodes"]}
    assert labels == {"Ana Lopez", "Bo Chen"}


# --- the Reuters corpus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def reuters_store(reuters: Path) -> pyoxigraph.Store:
    return open_store_read_only(StoreLocation(reuters / "store"))


def count(store: pyoxigraph.Store, query: str) -> int:
    [row] = list(run_query(store, query))  # type: ignore[arg-type]
    return int(row["n"].value)


def test_reuters_default_view_is_the_top_150_and_says_so(
    reuters: Path, reuters_store: pyoxigraph.Store, tmp_path: Path
) -> None:
    page = tmp_path / "view.html"
    assert main(["view", "-o", str(reuters), "--html", str(page), "-q"]) == 0
    assert page.stat().st_size < 2_000_000
    data = page_data(page.read_text(encoding="utf-8"))
    # entities mentioned, and unnamed sources ("officials") that are quoted
    entities = count(
        reuters_store,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { { ?e ng:mentionedIn ?a } UNION "
        "{ ?s ng:speaker ?e . ?e a ng:UnnamedSource } }",
    )
    linked = {edge[end] for edge in data["edges"] for end in ("from", "to")}
    assert linked == {node["id"] for node in data["nodes"]}
    assert 100 <= len(data["nodes"]) <= 150
    notes = data["corpus"]["notes"]
    assert notes[0].startswith(f"The 150 most connected of {entities:,} entities; --top N")
    unconnected = 150 - len(data["nodes"])
    if unconnected:
        assert f"{unconnected} of them have no connection" in notes[1]
    assert len(data["corpus"]["communities"]) >= 3
    big = sorted(data["nodes"], key=lambda node: -node["value"])[:LABELLED]
    assert all(node["font"]["size"] >= 15 for node in big)


def test_reuters_focus_lists_every_statement_by_and_about(
    reuters: Path, reuters_store: pyoxigraph.Store
) -> None:
    view = select_view(reuters_store, ViewRequest(focus=("Mitch McConnell",)))
    [focus] = [node for node in view.nodes if node.focus]
    said = count(
        reuters_store,
        f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s ng:speaker <{focus.iri}> }}",
    )
    about = count(
        reuters_store,
        f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s schema:about <{focus.iri}> }}",
    )
    assert (len(focus.statements), len(focus.statements_about)) == (said, about) != (0, 0)
    assert {item.article for item in focus.statements} <= set(view.articles)
    neighbours = {
        row["other"].value
        for row in run_query(  # type: ignore[union-attr]
            reuters_store,
            f"""SELECT DISTINCT ?other WHERE {{
              {{ ?s ng:speaker <{focus.iri}> ; schema:about ?other }}
              UNION {{ ?s ng:speaker ?other ; schema:about <{focus.iri}> }}
              UNION {{ ?r ng:heldBy <{focus.iri}> ; ng:describes/(org:postIn|ng:postOf) ?other }}
              UNION {{ ?r ng:heldBy ?other ; ng:describes/(org:postIn|ng:postOf) <{focus.iri}> }}
              UNION {{ ?a rdf:subject <{focus.iri}> ; rdf:object ?other }}
              UNION {{ ?a rdf:object <{focus.iri}> ; rdf:subject ?other }}
              FILTER(?other != <{focus.iri}>) }}""",
        )
    }
    assert drawn(view) == neighbours | {focus.iri}


def test_reuters_since_keeps_only_later_evidence(reuters_store: pyoxigraph.Store) -> None:
    view = select_view(reuters_store, ViewRequest(since=date(2017, 12, 1), top=60))
    cited = {item.article for edge in view.edges for item in edge.evidence}
    cited |= {item.article for node in view.nodes for item in node.statements}
    days = {view.articles[article].day for article in cited}
    assert days and all(day is not None and day >= date(2017, 12, 1) for day in days)


LABEL_BOXES = """() => {
  const view = newsgraphView;
  const scale = view.network.getScale();
  return view.data.nodes.map((node) => {
    const body = view.network.body.nodes[node.id];
    const size = body.labelModule.size;
    return { id: node.id, label: node.label, value: node.value,
             pixels: body.options.font.size * scale,
             threshold: body.options.scaling.label.drawThreshold,
             box: [size.left, size.top, size.left + size.width, size.top + size.height] };
  });
}"""


def overlap(first: list[float], second: list[float]) -> float:
    across = min(first[2], second[2]) - max(first[0], second[0])
    down = min(first[3], second[3]) - max(first[1], second[1])
    return max(0.0, across) * max(0.0, down)


@pytest.mark.parametrize(
    ("name", "options"), [("default", []), ("focus", ["--focus", "Donald Trump"])]
)
def test_reuters_views_render_with_physics_off_and_legible_labels(
    reuters: Path, tmp_path: Path, load: Any, name: str, options: list[str]
) -> None:
    page = tmp_path / f"{name}.html"
    assert main(["view", "-o", str(reuters), "--html", str(page), "-q", *options]) == 0
    loaded = load(page)
    assert loaded.value("newsgraphView.network.physics.physicsEnabled") is False
    nodes = loaded.value("newsgraphView.nodes.length")
    width, height = loaded.value(
        "[document.querySelector('#graph canvas').clientWidth,"
        " document.querySelector('#graph canvas').clientHeight]"
    )
    inside = loaded.value(
        f"""() => {{
          const network = newsgraphView.network;
          return Object.values(network.getPositions()).map((at) => network.canvasToDOM(at))
            .filter((at) => at.x >= 0 && at.x <= {width} && at.y >= 0 && at.y <= {height}).length;
        }}"""
    )
    assert inside == nodes
    labels = loaded.value(LABEL_BOXES)
    largest = sorted(labels, key=lambda label: -label["value"])[:LABELLED]
    # Drawn (vis-network skips a label under its threshold) and at least 11 px on screen.
    assert all(label["pixels"] >= max(11, label["threshold"] - 1) for label in largest)
    small = [label for label in labels if label not in largest]
    assert any(label["pixels"] < label["threshold"] - 1 for label in small)
    crowded = [
        (first["label"], second["label"])
        for index, first in enumerate(largest)
        for second in largest[index + 1 :]
        if overlap(first["box"], second["box"])
        > 0.25 * min(first["box"][3] - first["box"][1], second["box"][3] - second["box"][1]) ** 2
    ]
    assert crowded == []
    if options:
        assert loaded.value("newsgraphView.network.getSelectedNodes().length") == 0
        loaded.page.fill("#search", "Donald Trump")
        loaded.page.press("#search", "Enter")
        details = loaded.value("document.querySelector('#details').innerText")
        assert details.startswith("Donald Trump\n") and "statements about it" in details
    assert loaded.requests == [] and loaded.errors == [] and loaded.dialogs == []
    assert loaded.value("window.__violations") == []
    ARTIFACTS.mkdir(exist_ok=True)
    loaded.page.screenshot(path=str(ARTIFACTS / f"view-reuters-{name}.png"))
