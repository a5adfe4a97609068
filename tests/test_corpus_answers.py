"""On a real corpus, the store's union default graph answers as the set of all triples does:
each fact is stored once, so counts are not multiplied by the articles that repeat it."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from graph.query import prologue

QUERIES = {
    "mentions of a person": """
        SELECT (COUNT(?m) AS ?c) WHERE {
          ?m a ng:Mention ; ng:refersTo ?e . ?e rdfs:label "Donald Trump" }""",
    "statements per speaker": """
        SELECT ?name (COUNT(?s) AS ?n) WHERE {
          ?s a ng:Statement ; ng:speaker ?who . ?who rdfs:label ?name } GROUP BY ?name""",
    "posts per person": """
        SELECT ?name (COUNT(?post) AS ?n) WHERE {
          ?p a ng:Person ; rdfs:label ?name ; org:holds ?post } GROUP BY ?name""",
    "memberships": """
        SELECT ?member ?body WHERE {
          ?x ng:memberOf ?y . ?x rdfs:label ?member . ?y rdfs:label ?body }""",
    "mentions per entity and type": """
        SELECT ?name ?type (COUNT(?m) AS ?n) WHERE {
          ?m a ng:Mention ; ng:refersTo ?e . ?e rdfs:label ?name ; a ?type }
        GROUP BY ?name ?type""",
    "label and type of one organization": """
        SELECT ?e ?t WHERE { ?e rdfs:label "Reuters" ; a ?t }""",
}


@pytest.fixture(scope="module")
def all_triples(reuters_300: Path) -> Graph:
    """Every triple of corpus.nq, once (set semantics), whatever graph holds it."""
    dataset = Dataset()
    dataset.parse(reuters_300 / "corpus.nq", format="nquads")
    graph = Graph()
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    return graph


def cli_rows(out: Path, query: str) -> Counter[tuple[str, ...]]:
    result = subprocess.run(
        [sys.executable, "-m", "graph", "query", "-o", str(out), query, "--format", "csv"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    return Counter(tuple(row) for row in rows[1:])


def rdflib_rows(graph: Graph, query: str) -> Counter[tuple[str, ...]]:
    return Counter(
        tuple("" if term is None else str(term) for term in row)
        for row in graph.query(prologue() + query)
    )


@pytest.mark.parametrize("name", QUERIES)
def test_the_store_answers_as_the_set_of_triples(
    name: str, reuters_300: Path, all_triples: Graph
) -> None:
    expected = rdflib_rows(all_triples, QUERIES[name])
    assert expected, f"{name}: the corpus gives no answer to compare"
    assert cli_rows(reuters_300, QUERIES[name]) == expected


def test_no_triple_is_stored_twice(reuters_300: Path) -> None:
    with (reuters_300 / "corpus.nq").open(encoding="utf-8") as quads:
        triples = Counter(line.rsplit(" ", 2)[0] for line in quads)
    assert triples, "corpus.nq is empty"
    repeated = [triple for triple, count in triples.items() if count > 1]
    assert not repeated, repeated[:3]


def test_a_mention_count_is_the_count_of_distinct_mentions(reuters_300: Path) -> None:
    natural = cli_rows(reuters_300, QUERIES["mentions of a person"])
    distinct = cli_rows(
        reuters_300,
        """SELECT (COUNT(DISTINCT ?m) AS ?c) WHERE {
             ?m a ng:Mention ; ng:refersTo ?e . ?e rdfs:label "Donald Trump" }""",
    )
    assert natural == distinct
    [(count,)] = natural
    assert int(count) > 100  # Donald Trump is named in most of these articles
