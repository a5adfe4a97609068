"""Saved news pages read as a reader sees them: the story without page furniture, the headline
without the site name, byline, publication date, site and canonical URL; pages without a story."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from graph.errors import InputError
from graph.model import Document
from graph.read import page_document, read_article
from graph.vocab import NG, NIF
from graph.webpage import read_web_page

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "html"
ONTOLOGY = Path(__file__).parent.parent / "ontology"


# What each saved page shows a reader, read off the page by a person: the byline, the date
# the page says it was published, the site, and the words the story starts with.
@pytest.fixture(
    params=[
        ("reuters.com.parasite.html", "Jill Serjeant", "2020-01-19", "Reuters", "South Korean"),
        ("scmp.com.playbook.html", "Alice Wu", "2020-01-20", "South China Morning Post", "Taiwan"),
        ("salon.com.emissions.html", "Nathanael Johnson", "2020-01-10", "Salon.com", "Just a"),
        ("phys.org.tool.html", "Bob Yirka", "2019-10-22", "Phys.org", "A team of"),
    ],
    ids=lambda case: case[0].split(".")[0],
)
def page(request: pytest.FixtureRequest) -> Sample:
    name, author, date, site, start = request.param
    if not PAGES.is_dir():
        pytest.skip(f"no sample pages at {PAGES}")
    return Sample(name, read_article(str(PAGES / name)), author, date, site, start)


class Sample(NamedTuple):
    name: str
    document: Document
    author: str
    date: str
    site: str
    start: str


# Page furniture the old reader kept as story text on these pages.
FURNITURE = [
    "share this!",
    "Share Email",
    "Min Read",
    "Our Standards",
    "Trust Principles",
    "Subscribe",
    "Log Out",
    "Follow us",
    "newsletter",
    "Ad Blocking",
    "READ FULL ARTICLE",
    "+ FOLLOW",
    "for-phone-only",
    "cookie",
]


def test_page_gives_the_story_without_page_furniture(page: Sample) -> None:
    document = page.document
    for furniture in FURNITURE:
        assert furniture.casefold() not in document.text.casefold(), furniture
    assert document.paragraphs[0].text.startswith(page.start)
    # menus, share counters, section names and bylines are short lines; story text is not
    assert all(len(paragraph.text.split()) >= 4 for paragraph in document.paragraphs)
    assert sum(len(paragraph.text) for paragraph in document.paragraphs) > 2000
    for span in (document.title, *document.paragraphs, *document.boilerplate):
        assert document.text[span.start : span.end] == span.text


def test_page_gives_headline_without_site_name_and_its_metadata(page: Sample) -> None:
    document = page.document
    headline = document.title.text
    assert page.site.casefold() not in headline.casefold() and "|" not in headline
    assert len(headline.split()) >= 5
    assert document.authors == (page.author,)
    assert document.published == page.date
    assert document.publisher_name in (page.site, None)  # None: the text credits one
    host = page.name.rsplit(".", 2)[0]  # the file is named after the site: reuters.com.x.html
    assert document.url is not None and document.url.startswith(("https://", "http://"))
    assert host in document.url


def test_title_separator_and_site_name_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(
        "<html><head><title>Ministers meet in Vilnius | Baltic Daily</title>"
        '<meta property="og:site_name" content="Baltic Daily"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Ministers meet in Vilnius</h1>"
        "<p>Foreign Minister Anna Berg said on Monday that the border would reopen next week "
        "after talks with her counterparts from the neighbouring countries.</p>"
        "<p>The talks lasted three hours, officials said, and a joint statement followed.</p>"
        "</article><footer>© 2024 Baltic Daily. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    document = read_article(str(path))
    assert document.title.text == "Ministers meet in Vilnius"
    assert document.paragraphs[0].text.startswith("Foreign Minister Anna Berg said")
    assert "Home" not in document.text and "rights reserved" not in document.text
    assert document.publisher_name == "Baltic Daily"


def test_a_story_rendered_by_script_is_read_from_the_pages_article_body(tmp_path: Path) -> None:
    body = " ".join(
        f"Paragraph {number} of the story says that the minister spoke about the budget."
        for number in range(12)
    )
    path = tmp_path / "scripted.html"
    path.write_text(
        "<html><head><title>Budget talks</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "headline": "Budget talks", '
        f'"datePublished": "2024-03-04T08:00:00+01:00", "articleBody": "{body}"}}</script>'
        "</head><body><div id='app'><p>Loading the story…</p></div></body></html>",
        encoding="utf-8",
    )
    document = read_article(str(path))
    assert document.paragraphs[0].text == body
    assert document.published == "2024-03-04"


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/w'>World</a></nav></body></html>",
        "<html><head><title>Shop</title></head><body><div class='menu'><ul><li><a href='/'>"
        "Home</a></li><li><a href='/s'>Sport</a></li></ul></div><div>Cookie settings</div>"
        "</body></html>",
        "<html><body></body></html>",
    ],
)
def test_a_page_without_a_story_is_an_input_error(tmp_path: Path, page: str) -> None:
    path = tmp_path / "index.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(InputError, match="no article text in this page") as raised:
        read_article(str(path))
    assert str(path) in str(raised.value)


MARKUP = [
    "<html>",
    "<head>",
    "<title>",
    "</title>",
    "<body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<h1>",
    "<br>",
    "<svg>",
    "<nav>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "&amp;",
    "&#0;",
    '<meta property="og:site_name" content="Daily">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "',
    '"}</script>',
]
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(MARKUP), TEXT), max_size=40))
@example(["<svg>", "Words", "</p>", "<p>", "y", "<title>", "</title>"])  # AssertionError in lxml
def test_any_page_is_a_document_or_an_input_error(pieces: list[str]) -> None:
    try:
        page = read_web_page("".join(pieces), source="page.html")
    except InputError as error:
        assert str(error).startswith("page.html: ")
        return
    try:
        document = page_document(page, source_name="page.html", slug="page", encoding="utf-8")
    except InputError:
        return  # e.g. a story of control characters only
    for span in (document.title, *document.paragraphs, *document.boilerplate):
        assert document.text[span.start : span.end] == span.text


def newsgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], capture_output=True, text=True, check=False
    )


def test_real_page_builds_end_to_end_with_byline_date_and_publisher(tmp_path: Path) -> None:
    if not PAGES.is_dir():
        pytest.skip(f"no sample pages at {PAGES}")
    import pyshacl

    # Imported here: pytest's collection trips the closed namespaces' unknown-term warnings.
    from rdflib.namespace import RDF, RDFS, SDO, XSD

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "parasite.html").write_bytes((PAGES / "reuters.com.parasite.html").read_bytes())
    (pages / "index.html").write_text(
        "<html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav>"
        "</body></html>",
        encoding="utf-8",
    )
    result = newsgraph("build", str(pages), "-o", str(tmp_path / "out"))
    assert result.returncode == 1  # one input failed, the other is built
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "index.html" in errors[0] and "no article text" in errors[0]
    assert "Traceback" not in result.stderr
    graph = Graph().parse(tmp_path / "out" / "parasite.ttl")
    article = next(graph.subjects(RDF.type, NG.Article))
    assert isinstance(article, URIRef)
    headline = str(graph.value(article, SDO.headline))
    assert headline.startswith("'Parasite' scores historic upset") and "Reuters" not in headline
    assert graph.value(article, SDO.datePublished) == Literal("2020-01-19")
    assert graph.value(article, SDO.url) == Literal(
        "https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH", datatype=XSD.anyURI
    )
    author = graph.value(article, SDO.author)
    assert (author, RDF.type, NG.Person) in graph
    assert graph.value(author, RDFS.label) == Literal("Jill Serjeant")
    assert graph.value(article, NG.byline) == Literal("Jill Serjeant")
    publisher = graph.value(article, NG.originalPublisher)
    assert graph.value(publisher, RDFS.label) == Literal("Reuters")
    text = str(graph.value(article, NIF.isString))
    assert "Our Standards" not in text and "Min Read" not in text
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl"), Graph().parse(ONTOLOGY / "newsgraph.ttl")
    conforms, _, report = pyshacl.validate(
        graph, shacl_graph=shapes[0], ont_graph=shapes[1], inference="rdfs"
    )
    assert conforms, report
