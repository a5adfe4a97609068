"""Compact JSON-LD under our published context, from parsed triples.

The triples are grouped into expanded JSON-LD nodes, then compacted by the part of
compaction our context uses (terms, prefixes, `@id`/`@vocab`/datatype coercion, `@set`
containers), so the file reads like the context promises. Round-trip tests check it parses
back to the same graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_IRI_CACHE_LIMIT = 100_000
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True, slots=True)
class _Term:
    name: str
    coercion: str | None  # "@id", "@vocab", a datatype IRI, or None for plain strings
    is_set: bool


class Compactor:
    """Compaction by one context; build once, reuse for every document."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context
        self.prefixes = sorted(
            (
                (name, iri)
                for name, iri in context.items()
                if isinstance(iri, str) and iri.endswith(("#", "/")) and not name.startswith("@")
            ),
            key=lambda item: -len(item[1]),
        )
        self._compacted: dict[str, str] = {}  # IRI → compact IRI, for the IRIs met lately
        self.terms: dict[str, _Term] = {}
        self.type_terms: dict[str, str] = {}
        for name, definition in context.items():
            if name.startswith("@") or name in {"id", "type"}:
                continue
            if isinstance(definition, str):
                if definition.endswith(("#", "/")):
                    continue
                iri = self.expand(definition)
                self.terms.setdefault(iri, _Term(name, None, False))
                self.type_terms.setdefault(iri, name)
            elif isinstance(definition, dict):
                iri = self.expand(definition["@id"])
                coercion = definition.get("@type")
                self.terms[iri] = _Term(
                    name,
                    self.expand(coercion)
                    if coercion and not coercion.startswith("@")
                    else coercion,
                    definition.get("@container") == "@set",
                )

    def expand(self, value: str) -> str:
        prefix, colon, local = value.partition(":")
        if colon and prefix in self.context and isinstance(self.context[prefix], str):
            return f"{self.context[prefix]}{local}"
        return value

    def compact_iri(self, iri: str) -> str:
        compacted = self._compacted.get(iri)
        if compacted is None:
            if len(self._compacted) >= _IRI_CACHE_LIMIT:
                self._compacted.clear()
            compacted = self._compacted[iri] = self._compact_iri(iri)
        return compacted

    def _compact_iri(self, iri: str) -> str:
        for name, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{name}:{iri[len(namespace) :]}"
        return iri

    def compact_node(self, node: dict[str, Any]) -> dict[str, Any]:
        compacted: dict[str, Any] = {}
        if "@id" in node:
            compacted["id"] = self.compact_iri(node["@id"])
        types = node.get("@type", [])
        if types:
            names = [self.type_terms.get(t) or self.compact_iri(t) for t in types]
            compacted["type"] = names if len(names) > 1 else names[0]
        for key, values in node.items():
            if key.startswith("@"):
                continue
            term = self.terms.get(key)
            name = term.name if term else self.compact_iri(key)
            out = [self._value(value, term) for value in values]
            compacted[name] = out if len(out) > 1 or (term and term.is_set) else out[0]
        return compacted

    def _value(self, value: dict[str, Any], term: _Term | None) -> Any:
        coercion = term.coercion if term else None
        if "@id" in value:
            iri = value["@id"]
            if coercion == "@vocab":
                return self.type_terms.get(iri) or self._term_name(iri) or self.compact_iri(iri)
            if coercion == "@id":
                return self.compact_iri(iri)
            return {"id": self.compact_iri(iri)}
        datatype = value.get("@type")
        if "@language" not in value and (
            datatype == coercion or (datatype in {None, XSD_STRING} and coercion is None)
        ):
            return value["@value"]
        literal = {"@value": value["@value"]}
        if "@language" in value:
            literal["@language"] = value["@language"]
        elif datatype and datatype != XSD_STRING:
            literal["@type"] = self.compact_iri(datatype)
        return literal

    def _term_name(self, iri: str) -> str | None:
        term = self.terms.get(iri)
        return term.name if term else None


def expanded_nodes(triples: Iterable[pyoxigraph.Triple]) -> list[dict[str, Any]]:
    """The nodes of expanded JSON-LD: a node per subject in order of first appearance, its
    properties likewise, `rdf:type` as `@type` (which compacts to the context's class terms),
    built directly from the triples: no JSON text to write and parse back."""
    import pyoxigraph

    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        key = _reference(triple.subject)
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = {"@id": key}
        predicate, value = triple.predicate.value, triple.object
        if predicate == RDF_TYPE and not isinstance(value, pyoxigraph.Literal):
            node.setdefault("@type", []).append(_reference(value))
            continue
        node.setdefault(predicate, []).append(_expanded_value(value))
    return list(nodes.values())


def _reference(term: Any) -> str:
    import pyoxigraph

    return term.value if isinstance(term, pyoxigraph.NamedNode) else f"_:{term.value}"


def _expanded_value(term: Any) -> dict[str, str]:
    import pyoxigraph

    if not isinstance(term, pyoxigraph.Literal):
        return {"@id": _reference(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": datatype}


def compact_document(
    triples: Iterable[pyoxigraph.Triple], compactor: Compactor, *, context_text: str
) -> str:
    """`{"@context": ..., "@graph": [...]}` for these triples; `context_text` is the context
    already written by `indented_json` at one level of indentation (the same for every file)."""
    graph = [compactor.compact_node(node) for node in expanded_nodes(triples)]
    return f'{{\n "@context": {context_text},\n "@graph": {indented_json(graph, " ")}\n}}\n'


_encode_string = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


def indented_json(value: Any, indent: str = "") -> str:
    """`json.dumps(value, indent=1, ensure_ascii=False)`, the same text, written directly for
    the dicts, lists and strings a JSON-LD document is made of (json's own indenting encoder
    is pure Python and slow); `indent` is the indentation of the line `value` starts on."""
    if isinstance(value, str):
        return _encode_string(value)
    inner = indent + " "
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        if not value:
            return "{}"
        items = (f"{_encode_string(k)}: {indented_json(v, inner)}" for k, v in value.items())
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = (indented_json(item, inner) for item in value)
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "]"
    # numbers, booleans, null and anything unusual: json itself; its only line breaks are
    # between items (a string's are escaped), so indenting every line nests it correctly
    return json.dumps(value, indent=1, ensure_ascii=False).replace("\n", "\n" + indent)
