"""Benchmark corpus views on the Reuters corpus: write time, peak memory, page size, and the time
to a stable layout in headless Chromium, for the default view and a focus view.

Usage: python scripts/bench_view.py [--output DIR] [--corpus FILE] [--limit N]
                                    [--focus NAME] [--runs 3] [--png-dir DIR]

With --output DIR holding a store, that store is drawn; otherwise the corpus (default
../shared/corpus/reuters.jsonl, or its first --limit N articles) is built first into a temporary
directory with `newsgraph build -j 2` (not part of the figures). Each view is written by
`newsgraph view` in its own process, as a user runs it: the wall time and that process's peak
resident memory are measured. The page is then loaded from file:// in headless Chromium
(/usr/bin/chromium driven by Playwright; every request but file: is aborted) --runs times:
milliseconds from navigation start until the page is stable (`newsgraphView.state.stableAt`),
and one frame's time after zooming in. Needs the `playwright` package and Debian's `chromium`;
it never downloads a browser.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "reuters.jsonl"
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


@dataclass(frozen=True, slots=True)
class Written:
    seconds: float
    peak_mb: float
    size_mb: float
    summary: str


def build(corpus: Path, limit: int | None, directory: Path) -> Path:
    source = corpus
    if limit is not None:
        source = directory / f"first-{limit}.jsonl"
        with corpus.open(encoding="utf-8") as lines, source.open("w", encoding="utf-8") as out:
            out.writelines(line for _, line in zip(range(limit), lines, strict=False))
    output = directory / "out"
    started = time.perf_counter()
    command = [sys.executable, "-m", "graph", "build", "-q", str(source), "-o", str(output)]
    subprocess.run([*command, "-j", "2", "--no-article-views"], check=False)
    if not (output / "store" / "CURRENT").is_file():
        sys.exit(f"the build of {source} made no store")
    print(f"built {source.name} in {time.perf_counter() - started:.0f} s", flush=True)
    return output


def write_view(output: Path, page: Path, options: list[str]) -> Written:
    """`newsgraph view` in a fresh process: wall time and that process's peak memory."""
    command = [sys.executable, "-m", "graph", "view", "-o", str(output), "--html", str(page)]
    started = time.perf_counter()
    process = subprocess.Popen([*command, *options], stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    assert process.stdout is not None
    summary = process.stdout.read().splitlines()[0] if status == 0 else ""
    if status != 0:
        sys.exit(f"newsgraph view {' '.join(options)} failed")
    # Linux reports ru_maxrss in kilobytes.
    return Written(seconds, usage.ru_maxrss / 1024, page.stat().st_size / 1e6, summary)


def measure(page_path: Path, *, runs: int, screenshot: Path | None) -> list[float]:
    from playwright.sync_api import Route, sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    blocked: list[str] = []

    def block_network(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    stable: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for run in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.route("**/*", block_network)
            page = context.new_page()
            page.goto(page_path.resolve().as_uri())
            page.wait_for_selector("body[data-state=stable]", state="attached", timeout=600_000)
            stable_at = page.evaluate("newsgraphView.state.stableAt")
            frame_ms = page.evaluate(REDRAW_AFTER_ZOOM)
            stable.append(stable_at)
            print(
                f"  run {run + 1}: stable {stable_at:6.0f} ms after navigation; "
                f"one zoom redraw {frame_ms:.0f} ms",
                flush=True,
            )
            if screenshot is not None and run == 0:
                page.screenshot(path=str(screenshot))
            context.close()
        browser.close()
    if blocked:
        sys.exit(f"the page tried the network: {blocked[:3]}")
    return stable


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="a `newsgraph build` output directory")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines to build")
    parser.add_argument("--limit", type=int, help="build only the first N articles")
    parser.add_argument("--focus", default="Donald Trump", help="the focus view's entity")
    parser.add_argument("--runs", type=int, default=3, help="page loads to time per view")
    parser.add_argument("--png-dir", type=Path, help="keep a screenshot of each view here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        output = args.output
        if output is None or not (output / "store" / "CURRENT").is_file():
            if not args.corpus.exists():
                sys.exit(f"no corpus at {args.corpus} and no store given (--output DIR)")
            output = build(args.corpus, args.limit, directory)
        views = {"default view": [], f"focus view ({args.focus})": ["--focus", args.focus]}
        for (name, options), slug in zip(views.items(), ("corpus", "focus"), strict=True):
            page = directory / f"{slug}.html"
            written = write_view(output, page, options)
            print(f"{name}: {written.summary}", flush=True)
            print(
                f"  written in {written.seconds:.1f} s, peak memory {written.peak_mb:.0f} MB, "
                f"page {written.size_mb:.2f} MB",
                flush=True,
            )
            shot = args.png_dir / f"view-{slug}.png" if args.png_dir else None
            stable = measure(page, runs=args.runs, screenshot=shot)
            print(
                f"  {name}: median stable layout {statistics.median(stable):.0f} ms after "
                f"navigation over {len(stable)} runs",
                flush=True,
            )


if __name__ == "__main__":
    main()
