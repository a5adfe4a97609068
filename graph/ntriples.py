"""N-Triples terms and lines as text, byte for byte as rdflib's N-Triples serializer writes them.

The RDF of an article and of the knowledge layer is made as N-Triples lines, the text every
other format starts from (graph.export.files). Making rdflib terms first cost a checked object
per IRI and literal and a pass to write them out: a thousand of each per article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rdflib.namespace import XSD

_NOT_IN_IRI = re.compile(r'[<>" {}|\\^`]')  # what rdflib refuses in an IRI it writes
_INTEGER = f"^^<{XSD.integer}>"
TRUE = f'"true"^^<{XSD.boolean}>'
FALSE = f'"false"^^<{XSD.boolean}>'


def iri(value: str) -> str:
    """The IRI term `<value>`, for an IRI minted from safe pieces (graph.rdf's)."""
    return f"<{value}>"


def checked_iri(value: str) -> str:
    """The IRI term `<value>`, refusing what rdflib would refuse to write."""
    if _NOT_IN_IRI.search(value):
        raise ValueError(f"{value!r} is not a valid IRI")
    return f"<{value}>"


def literal(text: str) -> str:
    """A plain string literal, escaped as rdflib escapes it."""
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    return '"' + escaped.replace("\r", "\\r") + '"'


def typed_literal(text: str, datatype: str) -> str:
    return f"{literal(text)}^^<{datatype}>"


def boolean(value: bool) -> str:
    return TRUE if value else FALSE


@lru_cache(maxsize=65536)  # offsets recur across spans and articles
def integer(value: int) -> str:
    return f'"{value}"{_INTEGER}'


def line(subject: str, predicate: str, value: str) -> str:
    return f"{subject} {predicate} {value} .\n"


def sorted_text(lines: set[str]) -> str:
    """A graph's lines as sorted N-Triples (a set, so without duplicates): its canonical text."""
    return "".join(sorted(lines))


class Lines(list[str]):
    """The N-Triples lines of a graph being made, in the order they were added."""

    def add(self, subject: str, predicate: str, value: str) -> None:
        self.append(line(subject, predicate, value))


class TermsText:
    """A namespace's terms as N-Triples IRI terms (`<…>`), each made once."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        term = f"<{getattr(self._namespace, name)}>"
        setattr(self, name, term)
        return term


def terms_text_of(*namespaces: Any) -> tuple[TermsText, ...]:
    return tuple(TermsText(namespace) for namespace in namespaces)
