"""`newsgraph query`: named queries, formats, errors — over the store `build` wrote."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from graph.query import named_queries


def newsgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("query")
    assert newsgraph("build", "-q", "-o", str(directory)).returncode == 0
    return directory


def query(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return newsgraph("query", "-o", str(out), *args)


def test_list_names_every_query_of_the_library(out: Path) -> None:
    result = query(out, "--list")
    assert result.returncode == 0
    for name in (
        "who-said-what",
        "statements-about",
        "people-posts",
        "country-relations",
        "most-mentioned",
        "statements-between-countries",
        "unnamed-sources",
        "attribution-kinds",
    ):
        assert name in result.stdout
    assert set(named_queries()) == {line.split()[0] for line in result.stdout.splitlines()}


def test_people_posts_as_a_table(out: Path) -> None:
    result = query(out, "--name", "people-posts")
    assert result.returncode == 0, result.stderr
    rows = [line.split("  ") for line in result.stdout.splitlines()]
    assert any(
        "Ingrida Simonyte" in row
        and "prime minister" in " ".join(row)
        and "Lithuania" in " ".join(row)
        for row in rows
    )
    assert result.stdout.rstrip().endswith("rows)")


def test_who_said_what_as_csv(out: Path) -> None:
    result = query(out, "--name", "who-said-what", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_text = {row["text"]: row for row in rows}
    assert by_text["NATO is not part of the conflict"]["speaker"] == "Jens Stoltenberg"
    assert by_text["NATO is not part of the conflict"]["kind"] == "quote"
    assert "secretary general" in by_text["NATO is not part of the conflict"]["roles"]


def test_statements_by_unnamed_sources_by_what_they_are_tied_to(out: Path) -> None:
    result = query(out, "--name", "unnamed-sources", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # "Nuclear officials say they have not detected any radiation leaks ..."
    nuclear = next(row for row in rows if row["text"].startswith("they have not detected"))
    assert (nuclear["source"], nuclear["sourceKind"], nuclear["kind"]) == (
        "Nuclear officials",
        "PersonSource",
        "Speech",
    )
    # "NATO members agree no alliance planes should fly over Ukraine": tied to the alliance.
    tied = {row["tiedTo"] for row in rows if row["source"].endswith("NATO members")}
    assert tied == {"NATO"}
    assert [row["tiedTo"] for row in rows] == sorted(row["tiedTo"] for row in rows)


def test_kinds_of_attribution_per_speaker(out: Path) -> None:
    result = query(out, "--name", "attribution-kinds", "--format", "csv")
    assert result.returncode == 0, result.stderr
    counts = {
        (row["speaker"], row["kind"]): int(row["statements"])
        for row in csv.DictReader(io.StringIO(result.stdout))
    }
    # "Baerbock vowed ... that Europe would “take further measures ...”": an intention.
    assert counts[("Annalena Baerbock", "Intention")] >= 1
    assert counts[("Jens Stoltenberg", "Speech")] >= 3
    assert {kind for _, kind in counts} <= {"Speech", "Writing", "Thought", "Intention", "Evidence"}


def test_parameters_bind_query_variables(out: Path) -> None:
    result = query(
        out, "--name", "statements-about", "--param", "country=Belarus", "--format", "json"
    )
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert {b["speaker"]["value"] for b in bindings} == {"Bogdan Aurescu", "Alyaksandr Lukashenka"}
    missing = query(out, "--name", "statements-about")
    assert missing.returncode == 2 and "--param country=VALUE" in missing.stderr


def test_prefixes_are_predeclared_and_construct_prints_turtle(out: Path) -> None:
    result = query(out, "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a ng:Country ; rdfs:label ?n }")
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) == 11


def test_syntax_error_gives_line_and_column_and_status_2(out: Path) -> None:
    result = query(out, "SELECT ?x WHERE {\n  ?x a ng:Person \n")
    assert result.returncode == 2
    assert "3:1" in result.stderr or "2:" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = newsgraph("query", "-o", str(tmp_path), "--name", "people-posts")
    assert result.returncode == 1
    assert "no store" in result.stderr and "Traceback" not in result.stderr


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""Every triple times every triple times every triple: runs for hours on any real store."""


def test_a_runaway_query_is_stopped_at_the_time_limit(out: Path) -> None:
    import time

    start = time.perf_counter()
    result = query(out, RUNAWAY, "--timeout", "1")
    assert time.perf_counter() - start < 30
    assert result.returncode == 3
    assert "ran for more than 1 s (--timeout)" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_negative_time_limit_is_a_usage_error(out: Path) -> None:
    result = query(out, "--name", "people-posts", "--timeout", "-1")
    assert result.returncode == 2
    assert "--timeout must not be negative" in result.stderr


def test_aliases_lists_each_entity_with_its_names_and_articles(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(
        "Probe widens\n\nWASHINGTON (Reuters) - The U.S. Department of Justice said on "
        "Monday it had opened an inquiry into the contracts.\n",
        encoding="utf-8",
    )
    (tmp_path / "two.txt").write_text(
        "Inquiry grows\n\nWASHINGTON (Reuters) - The Justice Department declined to comment "
        "on the inquiry, a spokesman said on Tuesday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    built = newsgraph(
        "build", "-q", "-o", str(out), str(tmp_path / "one.txt"), str(tmp_path / "two.txt")
    )
    assert built.returncode == 0, built.stderr
    result = query(out, "--name", "aliases", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = {row["label"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    justice = rows["Justice Department"]
    assert justice["type"] == "Organization"
    assert justice["articles"] == "2"
    assert "U.S. Department of Justice" in justice["aliases"].split(" | ")
