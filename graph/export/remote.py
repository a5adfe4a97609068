"""Uploading named graphs to a remote store: SPARQL 1.1 Graph Store Protocol, else SPARQL Update.

Each graph is one request (an HTTP PUT replaces it whole), retried on 5xx and connection
errors; the result says exactly which graphs were written.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from graph.errors import NewsgraphError

_FALLBACK_STATUSES = {400, 404, 405, 406, 415, 501}


class PushError(NewsgraphError):
    """A graph the remote store did not accept."""


@dataclass(frozen=True, slots=True)
class Credentials:
    user: str | None = None
    password: str | None = None
    token: str | None = None

    def headers(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            pair = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}


@dataclass(frozen=True, slots=True)
class Endpoint:
    graph_store: str
    update: str | None
    credentials: Credentials = Credentials()
    retries: int = 3
    timeout: float = 60.0


@dataclass(slots=True)
class PushReport:
    written: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    triples: int = 0
    method: dict[str, str] = field(default_factory=dict)


def default_update_endpoint(graph_store: str) -> str | None:
    """Oxigraph's /store and Fuseki's /data sit beside an /update endpoint."""
    base, _, last = graph_store.rstrip("/").rpartition("/")
    return f"{base}/update" if last in {"store", "data"} else None


def _request(endpoint: Endpoint, method: str, url: str, body: bytes, content_type: str) -> int:
    headers = {"Content-Type": content_type, **endpoint.credentials.headers()}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    delay = 0.5
    for attempt in range(endpoint.retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:
                status: int = response.status
                return status
        except urllib.error.HTTPError as error:
            if error.code < 500 or attempt == endpoint.retries:
                return error.code
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            if attempt == endpoint.retries:
                raise PushError(f"{url}: cannot connect ({_reason(error)})") from error
        time.sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")


def _reason(error: Exception) -> str:
    return str(getattr(error, "reason", error))


def push_graphs(
    endpoint: Endpoint,
    graphs: Iterable[tuple[str, str]],
    *,
    on_graph: Callable[[str, str], None] = lambda name, outcome: None,
) -> PushReport:
    """Send each (graph IRI, N-Triples text); stop at the first graph that cannot be written."""
    report = PushReport()
    for name, ntriples in graphs:
        try:
            method = _push_one(endpoint, name, ntriples)
        except PushError as error:
            report.failed[name] = str(error)
            on_graph(name, f"failed: {error}")
            break
        report.written.append(name)
        report.method[name] = method
        report.triples += ntriples.count("\n")
        on_graph(name, f"written ({method})")
    return report


def _push_one(endpoint: Endpoint, name: str, ntriples: str) -> str:
    url = f"{endpoint.graph_store}?graph={urllib.parse.quote(name, safe='')}"
    status = _request(endpoint, "PUT", url, ntriples.encode("utf-8"), "application/n-triples")
    if 200 <= status < 300:
        return "graph store protocol"
    if status in {401, 403}:
        raise PushError(f"{url}: HTTP {status}, not authorised (check --user or the token)")
    if status not in _FALLBACK_STATUSES or endpoint.update is None:
        raise PushError(f"{url}: HTTP {status}")
    update = f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{ntriples}}} }}"
    status = _request(
        endpoint, "POST", endpoint.update, update.encode("utf-8"), "application/sparql-update"
    )
    if 200 <= status < 300:
        return "sparql update"
    raise PushError(f"{endpoint.update}: HTTP {status}")
