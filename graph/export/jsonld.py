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
# IRI texts kept per property: most values of some properties (spans) occur in one article only
_REFERENCE_CACHE_LIMIT = 10_000
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_encode_string = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


@dataclass(frozen=True, slots=True)
class _Term:
    name: str
    coercion: str | None  # "@id", "@vocab", a datatype IRI, or None for plain strings
    is_set: bool


@dataclass(frozen=True, slots=True)
class _Property:
    """A predicate as our nodes write it, and the texts of the IRIs met lately as its values."""

    name: str
    term: _Term | None
    is_type: bool  # rdf:type: its IRI values are the node's `type`
    key: str  # `"name": `, the start of its member's line
    is_set: bool
    indent: str  # where a value starts: on the node's line (three spaces in) or in a list (four)
    plain_datatype: str | None  # literals of this datatype, with no language, are bare strings
    references: dict[str, str]  # IRI → its text as a value of this property

    @classmethod
    def of(cls, name: str, term: _Term | None, *, is_type: bool) -> _Property:
        coercion = term.coercion if term else None
        if coercion is None:
            plain_datatype: str | None = XSD_STRING
        elif coercion == XSD_STRING or coercion.startswith("@"):
            plain_datatype = None  # an xsd:string coercion still writes `{"@value": ...}`
        else:
            plain_datatype = coercion
        is_set = term is not None and term.is_set
        return cls(
            name,
            term,
            is_type,
            f"{_encode_string(name)}: ",
            is_set,
            "    " if is_set else "   ",
            plain_datatype,
            {},
        )


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
        self.type_texts: dict[str, str] = {}  # class IRI → `type_text` of it, met lately
        self.properties: dict[str, _Property] = {}  # predicate IRI → `property_for` it
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

    def property_for(self, iri: str) -> _Property:
        """How a predicate is written in a node: its key, its term definition if it has
        one, and where its values start."""
        found = self.properties.get(iri)
        if found is None:
            term = self.terms.get(iri)
            name = term.name if term else self.compact_iri(iri)
            found = self.properties[iri] = _Property.of(name, term, is_type=iri == RDF_TYPE)
        return found

    def type_name(self, iri: str) -> str:
        return self.type_terms.get(iri) or self.compact_iri(iri)

    def type_text(self, iri: str) -> str:
        """`type_name` as JSON text."""
        text = self.type_texts.get(iri)
        if text is None:
            if len(self.type_texts) >= _IRI_CACHE_LIMIT:
                self.type_texts.clear()
            text = self.type_texts[iri] = _encode_string(self.type_name(iri))
        return text

    def reference_text(self, iri: str, written: _Property) -> str:
        """`reference` as JSON text, kept with the property for the next time the IRI comes."""
        texts = written.references
        if len(texts) >= _REFERENCE_CACHE_LIMIT:
            texts.clear()
        text = texts[iri] = indented_json(self.reference(iri, written.term), written.indent)
        return text

    def literal_text(self, literal: pyoxigraph.Literal, written: _Property) -> str:
        """`literal` as JSON text."""
        datatype, language = literal.datatype.value, literal.language
        value = self.literal(
            literal.value,
            None if datatype == XSD_STRING or language else datatype,
            language,
            written.term,
        )
        return indented_json(value, written.indent)

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
    already written by `indented_json` at one level of indentation (the same for every file).

    The text is `indented_json`'s for the compacted nodes, but written straight from the
    triples: each value's JSON text when it is met, then the nodes' texts joined."""
    nodes, properties = _compact_nodes(triples, compactor)
    texts = [_node_text(node, properties) for node in nodes]
    graph = "[\n  " + ",\n  ".join(texts) + "\n ]" if texts else "[]"
    return f'{{\n "@context": {context_text},\n "@graph": {graph}\n}}\n'


@dataclass(slots=True)
class _Node:
    """One compact node, its parts already JSON text."""

    id: str
    types: list[str]
    values: dict[str, list[str]]  # property name → its values, in order of appearance


def _compact_nodes(
    triples: Iterable[pyoxigraph.Triple], compactor: Compactor
) -> tuple[Iterable[_Node], dict[str, _Property]]:
    """A node per subject in order of first appearance, its properties likewise, `rdf:type`
    as `type` (the context's class terms), straight from the triples in one pass; and how
    each property name is written (as the last triple with that name has it)."""
    import pyoxigraph

    literal_class, named_node_class = pyoxigraph.Literal, pyoxigraph.NamedNode
    known_properties, known_types = compactor.properties, compactor.type_texts
    nodes: dict[str, _Node] = {}
    properties: dict[str, _Property] = {}
    types: list[str] = []
    values: dict[str, list[str]] = {}
    last_subject = None
    for triple in triples:
        subject = triple.subject
        # sorted triples come subject by subject: look the node up only when it changes
        if subject != last_subject:
            key = _reference(subject)
            node = nodes.get(key)
            if node is None:
                node = nodes[key] = _Node(_encode_string(compactor.compact_iri(key)), [], {})
            types, values, last_subject = node.types, node.values, subject
        predicate, value = triple.predicate.value, triple.object
        written = known_properties.get(predicate) or compactor.property_for(predicate)
        if isinstance(value, literal_class):
            if value.language is None and value.datatype.value == written.plain_datatype:
                text = _encode_string(value.value)
            else:
                text = compactor.literal_text(value, written)
        else:
            iri = value.value if isinstance(value, named_node_class) else _reference(value)
            if written.is_type:
                types.append(known_types.get(iri) or compactor.type_text(iri))
                continue
            text = written.references.get(iri) or compactor.reference_text(iri, written)
        name = written.name
        found = values.get(name)
        if found is None:
            found = values[name] = []
        found.append(text)
        properties[name] = written
    return nodes.values(), properties


def _node_text(node: _Node, properties: dict[str, _Property]) -> str:
    """The node as `indented_json` writes it as an item of `@graph` (two spaces in)."""
    members = [f'"id": {node.id}']
    types = node.types
    if types:
        members.append(f'"type": {types[0] if len(types) == 1 else _list_text(types)}')
    for name, texts in node.values.items():
        written = properties[name]
        if written.is_set:
            members.append(written.key + _list_text(texts))
        elif len(texts) == 1:
            members.append(written.key + texts[0])
        else:
            # each value was written to start on the node's line; in a list it sits one
            # level deeper (its only line breaks are its own, a string's are escaped)
            deeper = [text.replace("\n", "\n ") for text in texts]
            members.append(written.key + _list_text(deeper))
    return "{\n   " + ",\n   ".join(members) + "\n  }"


def _list_text(texts: list[str]) -> str:
    """A node member's list of values, each already written for its line (four spaces in)."""
    return "[\n    " + ",\n    ".join(texts) + "\n   ]"


def _reference(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    raise ValueError(f"an RDF-star triple term has no JSON-LD 1.1 form: {term}")


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
