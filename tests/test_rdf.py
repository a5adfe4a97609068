"""The graph: SHACL-valid, stable IRIs, idempotent, readable by rdflib and pyoxigraph alike."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, OWL, RDF, RDFS

from graph.export.files import sorted_ntriples, write_graph_files
from graph.model import ArticleFacts
from graph.rdf import build_graph, entity_iri
from graph.vocab import NG, WD

ONTOLOGY = Path(__file__).parent.parent / "ontology"


@pytest.fixture(scope="module")
def shapes() -> tuple[Graph, Graph]:
    return (Graph().parse(ONTOLOGY / "shapes.ttl"), Graph().parse(ONTOLOGY / "newsgraph.ttl"))


@pytest.mark.parametrize("article", ["bundled", "settlements", "summit"])
def test_graph_satisfies_the_shapes(
    article: str, shapes: tuple[Graph, Graph], request: pytest.FixtureRequest
) -> None:
    import pyshacl

    facts: ArticleFacts = request.getfixturevalue(article)
    conforms, _, report = pyshacl.validate(
        build_graph(facts), shacl_graph=shapes[0], ont_graph=shapes[1], inference="rdfs"
    )
    assert conforms, report


def test_graph_as_oxigraph_stores_it_satisfies_the_shapes(
    bundled: ArticleFacts, shapes: tuple[Graph, Graph]
) -> None:
    """What the store, corpus.nq and an endpoint hold is what Oxigraph keeps of the graph (it
    stores derived datatypes as their primitive type): the same literals as the files, valid."""
    import pyshacl

    ntriples = sorted_ntriples(build_graph(bundled))
    store = pyoxigraph.Store()
    store.load(ntriples.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    stored = (
        store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
        or b""
    ).decode()
    assert sorted(stored.splitlines()) == sorted(ntriples.splitlines())
    conforms, _, report = pyshacl.validate(
        Graph().parse(data=stored, format="nt"),
        shacl_graph=shapes[0],
        ont_graph=shapes[1],
        inference="rdfs",
    )
    assert conforms, report


def test_shapes_reject_a_negative_offset(
    bundled: ArticleFacts, shapes: tuple[Graph, Graph]
) -> None:
    import pyshacl

    from graph.vocab import NIF

    graph = build_graph(bundled)
    mention = next(graph.subjects(RDF.type, NG.Mention))
    graph.set((mention, NIF.beginIndex, Literal(-1)))
    conforms, _, _ = pyshacl.validate(
        graph, shacl_graph=shapes[0], ont_graph=shapes[1], inference="rdfs"
    )
    assert not conforms


def test_shapes_reject_a_statement_without_speaker(
    bundled: ArticleFacts, shapes: tuple[Graph, Graph]
) -> None:
    import pyshacl

    graph = build_graph(bundled)
    graph.remove((None, NG.speaker, None))
    conforms, _, _ = pyshacl.validate(
        graph, shacl_graph=shapes[0], ont_graph=shapes[1], inference="rdfs"
    )
    assert not conforms


def test_vocabulary_terms_are_exactly_the_ontology_terms() -> None:
    ontology = Graph().parse(ONTOLOGY / "newsgraph.ttl")
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(str(NG))}
    in_code = {f"{NG}{name}" for name in NG.__annotations__}
    assert declared == in_code
    with pytest.raises(AttributeError):
        _ = NG.speakr


def test_entities_are_typed_labelled_and_linked_to_wikidata(bundled: ArticleFacts) -> None:
    graph = build_graph(bundled)
    ukraine = entity_iri("Q212")
    assert (ukraine, RDF.type, NG.Country) in graph
    assert (ukraine, OWL.sameAs, WD.Q212) in graph
    assert (ukraine, RDFS.label, Literal("Ukraine")) in graph
    stoltenberg = entity_iri("person/jens-stoltenberg")
    assert (stoltenberg, RDF.type, NG.Person) in graph
    posts = set(graph.objects(stoltenberg, ORG.holds))
    assert any((post, ORG.postIn, entity_iri("Q7184")) in graph for post in posts)


def test_every_statement_has_one_speaker_text_and_span(bundled: ArticleFacts) -> None:
    graph = build_graph(bundled)
    statements = set(graph.subjects(RDF.type, NG.Statement))
    assert len(statements) == len(bundled.statements)
    for statement in statements:
        assert len(set(graph.objects(statement, NG.speaker))) == 1
        assert len(set(graph.objects(statement, NG.text))) == 1
        assert len(set(graph.objects(statement, NG.content))) == 1


def test_build_twice_gives_byte_identical_ntriples(bundled: ArticleFacts) -> None:
    from graph.pipeline import build_facts

    again = build_facts(bundled.document)
    assert sorted_ntriples(build_graph(bundled)) == sorted_ntriples(build_graph(again))


def test_turtle_round_trips_through_rdflib_and_pyoxigraph(
    bundled: ArticleFacts, tmp_path: Path
) -> None:
    graph = build_graph(bundled)
    files = write_graph_files(graph, tmp_path, "bundled")
    from_turtle = Graph().parse(files.turtle)
    from_jsonld = Graph().parse(files.jsonld, format="json-ld")
    assert isomorphic(graph, from_turtle)
    assert isomorphic(graph, from_jsonld)
    oxigraph_triples = list(
        pyoxigraph.parse(files.turtle.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    )
    assert len(oxigraph_triples) == len(graph)
    nt_from_oxigraph = pyoxigraph.serialize(oxigraph_triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert isomorphic(graph, Graph().parse(io.BytesIO(nt_from_oxigraph), format="nt"))


def test_same_person_same_iri_in_two_articles(
    settlements: ArticleFacts, summit: ArticleFacts
) -> None:
    trump = URIRef(entity_iri("person/donald-trump"))
    assert (trump, RDF.type, NG.Person) in build_graph(settlements)
    assert (trump, RDF.type, NG.Person) in build_graph(summit)


def test_article_node_has_provenance(bundled: ArticleFacts) -> None:
    graph = build_graph(bundled)
    article = next(iter(graph.subjects(RDF.type, NG.Article)))
    assert graph.value(article, NG.contentSha256) == Literal(bundled.document.content_sha256)
    publisher = graph.value(article, NG.originalPublisher)
    assert graph.value(publisher, RDFS.label) == Literal("Radio Free Europe/Radio Liberty")
    assert Literal("March 4") in set(graph.objects(article, NG.mentionsDate))


def test_ontology_files_are_found_where_the_package_is() -> None:
    from graph.vocab import ontology_dir

    for name in ("newsgraph.ttl", "shapes.ttl", "context.jsonld"):
        assert (ontology_dir() / name).is_file()
