"""Build speed: the full newsgraph build against bare spaCy on the same texts, in one run.

Prints words/s of bare spaCy `nlp.pipe` (same model, batch size and processes), words/s of
the full build (reading, parsing, extraction, RDF, files, store), their ratio, the time to
load the model and to start the CLI for `--help`, and the peak memory. The last line reads
`ratio full/bare: 0.NN`.

usage: python scripts/bench.py [CORPUS ...] [--articles N] [--jobs N] [--batch-size N]
  CORPUS: files, directories or .jsonl (default: the bundled and test articles repeated to N)
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def cli_startup_seconds() -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, check=True)
        runs.append(time.perf_counter() - start)
    return min(runs)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="*")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    from graph.corpus.build import BuildOptions, build_corpus
    from graph.export.store import StoreLocation
    from graph.nlp import load_pipeline
    from graph.sources import Source, expand

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        paths = args.corpus
        if not paths:
            (workdir / "corpus").mkdir()
            paths = default_corpus(workdir / "corpus", args.articles)
        documents = [item.read() for item in expand(paths) if isinstance(item, Source)]
        words = sum(len(document.text.split()) for document in documents)
        print(f"corpus: {len(documents)} articles, {words} words")

        start = time.perf_counter()
        nlp = load_pipeline()
        model_seconds = time.perf_counter() - start
        print(f"model load: {model_seconds:.2f} s")
        print(f"CLI start-up (--help): {cli_startup_seconds():.3f} s")

        start = time.perf_counter()
        for _ in nlp.pipe(
            (d.text for d in documents), batch_size=args.batch_size, n_process=args.jobs
        ):
            pass
        bare = time.perf_counter() - start

        options = BuildOptions(
            output=workdir / "out",
            store=StoreLocation(workdir / "store"),
            jobs=args.jobs,
            batch_size=args.batch_size,
            article_views=False,
        )
        start = time.perf_counter()
        report = build_corpus(paths, options, _Quiet())
        full = time.perf_counter() - start

    peak = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    print(f"bare spaCy nlp.pipe:  {bare:7.1f} s  {words / bare:8.0f} words/s")
    print(
        f"full newsgraph build: {full:7.1f} s  {words / full:8.0f} words/s "
        f"({report.built} built, {len(report.failed)} failed, "
        f"{report.totals['triples']} triples, {report.totals['statements']} statements)"
    )
    print(f"slowest article: {report.slowest[0]} ({report.slowest[1]:.2f} s)")
    print(f"peak RSS: {peak:.0f} MB")
    print(
        f"jobs: {args.jobs}, batch size: {args.batch_size}; "
        f"median words/article: {statistics.median(len(d.text.split()) for d in documents):.0f}"
    )
    print(f"ratio full/bare: {bare / full:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
