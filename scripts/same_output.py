"""Byte-identity of two builds: every article's files and the store's sorted N-Quads.

The store's ontology graph is compared by isomorphism: every new store parses the ontology
with blank nodes of its own.

For checking that a change meant to be a speed-up changes no output: build the same corpus
with the old and the new code into two directories, then compare them. Prints one line per
kind of file and a last line `identical: yes` or `identical: no` (exit status 1).

usage: python scripts/same_output.py BASELINE_DIR CANDIDATE_DIR
  each a `newsgraph build -o DIR` output directory with its store in DIR/store
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

ARTICLE_SUFFIXES = (".nt", ".ttl", ".jsonld")
CORPUS_FILES = ("corpus.nq", "corpus.trig")


def digests(directory: Path, suffix: str) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in directory.glob(f"*{suffix}")
        if not path.name.startswith("corpus.")
    }


def store_nquads(directory: Path) -> tuple[str, Graph]:
    """The store's sorted N-Quads but for the ontology graph, and the ontology graph (it is
    parsed from ontology/newsgraph.ttl into each new store, with blank nodes of its own)."""
    from graph.export.store import (
        ONTOLOGY_GRAPH,
        StoreLocation,
        dump_sorted,
        open_store_read_only,
    )

    store = open_store_read_only(StoreLocation(directory / "store"))
    others = [g.value for g in store.named_graphs() if g.value != str(ONTOLOGY_GRAPH)]
    ontology = dump_sorted(store, graphs=[str(ONTOLOGY_GRAPH)])
    return dump_sorted(store, graphs=others), Graph().parse(data=ontology, format="nquads")


def compare(baseline: Path, candidate: Path) -> bool:
    same = True
    for suffix in ARTICLE_SUFFIXES:
        old, new = digests(baseline, suffix), digests(candidate, suffix)
        differing = sorted(name for name in old.keys() & new.keys() if old[name] != new[name])
        missing, extra = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
        ok = not (differing or missing or extra)
        same &= ok
        print(
            f"{suffix:8} {len(old)} articles: "
            + (
                "identical"
                if ok
                else f"{len(differing)} differ, {len(missing)} missing, "
                f"{len(extra)} extra; first: {(differing + missing + extra)[0]}"
            )
        )
    for name in CORPUS_FILES:
        old_file, new_file = baseline / name, candidate / name
        if old_file.exists() or new_file.exists():
            ok = (
                old_file.exists()
                and new_file.exists()
                and old_file.read_bytes() == new_file.read_bytes()
            )
            same &= ok
            print(f"{name:12} {'identical' if ok else 'DIFFERS'}")
    (old_store, old_ontology), (new_store, new_ontology) = (
        store_nquads(baseline),
        store_nquads(candidate),
    )
    ok = old_store == new_store
    same &= ok
    print(
        f"store    {old_store.count(chr(10))} quads (sorted N-Quads): "
        + ("identical" if ok else f"DIFFER ({new_store.count(chr(10))} quads in candidate)")
    )
    ok = isomorphic(old_ontology, new_ontology)
    same &= ok
    print(f"store    ontology graph: {'isomorphic' if ok else 'DIFFERS'}")
    return same


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("baseline", type=Path)
    parser.add_argument("candidate", type=Path)
    args = parser.parse_args()
    same = compare(args.baseline, args.candidate)
    print(f"identical: {'yes' if same else 'no'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
