"""SPARQL over the store: our prefixes predeclared, a library of named queries, result formats.

Named queries are `.rq` files in `graph/queries/`: a first comment line that says what the
query answers, an optional `# params: a b` line naming variables the user must bind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from graph.errors import NewsgraphError

if TYPE_CHECKING:
    import pyoxigraph

QUERY_DIR = Path(__file__).parent / "queries"
QUERY_PREFIXES = {
    "ng": "https://w3id.org/newsgraph/ns#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "wd": "http://www.wikidata.org/entity/",
    "ngid": "https://w3id.org/newsgraph/id/",
}


class QuerySyntaxError(NewsgraphError):
    """A query the SPARQL parser refuses; the message carries its line and column."""


class QueryTimeout(NewsgraphError):
    """A query still running when its time limit passed."""


T = TypeVar("T")


def within_time_limit(work: Callable[[], T], seconds: float | None) -> T:
    """The result of `work` (a query and the reading of its results), or QueryTimeout once
    `seconds` have passed. The work runs in a daemon thread, which pyoxigraph lets run outside
    Python's lock, so the wait can end; the query itself stops only with the process, so
    callers that get QueryTimeout should exit."""
    if not seconds:
        return work()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the waiting thread
            failure.append(error)

    worker = threading.Thread(target=run, name="sparql-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeout(f"the query ran for more than {seconds:g} s (--timeout) and was stopped")
    if failure:
        raise failure[0]
    return outcome[0]


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    description: str
    parameters: tuple[str, ...]
    text: str


def named_queries() -> dict[str, NamedQuery]:
    queries = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comments = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
        params = next((c.split(":", 1)[1].split() for c in comments if c.startswith("params:")), [])
        queries[path.stem] = NamedQuery(
            path.stem, comments[0] if comments else "", tuple(params), text
        )
    return queries


def prologue() -> str:
    """The PREFIX lines equivalent to what queries get predeclared (for other endpoints)."""
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in QUERY_PREFIXES.items())


def run_query(
    store: pyoxigraph.Store, text: str, *, bindings: dict[str, str] | None = None
) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | pyoxigraph.QueryTriples:
    """Run SPARQL over the union of all graphs; `bindings` give variables string values."""
    import pyoxigraph

    Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple
    substitutions: dict[pyoxigraph.Variable, Term] = {
        pyoxigraph.Variable(name): pyoxigraph.Literal(value)
        for name, value in (bindings or {}).items()
    }
    try:
        return store.query(
            text,
            prefixes=QUERY_PREFIXES,
            use_default_graph_as_union=True,
            substitutions=substitutions or None,
        )
    except SyntaxError as error:
        raise QuerySyntaxError(f"SPARQL syntax {error}") from error
    except RuntimeError as error:
        # e.g. a --param naming a variable the query does not select
        raise QuerySyntaxError(str(error)) from error


def term_text(term: object) -> str:
    """A term as a reader wants it: literal values bare, IRIs shortened by our prefixes."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.Literal):
        return term.value
    if isinstance(term, pyoxigraph.NamedNode):
        for prefix, iri in QUERY_PREFIXES.items():
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri) :]}"
        return term.value
    return str(term)


def format_table(solutions: pyoxigraph.QuerySolutions, *, max_width: int = 60) -> str:
    """An aligned text table; long values are cut with an ellipsis."""
    names = [variable.value for variable in solutions.variables]
    rows = []
    for solution in solutions:
        cells = []
        for name in names:
            value = " ".join(term_text(solution[name]).split())
            cells.append(value if len(value) <= max_width else value[: max_width - 1] + "…")
        rows.append(cells)
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    lines = [
        "  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def serialize_results(
    results: pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean, result_format: str
) -> str:
    """Standard SPARQL results: csv, tsv, json or xml."""
    import pyoxigraph

    formats = {
        "csv": pyoxigraph.QueryResultsFormat.CSV,
        "tsv": pyoxigraph.QueryResultsFormat.TSV,
        "json": pyoxigraph.QueryResultsFormat.JSON,
        "xml": pyoxigraph.QueryResultsFormat.XML,
    }
    data = results.serialize(format=formats[result_format])
    return data.decode("utf-8") if data else ""


def serialize_triples(triples: pyoxigraph.QueryTriples) -> str:
    """CONSTRUCT / DESCRIBE results as Turtle with our prefixes."""
    import pyoxigraph

    data = pyoxigraph.serialize(
        triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=QUERY_PREFIXES
    )
    return data.decode("utf-8") if data else ""
