"""Which country an article makes clear: its dateline's, agreeing with the country it is about.

A generic body ("the Senate", "the Foreign Ministry") is that country's when nothing nearer says.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.extract.lexicon import GazetteerEntry, load_lexicon
from graph.extract.spans import gazetteer_matches

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """`country`: the dateline's country, unless the article is mostly about another one, or
    the country mentioned most when there is no dateline; None when unclear. `mentioned`: the
    QIDs of every country the article names."""

    country: GazetteerEntry | None
    mentioned: frozenset[str]


def article_context(doc: Doc, dateline: str | None) -> ArticleContext:
    counts: Counter[str] = Counter(
        match.entry.qid for match in gazetteer_matches(doc) if match.entry.is_country
    )
    where = dateline_country(dateline) if dateline else None
    about = _most_mentioned(counts)
    if where is None:
        country = about
    elif about is None or about.qid == where.qid:
        country = where
    else:
        country = None
    return ArticleContext(country, frozenset(counts))


def dateline_country(dateline: str) -> GazetteerEntry | None:
    """ "BEIJING", "SACRAMENTO, Calif.", "WASHINGTON/NEW YORK", "DANANG, Vietnam": the one
    country every place of the dateline is in, or None."""
    lexicon = load_lexicon()
    countries = set()
    for place in dateline.split("/"):
        parts = [part.strip() for part in place.split(",") if part.strip()]
        found = None
        # The region or country after the comma says more than a city name that may be shared.
        for part in reversed(parts):
            found = _place_country(part) or _place_country(part.title())
            if found is not None:
                break
        if found is None:
            return None
        countries.add(found.qid)
    return lexicon.countries[countries.pop()] if len(countries) == 1 else None


def _place_country(name: str) -> GazetteerEntry | None:
    lexicon = load_lexicon()
    surface = lexicon.surface_forms.get(name)
    if surface is not None and surface[0].is_country and surface[1] != "demonym":
        return surface[0]
    place = lexicon.places.get(name)
    return place.country if place is not None else None


def _most_mentioned(counts: Counter[str]) -> GazetteerEntry | None:
    """The country named most, at least twice and more often than any other."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return load_lexicon().countries[ranked[0][0]]
