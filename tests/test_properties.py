"""Property tests: any messy article builds without error into valid, stable, parseable RDF.

Articles are generated from news-like pieces (names with diacritics and apostrophes, countries,
speech verbs, titles, quotation marks of every kind) mixed with emoji, right-to-left script,
control characters and markup, so the extractors see both real attributions and noise.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st
from rdflib import Graph

from graph.errors import InputError
from graph.export.files import jsonld_context, serialize_graph, sorted_ntriples
from graph.model import ArticleFacts, Document, Span
from graph.read import parse_article

ONTOLOGY = Path(__file__).parent.parent / "ontology"

WORDS = [
    "the",
    "talks",
    "on",
    "Monday",
    "war",
    "peace",
    "members",
    "agree",
    "planes",
    "should",
    "fly",
    "over",
    "border",
    "troops",
    "minister",
    "alliance",
    "a",
    "of",
    "and",
    "in",
    "to",
    "that",
    "it",
    "he",
    "she",
    "they",
    "we",
    "not",
    "no",
    "will",
    "would",
    "could",
    "officials",
    "reporters",
    "statement",
    "conflict",
    "sanctions",
    "aid",
    "support",
    "press",
    "conference",
]
NAMES = [
    "Zelenskiy",
    "Volodymyr Zelenskiy",
    "O'Rourke",
    "Beto O'Rourke",
    "Beto O’Rourke",
    "Ngũgĩ wa Thiong'o",
    "Ngũgĩ",
    "Ingrida Šimonytė",
    "José Martí",
    "Jens Stoltenberg",
    "Stoltenberg",
    "Mohammed al-Sabban",
    "Aung San Suu Kyi",
    "Mr. Smith",
    "Ms. Dubois",
    "Dr. Ağaoğlu",
]
PLACES = [
    "Ukraine",
    "Russia",
    "Ukrainian",
    "Russian",
    "Belarus",
    "the United States",
    "U.S.",
    "NATO",
    "the European Union",
    "Lithuania",
    "Kyiv",
    "Moscow",
    "the Philippines",
    "Côte d'Ivoire",
]
SPEECH = ["said", "told reporters", "says", "warned", "added", "told", "according to", "stated"]
TITLES = [
    "Prime Minister",
    "prime minister",
    "President",
    "Foreign Minister",
    "Secretary General",
    "spokesperson",
    "Secretary of State",
]
QUOTES = ["“", "”", '"', "„", "«", "»", "‘", "’", "'", "‹", "›", "「", "」"]
PUNCTUATION = [".", ",", ";", ":", "!", "?", "—", "-", "(", ")", "…", "...", "&", "/"]
BREAKS = ["\n", "\n\n", "\n\n\n", " \n ", "\n \n", "\t"]
EMOJI = ["🇺🇦", "👍🏽", "😀", "👨‍👩‍👧", "🕊️", "\u200d"]
RTL = ["مرحبا بالعالم", "قال الرئيس", "שלום עולם", "\u200f", "\u202e", "\u202b", "\u202c"]
CONTROLS = [
    "\x00",
    "\x01",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1c",
    "\x7f",
    "\x85",
    "\x9f",
    "\u200b",
    "\ufeff",
    "\ufffd",
]
MARKUP = ["<b>", "</script>", "{{", "}}", "\\", '\\"', "&amp;", "<img src=x onerror=alert(1)>"]


def _text_noise() -> st.SearchStrategy[str]:
    characters = st.characters(blacklist_categories=("Cs",))
    return st.text(characters, min_size=1, max_size=12)


def _piece() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(NAMES),
        st.sampled_from(PLACES),
        st.sampled_from(SPEECH),
        st.sampled_from(TITLES),
        st.sampled_from(QUOTES),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(BREAKS),
        st.sampled_from(EMOJI),
        st.sampled_from(RTL),
        st.sampled_from(CONTROLS),
        st.sampled_from(MARKUP),
        _text_noise(),
    )


@st.composite
def _attribution(draw: st.DrawFn) -> str:
    """A sentence shaped like news attribution, with quotation marks that may not balance."""
    name = draw(st.sampled_from(NAMES))
    title = draw(st.sampled_from(["", *TITLES]))
    place = draw(st.sampled_from(PLACES))
    verb = draw(st.sampled_from(SPEECH))
    words = " ".join(
        draw(st.lists(st.sampled_from(WORDS + PLACES + NAMES), min_size=1, max_size=9))
    )
    opener, closer = draw(
        st.sampled_from(
            [
                ("“", "”"),
                ('"', '"'),
                ("„", "“"),
                ("«", "»"),
                ("“", ""),
                ("", "”"),
                ('"', ""),
                ("“", "“"),
                ("‘", "’"),
                ("", ""),
            ]
        )
    )
    inner = draw(st.sampled_from(["", f"“{place}”", f'"{place}', f"‘{name}’"]))
    speaker = f"{place} {title} {name}".replace("  ", " ") if title else name
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return f"{speaker} {verb} {opener}{words} {inner}{closer}."
    if shape == 1:
        return f"{opener}{words},{closer} {speaker} {verb}."
    if shape == 2:
        return f"{speaker}, {place}'s {title or 'minister'}, {verb} that {words}."
    return f"{opener}{words} {inner}.{closer} {opener}{words}"


@st.composite
def articles(draw: st.DrawFn) -> str:
    title = draw(st.lists(_piece(), min_size=1, max_size=6))
    body = draw(st.lists(st.one_of(_attribution(), _piece()), min_size=0, max_size=40))
    glue = draw(st.sampled_from([" ", "", "\n"]))
    return glue.join(title) + "\n" + " ".join(body)


@pytest.fixture(scope="module")
def shapes() -> tuple[Graph, Graph]:
    return Graph().parse(ONTOLOGY / "shapes.ttl"), Graph().parse(ONTOLOGY / "newsgraph.ttl")


def _build(text: str) -> tuple[Document, ArticleFacts, Graph]:
    from graph.pipeline import build_facts
    from graph.rdf import build_graph

    try:
        document = parse_article(text, source_name="prop")
    except InputError:
        reject()
    facts = build_facts(document)
    return document, facts, build_graph(facts)


def _spans(facts: ArticleFacts) -> list[tuple[str, Span]]:
    spans = [
        (f"mention of {entity.key}", Span(m.start, m.end, m.text))
        for entity in facts.entities
        for m in entity.mentions
    ]
    for statement in facts.statements:
        spans.append(("statement content", statement.content))
        if statement.source is not None:
            spans.append(("statement source", statement.source))
        if statement.cue is not None:
            spans.append(("statement cue", statement.cue))
    spans += [("post evidence", post.evidence) for post in facts.posts]
    spans += [("relation evidence", relation.evidence) for relation in facts.relations]
    return spans


def _oxigraph_count(data: str, rdf_format: pyoxigraph.RdfFormat) -> int:
    return sum(1 for _ in pyoxigraph.parse(data, format=rdf_format))


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@SETTINGS
@given(text=articles())
@example(text="“")
@example(text="Title\n“He said")
@example(text="Title\n\x00\x01 «« »» „Ngũgĩ wa Thiong'o said “ \u202e")
@example(text="Title\nJens Stoltenberg said “we heard ‘never’ and “we agree” today” on Monday.")
def test_every_span_points_at_its_text(text: str) -> None:
    document, facts, _ = _build(text)
    for what, span in _spans(facts):
        assert 0 <= span.start < span.end <= len(document.text), (what, span)
        assert document.text[span.start : span.end] == span.text, (what, span)


@SETTINGS
@given(text=articles())
# A text literal with a line break that ends in a backslash and a quotation mark.
@example(text='the\nZelenskiy said “the ”. \\"')
@example(text="Title\nBeto O’Rourke said «Путин „ja“ ‘no’ 😀» \\ {{x}} <b>")
def test_graph_round_trips_through_every_format(text: str) -> None:
    _, _, graph = _build(text)
    expected = len(graph)
    files = serialize_graph(graph)
    rdflib_jsonld = graph.serialize(format="json-ld", context=jsonld_context(), sort_keys=True)
    serialised = [
        ("nt", sorted_ntriples(graph), pyoxigraph.RdfFormat.N_TRIPLES),
        ("turtle", files.turtle, pyoxigraph.RdfFormat.TURTLE),
        ("json-ld", files.jsonld, pyoxigraph.RdfFormat.JSON_LD),
        ("json-ld", rdflib_jsonld, pyoxigraph.RdfFormat.JSON_LD),
    ]
    for rdflib_format, data, oxigraph_format in serialised:
        assert len(Graph().parse(data=data, format=rdflib_format)) == expected, rdflib_format
        assert _oxigraph_count(data, oxigraph_format) == expected, rdflib_format


@SETTINGS
@given(text=articles())
def test_graph_satisfies_the_shapes(text: str, shapes: tuple[Graph, Graph]) -> None:
    import pyshacl

    _, _, graph = _build(text)
    conforms, _, report = pyshacl.validate(
        graph, shacl_graph=shapes[0], ont_graph=shapes[1], inference="rdfs"
    )
    assert conforms, report


@SETTINGS
@given(text=articles())
@example(text="Russian leader\nВладимир Путин said the war would go on, Дмитрий Песков said.")
def test_same_text_gives_the_same_ntriples(text: str) -> None:
    first = sorted_ntriples(_build(text)[2])
    second = sorted_ntriples(_build(text)[2])
    assert first == second
