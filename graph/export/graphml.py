"""GraphML of the entity network (networkx), for Gephi and Cytoscape users.

The same projection as the HTML view: entities as nodes; posts, relations and "said about"
as edges, each with its evidence sentence.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Graph

from graph.export.files import write_atomically
from graph.export.network import project


def write_graphml(graph: Graph, path: Path) -> Path:
    network = project(graph)
    write_atomically(path, "\n".join(nx.generate_graphml(network)) + "\n")
    return path
