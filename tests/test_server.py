"""Real servers on loopback: push to `oxigraph serve`, query over HTTP, read-only `serve`."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from graph.commands.serve import oxigraph_binary
from graph.export.remote import Credentials
from graph.query import named_queries, prologue

pytestmark = pytest.mark.skipif(oxigraph_binary() is None, reason="oxigraph is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        assert process.poll() is None, "server exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def newsgraph(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args], capture_output=True, text=True, check=False
    )


def http_select(port: int, text: str) -> set[tuple[str, ...]]:
    body = urllib.parse.urlencode({"query": prologue() + text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/query",
        data=body,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return rows(json.loads(response.read()))


def rows(results: dict[str, object]) -> set[tuple[str, ...]]:
    head = results["head"]
    assert isinstance(head, dict)
    names = head["vars"]
    bindings = results["results"]
    assert isinstance(bindings, dict)
    return {tuple(b.get(n, {}).get("value", "") for n in names) for b in bindings["bindings"]}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("served")
    data = Path(__file__).parent / "data"
    result = newsgraph(
        "build",
        "-q",
        "-o",
        str(directory),
        str(data / "asean_summit.txt"),
        str(data / "settlements_reaction.txt"),
    )
    assert result.returncode == 0, result.stderr
    return directory


@pytest.fixture
def remote(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    binary = oxigraph_binary()
    assert binary is not None
    server = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(tmp_path / "remote"),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_push_then_named_queries_agree_with_the_embedded_store(out: Path, remote: int) -> None:
    pushed = newsgraph("push", "-o", str(out), "--endpoint", f"http://127.0.0.1:{remote}/store")
    assert pushed.returncode == 0, pushed.stderr
    graphs = len(list(pyoxigraph.Store.read_only(str(out / "store")).named_graphs()))
    assert f"pushed {graphs} of {graphs} graphs" in pushed.stdout
    compared = 0
    for name, query in named_queries().items():
        if query.parameters:
            continue  # parameter binding is the embedded store's; checked in test_query
        local = newsgraph("query", "-o", str(out), "--name", name, "--format", "json")
        assert local.returncode == 0, local.stderr
        assert http_select(remote, query.text) == rows(json.loads(local.stdout)), name
        compared += 1
    assert compared == 7


def test_push_to_a_dead_endpoint_says_what_was_not_written(out: Path) -> None:
    result = newsgraph(
        "push",
        "-o",
        str(out),
        "--endpoint",
        f"http://127.0.0.1:{free_port()}/store",
        "--retries",
        "1",
    )
    assert result.returncode == 1
    assert "not written" in result.stderr and "asean-summit" in result.stderr
    assert "Traceback" not in result.stderr


def test_credentials_come_from_the_environment_as_headers() -> None:
    assert Credentials(token="abc").headers() == {"Authorization": "Bearer abc"}
    assert Credentials(user="u", password="p").headers() == {"Authorization": "Basic dTpw"}


def test_serve_is_read_only_on_loopback_and_stops_on_ctrl_c(out: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "-o", str(out), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(port, server)
        people = http_select(port, "SELECT ?n WHERE { ?p a ng:Person ; rdfs:label ?n }")
        assert ("Rodrigo Duterte",) in people
        update = urllib.request.Request(
            f"http://127.0.0.1:{port}/update",
            data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"Content-Type": "application/sparql-update"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=10)
        assert refused.value.code in {403, 404, 405}
        outside = socket.gethostbyname(socket.gethostname())
        if not outside.startswith("127."):
            with pytest.raises(OSError):
                socket.create_connection((outside, port), timeout=0.5).close()
    finally:
        server.send_signal(signal.SIGINT)
        stdout, _ = server.communicate(timeout=15)
    assert server.returncode == 0
    assert f"http://127.0.0.1:{port}/query" in stdout.decode()


def test_serve_stops_a_runaway_query_and_goes_on_answering(out: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graph",
            "serve",
            "-o",
            str(out),
            "--port",
            str(port),
            "--timeout=1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port, server)
        start = time.perf_counter()
        runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        body = urllib.parse.urlencode({"query": runaway}).encode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/query", body, timeout=30) as answer:
            # Oxigraph has sent the results' head when the limit strikes; it ends the body
            # with its message instead of results
            assert b"cancelled" in answer.read()
        assert time.perf_counter() - start < 20
        people = http_select(port, "SELECT ?n WHERE { ?p a ng:Person ; rdfs:label ?n }")
        assert ("Rodrigo Duterte",) in people
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)


def test_build_can_write_straight_to_a_remote_store(remote: int, tmp_path: Path) -> None:
    data = Path(__file__).parent / "data"
    result = newsgraph(
        "build",
        "-q",
        str(data / "asean_summit.txt"),
        "-o",
        str(tmp_path),
        "--endpoint",
        f"http://127.0.0.1:{remote}/store",
    )
    assert result.returncode == 0, result.stderr
    # the remote store gets the article graph and the knowledge derived from it, each once
    people = http_select(
        remote, "SELECT ?g ?n WHERE { GRAPH ?g { ?p a ng:Person ; rdfs:label ?n } }"
    )
    duterte = "https://w3id.org/newsgraph/id/person/rodrigo-duterte"
    assert (duterte, "Rodrigo Duterte") in people
    # (an unnamed source, "a senior official", lives only in its article: its label is there)
    beside_speaker = (
        "SELECT ?g WHERE { GRAPH ?g { ?s ng:speaker ?who . ?who rdfs:label ?n "
        "FILTER NOT EXISTS { ?who a ng:UnnamedSource } } }"
    )
    assert http_select(remote, beside_speaker) == set(), "entity labels are not in article graphs"
    # and the same graphs as the local store, the ledger of the build, has
    local = pyoxigraph.Store.read_only(str(tmp_path / "store"))
    graphs = [g for g in local.named_graphs() if g.value != "https://w3id.org/newsgraph/ns"]
    count = sum(len(list(local.quads_for_pattern(None, None, None, g))) for g in graphs)
    assert http_select(remote, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == {
        (str(count),)
    }


def test_an_article_the_endpoint_did_not_get_is_sent_by_the_next_build(
    remote: int, tmp_path: Path
) -> None:
    article = str(Path(__file__).parent / "data" / "asean_summit.txt")
    dead = f"http://127.0.0.1:{free_port()}/store"
    failed = newsgraph("build", "-q", article, "-o", str(tmp_path), "--endpoint", dead)
    assert failed.returncode == 1
    assert "not written to the endpoint" in failed.stderr and "Traceback" not in failed.stderr
    # the local store, the build's ledger, does not count it as built ...
    again = newsgraph(
        "build", article, "-o", str(tmp_path), "--endpoint", f"http://127.0.0.1:{remote}/store"
    )
    assert again.returncode == 0, again.stderr
    assert "unchanged, skipped" not in again.stdout
    # ... so the next build sends it
    people = http_select(remote, "SELECT ?n WHERE { GRAPH ?g { ?p a ng:Person ; rdfs:label ?n } }")
    assert ("Rodrigo Duterte",) in people
