"""The Python API: the README's examples run as written, an article from a string gives the graph
the command line writes, builds report instead of printing, the store answers in Python values,
and the inline view is the real page, escaped, drawn inside its iframe."""

from __future__ import annotations

import doctest
import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS
from rdflib import Graph
from rdflib.compare import isomorphic

import graph
from graph.errors import InputError, NewsgraphError, ParameterError
from graph.query import QuerySyntaxError
from graph.vocab import NG

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
TEXT = (
    "Lithuanian Prime Minister Ingrida Simonyte said on Monday that the border with Belarus "
    "would stay closed.\n\n“We will not reopen it while the regime in Minsk threatens us,” "
    "Simonyte told reporters in Vilnius."
)
TITLE = "Lithuania keeps its border with Belarus closed"


def readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## In Python")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def fenced(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_readme_notebook_example_is_three_lines_ending_in_the_inline_view(in_tmp: Path) -> None:
    (block,) = fenced(readme_section(), "python")
    lines = block.strip().splitlines()
    assert len(lines) == 3 and lines[0] == "import graph"
    namespace: dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    shown = eval(lines[-1].split("#")[0], namespace)  # what the notebook shows: the last line
    inline = shown._repr_html_()
    assert inline.startswith("<iframe srcdoc=") and "Ingrida Simonyte" in inline


def test_readme_python_examples_run_as_written(in_tmp: Path) -> None:
    news = in_tmp / "news"
    news.mkdir()
    for name in ("asean_summit.txt", "settlements_reaction.txt"):
        shutil.copy(DATA / name, news / name)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, Any] = {}
    blocks = fenced(readme_section(), "pycon")
    assert len(blocks) == 2
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"README block {number}", "README.md", 0)
        runner.run(test, clear_globs=False)
        globs.update(test.globs)  # a DocTest runs in a copy; later blocks see earlier names
    assert runner.summarize(verbose=False).failed == 0
    assert (in_tmp / "border.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (in_tmp / "corpus" / "store").is_dir()


# --- an article from a string -------------------------------------------------------------


@pytest.fixture(scope="module")
def article() -> graph.ArticleGraph:
    return graph.build_article(TEXT, title=TITLE, published="2024-03-04", authors=["Ana Lima"])


def without_source_file(rdf: Graph) -> Graph:
    rdf.remove((None, NG.sourceFile, None))
    return rdf


def test_article_graph_is_the_graph_the_command_line_writes(
    article: graph.ArticleGraph, tmp_path: Path
) -> None:
    slug = "lithuania-keeps-its-border-with-belarus-closed"
    (tmp_path / f"{slug}.txt").write_text(f"{TITLE}\n\n{TEXT}", encoding="utf-8")
    spoken = graph.build_article(TEXT, title=TITLE)
    summary = graph.build(tmp_path / f"{slug}.txt", output=tmp_path / "out")
    assert summary.built == 1
    written = Graph().parse(tmp_path / "out" / f"{slug}.ttl")
    assert isomorphic(without_source_file(spoken.rdf()), without_source_file(written))
    assert isomorphic(Graph().parse(data=spoken.turtle(), format="turtle"), spoken.rdf())


def test_article_facts_are_the_model_dataclasses(article: graph.ArticleGraph) -> None:
    assert article.title == TITLE and article.document.published == "2024-03-04"
    assert {entity.name for entity in article.entities} >= {"Ingrida Simonyte", "Ana Lima"}
    for statement in article.statements:
        span = statement.content
        assert article.document.text[span.start : span.end] == span.text
    (post,) = article.posts
    assert article.entity(post.holder_key).name == "Ingrida Simonyte"
    with pytest.raises(ParameterError, match="key='person/nobody'"):
        article.entity("person/nobody")
    assert repr(article).startswith(f"<ArticleGraph {TITLE!r}: ")


def test_authors_given_to_an_article_are_its_schema_authors(article: graph.ArticleGraph) -> None:
    from rdflib.namespace import RDFS, SDO

    rdf = article.rdf()
    (author,) = rdf.objects(None, SDO.author)
    assert str(rdf.value(author, RDFS.label)) == "Ana Lima"


def test_networkx_is_the_entity_network_the_view_draws(article: graph.ArticleGraph) -> None:
    network = article.to_networkx()
    labels = {network.nodes[node]["label"]: node for node in network}
    assert {"Ingrida Simonyte", "Lithuania", "Belarus"} <= set(labels)
    relations = {
        (network.nodes[a]["label"], data["relation"], network.nodes[b]["label"])
        for a, b, data in network.edges(data=True)
    }
    assert ("Ingrida Simonyte", "post", "Lithuania") in relations


@pytest.mark.parametrize("bad", ["", "   \n\n  "])
def test_an_empty_article_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError, match="empty article"):
        graph.build_article(bad)


def test_wrong_argument_types_name_the_parameter() -> None:
    with pytest.raises(ParameterError, match="text="):
        graph.build_article(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="authors='Ana Lima'"):
        graph.build_article(TEXT, authors="Ana Lima")


# --- the inline view ------------------------------------------------------------------------


class _TopLevelTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_inline_view_is_the_page_escaped_into_one_sandboxed_iframe() -> None:
    hostile = 'Ministers "meet" </iframe><script>alert(1)</script> & go'
    article = graph.build_article(TEXT, title=hostile)
    inline = article._repr_html_()
    tags = _TopLevelTags()
    tags.feed(inline)
    assert [tag for tag, _ in tags.tags] == ["iframe"]
    attributes = tags.tags[0][1]
    assert attributes["sandbox"] == "allow-scripts"
    assert attributes["srcdoc"] == article.view()  # the parser unescapes the attribute
    assert "<script" not in inline and html.escape('"', quote=True) in inline


def test_inline_view_draws_in_a_browser(browser: Any, tmp_path: Path) -> None:
    article = graph.build_article(TEXT, title=TITLE)
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><html><body>{article._repr_html_()}</body></html>")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(notebook.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("body[data-state=stable]").wait_for(state="attached", timeout=60_000)
        inner = page.frames[1]
        assert inner.evaluate("newsgraphView.nodes.length") == article.to_networkx().order()
        assert inner.evaluate("document.title") == TITLE
        assert errors == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "view-inline-iframe.png"))
    finally:
        context.close()


# --- builds and the store -------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> graph.BuildSummary:
    root = tmp_path_factory.mktemp("api-build")
    news = root / "news"
    news.mkdir()
    shutil.copy(DATA / "asean_summit.txt", news)
    (news / "empty.txt").write_text("")
    return graph.build([news, DATA / "reuters_sample.jsonl"], output=root / "out")


def test_build_reports_instead_of_printing(
    built: graph.BuildSummary, capsys: pytest.CaptureFixture[str]
) -> None:
    assert built.built >= 2 and built.skipped == 0
    assert len(built.failed) == 1 and "empty.txt: empty article" in built.failed[0]
    assert built.store == built.output / "store" and built.store.is_dir()
    assert all(path.exists() for path in built.files)
    assert built.counts["statements"] > 0
    again = graph.build([built.output.parent / "news"], output=built.output)
    assert again.built == 0 and again.skipped == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"paths": []}, "paths=[]"),
        ({"paths": ["x.txt"], "jobs": 0}, "jobs=0"),
        ({"paths": ["x.txt"], "jobs": True}, "jobs=True"),
    ],
)
def test_build_refuses_bad_arguments(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)):
        graph.build(**arguments)


def test_store_rows_are_plain_python_values(built: graph.BuildSummary) -> None:
    with graph.open_store(built.output) as store:
        rows = store.query(
            "SELECT ?article ?headline ?length ?published WHERE { "
            "?article a ng:Article ; schema:headline ?headline ; nif:isString ?text . "
            "OPTIONAL { ?article schema:datePublished ?published } "
            "BIND(STRLEN(?text) AS ?length) } ORDER BY ?headline"
        )
    assert len(rows) == built.built
    for row in rows:
        assert list(row) == ["article", "headline", "length", "published"]
        assert isinstance(row["article"], str) and row["article"].startswith("https://")
        assert isinstance(row["headline"], str) and isinstance(row["length"], int)
    assert None in {row["published"] for row in rows}  # the text file states no date


def test_store_view_and_closing(built: graph.BuildSummary) -> None:
    store = graph.open_store(built.store)
    page = store.view(title="API corpus")
    assert "<title>API corpus</title>" in page
    assert page._repr_html_().startswith("<iframe srcdoc=")
    with pytest.raises(QuerySyntaxError, match="ASK"):
        store.query("ASK { ?s ?p ?o }")
    store.close()
    with pytest.raises(InputError, match="closed"):
        store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_opening_a_missing_store_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(NewsgraphError, match="no store here"):
        graph.open_store(tmp_path / "nothing")


def test_import_graph_loads_no_heavy_library() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, graph; graph.build_article; "
            "print(' '.join(m for m in ('spacy', 'rdflib', 'pyoxigraph', 'pyvis', 'trafilatura',"
            " 'networkx', 'rich') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == ""
