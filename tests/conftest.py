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


def speaker_names(facts: ArticleFacts) -> dict[str, str]:
    """Speaker key → name: an entity's name, or an unnamed source's label."""
    names = {e.key: e.name for e in facts.entities}
    names.update({s.key: s.label for s in facts.sources})
    return names


def speaker_of(facts: ArticleFacts, words: str) -> str | None:
    """Name of the speaker of the first statement whose text contains `words`."""
    names = speaker_names(facts)
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
