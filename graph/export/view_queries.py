"""The SPARQL behind corpus views and the explorer: templates in graph/queries/view/, filled in.

A template marks what a caller supplies as {{name}}; values are SPARQL text made here from
checked IRIs, escaped strings and integers, so no name or pattern can change a query's shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from graph.query import QUERY_DIR, run_query

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "VIEW_QUERY_DIR",
    "Row",
    "fill",
    "iri",
    "iri_list",
    "select",
    "string",
    "template",
    "templates",
]

VIEW_QUERY_DIR = QUERY_DIR / "view"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# Characters the SPARQL grammar forbids in an IRIREF, plus whitespace.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')

Row = dict[str, str]
"""One solution: variable name to the term's lexical value (unbound variables absent)."""


@cache
def template(name: str) -> str:
    """The text of graph/queries/view/NAME.rq."""
    return (VIEW_QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


def templates() -> dict[str, str]:
    """Every view template by name, for a page that runs them itself."""
    return {path.stem: template(path.stem) for path in sorted(VIEW_QUERY_DIR.glob("*.rq"))}


def fill(text: str, /, **values: str) -> str:
    """The template with each {{name}} replaced; a placeholder without a value is a bug."""

    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise KeyError(f"no value for {{{{{match[1]}}}}}")
        return values[match[1]]

    return PLACEHOLDER.sub(value, text)


def iri(value: str) -> str:
    """An IRI as SPARQL text; raises ValueError for one that could break out of <…>."""
    if not value or _NOT_IN_IRI.search(value):
        raise ValueError(f"not an IRI: {value!r}")
    return f"<{value}>"


def iri_list(values: Iterable[str], *, separator: str = " ") -> str:
    return separator.join(iri(value) for value in values)


def string(value: str) -> str:
    """A SPARQL string literal holding exactly `value`."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def select(store: pyoxigraph.Store, name: str, /, **values: str) -> Iterator[Row]:
    """Run a SELECT template over the union of the store's graphs; rows stream as they come."""
    import pyoxigraph

    solutions = run_query(store, fill(template(name), **values))
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    for solution in solutions:
        row: Row = {}
        for variable in names:
            term = solution[variable]
            if term is not None:
                row[variable] = term.value if hasattr(term, "value") else str(term)
        yield row
