"""Robustness run: build a whole real corpus and report what a serious user would check.

Builds every article of a corpus (default: ../shared/corpus/reuters.jsonl, 962 Reuters
articles) into a temporary directory, like `newsgraph build`, and prints: articles built,
failures (with reasons), the slowest article, peak memory, triples, statements, and the share
of quotation-mark spans that got a speaker. Exit status 1 if any article failed.

usage: python scripts/robustness.py [CORPUS ...] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "reuters.jsonl"
)


class _Events:
    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.started_at = time.perf_counter()
        self.rss: list[tuple[int, float]] = []

    def started(self, total: int) -> None:
        self.total = total

    def built(self, result: object, files: object) -> None:
        self._tick()

    def skipped(self, name: str) -> None:
        self._tick()

    def failed(self, message: str) -> None:
        print(f"FAILED {message}", file=sys.stderr)
        self._tick()

    def note(self, message: str) -> None:
        print(f"note: {message}", file=sys.stderr)

    def _tick(self) -> None:
        self.done += 1
        if self.done % 100 == 0 or self.done == self.total:
            rate = self.done / (time.perf_counter() - self.started_at)
            rss = current_rss_mb()
            self.rss.append((self.done, rss))
            print(
                f"{self.done}/{self.total} articles, {rate:.1f}/s, RSS {rss:.0f} MB",
                file=sys.stderr,
            )


def current_rss_mb() -> float:
    """Resident memory now (Linux), to show whether it grows with the corpus."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build into this directory and keep it")
    args = parser.parse_args()

    from graph.corpus.build import BuildOptions, build_corpus
    from graph.export.store import StoreLocation

    with tempfile.TemporaryDirectory() as tmp:
        output = args.keep or Path(tmp)
        options = BuildOptions(
            output=output,
            store=StoreLocation(output / "store"),
            jobs=args.jobs,
            article_views=False,
        )
        start = time.perf_counter()
        events = _Events()
        report = build_corpus(args.corpus, options, events)
        elapsed = time.perf_counter() - start
    totals = report.totals
    peak = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    quotes, attributed = totals["quote_spans"], totals["direct"]
    print(f"corpus:            {' '.join(args.corpus)}")
    print(f"articles built:    {report.built}")
    print(f"failures:          {len(report.failed)}")
    for failure in report.failed:
        print(f"  {failure}")
    print(f"slowest article:   {report.slowest[0]} ({report.slowest[1]:.2f} s)")
    print(f"elapsed:           {elapsed:.1f} s ({report.built / elapsed:.1f} articles/s)")
    print(f"peak memory (RSS): {peak:.0f} MB")
    print("RSS while building: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in events.rss))
    print(f"triples:           {totals['triples']}")
    print(
        f"statements:        {totals['statements']} ({totals['direct']} direct quotes, "
        f"{totals['reported']} reported)"
    )
    print(
        f"entities:          {totals['people']} people, {totals['organizations']} "
        f"organizations, {totals['countries']} countries, {totals['places']} places "
        "(per article, summed)"
    )
    share = attributed / quotes if quotes else 0.0
    print(f"quotes with a speaker: {attributed}/{quotes} quotation-mark spans ({share:.0%})")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
