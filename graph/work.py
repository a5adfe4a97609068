"""The per-article work, the same in this process, a worker process or a Dask worker.

Documents in, ArticleResults out: parsed in one `nlp.pipe` batch, extracted, turned into RDF
and serialised. Results are plain picklable data; a failing article is a result with an error.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.export.files import SerializedGraph, serialize_ntriples
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


def process_documents(
    documents: Sequence[Document], *, timeout: float | None = None
) -> list[ArticleResult]:
    """Parse the batch with `nlp.pipe`, then extract and serialise each article."""
    from graph.nlp import annotate, annotate_many

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
    from graph.rdf import article_records, build_evidence, knowledge_of, ntriples_of

    start = time.perf_counter()

    def result(
        serialized: SerializedGraph | None,
        counts: dict[str, int],
        error: str | None = None,
        *,
        evidence: str = "",
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
            supports=supports,
            error=error,
            seconds=time.perf_counter() - start,
        )

    if isinstance(doc, Exception):
        return result(None, {}, f"cannot be parsed ({type(doc).__name__}: {doc})")
    try:
        with time_limit(timeout):
            facts = extract_facts(document, doc)
            evidence = build_evidence(facts)
            records = article_records(facts)
            # the files hold the evidence and what this article alone knows; the store keeps
            # the evidence, and derives knowledge from every article's records
            serialized = serialize_ntriples(ntriples_of([*evidence, *knowledge_of(records)]))
            evidence_ntriples = ntriples_of(evidence)
    except ArticleTimeout as error:
        return result(None, {}, str(error))
    except Exception as error:  # a bug on one article must not end a corpus build
        return result(None, {}, f"internal error ({type(error).__name__}: {error})")
    counts = count_facts(facts)
    counts["triples"] = serialized.ntriples.count("\n")
    # quotation-mark spans in the text, attributed or not: the denominator of quote coverage
    counts["quote_spans"] = len(find_quote_spans(document))
    return result(
        serialized, counts, evidence=evidence_ntriples, supports=tuple(sorted(records.subjects()))
    )
