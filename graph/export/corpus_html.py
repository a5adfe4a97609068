"""The page of a corpus view: the chosen entities placed and coloured by community, in the
same self-contained template as the single-article view (inert data, script hashes, offline).

Nodes keep their kind's shape and take their community's colour; the largest carry labels that
stay legible when the whole view is fitted to the window, the rest show theirs on zooming in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph.export.corpus import Article, CorpusView, Edge, Evidence, Node
from graph.export.files import write_atomically
from graph.export.html import (
    KIND_STYLES,
    RELATION_STYLES,
    WIKIDATA_PAGE,
    ViewSummary,
    darker,
    fill_template,
    node_color,
    relation_legend,
    vis_options,
)
from graph.export.layout import Box, find_communities, lay_out, weighted_graph

__all__ = ["COMMUNITY_COLORS", "LABELLED", "render_corpus_view", "write_corpus_view"]

COMMUNITY_COLORS = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#9c755f",
    "#ff9da7",
    "#3b7d3b",
    "#86bcb6",
    "#d37295",
)
"""One colour per community, largest first; smaller communities share the last grey."""
_OTHER_COMMUNITY = "#b8bec6"
_KIND_GREY = "#8c959f"
LABELLED = 30
"""The largest nodes, whose labels are drawn even when the whole view is on screen."""
_LABEL_FONT = (16, 25)
_SMALL_FONT = 10
# A label smaller than this (in screen pixels) is not drawn: the small ones until zoomed in.
_DRAW_THRESHOLD = 12
_NAMED_BY = 3
_NODE_SIZE = (6, 36)


def write_corpus_view(view: CorpusView, path: Path, *, title: str) -> ViewSummary:
    page, summary = render_corpus_view(view, title=title)
    write_atomically(path, page)
    return summary


def render_corpus_view(view: CorpusView, *, title: str) -> tuple[str, ViewSummary]:
    """The page as a string, and what it shows."""
    graph = weighted_graph(
        (node.iri for node in view.nodes),
        ((edge.source, edge.target, edge.count) for edge in view.edges),
    )
    communities = find_communities(graph)
    community_of = {node: index for index, members in enumerate(communities) for node in members}
    width = 1000 * math.sqrt(max(len(view.nodes), 150) / 150)
    ranked = sorted(view.nodes, key=lambda node: (-node.weight, node.label))
    font_sizes = _font_sizes(ranked)
    positions = lay_out(graph, communities, width=width, labels=_label_boxes(ranked, font_sizes))
    # Short node ids keep the page small: every edge names two of them.
    ids = {node.iri: f"n{index}" for index, node in enumerate(view.nodes)}
    labels = {node.iri: node.label for node in view.nodes}
    sources = _Sources(view.articles)
    nodes = [
        _vis_node(node, ids[node.iri], positions[node.iri], community_of[node.iri], font_sizes)
        for node in view.nodes
    ]
    edges = [_vis_edge(index, edge, ids) for index, edge in enumerate(view.edges)]
    statements = sum(node.said for node in view.nodes)
    summary = ViewSummary(
        nodes=len(nodes),
        edges=len(edges),
        statements=statements,
        direct_quotes=0,
        articles=view.articles_in_scope,
    )
    kind_counts = {kind: sum(1 for node in view.nodes if node.kind == kind) for kind in KIND_STYLES}
    data = {
        "title": title,
        "articles": [],
        "counts": {"nodes": len(nodes), "edges": len(edges), "statements": statements},
        "kinds": [
            {
                "kind": kind,
                "name": style.name,
                "color": _KIND_GREY,
                "shape": style.shape,
                "count": kind_counts[kind],
            }
            for kind, style in KIND_STYLES.items()
        ],
        "relations": relation_legend(),
        "nodes": nodes,
        "edges": edges,
        "nodeInfo": {
            ids[node.iri]: _node_info(node, community_of[node.iri], sources) for node in view.nodes
        },
        "edgeInfo": {
            f"e{index}": _edge_info(edge, sources) for index, edge in enumerate(view.edges)
        },
        "options": _options(len(nodes)),
        "corpus": {
            "notes": header_notes(view),
            "communities": [
                {
                    "color": _community_color(index),
                    "name": ", ".join(labels[node] for node in members[:_NAMED_BY]),
                    "size": len(members),
                    "members": [ids[node] for node in members],
                }
                for index, members in enumerate(communities)
            ],
            "sources": sources.listed,
        },
    }
    return fill_template(title, data), summary


class _Sources:
    """Each cited article's "headline (date)" once in the page; evidence refers to its index."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._articles = articles
        self._index: dict[str, int] = {}
        self.listed: list[str] = []

    def index(self, article: str) -> int:
        if article not in self._index:
            found = self._articles.get(article)
            text = ""
            if found is not None:
                text = (
                    f"{found.headline} ({found.published})" if found.published else found.headline
                )
            self._index[article] = len(self.listed)
            self.listed.append(text)
        return self._index[article]

    def newest_first(self, items: tuple[Evidence, ...]) -> list[Evidence]:
        def order(item: Evidence) -> tuple[int, str, str]:
            article = self._articles.get(item.article)
            day = article.day.toordinal() if article and article.day else 0
            return (-day, article.headline if article else "", item.fact)

        return sorted(items, key=order)


def _options(node_count: int) -> dict[str, Any]:
    """The single-article view's options, with physics off (the layout comes with the page),
    fixed label sizes that hide small labels until zoomed in, and plain straight edges."""
    options = vis_options(node_count)
    options["layout"] = {"improvedLayout": False}
    options["physics"] = {"enabled": False}
    options["nodes"]["scaling"] = {
        "min": _NODE_SIZE[0],
        "max": _NODE_SIZE[1],
        "label": {"enabled": False, "drawThreshold": _DRAW_THRESHOLD, "maxVisible": 28},
    }
    options["edges"]["smooth"] = False
    options["edges"]["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.3}}
    options["edges"]["scaling"] = {"min": 0.6, "max": 6, "label": {"enabled": False}}
    style = RELATION_STYLES["said about"]
    # Most edges are statements: theirs is the default look, other relations say their own.
    options["edges"]["color"] = {
        "color": style.color,
        "highlight": darker(style.color),
        "hover": darker(style.color),
        "opacity": 0.4,
    }
    return options


def header_notes(view: CorpusView) -> list[str]:
    """What the view shows, what it left out and how to see that."""
    request = view.request
    notes = []
    drawn = len(view.nodes)
    if view.focus:
        names = " and ".join(view.focus)
        hops = f"{request.hops} hop{'s' if request.hops != 1 else ''}"
        shown = view.chosen - len(view.focus)
        if shown < view.candidates:
            notes.append(
                f"{names}: the {shown:,} most strongly linked of {view.candidates:,} neighbours "
                f"within {hops}; --top N draws more, --hops N goes further."
            )
        else:
            notes.append(f"{names}: all {shown:,} neighbours within {hops}.")
    elif view.chosen < view.candidates:
        notes.append(
            f"The {view.chosen:,} most connected of {view.candidates:,} entities; "
            "--top N draws more, --focus NAME one entity's surroundings."
        )
    else:
        notes.append(f"All {view.candidates:,} entities.")
    if view.unconnected:
        notes.append(
            f"{view.unconnected:,} of them have no connection to the others in this view "
            f"and are not drawn ({drawn:,} are)."
        )
    filters = []
    if request.kinds:
        filters.append(
            "only " + ", ".join(KIND_STYLES[kind].name.lower() for kind in request.kinds)
        )
    if request.since or request.until:
        since = request.since.isoformat() if request.since else "the first"
        until = request.until.isoformat() if request.until else "the last"
        filters.append(f"articles published from {since} to {until}")
    if request.articles:
        filters.append(f"articles named like “{request.articles}”")
    if request.min_statements:
        filters.append(f"entities in at least {request.min_statements} statements")
    if filters:
        notes.append("Filters: " + "; ".join(filters) + ".")
    notes.append(
        f"From {view.articles_in_scope:,} article{'s' if view.articles_in_scope != 1 else ''}."
    )
    return notes


def _font_sizes(ranked: list[Node]) -> dict[str, int]:
    sizes = {}
    low, high = _LABEL_FONT
    for rank, node in enumerate(ranked):
        if rank < LABELLED or node.focus:
            share = 1 - min(rank, LABELLED) / LABELLED
            sizes[node.iri] = round(low + (high - low) * share)
        else:
            sizes[node.iri] = _SMALL_FONT
    return sizes


def _label_boxes(ranked: list[Node], font_sizes: dict[str, int]) -> dict[str, Box]:
    """Where the always-visible labels will be drawn: vis-network scales a node's radius
    linearly with its value between the scaling bounds, and writes the label below it."""
    if not ranked:
        return {}
    values = [1 + node.weight for node in ranked]
    low, high = min(values), max(values)
    boxes = {}
    for node, value in zip(ranked, values, strict=True):
        size = font_sizes[node.iri]
        if size == _SMALL_FONT:
            continue
        share = (value - low) / (high - low) if high > low else 0.5
        radius = _NODE_SIZE[0] + (_NODE_SIZE[1] - _NODE_SIZE[0]) * share
        boxes[node.iri] = Box(width=0.56 * size * len(node.label), height=1.2 * size, below=radius)
    return boxes


def _community_color(index: int) -> str:
    return COMMUNITY_COLORS[index] if index < len(COMMUNITY_COLORS) else _OTHER_COMMUNITY


def _vis_node(
    node: Node,
    node_id: str,
    position: tuple[float, float],
    community: int,
    font_sizes: dict[str, int],
) -> dict[str, Any]:
    style = KIND_STYLES[node.kind]
    record: dict[str, Any] = {
        "id": node_id,
        "label": node.label,
        "shape": style.shape,
        "color": node_color(_community_color(community)),
        "value": 1 + node.weight,
        "x": position[0],
        "y": position[1],
        "font": {"size": font_sizes[node.iri]},
    }
    if node.focus:
        record["borderWidth"] = 4
    if node.kind == "unnamed_source":
        record["shapeProperties"] = {"borderDashes": [3, 3]}
    return record


def _vis_edge(index: int, edge: Edge, ids: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": f"e{index}",
        "from": ids[edge.source],
        "to": ids[edge.target],
        "value": edge.count,
    }
    if edge.relation != "said about":
        style = RELATION_STYLES[edge.relation]
        record["color"] = {
            "color": style.color,
            "highlight": darker(style.color),
            "hover": darker(style.color),
        }
        if style.dashes:
            record["dashes"] = True
        if not style.arrow:
            record["arrows"] = ""
    return record


def _node_info(node: Node, community: int, sources: _Sources) -> dict[str, Any]:
    info: dict[str, Any] = {
        "iri": node.iri,
        "kind": node.kind,
        "label": node.label,
        "qid": node.qid,
        "wikidata": f"{WIKIDATA_PAGE}{node.qid}" if node.qid else "",
        "roles": list(node.roles),
        "statements": [_statement(item, sources) for item in sources.newest_first(node.statements)],
        "statementTotal": node.said,
        "articles": node.articles,
        "community": community,
    }
    if node.focus:
        info["about"] = [
            _statement(item, sources) for item in sources.newest_first(node.statements_about)
        ]
        info["aboutTotal"] = node.heard
    return info


def _edge_info(edge: Edge, sources: _Sources) -> dict[str, Any]:
    evidence = []
    for item in sources.newest_first(edge.evidence):
        entry: dict[str, Any] = {"source": sources.index(item.article)}
        if item.mode == "evidence":
            entry["sentence"] = item.text
        else:
            entry |= {"quote": item.text, "mode": item.mode}
        evidence.append(entry)
    return {
        "relation": edge.relation,
        "label": edge.label,
        "evidence": evidence,
        "total": edge.count,
    }


def _statement(item: Evidence, sources: _Sources) -> dict[str, Any]:
    text = f"“{item.text}”" if item.mode == "direct quote" else item.text
    entry: dict[str, Any] = {"text": text, "mode": item.mode, "source": sources.index(item.article)}
    if item.speaker:
        entry["speaker"] = item.speaker
    return entry
