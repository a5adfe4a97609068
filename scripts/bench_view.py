"""Benchmark the HTML view on a corpus-sized graph: time to a stable layout in headless Chromium.

Usage: python scripts/bench_view.py [--nodes 2000] [--runs 3] [--keep view.html] [--png shot.png]

It makes a synthetic corpus (deterministic: people, organizations, countries and places with a
few hubs, posts, memberships, borders and statements in ~4 facts per entity), turns it into
RDF with graph.rdf.build_graph exactly as `newsgraph build` does, writes the view with
graph.export.html.write_view, then loads the page from file:// in headless Chromium
(/usr/bin/chromium, driven by Playwright; every non-file request is aborted) and prints, per
run, the milliseconds from navigation start until the page turned physics off after
stabilisation (`newsgraphView.state.stableAt`), and the layout time alone (`layoutMs`).
Needs the `playwright` Python package and Debian's `chromium`; it never downloads a browser.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from graph.export.html import write_view
from graph.model import (
    ArticleFacts,
    Document,
    Entity,
    EntityKind,
    Mention,
    Post,
    Relation,
    RelationKind,
    Span,
    Statement,
)
from graph.rdf import build_graph

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Usable means interactive: how long one frame takes after zooming in, as a user would.
REDRAW_AFTER_ZOOM = """() => new Promise((resolve) => {
  const network = newsgraphView.network;
  const started = performance.now();
  network.once("afterDrawing", () => resolve(performance.now() - started));
  network.moveTo({ scale: network.getScale() * 1.5 });
})"""
KIND_SHARE = {
    EntityKind.PERSON: 0.45,
    EntityKind.ORGANIZATION: 0.2,
    EntityKind.COUNTRY: 0.1,
    EntityKind.PLACE: 0.25,
}
ROLES = ("minister", "president", "spokesperson", "adviser", "chief", "ambassador")


@dataclass(frozen=True, slots=True)
class Pooled:
    key: str
    kind: EntityKind
    name: str


@dataclass(slots=True)
class ArticleWriter:
    """Appends sentences and records the spans of the names in them."""

    slug: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    mentions: dict[str, list[Mention]] = field(default_factory=dict)

    def add(self, text: str) -> Span:
        span = Span(self.length, self.length + len(text), text)
        self.parts.append(text)
        self.length += len(text)
        return span

    def name(self, entity: Pooled) -> Span:
        span = self.add(entity.name)
        mention = Mention(span.start, span.end, span.text, entity.key)
        self.mentions.setdefault(entity.key, []).append(mention)
        return span


def entity_pool(size: int, rng: random.Random) -> list[Pooled]:
    pool: list[Pooled] = []
    for kind, share in KIND_SHARE.items():
        for index in range(round(size * share)):
            name = f"{kind.value.title()} {index:04d} {rng.choice('ABCDEFGHKLMNPRSTVZ')}."
            key = f"Q{900000 + len(pool)}" if kind is EntityKind.COUNTRY else f"{kind}/{index}"
            pool.append(Pooled(key, kind, name))
    return pool[:size]


def synthetic_corpus(nodes: int, seed: int = 7) -> Graph:
    """`nodes` entities over nodes/25 articles; a few popular ones are in many of them."""
    rng = random.Random(seed)
    pool = entity_pool(nodes, rng)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(pool))]
    by_kind = {kind: [e for e in pool if e.kind is kind] for kind in KIND_SHARE}
    corpus = Graph()
    unused = list(pool)
    rng.shuffle(unused)
    for number in range(max(1, nodes // 25)):
        cast = {e.key: e for e in rng.choices(pool, weights=weights, k=12)}
        for _ in range(25):
            if unused:
                entity = unused.pop()
                cast[entity.key] = entity
        corpus += build_graph(
            article_facts(f"bench-{number:04d}", list(cast.values()), by_kind, rng)
        )
    return corpus


def article_facts(
    slug: str, cast: list[Pooled], by_kind: dict[EntityKind, list[Pooled]], rng: random.Random
) -> ArticleFacts:
    writer = ArticleWriter(slug)
    title = writer.add(f"Synthetic article {slug}")
    writer.add("\n\n")
    people = [e for e in cast if e.kind is EntityKind.PERSON]
    agents = [e for e in cast if e.kind is not EntityKind.PLACE]
    posts, statements, relations = [], [], []
    for person in people:
        body = rng.choice([e for e in cast if e.kind is not EntityKind.PERSON] or agents)
        start = writer.length
        writer.name(body)
        writer.add(f" {(role := rng.choice(ROLES))} ")
        writer.name(person)
        evidence = writer.add(" arrived.")
        posts.append(Post(person.key, role, body.key, Span(start, evidence.end, "")))
        writer.add(" ")
    for _ in range(len(cast)):
        speaker = rng.choice(agents)
        about = tuple({rng.choice(cast).key for _ in range(rng.randint(1, 2))} - {speaker.key})
        writer.name(speaker)
        writer.add(" said that ")
        content = writer.add(f"talks went well for {len(about)} parties")
        writer.add(". ")
        statements.append(
            Statement(rng.random() < 0.5, content, speaker.key, None, None, "say", None, about)
        )
    countries = [e for e in cast if e.kind is EntityKind.COUNTRY]
    organizations = by_kind[EntityKind.ORGANIZATION][:20]
    for country in countries:
        start = writer.length
        writer.name(country)
        writer.add(" borders ")
        neighbour = rng.choice(by_kind[EntityKind.COUNTRY])
        writer.name(neighbour)
        end = writer.add(".").end
        if neighbour.key != country.key:
            relations.append(
                Relation(country.key, RelationKind.BORDERS, neighbour.key, Span(start, end, ""))
            )
        writer.add(" ")
        if organizations:
            start = writer.length
            writer.name(country)
            writer.add(" is a member of ")
            writer.name(member_of := rng.choice(organizations))
            end = writer.add(".").end
            relations.append(
                Relation(country.key, RelationKind.MEMBER_OF, member_of.key, Span(start, end, ""))
            )
            writer.add(" ")
    for entity in cast:
        writer.name(entity)
        writer.add(" was mentioned. ")
    text = "".join(writer.parts)
    entities = tuple(
        Entity(
            e.key,
            e.kind,
            e.name,
            (),
            e.key if e.key.startswith("Q") else None,
            tuple(writer.mentions[e.key]),
        )
        for e in cast
        if e.key in writer.mentions
    )
    document = Document(
        text=text,
        title=title,
        paragraphs=(Span(title.end + 2, len(text), text[title.end + 2 :]),),
        boilerplate=(),
        source_name=f"{slug}.txt",
        slug=slug,
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    return ArticleFacts(document, entities, tuple(posts), tuple(statements), tuple(relations), ())


def measure(page_path: Path, *, runs: int, screenshot: Path | None) -> list[tuple[float, float]]:
    from playwright.sync_api import Route, sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    blocked: list[str] = []

    def block_network(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for run in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.route("**/*", block_network)
            page = context.new_page()
            page.goto(page_path.resolve().as_uri())
            page.wait_for_selector("body[data-state=stable]", state="attached", timeout=600_000)
            stable_at, layout_ms = page.evaluate(
                "[newsgraphView.state.stableAt, newsgraphView.state.layoutMs]"
            )
            frame_ms = page.evaluate(REDRAW_AFTER_ZOOM)
            results.append((stable_at, layout_ms))
            print(
                f"run {run + 1}: stable {stable_at:8.0f} ms after navigation "
                f"(layout {layout_ms:.0f} ms); one zoom redraw {frame_ms:.0f} ms",
                flush=True,
            )
            if screenshot is not None and run == 0:
                page.screenshot(path=str(screenshot))
            context.close()
        browser.close()
    if blocked:
        sys.exit(f"the page tried the network: {blocked[:3]}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000, help="entities in the graph")
    parser.add_argument("--runs", type=int, default=3, help="page loads to time")
    parser.add_argument("--keep", type=Path, help="also keep the generated page here")
    parser.add_argument("--png", type=Path, help="screenshot of the first run")
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = synthetic_corpus(args.nodes)
    generated = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        page_path = args.keep or Path(directory) / "bench.html"
        summary = write_view(corpus, page_path, title=f"Benchmark: {args.nodes} entities")
        written = time.perf_counter()
        size = page_path.stat().st_size
        print(f"graph: {len(corpus)} triples, made in {generated - started:.1f} s")
        print(
            f"view: {summary.nodes} nodes, {summary.edges} edges, {summary.statements} "
            f"statements, {size / 1e6:.1f} MB, written in {written - generated:.1f} s"
        )
        results = measure(page_path, runs=args.runs, screenshot=args.png)
    stable = statistics.median(result[0] for result in results)
    layout = statistics.median(result[1] for result in results)
    print(
        f"median over {len(results)} runs: stable layout {stable:.0f} ms after navigation "
        f"start (layout alone {layout:.0f} ms)"
    )


if __name__ == "__main__":
    main()
