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
from typing import TYPE_CHECKING, Any, AnyStr

from rdflib import Graph

from graph.errors import OutputError
from graph.export.jsonld import Compactor, compact_document, indented_json
from graph.vocab import PREFIXES, ontology_dir

if TYPE_CHECKING:
    import pyoxigraph

_UMASK = os.umask(0o022)
os.umask(_UMASK)
# Article IRIs hold slashes, which Turtle would have to escape after an `ngid:` prefix.
TURTLE_PREFIXES = {name: iri for name, iri in PREFIXES.items() if name != "ngid"}


@dataclass(frozen=True, slots=True)
class WrittenFiles:
    turtle: Path
    ntriples: Path
    jsonld: Path


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The published @context (ontology/context.jsonld), or the prefixes alone without it."""
    path = ontology_dir() / "context.jsonld"
    if path.exists():
        context: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["@context"]
        return context
    return dict(PREFIXES)


def sorted_ntriples(graph: Graph) -> str:
    """The graph as sorted, duplicate-free N-Triples (one code path with the build's)."""
    from graph.rdf import ntriples_of

    return ntriples_of(graph)


@dataclass(frozen=True, slots=True)
class SerializedGraph:
    """One graph in the three per-article formats, each deterministic."""

    ntriples: str
    turtle: str
    jsonld: str


@lru_cache(maxsize=1)
def _compactor() -> Compactor:
    return Compactor(jsonld_context())


@lru_cache(maxsize=1)
def _context_text() -> str:
    return indented_json(jsonld_context(), " ")


def serialize_graph(graph: Graph) -> SerializedGraph:
    return serialize_ntriples(sorted_ntriples(graph))


def serialize_ntriples(ntriples: str) -> SerializedGraph:
    return serialize_parsed(ntriples, parse_ntriples(ntriples))


def parse_ntriples(ntriples: str) -> list[pyoxigraph.Triple]:
    import pyoxigraph

    return list(pyoxigraph.parse(ntriples.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES))


def serialize_parsed(ntriples: str, triples: list[pyoxigraph.Triple]) -> SerializedGraph:
    """From sorted N-Triples and the triples they parse to: Turtle by Oxigraph's serializer,
    compact JSON-LD from the same triples."""
    import pyoxigraph

    turtle = (
        pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
        or b""
    )
    jsonld = compact_document(triples, _compactor(), context_text=_context_text())
    return SerializedGraph(ntriples, _sorted_prefixes(turtle.decode("utf-8")), jsonld)


def _sorted_prefixes(turtle: str) -> str:
    """Oxigraph writes the prefix lines in no fixed order; sort them so output is stable."""
    body = prefixes_end(turtle, "@prefix ", "\n")
    header = turtle[:body].splitlines(keepends=True)
    # a blank line after each subject's block, for the human reader (a line break inside a
    # literal is written as an escape, so " .\n" ends a statement wherever it is)
    return "".join(sorted(header)) + "\n" + turtle[body:].replace(" .\n", " .\n\n")


def prefixes_end(turtle: AnyStr, prefix: AnyStr, newline: AnyStr) -> int:
    """Where the `@prefix` lines Oxigraph writes at the top of a Turtle document end (`prefix`
    and `newline` are "@prefix " and a line break, of the document's type)."""
    end = 0
    while turtle.startswith(prefix, end):
        end = turtle.index(newline, end) + 1
    return end


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
        # mkstemp makes the file private; outputs get the permissions of any new file
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write output ({error.strerror})") from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_graph_files(graph: Graph, directory: Path, slug: str) -> WrittenFiles:
    """Serialise everything first, then write: an error in one format writes no file."""
    return write_serialized(serialize_graph(graph), directory, slug)


def write_serialized(serialized: SerializedGraph, directory: Path, slug: str) -> WrittenFiles:
    files = WrittenFiles(
        directory / f"{slug}.ttl", directory / f"{slug}.nt", directory / f"{slug}.jsonld"
    )
    write_atomically(files.turtle, serialized.turtle)
    write_atomically(files.ntriples, serialized.ntriples)
    write_atomically(files.jsonld, serialized.jsonld)
    return files
