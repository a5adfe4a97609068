"""`newsgraph explore`: a real `oxigraph serve-read-only` on a built corpus and the explorer page
in headless Chromium, allowed to reach that endpoint on 127.0.0.1 and nothing else."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from conftest import ARTIFACTS, DATA, LoadedPage

from graph.cli import main
from graph.commands.serve import oxigraph_binary
from graph.export.explore import LIMITS, endpoint_origin, render_explorer

pytestmark = pytest.mark.skipif(oxigraph_binary() is None, reason="oxigraph is not installed")

HOSTILE = "<img src=x onerror=alert(1)>"


@dataclass(frozen=True)
class Explorer:
    page: Path
    port: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_explorer(output: Path, page: Path, *extra: str) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    command = [sys.executable, "-m", "graph", "explore", "-o", str(output), "--port", str(port)]
    command += ["--no-open", "--html", str(page), *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("explorer: "), process.stderr.read() if process.stderr else first
    return process, port


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def explorer(reuters: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Explorer]:
    page = tmp_path_factory.mktemp("explore") / "explore.html"
    process, port = start_explorer(reuters, page, "--timeout", "2")
    try:
        yield Explorer(page, port)
    finally:
        stop(process)


def post(port: int, path: str, field: str, text: str) -> tuple[int, str]:
    body = urllib.parse.urlencode({field: text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=body,
        headers={"Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def settled(loaded: LoadedPage, expression: str, seconds: float = 60) -> None:
    """Wait until the explorer is idle and `expression` holds (the page's CSP forbids the
    string evaluation that Playwright's wait_for_function would need)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if loaded.value(f"document.body.dataset.state === 'ready' && ({expression})"):
            return
        time.sleep(0.1)
    raise AssertionError(f"the explorer never got to: {expression}")


def find(loaded: LoadedPage, name: str) -> None:
    """Type a name and press Enter, as a reader does; wait until it is drawn."""
    loaded.page.fill("#search", name)
    loaded.page.press("#search", "Enter")
    settled(loaded, "newsgraphExplorer.state.expanded.size === 1")


def click_node(loaded: LoadedPage, node: str) -> None:
    name = json.dumps(node)
    at = loaded.value(
        f"""() => {{
          const network = newsgraphExplorer.network;
          return network.canvasToDOM(network.getPositions([{name}])[{name}]);
        }}"""
    )
    box = loaded.page.locator("#graph canvas").bounding_box()
    loaded.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def test_the_page_holds_queries_not_data(explorer: Explorer) -> None:
    page = explorer.page.read_text(encoding="utf-8")
    assert "donald-trump" not in page.lower() and "Donald Trump" not in page
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy is not None
    assert f"connect-src http://127.0.0.1:{explorer.port}" in policy[1]
    assert "default-src 'none'" in policy[1] and "unsafe" not in policy[1].replace(
        "style-src 'unsafe-inline'", ""
    )
    assert endpoint_origin(f"http://127.0.0.1:{explorer.port}/query") in policy[1]
    with pytest.raises(ValueError):
        render_explorer(endpoint="javascript:alert(1)", title="x")


def test_explorer_finds_draws_and_expands_over_the_endpoint(explorer: Explorer, load: Any) -> None:
    loaded = load(explorer.page, wait=False, allow=(explorer.origin,))
    find(loaded, "Donald Trump")
    trump = loaded.value("newsgraphExplorer.network.getSelectedNodes()[0]")
    assert loaded.value(f"newsgraphExplorer.info.get({json.dumps(trump)}).label") == "Donald Trump"
    first = loaded.value("newsgraphExplorer.nodes.length")
    assert first == 1 + LIMITS["neighbours"]
    linked = loaded.value(
        f"newsgraphExplorer.network.getConnectedNodes({json.dumps(trump)}).length"
    )
    assert linked == first - 1
    details = loaded.value("document.querySelector('#details').innerText")
    assert details.startswith("Donald Trump\n") and "Statements about it" in details
    assert len(loaded.page.locator("#details li .mode").all()) >= 2
    asked = loaded.value("newsgraphExplorer.state.queries")
    # Find, then for the entity: itself, its neighbours and their names, roles, statements.
    assert asked <= 8
    neighbour = loaded.value(
        f"""newsgraphExplorer.network.getConnectedNodes({json.dumps(trump)})
          .find((id) => newsgraphExplorer.info.get(id).kind === "person")"""
    )
    click_node(loaded, neighbour)
    settled(loaded, "newsgraphExplorer.state.expanded.size === 2")
    assert loaded.value("newsgraphExplorer.network.getSelectedNodes()") == [neighbour]
    assert loaded.value("newsgraphExplorer.nodes.length") > first
    assert (
        loaded.value(f"newsgraphExplorer.network.getConnectedNodes({json.dumps(neighbour)}).length")
        > 1
    )
    assert loaded.value("newsgraphExplorer.state.queries") <= asked + 6
    assert loaded.value("newsgraphExplorer.state.error") is None
    assert loaded.requests == [] and loaded.errors == [] and loaded.dialogs == []
    assert loaded.value("window.__violations") == []
    ARTIFACTS.mkdir(exist_ok=True)
    loaded.page.screenshot(path=str(ARTIFACTS / "explore-reuters.png"))


def test_an_edge_click_shows_its_evidence(explorer: Explorer, load: Any) -> None:
    loaded = load(explorer.page, wait=False, allow=(explorer.origin,))
    find(loaded, "Mitch McConnell")
    edge = loaded.value("newsgraphExplorer.edges.getIds()[0]")
    loaded.value(f"newsgraphExplorer.showEdge({json.dumps(edge)})")
    settled(loaded, "document.querySelectorAll('#details blockquote').length > 0")
    quotes = loaded.page.locator("#details blockquote").all_inner_texts()
    assert all("Mitch McConnell" in quote for quote in quotes)


def test_the_endpoint_is_read_only_and_stops_slow_queries(explorer: Explorer) -> None:
    status, _ = post(explorer.port, "/update", "update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status in (403, 404, 405)
    status, _ = post(explorer.port, "/query", "query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 400
    started = time.monotonic()
    _, body = post(
        explorer.port, "/query", "query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
    )
    assert time.monotonic() - started < 30
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    status, body = post(explorer.port, "/query", "query", "ASK { ?s a ?type }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_hostile_names_from_the_endpoint_stay_text(tmp_path: Path, load: Any) -> None:
    store = pyoxigraph.Store(str(tmp_path / "store"))
    text = (DATA / "small_corpus.trig").read_text(encoding="utf-8")
    store.load(text.replace('"Ana Lopez"', f'"{HOSTILE} Lopez"'), format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store
    process, port = start_explorer(tmp_path, tmp_path / "explore.html")
    try:
        loaded = load(tmp_path / "explore.html", wait=False, allow=(f"http://127.0.0.1:{port}/",))
        find(loaded, "lopez")
        assert loaded.value("document.querySelector('#details h3').textContent") == (
            f"{HOSTILE} Lopez"
        )
        assert loaded.value("document.querySelectorAll('img, script[src]').length") == 0
        assert loaded.dialogs == [] and loaded.errors == [] and loaded.requests == []
    finally:
        stop(process)


def test_explore_explains_a_missing_store_or_a_busy_port(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explore", "-o", str(tmp_path), "--no-open"]) == 1
    assert "no store here (run `newsgraph build` first)" in capsys.readouterr().err
    pyoxigraph.Store(str(tmp_path / "store")).flush()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["explore", "-o", str(tmp_path), "--no-open", "--port", str(port)]) == 1
    assert "the port is in use" in capsys.readouterr().err
    assert not (tmp_path / "explore.html").exists()
