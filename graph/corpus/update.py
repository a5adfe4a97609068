"""Keeping a store's knowledge layer derived from its article graphs.

Writing or removing an article marks the nodes its records support (old and new) as pending,
in the store itself; `update` recomputes each pending node's graph from the records of every
article, then clears the marks. A build killed at any point leaves marks behind, and the next
build finishes the work, so the store always converges to what a clean build gives.
"""

from __future__ import annotations

import concurrent.futures
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

from graph.corpus.knowledge import KIND_OF_CLASS, derive_knowledge, role_lines
from graph.corpus.people import is_surname_only, person_links, relink
from graph.corpus.records import EntityRecord, PostRecord, RelationRecord
from graph.export.store import drop_graph, in_graph, select
from graph.ntriples import sorted_text
from graph.rdf import is_person_iri, is_role_iri, qid_of, role_iri
from graph.vocab import ID, NG

if TYPE_CHECKING:
    import pyoxigraph

PENDING_GRAPH = ID["graph/pending"]
"""Build bookkeeping: the nodes whose knowledge graph is to be recomputed (empty between builds)."""
_CHUNK = 400  # nodes per VALUES block


@dataclass(frozen=True, slots=True)
class KnowledgeUpdate:
    """What an update wrote: each recomputed graph's N-Triples ("" for a graph now empty)."""

    graphs: tuple[tuple[str, str], ...]


class KnowledgeLayer:
    """The knowledge layer of one open store: an article is marked (`mark_article`) before its
    graph is written or removed, and `update` recomputes what the marks name."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store
        self.pending = pending_nodes(store)

    def mark_article(self, name: str, supports: Iterable[str]) -> None:
        """Mark what the article graph `name` supports now and will support as pending: done
        before the graph is written, so a crash in between leaves the work marked."""
        self._mark(set(supports) | self.supported_by(name))

    def remove_article(self, name: str) -> None:
        self._mark(self.supported_by(name))
        drop_graph(self.store, name)

    def supported_by(self, name: str) -> set[str]:
        """The nodes the records of the stored article graph `name` support."""
        import pyoxigraph

        if not self.store.contains_named_graph(pyoxigraph.NamedNode(name)):
            return set()
        found: set[str] = set()
        query = f"""
            SELECT ?node ?role WHERE {{ GRAPH <{name}> {{
              {{ ?record <{NG.describes}>|<{NG.heldBy}>|<{NG.linkedFrom}> ?node }}
              UNION {{ ?record <{NG.roleInArticle}> ?role }}
              UNION {{ ?record a <{NG.RelationAssertion}> ;
                       <{_RDF}subject>|<{_RDF}object> ?node }} }} }}"""
        for row in select(self.store, query, union=False):
            if row["node"] is not None:
                found.add(row["node"].value)
            if row["role"] is not None:
                found.add(str(role_iri(row["role"].value)))
        return found

    def update(self) -> KnowledgeUpdate:
        """Link the pending people named by surname only, then recompute every pending node's
        graph from the records of all articles."""
        surnamed = [node for node in sorted(self.pending) if is_surname_only(node)]
        links = person_links(self.store, surnamed)
        articles, people = relink(self.store, links)
        rewritten = sorted(articles)
        # the people those articles now refer to, and no longer refer to, are described anew
        self._mark(people)
        for article in rewritten:
            self._mark(self.supported_by(article))
        nodes = sorted(self.pending)
        roles = [node for node in nodes if is_role_iri(node)]
        others = [node for node in nodes if not is_role_iri(node)]
        written = [(article, self._ntriples(article)) for article in rewritten]
        written += self._write(others, self._derive(others))
        written += self._write(roles, self._derive_roles(roles))
        self._clear(nodes)
        return KnowledgeUpdate(tuple(written))

    def _ntriples(self, name: str) -> str:
        import pyoxigraph

        quads = self.store.quads_for_pattern(None, None, None, _node(name))
        data = pyoxigraph.serialize(
            (quad.triple for quad in quads), format=pyoxigraph.RdfFormat.N_TRIPLES
        )
        return (data or b"").decode("utf-8")

    def _mark(self, nodes: set[str]) -> None:
        import pyoxigraph

        new = nodes - self.pending
        if not new:
            return
        graph, predicate = _node(str(PENDING_GRAPH)), _node(str(NG.pendingUpdate))
        self.store.extend(pyoxigraph.Quad(graph, predicate, _node(n), graph) for n in new)
        self.pending |= new

    def _clear(self, nodes: list[str]) -> None:
        drop_graph(self.store, str(PENDING_GRAPH))
        self.pending -= set(nodes)

    def _derive(self, nodes: list[str]) -> dict[str, str]:
        entities: dict[str, list[EntityRecord]] = {}
        posts: dict[str, PostRecord] = {}
        relations: dict[str, RelationRecord] = {}
        # two threads: Oxigraph evaluates the queries without holding the GIL
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as threads:
            for found in threads.map(partial(_records_of, self.store), _chunks(nodes)):
                entities.update(found.entities)
                posts.update(found.posts)
                relations.update(found.relations)
        knowledge = derive_knowledge(
            (record for records in entities.values() for record in records),
            posts.values(),
            relations.values(),
        )
        return {node: sorted_text(knowledge.get(node, set())) for node in nodes}

    def _derive_roles(self, roles: list[str]) -> dict[str, str]:
        """A role's description follows from the posts (already recomputed) that have it."""
        names: dict[str, Counter[str]] = defaultdict(Counter)
        for chunk in _chunks(roles):
            values = " ".join(f"<{role}>" for role in chunk)
            query = f"""
                SELECT ?role ?name WHERE {{ VALUES ?role {{ {values} }}
                  ?post <{_ORG}role> ?role ; <{NG.roleName}> ?name }}"""
            for row in select(self.store, query):
                names[row["role"].value][row["name"].value] += 1
        return {
            role: sorted_text(role_lines(role, names[role]) if names[role] else set())
            for role in roles
        }

    def _write(self, nodes: list[str], graphs: dict[str, str]) -> list[tuple[str, str]]:
        """Replace each node's graph (an empty one is dropped), a chunk per load. Not one
        transaction: the nodes stay marked until every graph is written."""
        import pyoxigraph

        for chunk in _chunks(nodes):
            for node in chunk:
                drop_graph(self.store, node)
            quads = b"".join(in_graph(graphs[n].encode("utf-8"), n) for n in chunk)
            if quads:
                self.store.load(quads, format=pyoxigraph.RdfFormat.N_QUADS)
        return [(node, graphs[node]) for node in nodes]


def pending_nodes(store: pyoxigraph.Store) -> set[str]:
    """The nodes an earlier, interrupted build left to recompute."""
    query = f"SELECT ?node WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?graph ?marks ?node }} }}"
    return {row["node"].value for row in select(store, query, union=False)}


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_ORG = "http://www.w3.org/ns/org#"


def _node(iri: str) -> pyoxigraph.NamedNode:
    import pyoxigraph

    return pyoxigraph.NamedNode(iri)


def _chunks(nodes: list[str]) -> Iterator[list[str]]:
    iterator = iter(nodes)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


@dataclass(frozen=True, slots=True)
class _Records:
    """The records of some nodes, by record IRI."""

    entities: dict[str, list[EntityRecord]]
    posts: dict[str, PostRecord]
    relations: dict[str, RelationRecord]


def _records_of(store: pyoxigraph.Store, nodes: list[str]) -> _Records:
    values = " ".join(f"<{node}>" for node in nodes)
    return _Records(
        _entity_records(store, values),
        _post_records(store, values),
        _relation_records(store, values),
    )


def _entity_records(store: pyoxigraph.Store, values: str) -> dict[str, list[EntityRecord]]:
    """Every article's record of these entities, by record IRI."""
    query = f"""
        SELECT ?record ?entity ?type ?name ?alias ?from WHERE {{ VALUES ?entity {{ {values} }}
          ?record <{NG.describes}> ?entity ; <{NG.typeInArticle}> ?type ;
                  <{NG.nameInArticle}> ?name .
          OPTIONAL {{ ?record <{NG.aliasInArticle}> ?alias }}
          OPTIONAL {{ ?record <{NG.linkedFrom}> ?from }} }}"""
    found: dict[str, tuple[str, str, str, set[str], bool]] = {}
    for row in select(store, query):
        record = row["record"].value
        if record not in found:
            linked = row["from"] is not None
            entity, kind, name = row["entity"].value, row["type"].value, row["name"].value
            found[record] = (entity, kind, name, set(), linked)
        if row["alias"] is not None:
            found[record][3].add(row["alias"].value)
    return {
        record: [
            EntityRecord(
                entity,
                KIND_OF_CLASS[kind],
                name,
                tuple(sorted(aliases)),
                qid_of(entity),
                linked=linked,
            )
        ]
        for record, (entity, kind, name, aliases, linked) in found.items()
    }


def _post_records(store: pyoxigraph.Store, values: str) -> dict[str, PostRecord]:
    """Every article's record of a post held by, or describing, one of these nodes."""
    query = f"""
        SELECT ?record ?holder ?post ?role ?of WHERE {{ VALUES ?node {{ {values} }}
          {{ ?record <{NG.heldBy}> ?node }} UNION {{ ?record <{NG.describes}> ?node }}
          ?record a <{NG.PostRecord}> ; <{NG.heldBy}> ?holder ; <{NG.describes}> ?post ;
                  <{NG.roleInArticle}> ?role .
          OPTIONAL {{ ?record <{NG.postInArticle}> ?of }} }}"""
    records = {}
    for row in select(store, query):
        role = row["role"].value
        of = row["of"].value if row["of"] is not None else None
        records[row["record"].value] = PostRecord(
            holder=row["holder"].value,
            post=row["post"].value,
            role=role,
            role_iri=str(role_iri(role)),
            of=of,
            of_is_person=of is not None and is_person_iri(of),
        )
    return records


def _relation_records(store: pyoxigraph.Store, values: str) -> dict[str, RelationRecord]:
    """Every relation assertion with one of these nodes as its subject or object."""
    query = f"""
        SELECT ?assertion ?subject ?predicate ?object WHERE {{ VALUES ?node {{ {values} }}
          {{ ?assertion <{_RDF}subject> ?node }} UNION {{ ?assertion <{_RDF}object> ?node }}
          ?assertion a <{NG.RelationAssertion}> ; <{_RDF}subject> ?subject ;
                     <{_RDF}predicate> ?predicate ; <{_RDF}object> ?object }}"""
    return {
        row["assertion"].value: RelationRecord(
            row["subject"].value,
            row["predicate"].value,
            row["object"].value,
            symmetric=row["predicate"].value == str(NG.borders),
        )
        for row in select(store, query)
    }
