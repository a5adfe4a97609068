"""Corpus builds: directories, JSON Lines, merging across articles, incremental, parallel,
failures, interruption — through the command line, on real articles."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.export.store import is_article_graph
from graph.parallel import PARALLEL_FROM, default_jobs, usable_cores
from graph.vocab import NG
from tests.conftest import longer_feed

DATA = Path(__file__).parent / "data"
REUTERS = Path(__file__).parent / "data" / "reuters_sample.jsonl"


def newsgraph(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], capture_output=True, text=True, check=False, env=env
    )


def store_quads(out: Path) -> list[str]:
    store = pyoxigraph.Store.read_only(str(out / "store"))
    return sorted(str(quad) for quad in store)


def article_graphs(out: Path) -> set[str]:
    store = pyoxigraph.Store.read_only(str(out / "store"))
    return {g.value for g in store.named_graphs() if is_article_graph(g.value)}


def test_directory_with_text_markdown_html_and_jsonl(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "2022" / "03").mkdir(parents=True)
    shutil.copy(DATA / "asean_summit.txt", corpus / "2022" / "03" / "summit.txt")
    shutil.copy(DATA / "settlements_reaction.txt", corpus / "settlements.md")
    (corpus / "page.html").write_text(
        "<html><head><title>Minister speaks</title></head><body><p>Foreign Minister Anna "
        "Berg said on Monday that the border would reopen.</p></body></html>"
    )
    (corpus / "notes.csv").write_text("not,an,article\n")
    record = {
        "id": "wire-1",
        "title": "Wire story",
        "url": "https://example.org/1",
        "published": "2017-11-14",
        "publisher": "Reuters",
        "text": "President Ana Lima said the talks had failed.",
    }
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n")
    out = tmp_path / "out"
    result = newsgraph("build", str(corpus), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "built 4," in result.stdout
    prefix = "https://w3id.org/newsgraph/id/article/"
    assert article_graphs(out) == {
        f"{prefix}2022-03-summit",
        f"{prefix}settlements",
        f"{prefix}page",
        f"{prefix}wire-1",
    }
    wire = Graph().parse(out / "wire-1.ttl")
    article = URIRef(f"{prefix}wire-1")
    assert str(wire.value(article, URIRef("https://schema.org/url"))) == "https://example.org/1"
    assert wire.value(article, NG.originalPublisher) is not None


def test_one_iri_per_person_across_articles_and_namesakes_stay_apart(tmp_path: Path) -> None:
    first = tmp_path / "one.txt"
    first.write_text(
        "One\n\nPresident Donald Trump met Ivanka Trump's advisers. Trump said the talks went well."
    )
    second = tmp_path / "two.txt"
    second.write_text(
        "Two\n\nTrump spoke on Monday. Earlier, President Donald Trump said trade was unfair."
    )
    third = tmp_path / "three.txt"
    third.write_text("Three\n\nSenator Tim Scott and Governor Rick Scott met. Scott said no.")
    out = tmp_path / "out"
    assert (
        newsgraph("build", "-q", str(first), str(second), str(third), "-o", str(out)).returncode
        == 0
    )
    union = Graph()
    for name in ("one", "two", "three"):
        union.parse(out / f"{name}.ttl")
    trump = URIRef("https://w3id.org/newsgraph/id/person/donald-trump")
    assert len(set(union.objects(trump, NG.mentionedIn))) == 2
    people = {str(p) for p in union.subjects(RDF.type, NG.Person)}
    assert {
        "https://w3id.org/newsgraph/id/person/tim-scott",
        "https://w3id.org/newsgraph/id/person/rick-scott",
    } <= people
    assert "https://w3id.org/newsgraph/id/person/scott" not in people


def test_incremental_skips_unchanged_and_replaces_changed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DATA / "asean_summit.txt", corpus / "summit.txt")
    shutil.copy(DATA / "settlements_reaction.txt", corpus / "settlements.txt")
    out = tmp_path / "out"
    assert newsgraph("build", "-q", str(corpus), "-o", str(out)).returncode == 0
    before = store_quads(out)
    again = newsgraph("build", str(corpus), "-o", str(out))
    assert "built 0, skipped 2 unchanged" in again.stdout
    assert store_quads(out) == before
    text = (corpus / "summit.txt").read_text().replace("Trudeau also said", "Trudeau added")
    (corpus / "summit.txt").write_text(text)
    changed = newsgraph("build", str(corpus), "-o", str(out))
    assert "built 1, skipped 1 unchanged" in changed.stdout
    after = store_quads(out)
    assert after != before and not any("Trudeau also said" in quad for quad in after)
    forced = newsgraph("build", "--force", str(corpus), "-o", str(out))
    assert "built 2, skipped 0" in forced.stdout
    assert store_quads(out) == after


def test_a_failing_article_is_named_and_the_rest_is_built(tmp_path: Path) -> None:
    records = [
        {"id": "good", "title": "Good", "text": "Minister Eva Lund said the plant would close."},
        {"id": "empty", "title": "", "text": "   "},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n{not json\n")
    out = tmp_path / "out"
    result = newsgraph("build", str(feed), "-o", str(out))
    assert result.returncode == 1
    assert f"{feed}:2" in result.stderr and "no text" in result.stderr
    assert f"{feed}:3" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "good.ttl").exists()
    assert article_graphs(out) == {"https://w3id.org/newsgraph/id/article/good"}


def test_parallel_build_gives_the_same_graph(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert newsgraph("build", "-q", str(REUTERS), "-o", str(one), "--jobs", "1").returncode == 0
    result = newsgraph(
        "build", "-q", str(REUTERS), "-o", str(two), "--jobs", "2", "--batch-size", "3"
    )
    assert result.returncode == 0, result.stderr
    assert (one / "corpus.nq").read_bytes() == (two / "corpus.nq").read_bytes()
    for name in ("corpus.trig", *(path.name for path in one.glob("*.nt"))):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    for turtle in one.glob("*.ttl"):
        assert turtle.read_bytes() == (two / turtle.name).read_bytes()
        jsonld = turtle.with_suffix(".jsonld").name
        assert (one / jsonld).read_bytes() == (two / jsonld).read_bytes()


def test_default_jobs_are_the_usable_cores_but_one_for_a_small_build() -> None:
    cores = len(os.sched_getaffinity(0))
    assert usable_cores() == cores
    assert default_jobs(PARALLEL_FROM - 1) == 1
    assert default_jobs(PARALLEL_FROM) == cores
    help_text = newsgraph("build", "--help").stdout
    assert f"{cores} here" in " ".join(help_text.split())


def test_usable_cores_follow_the_affinity_mask() -> None:
    # a build confined to one CPU (taskset, a container's cpuset) defaults to one process
    confined = subprocess.run(
        [sys.executable, "-m", "graph", "build", "--help"],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}),
    )
    assert "1 here" in " ".join(confined.stdout.split())


def test_dask_cluster_build_gives_the_same_graph(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    single = tmp_path / "single"
    assert newsgraph("build", "-q", str(REUTERS), "-o", str(single)).returncode == 0
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        clustered = tmp_path / "cluster"
        result = newsgraph(
            "build",
            "-q",
            str(REUTERS),
            "-o",
            str(clustered),
            "--cluster",
            cluster.scheduler_address,
        )
    finally:
        cluster.close()
    assert result.returncode == 0, result.stderr
    assert (single / "corpus.nq").read_bytes() == (clustered / "corpus.nq").read_bytes()
    for ttl in single.glob("*.ttl"):
        assert ttl.read_bytes() == (clustered / ttl.name).read_bytes()


def test_unreachable_cluster_is_a_clear_error(tmp_path: Path) -> None:
    result = newsgraph(
        "build",
        "-q",
        str(DATA / "asean_summit.txt"),
        "-o",
        str(tmp_path),
        "--cluster",
        "tcp://127.0.0.1:1",
    )
    assert result.returncode == 1
    assert "Dask scheduler" in result.stderr and "Traceback" not in result.stderr


def test_many_tiny_files_and_a_symlink_loop(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(300):
        (corpus / f"note-{number:03d}.txt").write_text(
            f"Note {number}\n\nMinister Eva Lund said item {number} was ready."
        )
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    out = tmp_path / "out"
    result = newsgraph("build", str(corpus), "-o", str(out), "--batch-size", "64")
    assert result.returncode == 0, result.stderr
    assert "built 300," in result.stdout
    assert "300/300 articles" in result.stderr  # plain progress lines when not a terminal
    assert len(article_graphs(out)) == 300


def test_time_limit_skips_the_slow_article_and_says_so(tmp_path: Path) -> None:
    result = newsgraph(
        "build", str(DATA / "asean_summit.txt"), "-o", str(tmp_path), "--timeout", "0.000001"
    )
    assert result.returncode == 1
    assert "took longer than" in result.stderr and "--timeout" in result.stderr


def test_interrupted_build_leaves_whole_articles_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    feed = longer_feed(tmp_path / "feed", copies=4)
    build = subprocess.Popen(
        [sys.executable, "-m", "graph", "build", str(feed), "-o", str(out), "--batch-size", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("*.nt"))) < 2:
        time.sleep(0.05)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stderr
    assert not list(out.glob(".*.tmp")), "no temporary file may be left"
    for nt in out.glob("*.nt"):
        assert len(Graph().parse(nt, format="nt")) > 0
    store = pyoxigraph.Store.read_only(str(out / "store"))
    for name in article_graphs(out):
        node = pyoxigraph.NamedNode(name)
        hashes = list(
            store.quads_for_pattern(node, pyoxigraph.NamedNode(str(NG.contentSha256)), None, node)
        )
        assert len(hashes) == 1, f"{name} is not whole"
    # every article in the store also has its files
    nt_files = {path.stem for path in out.glob("*.nt")}
    assert {name.rsplit("/", 1)[1] for name in article_graphs(out)} <= nt_files


def test_repeated_record_is_built_once_and_a_clashing_id_is_an_error(tmp_path: Path) -> None:
    good = {"id": "a1", "title": "One", "text": "Minister Eva Lund said the plant would close."}
    clash = {"id": "a1", "title": "Other", "text": "Minister Eva Lund said the port would open."}
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in (good, good, clash)) + "\n")
    result = newsgraph("build", str(feed), "-o", str(tmp_path / "out"))
    assert "built 1, skipped 1 unchanged, failed 1" in result.stdout
    assert f"{feed}:2: the same article as {feed}:1" in result.stderr
    assert f"{feed}:3" in result.stderr and "other text" in result.stderr
    assert result.returncode == 1
