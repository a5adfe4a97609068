"""A corpus view chosen from the store by SPARQL: the most connected entities, or some entities
and their neighbourhood, with the facts between them, without loading the corpus into memory.

Every query aggregates or is bounded by the selection (a few hundred entities), and only a few
pieces of evidence per edge and statements per entity are kept, so time and memory follow the
size of the view, not of the store.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from graph.errors import InputError
from graph.export.view_queries import Row, fill, iri_list, select, string, template
from graph.query import QUERY_PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

__all__ = [
    "DEFAULT_TOP",
    "KINDS",
    "SMALL_STORE",
    "Article",
    "CorpusView",
    "Edge",
    "Evidence",
    "Node",
    "ViewRequest",
    "glob_regex",
    "published_day",
    "select_view",
]

DEFAULT_TOP = 150
"""Entities a view draws at most unless --top says otherwise (when the store has more)."""
SMALL_STORE = 300
"""Up to this many entities in view, a view without --top or --focus draws them all."""
STATEMENTS_KEPT = 6
"""Statements kept per drawn entity (a focus keeps all of its own)."""
EVIDENCE_KEPT = 3
"""Pieces of evidence kept per drawn edge."""

KINDS: dict[str, str] = {
    "person": "Person",
    "government_body": "GovernmentBody",
    "organization": "Organization",
    "country": "Country",
    "place": "Place",
    "unnamed_source": "UnnamedSource",
}
"""Node kind to its ng: class; an entity with several takes the first (a government body is
also an organization). Unnamed sources ("a senior official") come from quote attribution."""
_NG, _WD = QUERY_PREFIXES["ng"], QUERY_PREFIXES["wd"]
_KIND_OF_TYPE = {f"{_NG}{name}": kind for kind, name in KINDS.items()}
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y")


@dataclass(frozen=True, slots=True)
class ViewRequest:
    """What to draw: a focus and its neighbourhood or the top entities, within filters."""

    focus: tuple[str, ...] = ()
    hops: int = 1
    top: int | None = None
    kinds: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    articles: str | None = None
    min_statements: int = 0

    @property
    def filters_articles(self) -> bool:
        return self.since is not None or self.until is not None or self.articles is not None


@dataclass(frozen=True, slots=True)
class Article:
    headline: str
    published: str
    day: date | None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A statement ("direct quote" or "reported") or a stretch of text a fact was read from
    ("evidence"), with its article; `speaker` names who made a statement listed under its topic."""

    fact: str
    text: str
    mode: str
    article: str
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class Node:
    iri: str
    kind: str
    label: str
    qid: str
    roles: tuple[str, ...]
    articles: int
    said: int
    heard: int
    neighbours: int
    focus: bool
    statements: tuple[Evidence, ...]
    statements_about: tuple[Evidence, ...] = ()

    @property
    def weight(self) -> int:
        return self.said + self.neighbours


@dataclass(frozen=True, slots=True)
class Edge:
    """All facts of one relation (and role) from source to target: how many, and a few."""

    source: str
    target: str
    relation: str
    label: str
    count: int
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class CorpusView:
    """The drawn entities and edges, and what the header says about what was left out."""

    request: ViewRequest
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    articles: Mapping[str, Article]
    entities_in_scope: int
    articles_in_scope: int
    candidates: int
    chosen: int
    unconnected: int
    focus: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Scope:
    """The filled-in filter snippets every query of one view shares."""

    types: str
    all_types: str
    article_filter: str


def select_view(store: pyoxigraph.Store, request: ViewRequest) -> CorpusView:
    """Choose and describe the entities, edges and evidence of a view."""
    scope = _scope(store, request)
    counts = next(
        select(store, "counts", types=scope.types, article_filter=scope.article_filter), {}
    )
    in_scope = int(counts.get("entities", 0))
    articles_in_scope = int(counts.get("articles", 0))
    focus = [_resolve(store, name, scope) for name in request.focus]
    if focus:
        top = request.top or DEFAULT_TOP
        chosen, candidates = _neighbourhood(store, scope, [iri for iri, _ in focus], request, top)
        ranks = {
            row["e"]: row
            for row in select(
                store,
                "rank",
                only=f"VALUES ?e {{ {iri_list(chosen)} }}",
                types=scope.all_types,
                other_types=scope.types,
                article_filter=scope.article_filter,
                min_statements="0",
                limit="",
            )
        }
        focus_iris = {iri for iri, _ in focus}
        chosen = [
            iri
            for iri in chosen
            if iri in focus_iris or _statement_count(ranks.get(iri)) >= request.min_statements
        ]
    else:
        top = request.top or (in_scope if in_scope <= SMALL_STORE else DEFAULT_TOP)
        ranks, ranked = _top(store, scope, request, top)
        chosen = list(ranks)
        # Entities without a single fact never rank; without --min-statements they are
        # candidates all the same (and, if chosen, unconnected).
        candidates = ranked if request.min_statements else max(in_scope, ranked)
        selected = min(top, candidates)
        focus_iris = set()
    articles: dict[str, Article] = {}
    edges = _edges(store, chosen, scope, articles)
    linked = {node for edge in edges for node in (edge.source, edge.target)} | focus_iris
    drawn = [iri for iri in chosen if iri in linked]
    if focus:
        selected = len(chosen)
    nodes = _nodes(store, drawn, ranks, focus_iris, scope, articles)
    return CorpusView(
        request=request,
        nodes=tuple(nodes),
        edges=tuple(edges),
        articles=articles,
        entities_in_scope=in_scope,
        articles_in_scope=articles_in_scope,
        candidates=candidates,
        chosen=selected,
        unconnected=selected - len(drawn),
        focus=tuple(label for _, label in focus),
    )


def published_day(text: str) -> date | None:
    """The day an article's date names: ISO 8601 or "November 1, 2017"-like; None if neither."""
    text = " ".join(text.split())
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def glob_regex(pattern: str) -> str:
    """A shell-style pattern (* any text, ? one character) as an anchored XPath regex."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return "^" + "".join(parts) + "$"


def _scope(store: pyoxigraph.Store, request: ViewRequest) -> _Scope:
    kinds = request.kinds or tuple(KINDS)
    article_filter = ""
    if request.filters_articles:
        article_filter = fill(
            _snippet("filter-articles"),
            articles=iri_list(_articles_in_view(store, request), separator=", "),
        )
    return _Scope(
        types=_type_list(kinds), all_types=_type_list(tuple(KINDS)), article_filter=article_filter
    )


def _articles_in_view(store: pyoxigraph.Store, request: ViewRequest) -> list[str]:
    """The articles --since, --until and --articles let through. Listed first because a
    FILTER on ?article keeps each query's plan, where patterns on the article do not."""
    snippets = []
    if request.since is not None or request.until is not None:
        since, until = request.since or date.min, request.until or date.max
        dates = [
            row["published"]
            for row in select(store, "published")
            if (day := published_day(row["published"])) is not None and since <= day <= until
        ]
        snippets.append(
            fill(_snippet("filter-published"), dates=", ".join(string(d) for d in dates))
        )
    if request.articles is not None:
        pattern = string(glob_regex(request.articles))
        snippets.append(fill(_snippet("filter-named"), pattern=pattern))
    return [
        row["article"] for row in select(store, "articles-in-view", filters="\n".join(snippets))
    ]


def _snippet(name: str) -> str:
    """A filter template without its comment lines (it is pasted inside a group pattern)."""
    return "\n".join(line for line in template(name).splitlines() if not line.startswith("#"))


def _type_list(kinds: Iterable[str]) -> str:
    return ", ".join(f"ng:{KINDS[kind]}" for kind in kinds)


def _resolve(store: pyoxigraph.Store, name: str, scope: _Scope) -> tuple[str, str]:
    """The entity a --focus name means: the best match (an exact name or alias, a name that
    starts with it, one that contains it), the one in most articles among equally good ones."""
    matches = (
        select(store, "find", text=string(name.strip()), types=scope.all_types, limit="LIMIT 20")
        if name.strip()
        else iter(())
    )
    best = next(matches, None)
    if best is None:
        raise InputError(f"--focus {name!r}", "no entity in the store has that name")
    return best["e"], best["label"]


def _neighbourhood(
    store: pyoxigraph.Store, scope: _Scope, focus: list[str], request: ViewRequest, top: int
) -> tuple[list[str], int]:
    """The focus and, hop by hop, its strongest neighbours up to `top` entities in all;
    and how many neighbours there were to choose from."""
    chosen = list(dict.fromkeys(focus))
    frontier = chosen
    found = 0
    for _ in range(request.hops):
        if not frontier:
            break
        taken = set(chosen)
        rows = select(
            store,
            "neighbours",
            entities=iri_list(frontier),
            types=scope.types,
            article_filter=scope.article_filter,
            limit="",
        )
        fresh = [row["other"] for row in rows if row["other"] not in taken]
        found += len(fresh)
        frontier = fresh[: max(0, top - len(chosen))]
        chosen.extend(frontier)
    return chosen, found


def _top(
    store: pyoxigraph.Store, scope: _Scope, request: ViewRequest, top: int
) -> tuple[dict[str, Row], int]:
    """The `top` best-ranked entities, and how many ranked at all. The store groups every
    entity anyway to sort them, so reading past the first `top` rows only counts them."""
    rows = select(
        store,
        "rank",
        only="",
        types=scope.types,
        other_types=scope.types,
        article_filter=scope.article_filter,
        min_statements=str(request.min_statements),
        limit="",
    )
    kept: dict[str, Row] = {}
    ranked = 0
    for row in rows:
        ranked += 1
        if len(kept) < top:
            kept[row["e"]] = row
    return kept, ranked


def _statement_count(rank: Row | None) -> int:
    return int(rank["said_count"]) + int(rank["heard_count"]) if rank else 0


def _edges(
    store: pyoxigraph.Store, chosen: list[str], scope: _Scope, articles: dict[str, Article]
) -> list[Edge]:
    """One edge per source, target, relation and role among the chosen entities; the
    articles of the evidence kept go into `articles`."""
    if not chosen:
        return []
    counts: dict[tuple[str, str, str, str], int] = defaultdict(int)
    kept: dict[tuple[str, str, str, str], dict[str, Evidence]] = defaultdict(dict)
    rows = select(
        store,
        "edges",
        entities=iri_list(chosen),
        article_filter=scope.article_filter,
        limit="",
    )
    for row in rows:
        relation = row["relation"]
        source, target = row["from"], row["to"]
        if relation == "borders":
            source, target = sorted((source, target))
        label = f"{row['role']} {row['link']}" if relation == "post" else relation
        key = (source, target, relation, label)
        counts[key] += 1
        items = kept[key]
        if len(items) < EVIDENCE_KEPT and row["fact"] not in items:
            items[row["fact"]] = _evidence(row, row["fact"], articles)
    return [
        Edge(*key, count=counts[key], evidence=tuple(kept[key].values())) for key in sorted(counts)
    ]


def _evidence(row: Row, fact: str, articles: dict[str, Article], *, speaker: str = "") -> Evidence:
    """A row's statement or evidence text; its article's headline and date are noted."""
    if row.get("relation", "said about") == "said about":
        mode = "direct quote" if row.get("direct") == "true" else "reported"
    else:
        mode = "evidence"
    article = row["article"]
    if article not in articles:
        published = row.get("published", "")
        articles[article] = Article(row.get("headline", ""), published, published_day(published))
    return Evidence(fact, " ".join(row.get("text", "").split()), mode, article, speaker)


def _nodes(
    store: pyoxigraph.Store,
    drawn: list[str],
    ranks: dict[str, Row],
    focus: set[str],
    scope: _Scope,
    articles: dict[str, Article],
) -> list[Node]:
    if not drawn:
        return []
    entities = iri_list(drawn)
    described: dict[str, list[Row]] = defaultdict(list)
    for row in select(store, "describe", entities=entities):
        described[row["e"]].append(row)
    roles: dict[str, set[str]] = defaultdict(set)
    for row in select(store, "roles", entities=entities):
        link = "to" if row.get("ofPerson") == "true" else "of"
        roles[row["e"]].add(
            f"{row['role']} {link} {row['ofLabel']}" if "ofLabel" in row else row["role"]
        )
    mentioned = {
        row["e"]: int(row["articles"])
        for row in select(store, "mentions", entities=entities, article_filter=scope.article_filter)
    }
    said, said_counts = _statements(store, "statements-by", drawn, focus, scope, articles)
    heard: dict[str, list[Evidence]] = {}
    if focus:
        heard, _ = _statements(store, "statements-about", sorted(focus), focus, scope, articles)
    nodes = []
    for iri in drawn:
        rank = ranks.get(iri, {})
        kind, label, qid = _identity(iri, described.get(iri, []))
        nodes.append(
            Node(
                iri=iri,
                kind=kind,
                label=label,
                qid=qid,
                roles=tuple(sorted(roles.get(iri, ()))),
                articles=mentioned.get(iri, 0),
                said=max(int(rank.get("said_count", 0)), said_counts.get(iri, 0)),
                heard=int(rank.get("heard_count", 0)),
                neighbours=int(rank.get("neighbours", 0)),
                focus=iri in focus,
                statements=tuple(said.get(iri, ())),
                statements_about=tuple(heard.get(iri, ())),
            )
        )
    return nodes


def _identity(iri: str, rows: list[Row]) -> tuple[str, str, str]:
    """Kind, label (an unnamed source's words with what it is tied to) and Wikidata id."""
    kinds = {_KIND_OF_TYPE[row["type"]] for row in rows if row["type"] in _KIND_OF_TYPE}
    kind = next((kind for kind in KINDS if kind in kinds), "organization")
    labels = sorted({row["label"] for row in rows if "label" in row})
    label = labels[0] if labels else iri.rstrip("/").rsplit("/", 1)[-1]
    ties = sorted({row["tieLabel"] for row in rows if "tieLabel" in row})
    if kind == "unnamed_source" and ties:
        label = f"{label} ({ties[0]})"
    qids = sorted(
        row["same"].removeprefix(_WD)
        for row in rows
        if "same" in row and re.fullmatch(r"Q[0-9]+", row["same"].removeprefix(_WD))
    )
    return kind, label, qids[0] if qids else ""


def _statements(
    store: pyoxigraph.Store,
    query: str,
    entities: list[str],
    focus: set[str],
    scope: _Scope,
    articles: dict[str, Article],
) -> tuple[dict[str, list[Evidence]], dict[str, int]]:
    """Each entity's statements (made by it, or about it): all for a focus, else the first
    few; and how many there are."""
    kept: dict[str, list[Evidence]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    rows = select(
        store,
        query,
        entities=iri_list(entities),
        article_filter=scope.article_filter,
        limit="",
    )
    for row in rows:
        entity = row["e"]
        counts[entity] += 1
        if entity in focus or len(kept[entity]) < STATEMENTS_KEPT:
            kept[entity].append(_evidence(row, row["statement"], articles, speaker=_speaker(row)))
    return kept, counts


def _speaker(row: Row) -> str:
    if "speakerLabel" not in row:
        return ""
    tie = row.get("speakerTie")
    return f"{row['speakerLabel']} ({tie})" if tie else row["speakerLabel"]
