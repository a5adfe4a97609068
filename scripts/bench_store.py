"""Store benchmark, one run, two parts.

1. A real corpus (default): builds the Reuters articles (`--corpus`, `--limit`) with
   `newsgraph build -j 2` into a temporary directory (or reads the store of an earlier build,
   `--store`), then runs every named query over the store's union default graph, as `newsgraph
   query` does, and prints each one's time and rows, the time of the knowledge-layer update
   the build did, and whether a natural mention count equals the distinct one (each fact stored
   once). Every named query must finish in under 2 s on the 962 articles.

2. `--versus-rdflib`: pyoxigraph (newsgraph's store) against rdflib's in-memory store on a
   generated graph of about 1M triples (the bundled article's graph replicated under distinct
   article and entity IRIs): load time, peak memory (RSS) and three named queries, each store
   in its own process. `most-mentioned` (a COUNT over all mentions) took rdflib 35 s on 20,000
   triples (pyoxigraph: 2 ms), so it is left out there.

usage: python scripts/bench_store.py [--corpus FILE] [--limit N] [--store DIR]
       python scripts/bench_store.py --versus-rdflib [--triples 1000000] [--queries ...]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ["people-posts", "country-relations", "who-said-what"]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reuters.jsonl"
PARAMETERS = {"country": "China", "from": "United States", "about": "China"}
"""Sample values for the named queries' parameters."""
LIMIT_S = 2.0
MENTIONS = """SELECT (COUNT(?m) AS ?natural) (COUNT(DISTINCT ?m) AS ?distinct) WHERE {
  ?m a ng:Mention ; ng:refersTo ?e . ?e rdfs:label "Donald Trump" }"""


def build_corpus(corpus: Path, limit: int | None, directory: Path) -> tuple[Path, float, float]:
    """The store of a fresh build, the build's seconds and its knowledge update's seconds."""
    feed = directory / "corpus.jsonl"
    with corpus.open(encoding="utf-8") as lines, feed.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                break
            out.write(line)
    out_dir = directory / "out"
    command = [sys.executable, "-m", "graph", "build", str(feed), "-o", str(out_dir), "-j", "2"]
    start = time.perf_counter()
    build = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    update = re.search(r"knowledge layer: \d+ nodes in ([0-9.]+) s", build.stderr)
    return out_dir / "store", seconds, float(update.group(1)) if update else float("nan")


def query_corpus(store_path: Path) -> int:
    import pyoxigraph

    from graph.export.store import article_graphs
    from graph.query import named_queries, run_query

    store = pyoxigraph.Store.read_only(str(store_path))
    articles = len(article_graphs(store))
    print(f"store: {store_path} ({articles} articles, {len(store)} quads)")
    print(f"{'named query':<30}{'seconds':>9}{'rows':>9}")
    slowest = 0.0
    for name, query in named_queries().items():
        bindings = {p: PARAMETERS[p] for p in query.parameters}
        start = time.perf_counter()
        results = run_query(store, query.text, bindings=bindings)
        rows = sum(1 for _ in results)  # type: ignore[union-attr]
        seconds = time.perf_counter() - start
        slowest = max(slowest, seconds)
        print(f"{name:<30}{seconds:>9.3f}{rows:>9}")
    [counts] = list(run_query(store, MENTIONS))  # type: ignore[arg-type]
    natural, distinct = int(counts["natural"].value), int(counts["distinct"].value)
    print(
        f"mentions of Donald Trump: {natural} natural, {distinct} distinct: "
        f"{'equal' if natural == distinct else 'INFLATED'}"
    )
    verdict = "yes" if slowest < LIMIT_S else "NO"
    print(f"every named query under {LIMIT_S:g} s: {verdict} (slowest {slowest:.3f} s)")
    return 0 if slowest < LIMIT_S and natural == distinct else 1


def generate(path: Path, triples: int) -> int:
    from graph.export.files import sorted_ntriples
    from graph.pipeline import build_facts
    from graph.rdf import build_graph
    from graph.read import BUNDLED_ARTICLE, read_article

    base = sorted_ntriples(build_graph(build_facts(read_article(str(BUNDLED_ARTICLE)))))
    lines = base.count("\n")
    copies = max(1, triples // lines)
    person = re.compile(r"/id/person/")
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            text = base.replace("/id/article/article", f"/id/article/article-{copy}")
            # a tenth of the people recur across articles, the rest are new people
            out.write(person.sub(f"/id/person/{copy % 10 if copy % 10 else copy}-", text))
    return copies * lines


def measure(store: str, data: Path, queries: list[str]) -> dict[str, float]:
    from graph.query import QUERY_PREFIXES, named_queries, prologue

    library = named_queries()
    result: dict[str, float] = {}
    start = time.perf_counter()
    if store == "oxigraph":
        import pyoxigraph

        database = pyoxigraph.Store()
        database.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
        result["load_s"] = time.perf_counter() - start
        for name in queries:
            start = time.perf_counter()
            rows = list(database.query(library[name].text, prefixes=QUERY_PREFIXES))  # type: ignore[arg-type]
            result[f"{name}_s"] = time.perf_counter() - start
            result[f"{name}_rows"] = len(rows)
    else:
        from rdflib import Graph

        graph = Graph()
        graph.parse(data, format="nt")
        result["load_s"] = time.perf_counter() - start
        for name in queries:
            start = time.perf_counter()
            rows = list(graph.query(prologue() + library[name].text))
            result[f"{name}_s"] = time.perf_counter() - start
            result[f"{name}_rows"] = len(rows)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSON Lines corpus to build")
    parser.add_argument("--limit", type=int, help="build only the first N articles")
    parser.add_argument("--store", type=Path, help="query this store instead of building one")
    parser.add_argument("--versus-rdflib", action="store_true", help="part 2 (see above)")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    parser.add_argument("--worker", choices=["oxigraph", "rdflib"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.data, args.queries)))
        return 0
    if not args.versus_rdflib:
        if args.store:
            return query_corpus(args.store)
        with tempfile.TemporaryDirectory() as tmp:
            store, build_s, update_s = build_corpus(args.corpus, args.limit, Path(tmp))
            print(f"build: {build_s:.1f} s, of which knowledge-layer update {update_s:.2f} s")
            return query_corpus(store)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "graph.nt"
        count = generate(data, args.triples)
        print(f"graph: {count} triples ({data.stat().st_size / 1e6:.0f} MB N-Triples)")
        results = {}
        for store in ("oxigraph", "rdflib"):
            output = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    store,
                    "--data",
                    str(data),
                    "--queries",
                    *args.queries,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            results[store] = json.loads(output.stdout.strip().splitlines()[-1])
    ours, theirs = results["oxigraph"], results["rdflib"]
    print(f"{'':<22}{'pyoxigraph':>12}{'rdflib':>12}{'rdflib/ours':>13}")
    for key in ["load_s", *(f"{q}_s" for q in args.queries), "peak_rss_mb"]:
        print(f"{key:<22}{ours[key]:>12.2f}{theirs[key]:>12.2f}{theirs[key] / ours[key]:>12.1f}x")
    for query in args.queries:
        same = ours[f"{query}_rows"] == theirs[f"{query}_rows"]
        print(f"{query}: {int(ours[f'{query}_rows'])} rows in both: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
