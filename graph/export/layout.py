"""Communities and positions for a corpus view, computed before the page is written: networkx
Louvain communities and a ForceAtlas2 layout, both seeded, so a view is the same every time.

The page then draws with physics off: it is readable at once and nothing moves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

__all__ = ["SEED", "Box", "find_communities", "lay_out", "weighted_graph"]

SEED = 7
_ITERATIONS = 400
_SEPARATION_ROUNDS = 200
_LABEL_GAP = 4.0


def weighted_graph(nodes: Iterable[str], links: Iterable[tuple[str, str, int]]) -> nx.Graph:
    """An undirected graph whose edge weight grows with the log of the facts between two
    nodes: a pair named together a hundred times should not drown every other tie."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    for source, target, count in links:
        if source == target:
            continue
        weight = 1 + math.log(max(count, 1))
        if graph.has_edge(source, target):
            graph[source][target]["weight"] += weight
        else:
            graph.add_edge(source, target, weight=weight)
    return graph


def find_communities(graph: nx.Graph) -> list[tuple[str, ...]]:
    """Louvain communities, largest first; members most connected (weighted degree) first."""
    if graph.number_of_nodes() == 0:
        return []
    degree = dict(graph.degree(weight="weight"))
    groups = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = [tuple(sorted(group, key=lambda node: (-degree[node], node))) for group in groups]
    return sorted(ordered, key=lambda members: (-len(members), members[0]))


def lay_out(
    graph: nx.Graph,
    communities: list[tuple[str, ...]],
    *,
    width: float,
    labels: dict[str, Box] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions in a box `width` wide (and 3/4 as high), centred on 0: communities start in
    their own arcs of a circle, ForceAtlas2 (LinLog, which pulls communities together) settles
    the rest, then nodes with a label (`labels`: its box below the node) move apart until no
    two of those labels overlap."""
    import numpy as np

    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    start: dict[str, np.ndarray] = {}
    placed = 0
    total = graph.number_of_nodes()
    for members in communities:
        for index, node in enumerate(members):
            angle = 2 * math.pi * (placed + index) / total
            radius = 1.0 + 0.15 * (index % 3)
            start[node] = np.array([radius * math.cos(angle), radius * math.sin(angle)])
        placed += len(members)
    degree = dict(graph.degree(weight="weight"))
    most = max(degree.values()) or 1.0
    # networkx divides by each node's zero distance to itself in LinLog mode, then drops it.
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = nx.forceatlas2_layout(
            graph,
            pos=start,
            max_iter=_ITERATIONS,
            scaling_ratio=2.0,
            gravity=1.0,
            linlog=True,
            node_size={node: 0.02 + 0.08 * math.sqrt(degree[node] / most) for node in graph},
            weight="weight",
            seed=SEED,
        )
    points = _fit(raw, width=width, height=0.75 * width)
    return _separate(points, labels or {})


@dataclass(frozen=True, slots=True)
class Box:
    """A label's size and how far below its node's centre it starts (canvas units)."""

    width: float
    height: float
    below: float


def _separate(
    points: dict[str, tuple[float, float]], labels: dict[str, Box]
) -> dict[str, tuple[float, float]]:
    """Push labelled nodes apart, a pair at a time along the axis that needs the least
    movement, until their label boxes are clear of each other (or the rounds run out)."""
    moved = dict(points)
    names = sorted(node for node in labels if node in moved)
    for _ in range(_SEPARATION_ROUNDS):
        clear = True
        for index, first in enumerate(names):
            for second in names[index + 1 :]:
                shift = _overlap(moved[first], labels[first], moved[second], labels[second])
                if shift is None:
                    continue
                clear = False
                (x1, y1), (x2, y2) = moved[first], moved[second]
                dx, dy = shift
                moved[first] = (x1 - dx / 2, y1 - dy / 2)
                moved[second] = (x2 + dx / 2, y2 + dy / 2)
        if clear:
            break
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in moved.items()}


def _overlap(
    first: tuple[float, float], first_box: Box, second: tuple[float, float], second_box: Box
) -> tuple[float, float] | None:
    """How far to move `second` (and `first` the other way, in total) so the labels part."""
    gap = _LABEL_GAP
    left1, right1 = first[0] - first_box.width / 2, first[0] + first_box.width / 2
    left2, right2 = second[0] - second_box.width / 2, second[0] + second_box.width / 2
    top1, top2 = first[1] + first_box.below, second[1] + second_box.below
    bottom1, bottom2 = top1 + first_box.height, top2 + second_box.height
    across = min(right1, right2) - max(left1, left2) + gap
    down = min(bottom1, bottom2) - max(top1, top2) + gap
    if across <= 0 or down <= 0:
        return None
    if across < down:
        return (across if second[0] >= first[0] else -across, 0.0)
    return (0.0, down if top2 >= top1 else -down)


def _fit(raw: dict[str, object], *, width: float, height: float) -> dict[str, tuple[float, float]]:
    points = {node: (float(at[0]), float(at[1])) for node, at in raw.items()}  # type: ignore[index]
    xs = [x for x, _ in points.values()]
    ys = [y for _, y in points.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        node: (round((x - mid_x) / span_x * width, 1), round((y - mid_y) / span_y * height, 1))
        for node, (x, y) in points.items()
    }
