"""Shared fixtures: the real spaCy model loaded once, and facts of the real test articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import ArticleFacts, Entity, Statement
from graph.read import BUNDLED_ARTICLE, parse_article, read_article

DATA = Path(__file__).parent / "data"


def facts_of(text: str) -> ArticleFacts:
    from graph.pipeline import build_facts

    return build_facts(parse_article(text, source_name="test"))


def entity_named(facts: ArticleFacts, name: str) -> Entity:
    matches = [e for e in facts.entities if e.name == name]
    assert matches, f"no entity named {name!r} in {[e.name for e in facts.entities]}"
    return matches[0]


def key_of(facts: ArticleFacts, name: str) -> str:
    return entity_named(facts, name).key


def statements_by(facts: ArticleFacts, name: str) -> list[Statement]:
    key = key_of(facts, name)
    return [s for s in facts.statements if s.speaker_key == key]


def speaker_of(facts: ArticleFacts, words: str) -> str | None:
    """Name of the speaker of the first statement whose text contains `words`."""
    names = {e.key: e.name for e in facts.entities}
    for statement in facts.statements:
        if words in statement.content.text:
            return names[statement.speaker_key]
    return None


@pytest.fixture(scope="session")
def bundled() -> ArticleFacts:
    from graph.pipeline import build_facts

    return build_facts(read_article(str(BUNDLED_ARTICLE)))


@pytest.fixture(scope="session")
def settlements() -> ArticleFacts:
    from graph.pipeline import build_facts

    return build_facts(read_article(str(DATA / "settlements_reaction.txt")))


@pytest.fixture(scope="session")
def summit() -> ArticleFacts:
    from graph.pipeline import build_facts

    return build_facts(read_article(str(DATA / "asean_summit.txt")))


SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The project's shared data beside the repository (../shared), as in CI."""
REUTERS_CORPUS = SHARED / "corpus" / "reuters.jsonl"


@pytest.fixture(scope="session")
def reuters_300(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of a build of the first 300 Reuters articles of ../shared, with the
    bundled article twice (a story two outlets run): its memberships and borders, which the
    Reuters articles do not state, are then asserted by two articles."""
    import subprocess
    import sys

    if not REUTERS_CORPUS.exists():
        pytest.skip(f"no Reuters corpus at {REUTERS_CORPUS} (../shared beside the repository)")
    directory = tmp_path_factory.mktemp("reuters-300")
    with REUTERS_CORPUS.open(encoding="utf-8") as corpus:
        lines = [line for _, line in zip(range(300), corpus, strict=False)]
    feed = directory / "reuters-300.jsonl"
    feed.write_text("".join(lines), encoding="utf-8")
    twice = [directory / "nato.txt", directory / "nato-reprint.txt"]
    for copy in twice:
        copy.write_text(BUNDLED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = directory / "out"
    command = [sys.executable, "-m", "graph", "build", "-q", str(feed), *map(str, twice)]
    command += ["-o", str(out), "-j", "2"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out
