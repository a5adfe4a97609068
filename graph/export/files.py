"""Write one article graph as Turtle, N-Triples and JSON-LD, each atomically.

Every file goes to a temporary name in the target directory and is renamed into place, so a
failed or interrupted build never leaves a partial file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph

from graph.errors import OutputError
from graph.vocab import PREFIXES

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent.parent / "ontology"


@dataclass(frozen=True, slots=True)
class WrittenFiles:
    turtle: Path
    ntriples: Path
    jsonld: Path


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The published @context (ontology/context.jsonld), or the prefixes alone without it."""
    path = ONTOLOGY_DIR / "context.jsonld"
    if path.exists():
        context: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["@context"]
        return context
    return dict(PREFIXES)


def sorted_ntriples(graph: Graph) -> str:
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())


def write_atomically(path: Path, content: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise OutputError(f"{path.parent}: cannot write output ({error.strerror})") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_graph_files(graph: Graph, directory: Path, slug: str) -> WrittenFiles:
    """Serialise everything first, then write: an error in one format writes no file."""
    turtle = graph.serialize(format="turtle")
    ntriples = sorted_ntriples(graph)
    jsonld = graph.serialize(format="json-ld", context=jsonld_context(), indent=1, sort_keys=True)
    files = WrittenFiles(
        directory / f"{slug}.ttl", directory / f"{slug}.nt", directory / f"{slug}.jsonld"
    )
    write_atomically(files.turtle, turtle)
    write_atomically(files.ntriples, ntriples)
    write_atomically(files.jsonld, jsonld)
    return files
