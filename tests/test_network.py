"""The entity network projected from the RDF: people, bodies, countries and places, and the
posts, memberships, borders and statements between them, for one article or many."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import statements_by
from rdflib import Dataset, Graph, URIRef

from graph.export.network import (
    KINDS,
    RELATIONS,
    article_headlines,
    project,
    split_statement,
    statement_line,
)
from graph.model import ArticleFacts
from graph.rdf import article_iri, build_graph, entity_iri, speaker_iri

STOLTENBERG = str(entity_iri("person/jens-stoltenberg"))
SIMONYTE = str(entity_iri("person/ingrida-simonyte"))
UKRAINE, RUSSIA, POLAND = (str(entity_iri(qid)) for qid in ("Q212", "Q159", "Q36"))
LITHUANIA, NATO = str(entity_iri("Q37")), str(entity_iri("Q7184"))


@pytest.fixture(scope="module")
def network(bundled: ArticleFacts) -> nx.MultiDiGraph:
    return project(build_graph(bundled))


def node_iris(facts: ArticleFacts) -> set[str]:
    """Every entity's IRI, and every unnamed source's (under its article's IRI)."""
    article = article_iri(facts.document)
    return {str(entity_iri(entity.key)) for entity in facts.entities} | {
        str(speaker_iri(article, source.key)) for source in facts.sources
    }


def test_every_entity_and_unnamed_source_is_one_node_keyed_by_its_iri(
    bundled: ArticleFacts, network: nx.MultiDiGraph
) -> None:
    assert bundled.sources, "the bundled article has no unnamed source"
    assert set(network) == node_iris(bundled)
    assert {kind for _, kind in network.nodes(data="kind")} <= set(KINDS)


def test_a_person_carries_name_roles_and_statements_in_text_order(
    bundled: ArticleFacts, network: nx.MultiDiGraph
) -> None:
    stoltenberg = network.nodes[STOLTENBERG]
    assert stoltenberg["kind"] == "person"
    assert stoltenberg["label"] == "Jens Stoltenberg"
    assert stoltenberg["qid"] == ""
    assert stoltenberg["roles"] == "chief of NATO; secretary general of NATO"
    lines = stoltenberg["statements"].splitlines()
    assert stoltenberg["statement_count"] == len(lines)
    assert len(lines) == len(statements_by(bundled, "Jens Stoltenberg"))
    assert lines[0] == "NATO members agree no alliance planes should fly over Ukraine (reported)"
    assert "“likely to be worse.” (direct quote)" in lines


def test_a_country_carries_its_wikidata_id(network: nx.MultiDiGraph) -> None:
    assert network.nodes[UKRAINE] == {
        "kind": "country",
        "label": "Ukraine",
        "qid": "Q212",
        "roles": "",
        "statements": "",
        "statement_count": 0,
        "articles": 1,
    }


def test_a_government_body_is_not_drawn_as_a_plain_organization(
    bundled: ArticleFacts, network: nx.MultiDiGraph
) -> None:
    bodies = {str(entity_iri(e.key)) for e in bundled.entities if e.kind == "government_body"}
    assert bodies, "the bundled article names no government body"
    assert {
        node for node, kind in network.nodes(data="kind") if kind == "government_body"
    } == bodies


def test_a_post_links_holder_to_body_with_the_whole_sentence(network: nx.MultiDiGraph) -> None:
    [post] = network.get_edge_data(SIMONYTE, LITHUANIA).values()
    assert post == {
        "relation": "post",
        "label": "prime minister of",
        "evidence": "On March 4, Lithuanian Prime Minister Ingrida Simonyte repeated that warning.",
        "article": "Stoltenberg says NATO members agree no alliance planes should fly over Ukraine",
    }


def test_an_initial_does_not_end_the_evidence_sentence(network: nx.MultiDiGraph) -> None:
    blinken, united_states = str(entity_iri("person/antony-blinken")), str(entity_iri("Q30"))
    [post] = network.get_edge_data(blinken, united_states).values()
    assert post["evidence"] == (
        "U.S. Secretary of State Antony Blinken echoed that NATO “seeks no conflict” "
        "but is “ready for it.”"
    )


def test_a_border_is_one_edge_per_pair_and_membership_points_to_the_body(
    network: nx.MultiDiGraph,
) -> None:
    borders = [(u, v) for u, v, relation in network.edges(data="relation") if relation == "borders"]
    assert len(borders) == len({frozenset(pair) for pair in borders}) == 5
    [border] = (
        network.get_edge_data(POLAND, UKRAINE) or network.get_edge_data(UKRAINE, POLAND)
    ).values()
    assert (
        border["evidence"]
        == "Ukraine neighbors NATO members Romania, Hungary, Slovakia, and Poland."
    )
    [membership] = network.get_edge_data(POLAND, NATO).values()
    assert membership["relation"] == "member of"


def test_said_about_is_one_edge_per_statement_and_topic(
    bundled: ArticleFacts, network: nx.MultiDiGraph
) -> None:
    said = [attrs for _, _, attrs in network.edges(data=True) if attrs["relation"] == "said about"]
    expected = sum(
        len({key for key in statement.about if key != statement.speaker_key})
        for statement in bundled.statements
    )
    assert len(said) == expected
    quote = (
        "We do not seek war, conflict with Russia. At the same time, we need to make sure there "
        "is no misunderstanding about our commitment to protect all allies."
    )
    said_to_russia = network.get_edge_data(STOLTENBERG, RUSSIA).values()
    assert [attrs for attrs in said_to_russia if attrs["quote"] == quote] == [
        {
            "relation": "said about",
            "label": "said about",
            "quote": quote,
            "mode": "direct quote",
            "evidence": f"“{quote}”",
            "article": "Stoltenberg says NATO members agree no alliance planes should fly over "
            "Ukraine",
        }
    ]


def test_attribute_values_are_plain_so_graphml_can_hold_them(network: nx.MultiDiGraph) -> None:
    values = [value for _, attrs in network.nodes(data=True) for value in attrs.values()]
    values += [value for _, _, attrs in network.edges(data=True) for value in attrs.values()]
    assert all(type(value) in (str, int, float) for value in values)
    assert {relation for _, _, relation in network.edges(data="relation")} <= set(RELATIONS)
    graphml = "\n".join(nx.generate_graphml(network))
    assert nx.parse_graphml(graphml).number_of_nodes() == network.number_of_nodes()


def test_several_articles_merge_into_one_network(
    bundled: ArticleFacts, summit: ArticleFacts, settlements: ArticleFacts
) -> None:
    articles = (bundled, summit, settlements)
    union, dataset = Graph(), Dataset()
    for number, facts in enumerate(articles):
        graph = build_graph(facts)
        union += graph
        named = dataset.graph(URIRef(f"urn:test:article-{number}"))
        for triple in graph:
            named.add(triple)
    from_union, from_dataset = project(union), project(dataset)

    keys = {entity.key for facts in articles for entity in facts.entities}
    assert set(from_union) == set().union(*(node_iris(facts) for facts in articles))
    assert dict(from_union.nodes(data=True)) == dict(from_dataset.nodes(data=True))
    assert sorted(map(repr, from_union.edges(data=True))) == sorted(
        map(repr, from_dataset.edges(data=True))
    )
    in_articles = {
        key: sum(1 for facts in articles if key in {e.key for e in facts.entities}) for key in keys
    }
    shared = [key for key, count in in_articles.items() if count > 1]
    assert shared, "the test articles share no entity"
    for key in shared:
        assert from_union.nodes[str(entity_iri(key))]["articles"] == in_articles[key]
    assert article_headlines(dataset) == tuple(
        sorted(facts.document.title.text for facts in articles)
    )


def test_statement_lines_round_trip() -> None:
    for text, mode in (("we need (and want) peace", "reported"), ("No.", "direct quote")):
        line = statement_line(text, mode=mode)
        assert split_statement(line) == ((f"“{text}”" if mode == "direct quote" else text), mode)


def test_an_unnamed_source_is_a_node_named_with_what_it_is_tied_to() -> None:
    from graph.rdf import build_graph
    from tests.conftest import facts_of

    facts = facts_of(
        "Talks to resume\n\nA senior White House official said on Monday that the talks with "
        "China would resume next week."
    )
    [source] = [
        n for n, kind in project(build_graph(facts)).nodes(data="kind") if kind == "unnamed_source"
    ]
    node = project(build_graph(facts)).nodes[source]
    assert node["label"] == "senior White House official (White House)"
    assert node["statement_count"] == 1
    assert "the talks with China would resume next week" in node["statements"]
