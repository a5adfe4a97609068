"""The interactive HTML view of a graph: one self-contained file that opens from a double-click.

pyvis builds the vis-network node and edge data; our template inlines vis-network and the data
(as escaped JSON), so the page loads nothing from the network and never parses article text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from graph.export.files import write_atomically
from graph.export.network import article_headlines, project, split_statement, union_graph

__all__ = [
    "KIND_STYLES",
    "LARGE_GRAPH",
    "RELATION_STYLES",
    "WIKIDATA_PAGE",
    "Style",
    "ViewSummary",
    "darker",
    "default_title",
    "fill_template",
    "node_color",
    "relation_legend",
    "render_view",
    "vis_options",
    "write_view",
]

LARGE_GRAPH = 300
"""From this many nodes on, the layout trades polish for speed (see `vis_options`)."""

_HERE = Path(__file__).resolve().parent
_VIS_NETWORK = _HERE.parent / "data" / "vendor" / "vis-network.min.js"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"


@dataclass(frozen=True, slots=True)
class Style:
    """How one node kind or edge relation is drawn and named in the legend."""

    name: str
    color: str
    shape: str = ""
    dashes: bool = False
    arrow: bool = True
    length: int = 0


KIND_STYLES: dict[str, Style] = {
    "person": Style("Person", "#4e79a7", shape="dot"),
    "organization": Style("Organization", "#f28e2b", shape="square"),
    "government_body": Style("Government body", "#b07aa1", shape="diamond"),
    "country": Style("Country", "#59a14f", shape="triangle"),
    "place": Style("Place", "#9c755f", shape="hexagon"),
    "unnamed_source": Style("Unnamed source", "#8c959f", shape="star"),
}
# Spring lengths: a role binds its holder close; a statement leaves room around its topic.
RELATION_STYLES: dict[str, Style] = {
    "post": Style("holds a post in", "#7a7a7a", length=70),
    "member of": Style("member of", "#3b7d3b", length=90),
    "borders": Style("borders", "#59a14f", dashes=True, arrow=False, length=90),
    "said about": Style("said something about", "#e15759", length=160),
}


@dataclass(frozen=True, slots=True)
class ViewSummary:
    """What a view shows: entity nodes, drawn edges, statements, source articles."""

    nodes: int
    edges: int
    statements: int
    direct_quotes: int
    articles: int


def write_view(graph: Graph, path: Path, *, title: str) -> ViewSummary:
    """Render the view of `graph` and write it to `path` atomically."""
    page, summary = render_view(graph, title=title)
    write_atomically(path, page)
    return summary


def default_title(graph: Graph) -> str:
    """The headline of a single article, else how many articles the graph holds."""
    headlines = article_headlines(graph)
    if len(headlines) == 1:
        return headlines[0]
    return f"News graph of {len(headlines)} articles" if headlines else "News graph"


def render_view(graph: Graph, *, title: str) -> tuple[str, ViewSummary]:
    """The page as a string, and what it shows."""
    union = union_graph(graph)
    network = project(union)
    headlines = article_headlines(union)
    vis = _vis_data(network)
    modes = Counter(
        split_statement(line)[1]
        for _, statements in network.nodes(data="statements")
        for line in statements.splitlines()
    )
    summary = ViewSummary(
        nodes=len(vis.nodes),
        edges=len(vis.edges),
        statements=sum(modes.values()),
        direct_quotes=modes["direct quote"],
        articles=len(headlines),
    )
    kind_counts = Counter(kind for _, kind in network.nodes(data="kind"))
    data = {
        "title": title,
        "articles": list(headlines),
        "counts": {
            "nodes": summary.nodes,
            "edges": summary.edges,
            "statements": summary.statements,
            "direct": summary.direct_quotes,
        },
        "kinds": [
            {
                "kind": kind,
                "name": style.name,
                "color": style.color,
                "shape": style.shape,
                "count": kind_counts[kind],
            }
            for kind, style in KIND_STYLES.items()
        ],
        "relations": relation_legend(),
        "nodes": vis.nodes,
        "edges": vis.edges,
        "nodeInfo": vis.node_info,
        "edgeInfo": vis.edge_info,
        "options": vis_options(len(vis.nodes)),
    }
    return fill_template(title, data), summary


@dataclass(frozen=True, slots=True)
class _VisData:
    """vis-network's node and edge records, and what each one's tooltip and details show."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    node_info: dict[str, dict[str, Any]]
    edge_info: dict[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class _DrawnEdge:
    """The parallel network edges of one relation between two nodes, drawn as one line."""

    source: str
    target: str
    relation: str
    label: str
    evidence: tuple[dict[str, str], ...]


def _vis_data(network: nx.MultiDiGraph) -> _VisData:
    """pyvis assembles the records; tooltips read the details, built from plain strings."""
    from pyvis.network import Network

    large = network.number_of_nodes() >= LARGE_GRAPH
    drawn = _merge_parallel_edges(network)
    degree = Counter(node for edge in drawn for node in (edge.source, edge.target))
    # pyvis only assembles the data: its own template links Bootstrap from a CDN.
    builder = Network(directed=True, cdn_resources="in_line")
    node_info: dict[str, dict[str, Any]] = {}
    for node, attrs in network.nodes(data=True):
        style = KIND_STYLES[attrs["kind"]]
        builder.add_node(
            node,
            label=attrs["label"],
            shape=style.shape,
            color=node_color(style.color),
            value=1 + degree[node] + attrs["statement_count"],
        )
        node_info[node] = {
            "kind": attrs["kind"],
            "label": attrs["label"],
            "qid": attrs["qid"],
            "wikidata": f"{WIKIDATA_PAGE}{attrs['qid']}" if attrs["qid"] else "",
            "roles": attrs["roles"].split("; ") if attrs["roles"] else [],
            "statements": [
                dict(zip(("text", "mode"), split_statement(line), strict=True))
                for line in attrs["statements"].splitlines()
            ],
            "articles": attrs["articles"],
        }
    edge_info: dict[str, dict[str, Any]] = {}
    for index, edge in enumerate(drawn):
        style = RELATION_STYLES[edge.relation]
        edge_id = f"e{index}"
        options: dict[str, Any] = {
            "id": edge_id,
            "value": len(edge.evidence),
            "color": {
                "color": style.color,
                "highlight": darker(style.color),
                "hover": darker(style.color),
                "opacity": 0.75,
            },
            "dashes": style.dashes,
            "arrows": "to" if style.arrow else "",
        }
        if not large:
            options["length"] = style.length
            if edge.relation == "post":
                options["label"] = edge.label
        builder.add_edge(edge.source, edge.target, **options)
        edge_info[edge_id] = {
            "relation": edge.relation,
            "label": edge.label,
            "evidence": list(edge.evidence),
        }
    nodes, edges, *_ = builder.get_network_data()
    return _VisData(nodes, edges, node_info, edge_info)


def _merge_parallel_edges(network: nx.MultiDiGraph) -> list[_DrawnEdge]:
    """One drawn edge per source, target, relation and label, with every piece of evidence."""
    grouped: dict[tuple[str, str, str, str], list[dict[str, str]]] = defaultdict(list)
    for source, target, attrs in network.edges(data=True):
        item = {"sentence": attrs["evidence"], "article": attrs["article"]}
        if "quote" in attrs:
            item |= {"quote": attrs["quote"], "mode": attrs["mode"]}
        key = (source, target, attrs["relation"], attrs["label"])
        if item not in grouped[key]:
            grouped[key].append(item)
    return [_DrawnEdge(*key, evidence=tuple(items)) for key, items in sorted(grouped.items())]


def relation_legend() -> list[dict[str, Any]]:
    """How each relation is drawn, for a page's legend."""
    return [
        {"relation": relation, "name": style.name, "color": style.color, "dashes": style.dashes}
        for relation, style in RELATION_STYLES.items()
    ]


def node_color(color: str) -> dict[str, Any]:
    border = darker(color)
    return {
        "background": color,
        "border": border,
        "highlight": {"background": color, "border": "#111111"},
        "hover": {"background": color, "border": "#111111"},
    }


def darker(color: str, factor: float = 0.7) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(channel * factor):02x}" for channel in (red, green, blue))


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options: a large graph gets a coarser, shorter layout and straight edges,
    no improvedLayout pass, and shows small nodes' labels only once zoomed in."""
    large = node_count >= LARGE_GRAPH
    # forceAtlas2Based, not barnesHut: its degree-weighted repulsion keeps the hubs of a news
    # graph (the countries everyone talks about) from pulling all speakers into one knot.
    solver = (
        {
            "theta": 0.9,
            "gravitationalConstant": -60,
            "centralGravity": 0.01,
            "springLength": 60,
            "springConstant": 0.08,
            "damping": 0.6,
            "avoidOverlap": 0,
        }
        if large
        else {
            "gravitationalConstant": -120,
            "centralGravity": 0.035,
            "springLength": 90,
            "springConstant": 0.06,
            "damping": 0.5,
            "avoidOverlap": 0.8,
        }
    )
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": solver,
            "minVelocity": 0.75,
            "stabilization": {
                "enabled": True,
                "iterations": 150 if large else 600,
                "updateInterval": 20,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {
                "face": "system-ui, sans-serif",
                "size": 15,
                "color": "#1f2328",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            # In a large graph small nodes' labels appear only once zoomed in.
            "scaling": {
                "min": 8,
                "max": 24 if not large else 40,
                "label": {
                    "enabled": large,
                    "min": 12,
                    "max": 24,
                    "drawThreshold": 8 if large else 5,
                },
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "scaling": {"min": 1, "max": 6, "label": {"enabled": False}},
            "font": {
                "face": "system-ui, sans-serif",
                "size": 10,
                "color": "#555555",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "selectionWidth": 1.5,
        },
    }


def fill_template(
    title: str, data: dict[str, Any], *, template: str = "view_template.html", connect: str = ""
) -> str:
    """A page from one of our templates: title escaped, data inert, vis-network inlined, and a
    policy that lets only its own scripts run and fetch nothing (or only from `connect`)."""
    values = {
        "title": html.escape(title, quote=True),
        "data": _script_json(data),
        "vis_network": _vis_network_js(),
        "style": _asset("view_style.css"),
        "common": _asset("view_common.js"),
    }
    page = _PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), _template(template))
    # Only our two scripts may run: hashes, not 'unsafe-inline', so injected markup stays inert.
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(page)
    )
    policy = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    if connect:
        policy += f"; connect-src {connect}"
    return page.replace("{{csp}}", policy, 1)


def _script_json(data: object) -> str:
    """JSON that is inert inside <script type="application/json">: no <, > or & at all."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=2)
def _template(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    """CSS and script shared by the view and the explorer page."""
    return (_HERE / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    return _VIS_NETWORK.read_text(encoding="utf-8")
