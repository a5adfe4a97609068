"""Mine a PolNeAR split (text/*.txt + attributions/*.ann, brat standoff) for the attribution
lexicons in graph/data/, and list what the pipeline still misses.

  frames   every (lemma, part of speech, frame) a cue could use, outside quotation marks and
           with a subject or possessor: how often it occurs, how often the annotators marked
           that word as the cue of an attribution whose content overlaps the frame's words
           ("own"), and how often the frame's words overlap any attribution ("any"). A frame is
           where the content is: clause (ccomp), infinitive/xcomp, object (dobj/oprd), or a
           preposition (warned "of", criticism "of"). Feeds graph/data/attribution_cues.tsv.
  sources  the head nouns of annotated sources (how often, how often plural, one example), with
           the kind graph/data/source_nouns.tsv gives them (or "-" when it does not list them).
  misses   annotated attributions no statement of the pipeline overlaps, by the cue's lemma
           and part of speech, with an example each: the families still missed.

Mine train/, measure on dev/ (../shared/eval/attribution.py): rules must be general.

usage: python scripts/mine_attribution.py {frames,sources,misses} SPLIT_DIR [--limit N]
         [--min N] [--top N]
  prints a tab-separated table to standard output; parsing 840 articles takes a few minutes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from graph.model import Document

_BRAT_LINE = re.compile(r"^[TEARN#]\d*\t")
_NOMINAL_POS = {"NOUN", "PROPN"}


@dataclass(frozen=True, slots=True)
class Attribution:
    """One annotated attribution: character ranges of its parts (source and cue may be absent)."""

    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]
    source_text: str
    cue_text: str
    content_text: str


def read_attributions(ann: str) -> list[Attribution]:
    """Brat standoff: T lines are spans ("T3\tContent 120 211;215 230\twords"), E lines tie a
    content to its source and cue. A span's words may run over lines."""
    lines: list[str] = []
    for line in ann.splitlines():
        if _BRAT_LINE.match(line):
            lines.append(line)
        elif lines:
            lines[-1] += " " + line
    spans: dict[str, tuple[tuple[tuple[int, int], ...], str]] = {}
    found = []
    for line in lines:
        if line.startswith("T"):
            name, middle, words = line.split("\t", 2)
            ranges = middle.split(" ", 1)[1]
            parts = tuple((int(a), int(b)) for a, b in (part.split() for part in ranges.split(";")))
            spans[name] = (parts, words)
        elif line.startswith("E"):
            roles = dict(arg.split(":") for arg in line.split("\t")[1].split())
            content = spans.get(roles.get("Content", ""))
            if content is None:
                continue
            source = spans.get(roles.get("Source", ""), ((), ""))
            cue = spans.get(roles.get("Cue", ""), ((), ""))
            found.append(Attribution(content[0], source[0], cue[0], source[1], cue[1], content[1]))
    return found


@dataclass(frozen=True, slots=True)
class Article:
    document: Document
    doc: Doc
    attributions: list[Attribution]


def articles(split: Path, limit: int | None) -> Iterator[Article]:
    from graph.nlp import annotate_many
    from graph.read import parse_article

    texts = sorted((split / "text").glob("*.txt"))
    pairs = []
    for text in texts:
        anns = sorted((split / "attributions").glob(f"{text.stem}*.ann"))
        if anns:
            pairs.append((text, anns[0]))
    pairs = pairs[:limit]
    documents = [
        parse_article(text.read_text(encoding="utf-8"), source_name=str(text)) for text, _ in pairs
    ]
    for index, doc in enumerate(annotate_many(documents)):
        if index % 100 == 0:
            print(f"# parsed {index}/{len(documents)}", file=sys.stderr)
        ann = pairs[index][1].read_text(encoding="utf-8")
        yield Article(documents[index], doc, read_attributions(ann))


def overlaps(start: int, end: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(start < b and a < end for a, b in ranges)


def head_of(doc: Doc, ranges: tuple[tuple[int, int], ...]) -> Token | None:
    """The syntactic head of the tokens in `ranges`, preferring verbs and nouns."""
    tokens = [t for t in doc if overlaps(t.idx, t.idx + len(t.text), ranges) and not t.is_space]
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    heads.sort(key=lambda t: (t.is_punct, t.pos_ not in {"VERB", "NOUN", "PROPN", "AUX"}, t.i))
    return heads[0] if heads else None


def frames_of(token: Token) -> list[tuple[str, int, int]]:
    """(frame, start char, end char) of each place a content could be for this word."""
    found = []
    for child in token.rights:
        edge = child.right_edge
        if child.dep_ == "ccomp":
            found.append(("clause", child.left_edge.idx, edge.idx + len(edge)))
        elif child.dep_ == "xcomp":
            found.append(("infinitive", child.left_edge.idx, edge.idx + len(edge)))
        elif child.dep_ in {"dobj", "oprd"}:
            found.append(("object", child.left_edge.idx, edge.idx + len(edge)))
        elif child.dep_ in {"acl", "relcl"}:
            found.append(("clause", child.left_edge.idx, edge.idx + len(edge)))
        elif child.dep_ == "prep":
            for grandchild in child.children:
                if grandchild.dep_ in {"pobj", "pcomp"}:
                    last = grandchild.right_edge
                    found.append((child.lower_, grandchild.left_edge.idx, last.idx + len(last)))
    return found


def has_source(token: Token) -> bool:
    if token.pos_ == "NOUN":
        return any(child.dep_ == "poss" for child in token.children)
    verb = token.head if token.pos_ == "ADJ" else token
    for _ in range(3):
        if any(child.dep_ == "nsubj" for child in verb.children):
            return True
        if verb.dep_ not in {"xcomp", "conj", "advcl"}:
            return False
        verb = verb.head
    return False


def mine_frames(split: Path, limit: int | None, minimum: int) -> None:
    from graph.extract.quotes import find_quote_spans

    seen: Counter[tuple[str, str, str]] = Counter()
    own: Counter[tuple[str, str, str]] = Counter()
    anywhere: Counter[tuple[str, str, str]] = Counter()
    for article in articles(split, limit):
        quotes = [(q.start, q.end) for q in find_quote_spans(article.document)]
        cue_of_token: dict[int, list[Attribution]] = defaultdict(list)
        for attribution in article.attributions:
            for start, end in attribution.cue:
                span = article.doc.char_span(start, end, alignment_mode="expand")
                for token in span or []:
                    cue_of_token[token.i].append(attribution)
        for token in article.doc:
            if token.pos_ not in {"VERB", "NOUN", "ADJ"} or not has_source(token):
                continue
            if any(start <= token.idx < end for start, end in quotes):
                continue
            for frame, start, end in frames_of(token):
                key = (token.lemma_.lower(), token.pos_.lower(), frame)
                seen[key] += 1
                if any(overlaps(start, end, a.content) for a in cue_of_token[token.i]):
                    own[key] += 1
                if any(overlaps(start, end, a.content) for a in article.attributions):
                    anywhere[key] += 1
    print("lemma\tpos\tframe\tseen\town\tany\town/seen\tany/seen")
    for key, count in sorted(seen.items(), key=lambda item: (-own[item[0]], item[0])):
        if own[key] >= minimum:
            print(
                f"{key[0]}\t{key[1]}\t{key[2]}\t{count}\t{own[key]}\t{anywhere[key]}\t"
                f"{own[key] / count:.2f}\t{anywhere[key] / count:.2f}"
            )


def mine_sources(split: Path, limit: int | None, minimum: int) -> None:
    from graph.extract.lexicon import load_lexicon

    kinds = load_lexicon().source_nouns
    heads: Counter[str] = Counter()
    plural: Counter[str] = Counter()
    example: dict[str, str] = {}
    for article in articles(split, limit):
        for attribution in article.attributions:
            if not attribution.source:
                continue
            head = head_of(article.doc, attribution.source)
            if head is None or head.pos_ != "NOUN":
                continue
            lemma = head.lemma_.lower()
            heads[lemma] += 1
            plural[lemma] += head.tag_ == "NNS"
            example.setdefault(lemma, attribution.source_text[:60])
    print("lemma\tcount\tplural\tkind\texample")
    for lemma, count in heads.most_common():
        if count >= minimum:
            kind = kinds[lemma].value if lemma in kinds else "-"
            print(f"{lemma}\t{count}\t{plural[lemma]}\t{kind}\t{example[lemma]}")


def mine_misses(split: Path, limit: int | None, top: int) -> None:
    from graph.pipeline import extract_facts

    missed: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for article in articles(split, limit):
        facts = extract_facts(article.document, article.doc)
        found = [(s.content.start, s.content.end) for s in facts.statements]
        for attribution in article.attributions:
            head = head_of(article.doc, attribution.cue) if attribution.cue else None
            key = (head.lemma_.lower(), head.pos_.lower()) if head is not None else ("-", "-")
            total[key] += 1
            if any(overlaps(start, end, attribution.content) for start, end in found):
                continue
            missed[key] += 1
            example.setdefault(
                key,
                f"{attribution.source_text[:40]!r} {attribution.cue_text!r}: "
                f"{attribution.content_text[:60]!r}",
            )
    print("cue lemma\tpos\tmissed\tannotated\texample")
    for key, count in missed.most_common(top):
        print(f"{key[0]}\t{key[1]}\t{count}\t{total[key]}\t{example[key]}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("report", choices=["frames", "sources", "misses"])
    parser.add_argument("split", type=Path, help="a PolNeAR split: text/ and attributions/")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--min", type=int, default=3, help="rows seen at least N times")
    parser.add_argument("--top", type=int, default=60, help="misses: the N cues missed most")
    args = parser.parse_args(argv)
    if not (args.split / "text").is_dir() or not (args.split / "attributions").is_dir():
        print(f"error: {args.split} has no text/ and attributions/ directories", file=sys.stderr)
        return 2
    if args.report == "frames":
        mine_frames(args.split, args.limit, args.min)
    elif args.report == "sources":
        mine_sources(args.split, args.limit, args.min)
    else:
        mine_misses(args.split, args.limit, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
