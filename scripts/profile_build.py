"""Where a build's time goes: the spaCy components one by one, then every stage of the build.

Part 1 times each spaCy component on its own over the parsed corpus (in pipeline order, the
same batches as a build). Part 2 runs the full build in this process (jobs 1) under
pyinstrument and charges every sample to the innermost build stage on its call stack:
reading, tokenising, the spaCy pipeline, extraction, the RDF of the evidence, records and
knowledge, the N-Triples sorts, Turtle/JSON-LD serialisation, writing files, writing the
article graphs into the store, the knowledge layer, the corpus files.

usage: python scripts/profile_build.py [CORPUS ...] [--articles N] [--batch-size N] [--tree]
  CORPUS: files, directories or .jsonl (default: ../shared/corpus/reuters.jsonl);
  --articles: the first N articles; --tree: also print pyinstrument's call tree
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "reuters.jsonl"

# (label, function name, a path fragment of its file); the innermost one on a stack wins
STAGES = (
    ("read articles", "read", "graph/sources.py"),
    ("tokenise + sentence starts", "prepare", "graph/nlp.py"),
    ("spaCy pipeline", "pipe", "spacy/language.py"),
    ("extraction", "extract_facts", "graph/pipeline.py"),
    ("rdf: evidence triples", "build_evidence", "graph/rdf.py"),
    ("rdf: records", "article_records", "graph/rdf.py"),
    ("rdf: knowledge of the article", "knowledge_of", "graph/rdf.py"),
    ("rdf: sorted N-Triples", "ntriples_of", "graph/rdf.py"),
    ("Turtle + JSON-LD", "serialize_ntriples", "graph/export/files.py"),
    ("quote spans (counts)", "find_quote_spans", "graph/extract/quotes.py"),
    ("write article files", "write_serialized", "graph/export/files.py"),
    ("store: article graphs", "replace_article", "graph/corpus/update.py"),
    ("store: knowledge layer", "update", "graph/corpus/update.py"),
    ("corpus.nq + corpus.trig", "write_corpus_files", "graph/corpus/build.py"),
)


class _Quiet:
    def started(self, total: int) -> None: ...
    def built(self, result: object, files: object) -> None: ...
    def skipped(self, name: str) -> None: ...
    def failed(self, message: str) -> None:
        print(f"failed: {message}", file=sys.stderr)

    def note(self, message: str) -> None: ...


def stage_of(call_stack: list[str]) -> str:
    for identifier in reversed(call_stack):
        function, _, rest = identifier.partition("\x00")
        path = rest.split("\x00", 1)[0]
        for label, name, fragment in STAGES:
            if function == name and path.endswith(fragment):
                return label
    return "other (build loop, store flushes, start-up)"


def component_times(documents: list, batch_size: int) -> dict[str, float]:
    """Each component over every batch, in pipeline order; the tokeniser as `make_doc`."""
    from graph.nlp import load_pipeline, prepare

    nlp = load_pipeline()
    times: Counter[str] = Counter()
    for offset in range(0, len(documents), batch_size):
        batch = documents[offset : offset + batch_size]
        start = time.perf_counter()
        docs = [prepare(nlp, document) for document in batch]
        times["tokeniser (make_doc + sentence starts)"] += time.perf_counter() - start
        for name, component in nlp.pipeline:
            start = time.perf_counter()
            docs = list(component.pipe(docs, batch_size=batch_size))
            times[name] += time.perf_counter() - start
    return dict(times)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--articles", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--tree", action="store_true")
    args = parser.parse_args()

    from pyinstrument import Profiler

    from graph.corpus.build import BuildOptions, build_corpus
    from graph.export.store import StoreLocation
    from graph.nlp import load_pipeline
    from graph.sources import Source, expand

    sources = [item for item in expand(args.corpus) if isinstance(item, Source)]
    if args.articles:
        sources = sources[: args.articles]
    documents = [source.read() for source in sources]
    words = sum(len(document.text.split()) for document in documents)
    print(f"corpus: {len(documents)} articles, {words} words")
    nlp = load_pipeline()
    print(f"pipeline: {', '.join(nlp.pipe_names)}")

    print("\nspaCy components, each on its own (s):")
    times = component_times(documents, args.batch_size)
    for name, seconds in times.items():
        print(f"  {name:40} {seconds:7.2f}")
    print(f"  {'total':40} {sum(times.values()):7.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus = workdir / "corpus.jsonl"
        # the same articles as one JSON Lines file, so --articles limits the build too
        corpus.write_text("".join(source.line or "" for source in sources), encoding="utf-8")
        paths = [str(corpus)] if all(source.line for source in sources) else args.corpus
        options = BuildOptions(
            output=workdir / "out",
            store=StoreLocation(workdir / "store"),
            jobs=1,
            batch_size=args.batch_size,
            article_views=False,
        )
        profiler = Profiler(interval=0.001)
        start = time.perf_counter()
        profiler.start()
        build_corpus(paths, options, _Quiet())
        profiler.stop()
        elapsed = time.perf_counter() - start

    session = profiler.last_session
    assert session is not None
    stages: Counter[str] = Counter()
    for call_stack, seconds in session.frame_records:
        stages[stage_of(call_stack)] += seconds
    sampled = sum(stages.values())
    print(f"\nfull build, one process: {elapsed:.1f} s, {words / elapsed:.0f} words/s")
    print("stage (innermost on the stack)              s      share")
    for label, _, _ in (*STAGES, ("other (build loop, store flushes, start-up)", "", "")):
        if stages[label]:
            print(f"  {label:40} {stages[label]:7.2f}  {stages[label] / sampled:6.1%}")
    if args.tree:
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
