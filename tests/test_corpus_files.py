"""corpus.nq and corpus.trig: the store's graphs, the same bytes however they were written (kept
by the build as each article graph was stored, or read back from the store), in one build or
several, and the two files hold the same quads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph

from graph.corpus.dump import dump_corpus
from graph.export.files import TURTLE_PREFIXES
from tests.conftest import feeds

# The second story names the minister by surname only: the build links it to her at the end,
# rewriting that article's graph in the store after it was written. The third has tabs and
# control characters, which N-Triples writers escape in different ways.
STORIES = (
    {
        "id": "energy",
        "title": "Plant to close",
        "text": "Norwegian Energy Minister Maria Hansen said on Monday that the plant would "
        "close. Hansen said workers would be retrained.",
    },
    {
        "id": "port",
        "title": "Port to stay open",
        "text": "The port will stay open, Hansen said on Thursday in Oslo.",
    },
    {
        "id": "budget",
        "title": "Budget\ttalks",
        "text": "Finance Minister Maria Hansen said on Tuesday\tthat the \x0bbudget talks had "
        'failed.\x0c "We will try again," she said.',
    },
)


def build(out: Path, *paths: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "graph", "build", "-q", *paths, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def quads_of(path: Path, format: pyoxigraph.RdfFormat) -> set[str]:
    return {str(quad) for quad in pyoxigraph.parse(path=str(path), format=format)}


def test_corpus_files_are_the_store_read_back_and_agree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, *feeds(tmp_path / "records", *STORIES))
    nquads, trig = (out / "corpus.nq").read_bytes(), (out / "corpus.trig").read_bytes()
    port = "<https://w3id.org/newsgraph/id/article/port>"
    hansen = b"<https://w3id.org/newsgraph/id/person/maria-hansen>"
    assert any(
        line.endswith(f"{port} .".encode()) and hansen in line for line in nquads.splitlines()
    ), "the surname-only story refers to the minister in the corpus files"

    store = pyoxigraph.Store.read_only(str(out / "store"))
    dump_corpus(store, tmp_path / "again.nq", tmp_path / "again.trig", TURTLE_PREFIXES)
    assert (tmp_path / "again.nq").read_bytes() == nquads
    assert (tmp_path / "again.trig").read_bytes() == trig
    in_store = {
        str(quad)
        for quad in store
        if quad.graph_name != pyoxigraph.NamedNode("https://w3id.org/newsgraph/ns")
    }
    assert quads_of(out / "corpus.nq", pyoxigraph.RdfFormat.N_QUADS) == in_store
    assert quads_of(out / "corpus.trig", pyoxigraph.RdfFormat.TRIG) == in_store


def test_corpus_files_of_two_builds_are_those_of_one(tmp_path: Path) -> None:
    paths = feeds(tmp_path / "records", *STORIES)
    once, twice = tmp_path / "once", tmp_path / "twice"
    build(once, *paths)
    build(twice, paths[0])
    build(twice, *paths[1:])
    for name in ("corpus.nq", "corpus.trig"):
        assert (once / name).read_bytes() == (twice / name).read_bytes()
    assert not [path.name for path in twice.iterdir() if path.name.startswith(".")]
