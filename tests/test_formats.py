"""Every output file read by independent parsers: rdflib, pyoxigraph, Raptor's rapper, serdi."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph

from graph.export.jsonld import indented_json

DATA = Path(__file__).parent / "data"
FORMATS = {
    ".ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE, "turtle", "turtle"),
    ".nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES, "ntriples", "ntriples"),
    ".jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD, None, None),
    ".trig": ("trig", pyoxigraph.RdfFormat.TRIG, "trig", "trig"),
    ".nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS, "nquads", "nquads"),
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("formats")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph",
            "build",
            "-q",
            "-o",
            str(out),
            str(DATA / "settlements_reaction.txt"),
            str(DATA / "asean_summit.txt"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return sorted(p for p in out.iterdir() if p.suffix in FORMATS)


def rdflib_count(path: Path) -> int:
    rdflib_format = FORMATS[path.suffix][0]
    if path.suffix in {".trig", ".nq"}:
        dataset = Dataset()
        dataset.parse(path, format=rdflib_format)
        # a triple in two article graphs is two quads
        return sum(1 for _ in dataset.quads((None, None, None, None)))
    return len(Graph().parse(path, format=rdflib_format))


def oxigraph_count(path: Path) -> int:
    return sum(1 for _ in pyoxigraph.parse(path.read_bytes(), format=FORMATS[path.suffix][1]))


def rapper_count(path: Path) -> int | None:
    syntax = FORMATS[path.suffix][2]
    if syntax is None:
        return None
    result = subprocess.run(
        ["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, check=True
    )
    found = re.search(r"returned (\d+) triples", result.stderr)
    assert found, result.stderr
    return int(found.group(1))


def serdi_count(path: Path) -> int | None:
    syntax = FORMATS[path.suffix][3]
    if syntax is None:
        return None
    result = subprocess.run(
        ["serdi", "-i", syntax, str(path)], capture_output=True, text=True, check=True
    )
    return sum(1 for line in result.stdout.splitlines() if line.strip())


def test_all_formats_are_written(outputs: list[Path]) -> None:
    assert {p.suffix for p in outputs} == set(FORMATS)


def test_rdflib_and_pyoxigraph_agree_on_every_file(outputs: list[Path]) -> None:
    for path in outputs:
        assert rdflib_count(path) == oxigraph_count(path), path.name


@pytest.mark.skipif(
    shutil.which("rapper") is None or shutil.which("serdi") is None,
    reason="rapper (raptor2-utils) and serdi are installed by .ci/run",
)
def test_raptor_and_serd_agree_with_pyoxigraph(outputs: list[Path]) -> None:
    for path in outputs:
        expected = oxigraph_count(path)
        for count in (rapper_count(path), serdi_count(path)):
            assert count is None or count == expected, path.name


def test_jsonld_uses_the_published_context(outputs: list[Path]) -> None:
    jsonld = next(p for p in outputs if p.suffix == ".jsonld").read_text()
    assert '"@context"' in jsonld and '"Person"' in jsonld


def test_graphml_has_one_node_per_entity(outputs: list[Path]) -> None:
    import networkx as nx

    network = nx.read_graphml(outputs[0].parent / "asean-summit.graphml")
    assert "https://w3id.org/newsgraph/id/person/rodrigo-duterte" in network
    labels = {data["label"] for _, data in network.nodes(data=True)}
    assert {"Rodrigo Duterte", "Justin Trudeau", "Canada"} <= labels
    assert any(data["relation"] == "said about" for *_, data in network.edges(data=True))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_jsonld_text_is_what_json_dumps_writes(value: object) -> None:
    # the JSON-LD files are written by a direct encoder; any JSON value gives json's text
    assert indented_json(value) == json.dumps(value, indent=1, ensure_ascii=False)


def test_json_text_of_tuples_and_keys_that_are_not_strings() -> None:
    for value in ({"a": (1, "é\n\x00"), 2: [None, {}], "b": []}, ("x", {"y": ()})):
        assert indented_json(value) == json.dumps(value, indent=1, ensure_ascii=False)
