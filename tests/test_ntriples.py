"""The N-Triples text graph.ntriples writes is the text rdflib's N-Triples serializer writes for
the same terms, so files and the store are what they were when the RDF was made of rdflib terms."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from graph import ntriples
from graph.rdf import ntriples_of

SUBJECT, PREDICATE = URIRef("https://example.org/s"), URIRef("https://example.org/p")


def rdflib_line(value: Literal | URIRef) -> str:
    return ntriples_of([(SUBJECT, PREDICATE, value)])


def our_line(value: str) -> str:
    return ntriples.line(ntriples.iri(str(SUBJECT)), ntriples.iri(str(PREDICATE)), value)


@given(st.text())
@example('a "quoted" \\ back\\slash\nnew line\r\n\tand a tab \x00 \u2028 é')
@example('ends in a backslash and a quotation mark \\"')
def test_a_literal_is_written_as_rdflib_writes_it(text: str) -> None:
    assert our_line(ntriples.literal(text)) == rdflib_line(Literal(text))
    typed = ntriples.typed_literal(text, str(XSD.anyURI))
    assert our_line(typed) == rdflib_line(Literal(text, datatype=XSD.anyURI))


@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_numbers_and_booleans_are_written_as_rdflib_writes_them(number: int, flag: bool) -> None:
    assert our_line(ntriples.integer(number)) == rdflib_line(Literal(number, datatype=XSD.integer))
    assert our_line(ntriples.boolean(flag)) == rdflib_line(Literal(flag))


def test_the_lines_parse_back_to_the_same_terms() -> None:
    text = 'line one\nwith "quotes", a backslash \\ and \r'
    lines = ntriples.Lines()
    lines.add(ntriples.iri(str(SUBJECT)), ntriples.iri(str(PREDICATE)), ntriples.literal(text))
    lines.add(ntriples.iri(str(SUBJECT)), ntriples.iri(str(PREDICATE)), ntriples.integer(7))
    graph = Graph().parse(data=ntriples.sorted_text(set(lines)), format="nt")
    assert set(graph.objects(SUBJECT, PREDICATE)) == {
        Literal(text),
        Literal(7, datatype=XSD.integer),
    }


@pytest.mark.parametrize("bad", ["https://example.org/a b", "https://example.org/<x>", 'a"b'])
def test_an_iri_rdflib_would_refuse_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid IRI"):
        ntriples.checked_iri(bad)
    with pytest.raises(ValueError, match="not a valid IRI"):
        ntriples_of([(URIRef(bad), PREDICATE, SUBJECT)])
