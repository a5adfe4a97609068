"""The per-article work, the same in this process, a worker process or a Dask worker.

Documents in, ArticleResults out: parsed in one `nlp.pipe` batch, extracted, turned into RDF
and serialised. Results are plain picklable data; a failing article is a result with an error.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.corpus.dump import GraphText, stored_text
from graph.export.files import TURTLE_PREFIXES, SerializedGraph, parse_ntriples, serialize_parsed
from graph.model import ArticleFacts, Document, EntityKind

if TYPE_CHECKING:
    from spacy.tokens import Doc


class ArticleTimeout(Exception):
    """An article took longer than the per-article time limit."""


@dataclass(frozen=True, slots=True)
class ArticleResult:
    slug: str
    source_name: str
    title: str
    content_sha256: str
    encoding: str
    serialized: SerializedGraph | None
    counts: dict[str, int] = field(default_factory=dict)
    evidence: str = ""  # the article graph as the store keeps it (N-Triples)
    stored: GraphText | None = None  # the same graph as the corpus files hold it
    supports: tuple[str, ...] = ()  # the knowledge-layer nodes its records support
    error: str | None = None
    seconds: float = 0.0


def count_facts(facts: ArticleFacts) -> dict[str, int]:
    def kinds(*wanted: EntityKind) -> int:
        return sum(1 for entity in facts.entities if entity.kind in wanted)

    direct = sum(1 for statement in facts.statements if statement.is_direct)
    return {
        "people": kinds(EntityKind.PERSON),
        "organizations": kinds(EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY),
        "countries": kinds(EntityKind.COUNTRY),
        "places": kinds(EntityKind.PLACE),
        "statements": len(facts.statements),
        "direct": direct,
        "reported": len(facts.statements) - direct,
        "roles": len(facts.posts),
        "relations": len(facts.relations),
    }


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ArticleTimeout after `seconds` (main thread of a process only; elsewhere, e.g. in
    a Dask worker thread, there is no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ArticleTimeout(f"took longer than {seconds:g} s (--timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_settled = threading.Event()


def settle_process() -> None:
    """Load the model and the word lists, then exempt everything alive from garbage
    collection (`gc.freeze`), once per process: the model's hundred thousand objects live as
    long as the process, and every full collection would walk them again (a fifth of the
    per-article work). Objects freed by reference counting are freed as ever."""
    if _settled.is_set():
        return
    from graph.extract.lexicon import load_lexicon
    from graph.nlp import load_pipeline

    load_pipeline()
    load_lexicon()
    gc.collect()
    gc.freeze()
    _settled.set()


def process_documents(
    documents: Sequence[Document], *, timeout: float | None = None
) -> list[ArticleResult]:
    """Parse the batch with `nlp.pipe`, then extract and serialise each article."""
    from graph.nlp import annotate, annotate_many

    settle_process()

    parsed: list[Doc | Exception]
    try:
        parsed = list(annotate_many(documents))
    except Exception:  # one article broke the batch parse: parse them one by one
        parsed = []
        for document in documents:
            try:
                parsed.append(annotate(document))
            except Exception as error:  # reported as that article's failure
                parsed.append(error)
    return [
        _process_one(document, doc, timeout)
        for document, doc in zip(documents, parsed, strict=True)
    ]


def _process_one(document: Document, doc: Doc | Exception, timeout: float | None) -> ArticleResult:
    from graph.extract.quotes import find_quote_spans
    from graph.pipeline import extract_facts
    from graph.rdf import (
        article_iri_for_slug,
        article_records,
        build_evidence,
        knowledge_of,
    )

    start = time.perf_counter()

    def result(
        serialized: SerializedGraph | None,
        counts: dict[str, int],
        error: str | None = None,
        *,
        evidence: str = "",
        stored: GraphText | None = None,
        supports: tuple[str, ...] = (),
    ) -> ArticleResult:
        return ArticleResult(
            document.slug,
            document.source_name,
            document.title.text,
            document.content_sha256,
            document.encoding,
            serialized,
            counts,
            evidence=evidence,
            stored=stored,
            supports=supports,
            error=error,
            seconds=time.perf_counter() - start,
        )

    if isinstance(doc, Exception):
        return result(None, {}, f"cannot be parsed ({type(doc).__name__}: {doc})")
    try:
        with time_limit(timeout):
            quote_spans = find_quote_spans(document)
            quote_count = len(quote_spans)
            facts = extract_facts(document, doc, quote_spans=quote_spans)
            evidence_rows = set(build_evidence(facts))
            records = article_records(facts)
            # the files hold the evidence and what this article alone knows; the store keeps
            # the evidence, and derives knowledge from every article's records
            file_lines = sorted(evidence_rows | knowledge_of(records))
            file_ntriples = "".join(file_lines)
            triples = parse_ntriples(file_ntriples)
            serialized = serialize_parsed(file_ntriples, triples)
            evidence_lines, evidence_triples = [], []
            for line, triple in zip(file_lines, triples, strict=True):
                if line in evidence_rows:
                    evidence_lines.append(line)
                    evidence_triples.append(triple)
            evidence_ntriples, stored = stored_text(
                str(article_iri_for_slug(document.slug)),
                "".join(evidence_lines),
                evidence_triples,
                TURTLE_PREFIXES,
            )
    except ArticleTimeout as error:
        return result(None, {}, str(error))
    except Exception as error:  # a bug on one article must not end a corpus build
        return result(None, {}, f"internal error ({type(error).__name__}: {error})")
    counts = count_facts(facts)
    counts["triples"] = serialized.ntriples.count("\n")
    # quotation-mark spans in the text, attributed or not: the denominator of quote coverage
    counts["quote_spans"] = quote_count
    return result(
        serialized,
        counts,
        evidence=evidence_ntriples,
        stored=stored,
        supports=tuple(sorted(records.subjects())),
    )
