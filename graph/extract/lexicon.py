"""The data the extractors read: gazetteer, role titles, speech verbs, cues of attribution.

Loaded once from `graph/data/`; adding a country, a title or a verb is a data change.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.model import AttributionKind, SourceKind

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
class Cue:
    """A word that attributes content to a source, and where its content is (its frames)."""

    lemma: str
    pos: str  # "verb", "noun" or "adj"
    kind: AttributionKind
    frames: frozenset[str]  # "clause", "infinitive", "object", "naming", or a preposition


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
    # (lemma, "verb" | "noun" | "adj") → cue
    cues: dict[tuple[str, str], Cue] = field(repr=False)
    # verbs whose subject is the source of a cue noun in their object: "made the claim that"
    light_verbs: frozenset[str]
    # head noun of an unnamed source → its kind, when it is not a person
    source_nouns: dict[str, SourceKind] = field(repr=False)


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
    cues: dict[tuple[str, str], Cue] = {}
    light_verbs = set()
    for row in _read_tsv("attribution_cues.tsv"):
        if row["kind"] == "light":
            light_verbs.add(row["lemma"])
            continue
        frames = frozenset(_split(row["frames"]))
        cues[(row["lemma"], row["pos"])] = Cue(
            row["lemma"], row["pos"], AttributionKind(row["kind"]), frames
        )
    return Lexicon(
        entries=tuple(entries),
        surface_forms=surface_forms,
        descriptions={noun: tuple(orgs) for noun, orgs in descriptions.items()},
        title_heads=frozenset(heads),
        title_modifiers=frozenset(modifiers),
        title_phrases=tuple(phrases),
        speech_verbs=frozenset(_read_lines("speech_verbs.txt")),
        cues=cues,
        light_verbs=frozenset(light_verbs),
        source_nouns={
            row["lemma"]: SourceKind(row["kind"]) for row in _read_tsv("source_nouns.tsv")
        },
    )
