"""Store benchmark: pyoxigraph (newsgraph's store) against rdflib's in-memory store, one run.

Generates a graph of about 1M triples by replicating the bundled article's graph under
distinct article and entity IRIs, then for each store, in its own process: load time, peak
memory (RSS) and the time of three named queries. Prints both side by side with ratios.

The three default queries are ones rdflib can finish: `most-mentioned` (a COUNT over all
mentions) took rdflib 35 s on 20,000 triples (pyoxigraph: 2 ms), so it is left out at 1M.

usage: python scripts/bench_store.py [--triples 1000000] [--queries people-posts ...]
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
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    parser.add_argument("--worker", choices=["oxigraph", "rdflib"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.data, args.queries)))
        return 0
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
