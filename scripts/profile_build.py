"""Where a build's time goes: the spaCy components one by one, then every stage of the build.

Part 1 times each spaCy component on its own over the corpus (CPU seconds, in pipeline order,
the same batches as a build), and the model's own attribute ruler and lemmatizer beside the
build's. Part 2 runs a full build (one process) under py-spy, which samples the process from
outside (no slowdown of Python code against compiled code), and charges every sample to the
innermost build stage on its stack: reading, the spaCy pipeline, extraction, the RDF of the
evidence, records and knowledge, N-Triples, Turtle/JSON-LD, writing files, writing article
graphs into the store, the knowledge layer, the corpus files.

usage: python scripts/profile_build.py [CORPUS] [--articles N] [--batch-size N] [--rate HZ]
  CORPUS: a .jsonl file (default: ../shared/corpus/reuters.jsonl); --articles: its first N
  needs py-spy (dev extra) and permission to trace a child process (root, or ptrace allowed)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "reuters.jsonl"

# (label, qualified function name, a fragment of its file's path); innermost on a stack wins
STAGES = (
    ("read articles", "Source.read", "graph/sources.py"),
    ("tokenise + sentence starts", "prepare", "graph/nlp.py"),
    ("spaCy: tok2vec, tagger, parser, ner", "annotate_many", "graph/nlp.py"),
    ("spaCy: attribute ruler (the build's)", "TokenAttributes.__call__", "token_attributes"),
    ("spaCy: lemmatizer (the build's)", "Lemmas.__call__", "token_attributes"),
    ("settle process (model, gc)", "settle_process", "graph/work.py"),
    ("extraction", "extract_facts", "graph/pipeline.py"),
    ("quote spans", "find_quote_spans", "graph/extract/quotes.py"),
    ("rdf: evidence N-Triples lines", "build_evidence", "graph/rdf.py"),
    ("rdf: records", "article_records", "graph/rdf.py"),
    ("rdf: knowledge of the article", "knowledge_of", "graph/rdf.py"),
    ("rdf: parsed for the other formats", "parse_ntriples", "graph/export/files.py"),
    ("Turtle + JSON-LD", "serialize_parsed", "graph/export/files.py"),
    ("corpus-file text of the article graph", "stored_text", "graph/corpus/dump.py"),
    ("write article files", "write_serialized", "graph/export/files.py"),
    ("store: open, ontology", "_LazyStore.writable", "graph/corpus/build.py"),
    ("store: marking what an article supports", "KnowledgeLayer.mark_article", "update.py"),
    ("store: article graphs (writer thread)", "replace_ntriples", "graph/export/store.py"),
    ("corpus-file text kept (writer thread)", "GraphSections.add", "graph/corpus/dump.py"),
    ("store: knowledge layer", "KnowledgeLayer.update", "graph/corpus/update.py"),
    ("corpus.nq + corpus.trig", "write_corpus_files", "graph/corpus/build.py"),
)
OTHER = "other (build loop, store flushes)"
OUTSIDE = "outside the build (start-up, imports)"

_BUILD = """
import sys
from pathlib import Path
from graph.corpus.build import BuildOptions, build_corpus
from graph.export.store import StoreLocation
from graph.nlp import load_pipeline

class Quiet:
    def started(self, total): ...
    def built(self, result, files): ...
    def skipped(self, name): ...
    def failed(self, message): print(message, file=sys.stderr)
    def note(self, message): ...

load_pipeline()
out = Path(sys.argv[2])
options = BuildOptions(output=out / "out", store=StoreLocation(out / "store"), jobs=1,
                       batch_size=int(sys.argv[3]), article_views=False)
build_corpus([sys.argv[1]], options, Quiet())
"""


def stage_of(frames: list[str]) -> str:
    """`frames`: "function (path:line)" from the outermost in."""
    if not any(frame.startswith("build_corpus (") for frame in frames):
        return OUTSIDE
    for frame in reversed(frames):
        function, _, location = frame.partition(" (")
        for label, name, fragment in STAGES:
            if function == name and fragment in location:
                return label
    return OTHER


def component_times(documents: list[Any], batch_size: int) -> dict[str, float]:
    """CPU seconds of each component over every batch, in pipeline order (CPU time, not
    wall-clock: other work on the machine does not count); the tokeniser as `make_doc`."""
    from graph.nlp import load_pipeline, load_stock_pipeline, prepare
    from graph.token_attributes import RULER

    nlp, stock = load_pipeline(), load_stock_pipeline()
    extra = [(f"{name} (the model's own)", stock.get_pipe(name)) for name in STOCK_COMPARED]
    times: Counter[str] = Counter()
    for offset in range(0, len(documents), batch_size):
        batch = documents[offset : offset + batch_size]
        start = time.process_time()
        docs = [prepare(nlp, document) for document in batch]
        times["tokeniser (make_doc + sentence starts)"] += time.process_time() - start
        for name, component in nlp.pipeline:
            if name == RULER:  # the model's own, on copies, where they would have run
                copies = [doc.copy() for doc in docs]
                for label, stock_component in extra:
                    start = time.process_time()
                    for doc in copies:
                        stock_component(doc)
                    times[label] += time.process_time() - start
            start = time.process_time()
            docs = list(component.pipe(docs, batch_size=batch_size))
            times[name] += time.process_time() - start
    return dict(times)


STOCK_COMPARED = ("attribute_ruler", "lemmatizer")


def profile_build(corpus: Path, batch_size: int, rate: int, workdir: Path) -> Counter[str]:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    samples = workdir / "samples.txt"
    command = [
        py_spy, "record", "--format", "raw", "--rate", str(rate), "-o", str(samples), "--",
        sys.executable, "-c", _BUILD, str(corpus), str(workdir / "build"), str(batch_size),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    print(f"\nfull build, one process, under py-spy: {time.perf_counter() - start:.1f} s")
    stages: Counter[str] = Counter()
    for line in samples.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        stages[stage_of(stack.split(";"))] += int(count)
    return stages


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--articles", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rate", type=int, default=100, help="samples per second")
    args = parser.parse_args()

    from graph.sources import Source, expand

    sources = [item for item in expand([args.corpus]) if isinstance(item, Source)]
    if args.articles:
        sources = sources[: args.articles]
    documents = [source.read() for source in sources]
    words = sum(len(document.text.split()) for document in documents)
    print(f"corpus: {len(documents)} articles, {words} words")
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")

    print("\nspaCy components, each on its own (CPU s):")
    times = component_times(documents, args.batch_size)
    for name, seconds in times.items():
        print(f"  {name:45} {seconds:7.2f}")
    build_total = sum(v for k, v in times.items() if "model's own" not in k)
    print(f"  {'total (the build pipeline)':45} {build_total:7.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus.jsonl"
        corpus.write_text("".join(source.line or "" for source in sources), encoding="utf-8")
        stages = profile_build(corpus, args.batch_size, args.rate, workdir)
    inside = sum(count for label, count in stages.items() if label != OUTSIDE)
    print("stage (innermost on the stack)                 samples   share of the build")
    for label in (*(stage[0] for stage in STAGES), OTHER):
        if stages[label]:
            print(f"  {label:45} {stages[label]:7d}   {stages[label] / inside:6.1%}")
    print(f"  ({OUTSIDE}: {stages[OUTSIDE]} samples, not in the shares)")
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
