"""The explorer page: the view's look, but its graph grows on demand from a SPARQL endpoint.

The page carries no corpus data, only the view's SPARQL templates; each search or click sends
one or a few of them, bounded by LIMIT, so it stays fast however large the store behind it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graph.export.corpus import KINDS
from graph.export.files import write_atomically
from graph.export.html import (
    KIND_STYLES,
    fill_template,
    node_color,
    relation_legend,
    vis_options,
)
from graph.export.view_queries import templates
from graph.query import prologue
from graph.vocab import NG, WD

__all__ = ["EXPLORER_QUERIES", "LIMITS", "endpoint_origin", "render_explorer", "write_explorer"]

EXPLORER_QUERIES = (
    "find",
    "describe",
    "roles",
    "statements-by",
    "statements-about",
    "neighbours",
    "edges",
)
LIMITS = {"results": 15, "neighbours": 20, "statements": 10, "evidence": 12}
"""Rows one request asks for: search results, neighbours drawn per click, statements and
pieces of evidence per list (more on request)."""
_STABILIZE = 120


def write_explorer(path: Path, *, endpoint: str, title: str) -> None:
    write_atomically(path, render_explorer(endpoint=endpoint, title=title))


def render_explorer(*, endpoint: str, title: str) -> str:
    """The page for `endpoint` (a SPARQL query URL); it may connect to that origin only."""
    every = templates()
    options = vis_options(0)
    options["physics"]["enabled"] = False
    options["physics"]["stabilization"] = {"enabled": False}
    options["layout"] = {"randomSeed": 7, "improvedLayout": False}
    data: dict[str, Any] = {
        "endpoint": endpoint,
        "prologue": prologue(),
        "queries": {name: every[name] for name in EXPLORER_QUERIES},
        "types": ", ".join(f"ng:{name}" for name in KINDS.values()),
        "wikidata": str(WD),
        "limits": LIMITS,
        "stabilize": _STABILIZE,
        # In KINDS' order: the page gives an entity the first kind whose type it has.
        "kinds": [
            {
                "kind": kind,
                "type": f"{NG}{type_name}",
                "name": KIND_STYLES[kind].name,
                "color": KIND_STYLES[kind].color,
                "shape": KIND_STYLES[kind].shape,
                "nodeColor": node_color(KIND_STYLES[kind].color),
            }
            for kind, type_name in KINDS.items()
        ],
        "relations": relation_legend(),
        "options": options,
    }
    return fill_template(
        title, data, template="explore_template.html", connect=endpoint_origin(endpoint)
    )


def endpoint_origin(endpoint: str) -> str:
    """scheme://host:port of a URL: what the page's policy lets it connect to."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {endpoint!r}")
    return f"{parts.scheme}://{parts.netloc}"
