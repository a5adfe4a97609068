"""Project the RDF graph onto a networkx MultiDiGraph of entities: the shape views draw.

Nodes are people, organizations, countries, places and unnamed sources; edges are posts,
memberships, borders and "said about" (one per statement and entity it is about), each with
its evidence sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from rdflib import ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, PROV, RDF, RDFS, SDO
from rdflib.term import Node

from graph.vocab import NG, NIF, WD

__all__ = [
    "KINDS",
    "RELATIONS",
    "article_headlines",
    "project",
    "split_statement",
    "statement_line",
    "union_graph",
]

KINDS: tuple[str, ...] = (
    "person",
    "government_body",
    "organization",
    "country",
    "place",
    "unnamed_source",
)
"""Node kinds; a node typed twice takes the first (a government body is also an organization)."""

RELATIONS: tuple[str, ...] = ("post", "member of", "borders", "said about")
"""Edge relations: a person's post in a body, membership, a shared border, a statement's topic."""

_KIND_TYPES: dict[str, URIRef] = {
    "person": NG.Person,
    "government_body": NG.GovernmentBody,
    "organization": NG.Organization,
    "country": NG.Country,
    "place": NG.Place,
    "unnamed_source": NG.UnnamedSource,
}
# A full stop after an initial ("U.S.", "J. Smith") or a short title does not end a sentence.
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)[.!?][\"'”’)\]]*(?=\s|$)|\n"
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Evidence:
    """A stretch of one article's text: the span a fact was read from."""

    article: URIRef | None
    start: int
    end: int
    anchor: str


def project(graph: Graph) -> nx.MultiDiGraph:
    """Entities keyed by IRI (kind, label, qid, roles, statements), edges (relation, evidence);
    of one article or many (a Dataset, or files parsed into one Graph); values plain for GraphML."""
    union = union_graph(graph)
    texts = _Texts(union)
    network = nx.MultiDiGraph()
    for entity, kind in sorted(_entity_kinds(union).items()):
        qid = _qid(union, entity)
        network.add_node(
            str(entity),
            kind=kind,
            label=_label(union, entity),
            qid=qid,
            roles="",
            statements="",
            statement_count=0,
            articles=len(set(union.objects(entity, NG.mentionedIn))),
        )
    _add_posts(union, network, texts)
    _add_relations(union, network, texts)
    _add_statements(union, network, texts)
    return network


def article_headlines(graph: Graph) -> tuple[str, ...]:
    """The headline of every article in the graph, sorted."""
    union = union_graph(graph)
    return tuple(
        sorted(
            str(union.value(article, SDO.headline) or article)
            for article in set(union.subjects(RDF.type, NG.Article))
        )
    )


def union_graph(graph: Graph) -> Graph:
    """The triples of every named graph of a Dataset in one Graph; a plain Graph as it is."""
    if not isinstance(graph, ConjunctiveGraph):
        return graph
    union = Graph()
    for subject, predicate, obj, _ in graph.quads((None, None, None, None)):
        union.add((subject, predicate, obj))
    return union


def _entity_kinds(graph: Graph) -> dict[URIRef, str]:
    """Each entity's kind; later assignments win, so KINDS is walked from its end."""
    kinds: dict[URIRef, str] = {}
    for kind in reversed(KINDS):
        for entity in graph.subjects(RDF.type, _KIND_TYPES[kind]):
            if isinstance(entity, URIRef):
                kinds[entity] = kind
    return kinds


def _label(graph: Graph, entity: URIRef) -> str:
    """The entity's name; an unnamed source's words with what the text ties it to:
    "officials (White House)"."""
    # Articles agree on an entity's name; sorting only makes a disagreement deterministic.
    labels = sorted(str(label) for label in graph.objects(entity, RDFS.label))
    label = labels[0] if labels else str(entity).rsplit("/", 1)[-1]
    ties = sorted(
        _label(graph, tie) for tie in graph.objects(entity, NG.tiedTo) if isinstance(tie, URIRef)
    )
    if ties and (entity, RDF.type, NG.UnnamedSource) in graph:
        return f"{label} ({ties[0]})"
    return label


def _qid(graph: Graph, entity: URIRef) -> str:
    for same in sorted(str(same) for same in graph.objects(entity, OWL.sameAs)):
        local = same.removeprefix(str(WD))
        if local != same and re.fullmatch(r"Q[0-9]+", local):
            return local
    return ""


def _add_posts(graph: Graph, network: nx.MultiDiGraph, texts: _Texts) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    for holder, post in sorted(graph.subject_objects(ORG.holds)):
        if str(holder) not in network:
            continue
        role = str(graph.value(post, NG.roleName) or "")
        body = graph.value(post, ORG.postIn)
        of_person = graph.value(post, NG.postOf)
        target, link = (body, "of") if body is not None else (of_person, "to")
        if target is None or str(target) not in network:
            roles[str(holder)].add(role)
            continue
        description = f"{role} {link} {network.nodes[str(target)]['label']}"
        roles[str(holder)].add(description)
        for evidence in _post_evidence(graph, post, holder):
            network.add_edge(
                str(holder),
                str(target),
                relation="post",
                label=f"{role} {link}",
                evidence=texts.sentence(evidence),
                article=texts.headline(evidence.article),
            )
    for holder_id, descriptions in roles.items():
        network.nodes[holder_id]["roles"] = "; ".join(sorted(descriptions))


def _post_evidence(graph: Graph, post: Node, holder: Node) -> list[_Evidence]:
    """The spans each article gives for this holder holding this post (a post can be shared
    by several holders: each article's record names one)."""
    spans = [
        span
        for record in graph.subjects(NG.describes, post)
        if graph.value(record, NG.heldBy) == holder
        for span in _evidence_of(graph, record)
    ]
    return sorted(spans, key=lambda span: (str(span.article), span.start, span.end))


def _add_relations(graph: Graph, network: nx.MultiDiGraph, texts: _Texts) -> None:
    """One edge per asserted relation (and evidence); a border is drawn once per pair."""
    asserted: set[tuple[str, str, str]] = set()
    for assertion in sorted(graph.subjects(RDF.type, NG.RelationAssertion), key=str):
        subject, obj = graph.value(assertion, RDF.subject), graph.value(assertion, RDF.object)
        predicate = graph.value(assertion, RDF.predicate)
        if str(subject) not in network or str(obj) not in network:
            continue
        relation = "borders" if predicate == NG.borders else "member of"
        source, target = str(subject), str(obj)
        if relation == "borders":
            source, target = sorted((source, target))
        asserted.add((source, target, relation))
        spans = _evidence_of(graph, assertion)
        for evidence in spans or [_Evidence(None, 0, 0, "")]:
            network.add_edge(
                source,
                target,
                relation=relation,
                label=relation,
                evidence=texts.sentence(evidence),
                article=texts.headline(evidence.article),
            )
    # Plain triples without an assertion (a graph from elsewhere) are still relations.
    for predicate, relation in ((NG.memberOf, "member of"), (NG.borders, "borders")):
        for subject, obj in sorted(graph.subject_objects(predicate)):
            source, target = str(subject), str(obj)
            if relation == "borders":
                source, target = sorted((source, target))
            known = source in network and target in network
            if known and (source, target, relation) not in asserted:
                asserted.add((source, target, relation))
                network.add_edge(
                    source, target, relation=relation, label=relation, evidence="", article=""
                )


def _add_statements(graph: Graph, network: nx.MultiDiGraph, texts: _Texts) -> None:
    said: dict[str, list[tuple[_Evidence, str]]] = defaultdict(list)
    for statement in sorted(graph.subjects(RDF.type, NG.Statement), key=str):
        speaker = str(graph.value(statement, NG.speaker))
        if speaker not in network:
            continue
        text = _SPACES.sub(" ", str(graph.value(statement, NG.text) or "")).strip()
        direct = graph.value(statement, NG.isDirect)
        is_direct = isinstance(direct, Literal) and direct.toPython() is True
        mode = "direct quote" if is_direct else "reported"
        article = graph.value(statement, PROV.wasDerivedFrom)
        evidence = _Evidence(
            article if isinstance(article, URIRef) else None,
            _int(graph.value(statement, NIF.beginIndex)),
            _int(graph.value(statement, NIF.endIndex)),
            text,
        )
        said[speaker].append((evidence, statement_line(text, mode=mode)))
        for about in sorted(str(entity) for entity in graph.objects(statement, SDO.about)):
            if about in network and about != speaker:
                network.add_edge(
                    speaker,
                    about,
                    relation="said about",
                    label="said about",
                    evidence=texts.sentence(evidence),
                    article=texts.headline(evidence.article),
                    quote=text,
                    mode=mode,
                )
    for speaker, lines in said.items():
        ordered = [line for _, line in sorted(lines, key=lambda item: _order(texts, item[0]))]
        network.nodes[speaker]["statements"] = "\n".join(ordered)
        network.nodes[speaker]["statement_count"] = len(ordered)


def statement_line(text: str, *, mode: str) -> str:
    """One line of a node's `statements`: “quoted words” (direct quote) or words (reported)."""
    return f"“{text}” ({mode})" if mode == "direct quote" else f"{text} ({mode})"


def split_statement(line: str) -> tuple[str, str]:
    """The inverse of `statement_line`: (text as shown, mode)."""
    shown, _, mode = line.rpartition(" (")
    return shown, mode.removesuffix(")")


def _order(texts: _Texts, evidence: _Evidence) -> tuple[str, int]:
    return (texts.headline(evidence.article), evidence.start)


def _evidence_of(graph: Graph, fact: Node) -> list[_Evidence]:
    """The evidence spans of a post record or relation assertion, in article and text order."""
    spans = (_evidence(graph, span) for span in graph.objects(fact, NG.evidence))
    return sorted(spans, key=lambda span: (str(span.article), span.start, span.end))


def _evidence(graph: Graph, span: Node) -> _Evidence:
    article = graph.value(span, NIF.referenceContext)
    return _Evidence(
        article if isinstance(article, URIRef) else None,
        _int(graph.value(span, NIF.beginIndex)),
        _int(graph.value(span, NIF.endIndex)),
        str(graph.value(span, NIF.anchorOf) or ""),
    )


def _int(value: Node | None) -> int:
    number = value.toPython() if isinstance(value, Literal) else None
    return number if isinstance(number, int) else 0


class _Texts:
    """Article texts and headlines, looked up once: evidence spans widen to their sentence."""

    def __init__(self, graph: Graph) -> None:
        self._text: dict[URIRef, str] = {}
        self._headline: dict[URIRef, str] = {}
        self._ends: dict[URIRef, tuple[list[int], list[int]]] = {}
        for article in graph.subjects(RDF.type, NG.Article):
            if isinstance(article, URIRef):
                text = str(graph.value(article, NIF.isString) or "")
                self._text[article] = text
                self._headline[article] = str(graph.value(article, SDO.headline) or "")
                ends = list(_SENTENCE_END.finditer(text))
                self._ends[article] = ([end.start() for end in ends], [end.end() for end in ends])

    def headline(self, article: URIRef | None) -> str:
        return self._headline.get(article, "") if article is not None else ""

    def sentence(self, evidence: _Evidence) -> str:
        """The sentence(s) around the span, else the span's own text when the text is absent."""
        article = evidence.article
        text = self._text.get(article, "") if article is not None else ""
        if article is None or not text or not 0 <= evidence.start < evidence.end <= len(text):
            return _SPACES.sub(" ", evidence.anchor).strip()
        starts, ends = self._ends[article]
        before = bisect_right(ends, evidence.start)
        start = ends[before - 1] if before else 0
        # The span's own closing full stop ends its sentence too.
        after = bisect_left(starts, evidence.end - 1)
        end = ends[after] if after < len(ends) else len(text)
        return _SPACES.sub(" ", text[start:end]).strip()
