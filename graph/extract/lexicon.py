"""The data the extractors read: country/organization gazetteer, role titles, speech verbs,
cues of attribution, the words that decide what a name is, generic state bodies, places that
locate a dateline.

Loaded once from `graph/data/`; adding a country, a title or a verb is a data change.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.model import AttributionKind, SourceKind
from graph.slugs import slug

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A country or a well-known organization, with every surface form that names it."""

    qid: str  # "" when unconfirmed (organizations only)
    kind: str  # "country" or the organization kind from organizations.tsv
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    iso2: str = ""
    # Names of the body only where the article makes `country` clear: "Senate", "Foreign Ministry".
    context_aliases: tuple[str, ...] = ()
    country: str = ""  # QID of the country whose body this is; "" for international ones

    @property
    def key(self) -> str:
        """The entity key: the QID, or for a curated body whose QID no public source confirmed,
        one made from its name."""
        return self.qid or f"organization/{slug(self.name)}"

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
    legal_suffixes: frozenset[str]
    state_body_heads: frozenset[str]
    org_nouns: frozenset[str]
    person_nouns: frozenset[str]
    publication_nouns: frozenset[str]
    person_affiliations: frozenset[str]


@dataclass(frozen=True, slots=True)
class GenericBodies:
    """The phrases of `bodies.tsv`, one field per kind (lower case)."""

    bodies: frozenset[str]
    classes: frozenset[str]
    legislatures: frozenset[str]
    portfolios: frozenset[str]
    heads: frozenset[str]


@dataclass(frozen=True, slots=True)
class Place:
    """A state, province or city of `places.tsv`, and the country it is in."""

    name: str
    country: GazetteerEntry
    kind: str  # "city", or a kind of region: "state", "province", "nation"

    @property
    def is_region(self) -> bool:
        return self.kind != "city"


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
    words: EntityWords
    bodies: GenericBodies
    # surface form ("Calif.", "Salt Lake City") → the place
    places: dict[str, Place] = field(repr=False)
    # variant → canonical spelling, for comparing names ("defence" → "defense")
    spellings: dict[str, str] = field(repr=False)
    countries: dict[str, GazetteerEntry] = field(repr=False)  # QID → country
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
                context_aliases=_split(row["context_aliases"]),
                country=row["country"],
            )
        )
    surface_forms: dict[str, tuple[GazetteerEntry, str]] = {}
    descriptions: dict[str, list[GazetteerEntry]] = {}
    for entry in entries:
        forms = [(entry.name, "name")] + [(alias, "alias") for alias in entry.aliases]
        forms += [(demonym, "demonym") for demonym in entry.demonyms]
        forms += [(capital, "capital") for capital in entry.capitals]
        for form, form_kind in forms:
            if form in entry.context_aliases:
                # "Justice Department" names it only where the article's country is clear.
                continue
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
    countries = {entry.qid: entry for entry in entries if entry.is_country}
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
        words=_entity_words(),
        bodies=_generic_bodies(),
        places=_places(countries),
        spellings=dict(line.split("\t") for line in _read_lines("spelling.tsv")),
        countries=countries,
        cues=cues,
        light_verbs=frozenset(light_verbs),
        source_nouns={
            row["lemma"]: SourceKind(row["kind"]) for row in _read_tsv("source_nouns.tsv")
        },
    )


def _word_lists(file_name: str, fields: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """ "<words>\t<list>" lines as one set per list, keyed by the plural field name."""
    lists: dict[str, set[str]] = {name: set() for name in fields}
    for line in _read_lines(file_name):
        words, name = line.split("\t")
        lists[_plural(name)].add(words)
    return {name: frozenset(words) for name, words in lists.items()}


def _plural(name: str) -> str:
    if name.endswith("y"):
        return f"{name[:-1]}ies"
    return f"{name}es" if name.endswith(("s", "x")) else f"{name}s"


def _entity_words() -> EntityWords:
    return EntityWords(**_word_lists("entity_words.tsv", EntityWords.__slots__))


def _generic_bodies() -> GenericBodies:
    return GenericBodies(**_word_lists("bodies.tsv", GenericBodies.__slots__))


def _places(countries: dict[str, GazetteerEntry]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for row in _read_tsv("places.tsv"):
        place = Place(row["name"], countries[row["country"]], row["kind"])
        for form in (row["name"], *_split(row["aliases"])):
            places.setdefault(form, place)
    return places
