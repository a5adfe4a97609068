"""Compact JSON-LD under our published context, from parsed triples.

Each triple is written straight into its subject's compact node by the part of compaction
our context uses (terms, prefixes, `@id`/`@vocab`/datatype coercion, `@set` containers), so
the file reads like the context promises. Round-trip tests check it parses
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
        self._properties: dict[str, tuple[str, _Term | None]] = {}
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

    def property_of(self, iri: str) -> tuple[str, _Term | None]:
        """The key a property is written under, and its term definition if it has one."""
        found = self._properties.get(iri)
        if found is None:
            term = self.terms.get(iri)
            found = self._properties[iri] = (term.name if term else self.compact_iri(iri), term)
        return found

    def type_name(self, iri: str) -> str:
        return self.type_terms.get(iri) or self.compact_iri(iri)

    def reference(self, iri: str, term: _Term | None) -> Any:
        """An IRI or blank node as the value of a property with this definition."""
        coercion = term.coercion if term else None
        if coercion == "@vocab":
            return self.type_terms.get(iri) or self._term_name(iri) or self.compact_iri(iri)
        if coercion == "@id":
            return self.compact_iri(iri)
        return {"id": self.compact_iri(iri)}

    def literal(
        self, value: str, datatype: str | None, language: str | None, term: _Term | None
    ) -> Any:
        """A literal (`datatype` None for a plain string) as the value of such a property."""
        coercion = term.coercion if term else None
        if language is None and (datatype == coercion or (datatype is None and coercion is None)):
            return value
        if language is not None:
            return {"@value": value, "@language": language}
        if datatype is not None:
            return {"@value": value, "@type": self.compact_iri(datatype)}
        return {"@value": value}

    def _term_name(self, iri: str) -> str | None:
        term = self.terms.get(iri)
        return term.name if term else None


def compact_document(
    triples: Iterable[pyoxigraph.Triple], compactor: Compactor, *, context_text: str
) -> str:
    """`{"@context": ..., "@graph": [...]}` for these triples; `context_text` is the context
    already written by `indented_json` at one level of indentation (the same for every file)."""
    graph = compact_nodes(triples, compactor)
    return f'{{\n "@context": {context_text},\n "@graph": {indented_json(graph, " ")}\n}}\n'


def compact_nodes(
    triples: Iterable[pyoxigraph.Triple], compactor: Compactor
) -> list[dict[str, Any]]:
    """A node per subject in order of first appearance, its properties likewise, `rdf:type`
    as `type` (the context's class terms), straight from the triples in one pass."""
    import pyoxigraph

    ids: dict[str, str] = {}
    types: dict[str, list[str]] = {}
    properties: dict[str, dict[str, list[Any]]] = {}
    definitions: dict[str, _Term | None] = {}
    for triple in triples:
        subject = triple.subject
        key = _reference(subject)
        values = properties.get(key)
        if values is None:
            ids[key] = compactor.compact_iri(key)
            values = properties[key] = {}
        predicate, value = triple.predicate.value, triple.object
        if isinstance(value, pyoxigraph.Literal):
            name, term = compactor.property_of(predicate)
            datatype = value.datatype.value
            values.setdefault(name, []).append(
                compactor.literal(
                    value.value,
                    None if datatype == XSD_STRING or value.language else datatype,
                    value.language,
                    term,
                )
            )
            definitions[name] = term
            continue
        reference = _reference(value)
        if predicate == RDF_TYPE:
            types.setdefault(key, []).append(compactor.type_name(reference))
            continue
        name, term = compactor.property_of(predicate)
        values.setdefault(name, []).append(compactor.reference(reference, term))
        definitions[name] = term
    nodes = []
    for key, values in properties.items():
        node: dict[str, Any] = {"id": ids[key]}
        names = types.get(key)
        if names:
            node["type"] = names if len(names) > 1 else names[0]
        for name, found in values.items():
            term = definitions[name]
            node[name] = found if len(found) > 1 or (term and term.is_set) else found[0]
        nodes.append(node)
    return nodes


def _reference(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    raise ValueError(f"an RDF-star triple term has no JSON-LD 1.1 form: {term}")


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
