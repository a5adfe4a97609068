"""Build speed: the full newsgraph build against bare spaCy on the same texts, in one run.

Prints words/s of bare spaCy `nlp.pipe` (the model exactly as its package ships it, same
batch size and processes), words/s of the full build (reading, parsing, extraction, RDF,
files, store, knowledge layer, corpus files), their ratio, the time to load the model and to
start the CLI for `--help`, and the peak memory. Both are warmed up on the same few articles
first. With --repeat N they run N times, alternately, each run is printed and the ratio is
taken from the fastest of each (the least disturbed by other work on the machine). The last
line reads `ratio full/bare: 0.NN`.

--scaling measures instead: words/s of the build in 1 and N processes and on a Dask
LocalCluster of N workers (N: usable cores, or --workers), what one worker's share of the
work (parse, extract, serialise) sustains and what the one writing process (files, store,
knowledge layer, corpus files) sustains on its own, and from those the projected time for
1,000,000 articles of this corpus's mean length on 1, 8 and 64 workers: workers scale
with their number, the single writer does not, so it caps the projection.

usage: python scripts/bench.py [CORPUS ...] [--articles N] [--jobs N] [--batch-size N]
                               [--repeat N] [--scaling [--workers N]]
  CORPUS: files, directories or .jsonl (default: the bundled and test articles repeated to N;
  with CORPUS, --articles takes the first N)
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 8  # articles parsed before timing, by both pipelines
PROJECTED_ARTICLES = 1_000_000
PROJECTED_WORKERS = (1, 8, 64)


class _Quiet:
    def started(self, total: int) -> None: ...
    def built(self, result: object, files: object) -> None: ...
    def skipped(self, name: str) -> None: ...
    def failed(self, message: str) -> None:
        print(f"failed: {message}", file=sys.stderr)

    def note(self, message: str) -> None: ...


def default_corpus(directory: Path, articles: int) -> list[str]:
    texts = [
        ROOT / "graph" / "data" / "article.txt",
        *sorted((ROOT / "tests" / "data").glob("*.txt")),
    ]
    paths = []
    for number in range(articles):
        source = texts[number % len(texts)]
        target = directory / f"copy-{number:05d}.txt"
        # distinct articles: a numbered title line keeps every content hash apart
        text = source.read_text(encoding="utf-8")
        target.write_text(f"{text.splitlines()[0]} ({number})\n" + text.split("\n", 1)[1])
        paths.append(str(target))
    return paths


def corpus_paths(args: argparse.Namespace, workdir: Path) -> list[str]:
    """The corpus as paths to build: the given ones (the first --articles of them, written
    to one JSON Lines file when given), else copies of the bundled articles."""
    from graph.sources import Source, expand

    if not args.corpus:
        (workdir / "corpus").mkdir()
        return default_corpus(workdir / "corpus", args.articles or 200)
    if not args.articles:
        return list(args.corpus)
    sources = [s for s in expand(args.corpus) if isinstance(s, Source)][: args.articles]
    if not all(source.line for source in sources):
        sys.exit("--articles with a CORPUS needs JSON Lines input")
    selection = workdir / "selection.jsonl"
    selection.write_text("".join(source.line or "" for source in sources), encoding="utf-8")
    return [str(selection)]


def cli_startup_seconds() -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, check=True)
        runs.append(time.perf_counter() - start)
    return min(runs)


def build_seconds(paths: list[str], workdir: Path, **options: Any) -> tuple[float, Any]:
    """One full build into a fresh output directory and store."""
    from graph.corpus.build import BuildOptions, build_corpus
    from graph.export.store import StoreLocation

    out = Path(tempfile.mkdtemp(dir=workdir))
    settings = BuildOptions(
        output=out / "out", store=StoreLocation(out / "store"), article_views=False, **options
    )
    start = time.perf_counter()
    report = build_corpus(paths, settings, _Quiet())
    return time.perf_counter() - start, report


def cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="*")
    parser.add_argument("--articles", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--scaling", action="store_true")
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()

    from graph.nlp import load_pipeline, load_stock_pipeline
    from graph.sources import Source, expand

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        paths = corpus_paths(args, workdir)
        documents = [item.read() for item in expand(paths) if isinstance(item, Source)]
        words = sum(len(document.text.split()) for document in documents)
        print(f"corpus: {len(documents)} articles, {words} words")
        print(f"load average at start: {load_average()}")
        if args.scaling:
            return scaling(args, paths, documents, words, workdir)

        start = time.perf_counter()
        stock = load_stock_pipeline()
        model_seconds = time.perf_counter() - start
        print(f"model load: {model_seconds:.2f} s")
        print(f"CLI start-up (--help): {cli_startup_seconds():.3f} s")
        warm_up(stock, load_pipeline(), documents)

        bare_runs, full_runs, bare_cpu, full_cpu = [], [], [], []
        report = None
        for run in range(1, args.repeat + 1):
            start, cpu = time.perf_counter(), cpu_seconds()
            for _ in stock.pipe(
                (d.text for d in documents), batch_size=args.batch_size, n_process=args.jobs
            ):
                pass
            bare_runs.append(time.perf_counter() - start)
            bare_cpu.append(cpu_seconds() - cpu)
            cpu = cpu_seconds()
            full, report = build_seconds(paths, workdir, jobs=args.jobs, batch_size=args.batch_size)
            full_runs.append(full)
            full_cpu.append(cpu_seconds() - cpu)
            if args.repeat > 1:
                print(
                    f"run {run}: bare {bare_runs[-1]:6.1f} s, full {full:6.1f} s, "
                    f"ratio {bare_runs[-1] / full:.2f}; CPU bare {bare_cpu[-1]:6.1f} s, "
                    f"full {full_cpu[-1]:6.1f} s (load average {load_average()})"
                )
    assert report is not None
    bare, full = min(bare_runs), min(full_runs)
    peak = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    best = " (fastest run)" if args.repeat > 1 else ""
    print(f"bare spaCy nlp.pipe:  {bare:7.1f} s  {words / bare:8.0f} words/s{best}")
    print(
        f"full newsgraph build: {full:7.1f} s  {words / full:8.0f} words/s{best} "
        f"({report.built} built, {len(report.failed)} failed, "
        f"{report.totals['triples']} triples, {report.totals['statements']} statements)"
    )
    print(f"slowest article: {report.slowest[0]} ({report.slowest[1]:.2f} s)")
    print(f"peak RSS: {peak:.0f} MB")
    print(
        f"jobs: {args.jobs}, batch size: {args.batch_size}; "
        f"median words/article: {statistics.median(len(d.text.split()) for d in documents):.0f}"
    )
    print(f"load average at end: {load_average()}")
    print(
        f"CPU time, this process and its workers: bare {min(bare_cpu):.1f} s, full "
        f"{min(full_cpu):.1f} s, ratio {min(bare_cpu) / min(full_cpu):.2f} (barely moved by "
        "other work on the machine, unlike wall-clock time)"
    )
    print(f"ratio full/bare: {bare / full:.2f}")
    return 0


def warm_up(stock: Any, pipeline: Any, documents: list[Any]) -> None:
    """The same first articles through both pipelines, so neither pays first-call costs."""
    from graph.nlp import annotate_many
    from graph.work import settle_process

    sample = documents[:WARM_UP]
    list(stock.pipe(d.text for d in sample))
    list(annotate_many(sample))
    settle_process()


def scaling(
    args: argparse.Namespace, paths: list[str], documents: list[Any], words: int, workdir: Path
) -> int:
    from graph.parallel import usable_cores

    workers = args.workers or usable_cores()
    per_article = words / len(documents)
    print(f"workers: {workers} (usable cores: {usable_cores()}), batch size {args.batch_size}")
    rates: dict[str, float] = {}

    seconds, _ = build_seconds(paths, workdir, jobs=1, batch_size=args.batch_size)
    rates["build, 1 process"] = words / seconds
    seconds, _ = build_seconds(paths, workdir, jobs=workers, batch_size=args.batch_size)
    rates[f"build, {workers} processes"] = words / seconds
    rates[f"build, Dask LocalCluster of {workers} workers"] = dask_rate(
        paths, workdir, workers, args.batch_size, words
    )
    worker_rate, results = worker_share(documents, args.batch_size, words)
    rates["one worker's share (parse, extract, serialise)"] = worker_rate
    writer_rate = words / writer_seconds(results, workdir)
    rates["the one writer (files, store, knowledge, corpus files)"] = writer_rate
    for label, rate in rates.items():
        print(f"  {label:58} {rate:8.0f} words/s  {rate / per_article:6.1f} articles/s")

    print(
        f"projected for {PROJECTED_ARTICLES:,} articles of {per_article:.0f} words "
        f"({PROJECTED_ARTICLES * per_article / 1e6:.0f} million words):"
    )
    for count in PROJECTED_WORKERS:
        rate = min(count * worker_rate, writer_rate)
        bound = "writer-bound" if count * worker_rate > writer_rate else "worker-bound"
        hours = PROJECTED_ARTICLES * per_article / rate / 3600
        label = f"{count} worker{'s' if count > 1 else ''} + the client"
        print(f"  {label:22} {hours:7.1f} h  ({rate:8.0f} words/s, {bound})")
    print(f"load average at end: {load_average()}")
    return 0


def dask_rate(paths: list[str], workdir: Path, workers: int, batch_size: int, words: int) -> float:
    """A build on a LocalCluster started here (its start-up not counted; the workers' model
    loading is, as in the process pool)."""
    from dask.distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        seconds, _ = build_seconds(
            paths, workdir, cluster=cluster.scheduler_address, batch_size=batch_size
        )
    finally:
        cluster.close()
    return words / seconds


def worker_share(documents: list[Any], batch_size: int, words: int) -> tuple[float, list[Any]]:
    """What process_documents (a worker's whole job) sustains in this process."""
    from graph.work import process_documents

    results = []
    start = time.perf_counter()
    for offset in range(0, len(documents), batch_size):
        results.extend(process_documents(documents[offset : offset + batch_size]))
    return words / (time.perf_counter() - start), results


def writer_seconds(results: list[Any], workdir: Path) -> float:
    """The client's part of a build alone (graph.corpus.build.write_results), on results
    computed beforehand: each article's files and graph, the knowledge layer, corpus files."""
    from graph.corpus.build import BuildOptions, write_results
    from graph.export.store import StoreLocation

    out = Path(tempfile.mkdtemp(dir=workdir))
    options = BuildOptions(
        output=out / "out", store=StoreLocation(out / "store"), article_views=False
    )
    start = time.perf_counter()
    write_results(results, options, _Quiet())
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
