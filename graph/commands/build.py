"""`newsgraph build`: read articles, extract facts, write the graph files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.model import ArticleFacts

EXIT_OK = 0
EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2

_BUILD_EPILOG = """\
examples:
  newsgraph build                       build the bundled example article into output/
  newsgraph build story.txt -o graphs/  build one article into graphs/
  cat story.txt | newsgraph build -     read an article from standard input

input: UTF-8 text (a BOM, CRLF line ends and any Unicode normal form are fine; UTF-16 with
a BOM too). The first line is the title; blank lines separate paragraphs. Promotional lines
and photo captions are dropped; "This article was originally published by X" becomes the
article's original publisher.

output, per article, in the output directory (SLUG is the file name without extension):
  SLUG.ttl     Turtle        SLUG.nt       N-Triples (sorted)    SLUG.jsonld   JSON-LD
  SLUG.html    the interactive graph view (self-contained, opens offline)
  SLUG.graphml the entity network for Gephi / Cytoscape
and for all articles built so far: corpus.trig, corpus.nq (one named graph per article),
corpus.graphml, corpus.html, and the embedded Oxigraph store DIR/store (or --store PATH) that
`newsgraph query`, `serve`, `push` and `view` read.
Files are written to a temporary name and renamed, so a failed build leaves no partial file.

exit status: 0 all articles built; 1 some input could not be read (each is named on
stderr, the others are still built); 2 wrong usage."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = commands.add_parser(
        "build",
        help="build the graph of one or more articles",
        description="Build the RDF graph of news articles.",
        epilog=_BUILD_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument(
        "articles",
        nargs="*",
        metavar="ARTICLE",
        help="article text files, or - for standard input (default: the bundled example)",
    )
    build.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help="directory the graph files are written to (default: output/)",
    )
    build.add_argument(
        "--store",
        type=Path,
        metavar="PATH",
        help="embedded Oxigraph store to load the graphs into (default: DIR/store)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    build.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return build_command(args.articles, output=args.output, store=args.store, quiet=args.quiet)


def build_command(articles: list[str], *, output: Path, store: Path | None, quiet: bool) -> int:
    from graph.build import BuiltArticle, build_articles
    from graph.export.store import StoreLocation
    from graph.read import BUNDLED_ARTICLE

    sources = articles or [str(BUNDLED_ARTICLE)]
    if sources.count("-") > 1:
        print("newsgraph: error: standard input (-) can be given only once", file=sys.stderr)
        return EXIT_USAGE

    def built(article: BuiltArticle) -> None:
        if not quiet:
            print(summary(article.facts, list(article.files)), flush=True)

    def failed(message: str) -> None:
        print(f"newsgraph: error: {message}", file=sys.stderr, flush=True)

    location = StoreLocation.from_options(output=output, store=store)
    report = build_articles(sources, output=output, store=location, on_built=built, on_error=failed)
    if report.built and not quiet:
        print(f"store: {location.path}")
        print("corpus: " + "  ".join(str(path) for path in report.corpus_files))
    return EXIT_INPUT_FAILED if report.failed else EXIT_OK


def summary(facts: ArticleFacts, written: list[Path]) -> str:
    from graph.model import EntityKind

    def count(*kinds: EntityKind) -> int:
        return sum(1 for entity in facts.entities if entity.kind in kinds)

    direct = sum(1 for statement in facts.statements if statement.is_direct)
    lines = [
        f"{facts.document.title.text}",
        f"  people         {count(EntityKind.PERSON):>5}",
        f"  organizations  {count(EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY):>5}",
        f"  countries      {count(EntityKind.COUNTRY):>5}",
        f"  places         {count(EntityKind.PLACE):>5}",
        f"  statements     {len(facts.statements):>5}  "
        f"({direct} direct quotes, {len(facts.statements) - direct} reported)",
        f"  roles          {len(facts.posts):>5}",
        f"  relations      {len(facts.relations):>5}",
        "  files:",
        *(f"    {path}" for path in written),
    ]
    return "\n".join(lines)
