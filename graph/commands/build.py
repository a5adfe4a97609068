"""`newsgraph build`: read articles, extract facts, write the graph files and the store."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from graph.corpus.build import BuildReport
    from graph.work import ArticleResult

EXIT_OK = 0
EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2
_SUMMARY_LIMIT = 3  # per-article summaries are printed for builds of up to this many

_BUILD_EPILOG = """\
examples:
  newsgraph build                         build the bundled example article into output/
  newsgraph build story.txt -o graphs/    build one article into graphs/
  newsgraph build news/ feed.jsonl -j 2   a directory (recursively) and a JSON Lines file
  cat story.txt | newsgraph build -       read an article from standard input

input: text files (.txt, .md), saved web pages (.html, .htm: the story without menus,
banners or share buttons, the headline without the site name, byline authors, publication
date, site as publisher and canonical URL; nothing is fetched; a page with no story is
reported and skipped), JSON Lines (.jsonl: one {"id","title","text","url","published",
"publisher"} per line), and directories holding them, read recursively (symbolic links to
directories are not followed).
Text is UTF-8 (a BOM, CRLF line ends and any Unicode normal form are fine; UTF-16 with a BOM
too); other bytes are decoded as Windows-1252 and the build says so. The first line is the
title; blank lines separate paragraphs. Promotional lines and photo captions are dropped;
"This article was originally published by X" and a dateline's "(Reuters)" become the
article's original publisher.

output, per article, in the output directory (SLUG: the file name, or the record's id):
  SLUG.ttl      Turtle        SLUG.nt       N-Triples (sorted)    SLUG.jsonld   JSON-LD
  SLUG.html     the interactive graph view (self-contained, opens offline) and
  SLUG.graphml  the entity network for Gephi / Cytoscape -- both only for builds of at most
                25 articles unless --article-views says otherwise
and for all articles built so far: corpus.trig, corpus.nq (the store's graphs: one per
article with its evidence, one per entity, post and role with what the corpus knows),
corpus.graphml and corpus.html (up to 25 articles; `newsgraph view` renders more), and the
embedded Oxigraph store DIR/store (or --store PATH) that `newsgraph query`, `serve`, `push`
and `view` read.

An article already in the store with the same content is skipped (--force rebuilds it); a
changed one replaces its named graph, and the knowledge of what it names is derived again
from every article at the end of the build (`newsgraph remove` takes an article out).
Every file is written to a temporary name and renamed, and each article enters the store in
one transaction: an interrupted build leaves whole articles only, and the next build
finishes what it left of the knowledge layer.

exit status: 0 every article built or skipped; 1 some article failed (each is named on
stderr; the others are built); 2 wrong usage; 130 interrupted."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from graph.commands.common import add_store_options
    from graph.parallel import PARALLEL_FROM, usable_cores

    build = commands.add_parser(
        "build",
        help="build the graph of articles, a directory or a JSON Lines corpus",
        description="Build the RDF graph of news articles.",
        epilog=_BUILD_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument(
        "articles",
        nargs="*",
        metavar="ARTICLE",
        help="files, directories, .jsonl files, or - for standard input "
        "(default: the bundled example)",
    )
    add_store_options(build, output_help="directory the graph files are written to")
    build.add_argument(
        "--force", action="store_true", help="rebuild articles the store already has unchanged"
    )
    build.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes parsing and extracting articles (default: every usable core, "
        f"{usable_cores()} here; a build of fewer than {PARALLEL_FROM} articles runs in "
        "one process: a few batches would not keep workers busy for longer than starting "
        "them takes)",
    )
    build.add_argument(
        "--batch-size",
        type=int,
        default=16,
        metavar="N",
        help="articles per spaCy nlp.pipe batch (default: 16)",
    )
    build.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="time limit for extracting one article; a slower one is reported "
        "and skipped (default: 120; 0: none)",
    )
    build.add_argument(
        "--max-bytes",
        type=int,
        default=5_000_000,
        metavar="N",
        help="refuse an article file larger than this (default: 5000000)",
    )
    views = build.add_mutually_exclusive_group()
    views.add_argument(
        "--article-views",
        dest="article_views",
        action="store_true",
        default=None,
        help="write SLUG.html and SLUG.graphml for every article",
    )
    views.add_argument(
        "--no-article-views",
        dest="article_views",
        action="store_false",
        help="write no per-article view or GraphML",
    )
    build.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run the per-article work on a Dask scheduler, e.g. "
        "tcp://10.0.0.5:8786 (pip install 'newsgraph[cluster]')",
    )
    build.add_argument(
        "--endpoint",
        metavar="URL",
        help="also write each article graph and knowledge graph to this remote store "
        "(Graph Store Protocol URL, see `newsgraph push --help`); DIR/store stays the "
        "ledger, no corpus.nq/trig is written",
    )
    build.add_argument(
        "--user",
        help="user for --endpoint; password in $NEWSGRAPH_PASSWORD "
        "(a bearer token may be in $NEWSGRAPH_TOKEN instead)",
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    build.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.corpus.build import BuildOptions, build_corpus
    from graph.export.remote import Credentials, Endpoint, default_update_endpoint
    from graph.export.store import StoreLocation
    from graph.read import BUNDLED_ARTICLE

    sources = args.articles or [str(BUNDLED_ARTICLE)]
    problems = []
    if sources.count("-") > 1:
        problems.append("standard input (-) can be given only once")
    for name in ("jobs", "batch_size", "max_bytes"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            problems.append(f"--{name.replace('_', '-')} must be at least 1")
    if args.timeout < 0:
        problems.append("--timeout must not be negative")
    if problems:
        for problem in problems:
            print(f"newsgraph build: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    endpoint = None
    if args.endpoint:
        endpoint = Endpoint(
            args.endpoint,
            default_update_endpoint(args.endpoint),
            Credentials(
                user=args.user,
                password=os.environ.get("NEWSGRAPH_PASSWORD"),
                token=os.environ.get("NEWSGRAPH_TOKEN"),
            ),
        )
    options = BuildOptions(
        output=args.output,
        store=StoreLocation.from_options(output=args.output, store=args.store),
        force=args.force,
        jobs=args.jobs,
        batch_size=args.batch_size,
        timeout=args.timeout or None,
        max_bytes=args.max_bytes,
        article_views=args.article_views,
        cluster=args.cluster,
        endpoint=endpoint,
    )
    signal.signal(signal.SIGTERM, _interrupt)
    events = Progress(quiet=args.quiet)
    try:
        report = build_corpus(sources, options, events)
    finally:
        events.close()
    events.finish(report, options.store.path if endpoint is None else None)
    return EXIT_INPUT_FAILED if report.failed else EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Progress:
    """A progress bar (rich) on a terminal, plain log lines otherwise; errors always on stderr."""

    def __init__(self, *, quiet: bool, stream: TextIO = sys.stderr) -> None:
        self.quiet = quiet
        self.stream = stream
        self.tty = stream.isatty()
        self.total = 0
        self.done = 0
        self.start = time.perf_counter()
        self.last_log = 0.0
        self.summaries = True
        self.bar: ProgressBar | None = None

    def started(self, total: int) -> None:
        self.total = total
        self.summaries = total <= _SUMMARY_LIMIT
        self.start = time.perf_counter()
        if self.tty and not self.quiet and not self.summaries:
            self.bar = ProgressBar(total, self.stream)

    def built(self, result: ArticleResult, files: tuple[Path, ...]) -> None:
        self.done += 1
        if self.summaries and not self.quiet:
            print(summary(result, files), flush=True)
        self._tick()

    def skipped(self, name: str) -> None:
        self.done += 1
        if self.summaries and not self.quiet:
            print(f"{name}: unchanged, skipped (--force rebuilds it)", flush=True)
        self._tick()

    def failed(self, message: str) -> None:
        self.done += 1
        self._say(f"newsgraph: error: {message}")
        self._tick()

    def note(self, message: str) -> None:
        if not self.quiet:
            self._say(f"newsgraph: {message}")

    def _say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.say(line)
        else:
            print(line, file=self.stream, flush=True)

    def _tick(self) -> None:
        if self.bar is not None:
            self.bar.advance()
        if self.quiet or self.summaries or self.tty:
            return
        if time.perf_counter() - self.last_log >= 5 or self.done == self.total:
            self.last_log = time.perf_counter()
            elapsed = time.perf_counter() - self.start
            rate = self.done / elapsed if elapsed > 0 else 0.0
            left = (self.total - self.done) / rate if rate > 0 else 0.0
            print(
                f"newsgraph: {self.done}/{self.total} articles, {rate:.1f}/s, "
                f"ETA {int(left // 60)}m{int(left % 60):02d}s",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        """Take the bar off the terminal (also when the build is interrupted)."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def finish(self, report: BuildReport, store: Path | None) -> None:
        self.close()
        if self.quiet:
            return
        elapsed = time.perf_counter() - self.start
        totals = report.totals
        print(
            f"built {report.built}, skipped {report.skipped} unchanged, "
            f"failed {len(report.failed)} in {elapsed:.1f} s"
        )
        if not self.summaries and report.built:
            print(
                f"  people {totals['people']}, organizations {totals['organizations']}, "
                f"countries {totals['countries']}, statements {totals['statements']} "
                f"({totals['direct']} direct), triples {totals['triples']}"
            )
        if store is not None:
            print(f"store: {store}")
        if report.corpus_files:
            print("corpus: " + "  ".join(str(path) for path in report.corpus_files))


class ProgressBar:
    """rich's live bar on the terminal: articles done, articles per second, time taken and
    left; lines said while it runs appear above it."""

    def __init__(self, total: int, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles  {task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=stream, highlight=False, markup=False, emoji=False),
            transient=True,
        )
        self.task = self.progress.add_task("build", total=total, rate="")
        self.start = time.perf_counter()
        self.done = 0
        self.progress.start()

    def advance(self) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.start
        rate = f"{self.done / elapsed:.1f}/s" if elapsed > 0 else ""
        self.progress.update(self.task, advance=1, rate=rate)

    def say(self, line: str) -> None:
        self.progress.console.print(line, soft_wrap=True)

    def stop(self) -> None:
        self.progress.stop()


def summary(result: ArticleResult, files: tuple[Path, ...]) -> str:
    counts = result.counts
    lines = [
        result.title,
        f"  people         {counts['people']:>5}",
        f"  organizations  {counts['organizations']:>5}",
        f"  countries      {counts['countries']:>5}",
        f"  places         {counts['places']:>5}",
        f"  statements     {counts['statements']:>5}  "
        f"({counts['direct']} direct quotes, {counts['reported']} reported)",
        f"  roles          {counts['roles']:>5}",
        f"  relations      {counts['relations']:>5}",
        "  files:",
        *(f"    {path}" for path in files),
    ]
    return "\n".join(lines)
