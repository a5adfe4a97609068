"""The data the extractors read: country/organization gazetteer, role titles, speech verbs,
the words that decide what a name is.

Loaded once from `graph/data/`; adding a country, a title or a verb is a data change.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A country or a well-known organization, with every surface form that names it."""

    qid: str
    kind: str  # "country" or the organization kind from organizations.tsv
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    iso2: str = ""

    @property
    def is_country(self) -> bool:
        return self.kind == "country"

    @property
    def adjective(self) -> str:
        """The demonym used as an adjective ("Russian"), else the name."""
        return self.demonyms[0] if self.demonyms else self.name


@dataclass(frozen=True, slots=True)
class EntityWords:
    """The word lists of `entity_words.tsv` (lower case), one field per list."""

    honorifics: frozenset[str]
    name_particles: frozenset[str]
    not_org_heads: frozenset[str]
    org_heads: frozenset[str]
    locative_prepositions: frozenset[str]
    facility_nouns: frozenset[str]
    government_heads: frozenset[str]
    government_modifiers: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: tuple[GazetteerEntry, ...]
    # surface form → (entry, form kind): form kind is name, alias, demonym or capital
    surface_forms: dict[str, tuple[GazetteerEntry, str]] = field(repr=False)
    # "alliance" → organizations a definite description "the alliance" may refer back to
    descriptions: dict[str, tuple[GazetteerEntry, ...]] = field(repr=False)
    title_heads: frozenset[str]
    title_modifiers: frozenset[str]
    title_phrases: tuple[str, ...]
    speech_verbs: frozenset[str]
    words: EntityWords


def _split(field_value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field_value.split("|") if part.strip())


def _read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _read_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    entries: list[GazetteerEntry] = []
    for row in _read_tsv("countries.tsv"):
        entries.append(
            GazetteerEntry(
                qid=row["qid"],
                kind="country",
                name=row["name"],
                aliases=_split(row["aliases"]),
                demonyms=_split(row["demonyms"]),
                capitals=_split(row["capitals"]),
                iso2=row["iso2"],
            )
        )
    for row in _read_tsv("organizations.tsv"):
        entries.append(
            GazetteerEntry(
                qid=row["qid"],
                kind=row["kind"],
                name=row["name"],
                aliases=_split(row["aliases"]),
                descriptions=tuple(d.lower() for d in _split(row["descriptions"])),
            )
        )
    surface_forms: dict[str, tuple[GazetteerEntry, str]] = {}
    descriptions: dict[str, list[GazetteerEntry]] = {}
    for entry in entries:
        forms = [(entry.name, "name")] + [(alias, "alias") for alias in entry.aliases]
        forms += [(demonym, "demonym") for demonym in entry.demonyms]
        forms += [(capital, "capital") for capital in entry.capitals]
        for form, form_kind in forms:
            # The first entry to claim a surface form keeps it: countries before organizations.
            surface_forms.setdefault(form, (entry, form_kind))
        for description in entry.descriptions:
            descriptions.setdefault(description, []).append(entry)
    heads, modifiers, phrases = set(), set(), []
    for line in _read_lines("titles.tsv"):
        words, kind = line.split("\t")
        if kind == "head":
            heads.add(words)
        elif kind == "modifier":
            modifiers.add(words)
        else:
            phrases.append(words)
    return Lexicon(
        entries=tuple(entries),
        surface_forms=surface_forms,
        descriptions={noun: tuple(orgs) for noun, orgs in descriptions.items()},
        title_heads=frozenset(heads),
        title_modifiers=frozenset(modifiers),
        title_phrases=tuple(phrases),
        speech_verbs=frozenset(_read_lines("speech_verbs.txt")),
        words=_entity_words(),
    )


def _entity_words() -> EntityWords:
    lists: dict[str, set[str]] = {name: set() for name in EntityWords.__slots__}
    for line in _read_lines("entity_words.tsv"):
        word, name = line.split("\t")
        lists[f"{name}s"].add(word)
    return EntityWords(**{name: frozenset(words) for name, words in lists.items()})
