"""People, organizations, countries and places: spaCy's entities repaired and merged per document.

The stages, each in its own module: candidates (find), bodies (gazetteer and government bodies),
clusters and kinds (merge names, decide kinds), organizations (one key per organization, with
orgnames and context), references (later mentions); here, the order and the index.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.extract.bodies import (
    gazetteer_candidate,
    government_bodies,
    offices,
    outside_government_bodies,
)
from graph.extract.candidates import (
    Candidate,
    after_title,
    clean_text,
    extend_name,
    names_after_titles,
    repair,
    resolve_overlaps,
    speaking_names,
    without_nested,
)
from graph.extract.clusters import cluster_names
from graph.extract.context import article_context
from graph.extract.kinds import LABEL_KIND
from graph.extract.lexicon import load_lexicon
from graph.extract.organizations import resolve_organizations
from graph.extract.references import descriptions, head_words, repeated_names
from graph.extract.spans import char_span, doc_entities, gazetteer_matches, title_matches
from graph.model import Entity, EntityKind, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """The entities of one document, with the token → entity map other extractors use."""

    entities: tuple[Entity, ...]
    by_key: dict[str, Entity] = field(repr=False)
    token_keys: dict[int, str] = field(repr=False)

    def key_at(self, token_index: int) -> str | None:
        return self.token_keys.get(token_index)

    def kind_of(self, key: str) -> EntityKind:
        return self.by_key[key].kind


def extract_entities(doc: Doc, *, dateline: str | None = None) -> EntityIndex:
    """Find and merge the entity mentions of one parsed document; `dateline` is the place of
    its wire dateline ("BEIJING"), which helps say whose "Foreign Ministry" it names."""
    lexicon = load_lexicon()
    titles = title_matches(doc)
    title_tokens = {i for title in titles for i in range(title.start, title.end)}
    gazetteer = gazetteer_matches(doc)
    gazetteer_tokens = {i for match in gazetteer for i in range(match.start, match.end)}
    candidates = [
        piece
        for ent in doc_entities(doc)
        if ent.label_ in LABEL_KIND
        for piece in repair(doc, ent.start, ent.end, ent.label_, title_tokens, gazetteer_tokens)
    ]
    candidates, gazetteer = resolve_overlaps(doc, candidates, gazetteer, title_tokens)
    for candidate in candidates:
        if candidate.label == "PERSON":
            extend_name(doc, candidate, gazetteer_tokens)
    candidates = without_nested(candidates)
    candidates += names_after_titles(doc, titles, candidates, gazetteer_tokens)
    candidates += speaking_names(doc, lexicon, candidates, gazetteer_tokens | title_tokens)
    for candidate in candidates:
        if candidate.label != "PERSON" and after_title(doc, candidate, title_tokens):
            candidate.label = "PERSON"
    resolved = [gazetteer_candidate(doc, match) for match in gazetteer]
    resolved += offices(doc, gazetteer, titles, candidates)
    resolved += government_bodies(doc, gazetteer, resolved)
    group_names = {ent.text for ent in doc_entities(doc) if ent.label_ == "NORP"}
    candidates = [
        c
        for c in candidates
        if c.label == "PERSON" or clean_text(doc, c.start, c.end) not in group_names
    ]
    resolved += cluster_names(doc, candidates, gazetteer_tokens, title_tokens)
    resolved = resolve_organizations(doc, resolved, article_context(doc, dateline))
    resolved = head_words(doc, resolved)
    resolved += descriptions(doc, lexicon, resolved, title_tokens)
    resolved = outside_government_bodies(resolved)
    resolved += repeated_names(doc, resolved)
    return _build_index(doc, resolved)


def _build_index(doc: Doc, resolved: list[Candidate]) -> EntityIndex:
    mentions: dict[str, list[Mention]] = defaultdict(list)
    first: dict[str, Candidate] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    token_keys: dict[int, str] = {}
    # Longer mentions first, so that the inner mention ("Russia" in "Russia's foreign
    # ministry") owns its own tokens and the outer one keeps its head.
    for candidate in sorted(resolved, key=lambda c: (c.start - c.end, c.start)):
        assert candidate.key is not None and candidate.kind is not None
        span = char_span(doc, candidate.start, candidate.end)
        mentions[candidate.key].append(Mention(span.start, span.end, span.text, candidate.key))
        first.setdefault(candidate.key, candidate)
        if candidate.label != "DESC":
            names[candidate.key][re.sub(r"\s+", " ", span.text)] += 1
        for i in range(candidate.start, candidate.end):
            if i not in token_keys or candidate.kind is not EntityKind.GOVERNMENT_BODY:
                token_keys[i] = candidate.key
        if candidate.kind is EntityKind.GOVERNMENT_BODY:
            token_keys[candidate.end - 1] = candidate.key
    lexicon = load_lexicon()
    entities = []
    for key, candidate in first.items():
        assert candidate.kind is not None and candidate.name is not None
        name = candidate.name
        aliases = set(names[key]) | set(candidate.aliases)
        if candidate.entry:
            aliases |= {*candidate.entry.aliases, *candidate.entry.context_aliases}
        first_word, _, rest = name.partition(" ")
        form = lexicon.surface_forms.get(first_word)
        if candidate.kind is EntityKind.ORGANIZATION and rest and form and form[1] == "demonym":
            # "British Foreign Office" is also just "Foreign Office".
            aliases.add(rest)
        aliases.discard(name)
        entities.append(
            Entity(
                key=key,
                kind=candidate.kind,
                name=name,
                aliases=tuple(sorted(aliases)),
                qid=candidate.entry.qid or None if candidate.entry else None,
                mentions=tuple(sorted(set(mentions[key]), key=lambda m: (m.start, m.end))),
            )
        )
    entities.sort(key=lambda entity: entity.mentions[0].start)
    return EntityIndex(tuple(entities), {e.key: e for e in entities}, token_keys)
