"""Organization names taken apart for comparing: legal form, a leading country or region, word
order ("Department of Justice" = "Justice Department"), and whether the words are a generic body.

Plain string functions over the lexicon; `organizations.py` uses them to decide identities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.extract.lexicon import GazetteerEntry, Place, load_lexicon

_MAX_QUALIFIER_WORDS = 4
# Names recur within an article and across articles; taking one apart is a dozen regexes.
_NAMES_REMEMBERED = 4096
_POSSESSIVE = re.compile(r"['’]s?$")
# "Department of Justice", "Committee on Ways and Means": the head goes last when comparing.
_HEAD_OF = re.compile(r"^(?P<head>\w+) (?:of|on|for) (?:the )?(?P<field>.+)$")


@dataclass(frozen=True, slots=True)
class OrgName:
    """An organization's name as an article wrote it, taken apart.

    `shown` is the name without "the", legal form or leading country ("Justice Department");
    `compare` its lower-case comparison form ("justice department"); `country` the country a
    leading qualifier names ("U.S.", "China's"); `region` a leading state or province, which
    stays part of the name ("Alabama Senate"); `generic` is "body" or "class" when the words
    name a different body in each country ("Senate", "Foreign Ministry", "district court")."""

    shown: str
    compare: str
    country: GazetteerEntry | None
    region: Place | None
    generic: str | None


@lru_cache(maxsize=_NAMES_REMEMBERED)
def org_name(text: str) -> OrgName | None:
    """`text` taken apart; None when nothing but a legal form or an article is left."""
    words = _without_legal_form(_words(text))
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or (len(words) == 1 and words[0].lower() in load_lexicon().words.legal_suffixes):
        return None
    country, rest = _leading_country(words)
    region = None
    if country is not None and rest and _is_state_body(rest):
        words = rest
    else:
        country = None
        region = _leading_region(words)
    shown = " ".join(words)
    compare = comparison_form(shown)
    if not compare:
        return None
    generic = None if region is not None else generic_kind(compare)
    return OrgName(shown, compare, country, region, generic)


@lru_cache(maxsize=_NAMES_REMEMBERED)
def comparison_form(text: str) -> str:
    """Lower case, one spelling, no "the" or legal form, head noun last: the form two names of
    one organization share ("U.S. Department of Justice" → "u.s. justice department")."""
    words = _without_legal_form(_words(text))
    if words and words[0].lower() == "the":
        words = words[1:]
    lowered = " ".join(words).lower().replace("’", "'")
    for variant, canonical in _spellings():
        lowered = variant.sub(canonical, lowered)
    lowered = " ".join(lowered.split())
    head_of = _HEAD_OF.match(lowered)
    if head_of and head_of.group("head") in load_lexicon().bodies.heads | {"office"}:
        lowered = f"{head_of.group('field')} {head_of.group('head')}"
    # "House of Representatives Intelligence Committee" is the "House Intelligence Committee".
    return re.sub(r"\bhouse of representatives (?=\S)", "house ", lowered)


def generic_kind(compare: str) -> str | None:
    """ "body" (one per country: "senate", "justice department", "senate judiciary committee"),
    "class" (several per country: "district court", "embassy"), else None."""
    bodies = load_lexicon().bodies
    if compare in bodies.classes:
        return "class"
    if compare in bodies.bodies or compare in bodies.legislatures:
        return "body"
    words = compare.split()
    start = _longest_phrase(words, 0, bodies.legislatures)
    fields = 0
    index = start
    while index < len(words) - 1:
        end = _longest_phrase(words, index, bodies.portfolios)
        if end == index and words[index] == "and" and fields:
            end = index + 1
        elif end == index:
            break
        else:
            fields += 1
        index = end
    if fields and index == len(words) - 1 and words[index] in bodies.heads:
        return "body"
    return None


@lru_cache(maxsize=_NAMES_REMEMBERED)
def initials(text: str) -> str:
    """The letters an acronym of `text` would have ("Consumer Financial Protection Bureau" →
    "CFPB"), skipping function words."""
    skip = {"of", "for", "the", "and", "on", "in", "de", "&"}
    return "".join(
        word[0] for word in re.split(r"[\s-]+", text) if word and word.lower() not in skip
    ).upper()


def _words(text: str) -> list[str]:
    return text.replace(",", " , ").split()


def _without_legal_form(words: list[str]) -> list[str]:
    """ "Merck & Co Inc" → "Merck", "Lilly USA, LLC" → "Lilly USA"."""
    legal = load_lexicon().words.legal_suffixes
    words = list(words)
    while len(words) > 1 and (words[-1].lower() in legal or words[-1] in {",", "&"}):
        words.pop()
    return [word for word in words if word != ","]


def _leading_country(words: list[str]) -> tuple[GazetteerEntry | None, list[str]]:
    """ "U.S. Justice Department" → (United States, ["Justice", "Department"])."""
    surface_forms = load_lexicon().surface_forms
    for size in range(min(_MAX_QUALIFIER_WORDS, len(words) - 1), 0, -1):
        phrase = " ".join(words[:size])
        possessive = bool(_POSSESSIVE.search(phrase))
        key = _POSSESSIVE.sub("", phrase) if possessive else phrase
        found = surface_forms.get(key) or surface_forms.get(key.replace("’", "'"))
        if found is None:
            continue
        entry, form = found
        if entry.is_country and (form != "capital" or possessive):
            return entry, words[size:]
    return None, words


def _leading_region(words: list[str]) -> Place | None:
    places = load_lexicon().places
    for size in range(min(_MAX_QUALIFIER_WORDS, len(words) - 1), 0, -1):
        place = places.get(_POSSESSIVE.sub("", " ".join(words[:size])))
        if place is not None and place.is_region:
            return place
    return None


def _is_state_body(words: list[str]) -> bool:
    """A country before these words says whose body it is ("U.S. Army"), not part of a name
    ("U.S. Chamber of Commerce", "American Airlines")."""
    compare = comparison_form(" ".join(words))
    heads = load_lexicon().words.state_body_heads
    return bool(compare) and (generic_kind(compare) is not None or compare.split()[-1] in heads)


def _longest_phrase(words: list[str], start: int, phrases: frozenset[str]) -> int:
    for end in range(len(words), start, -1):
        if " ".join(words[start:end]) in phrases:
            return end
    return start


@lru_cache(maxsize=1)
def _spellings() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(rf"(?<![\w.]){re.escape(variant)}(?![\w])"), canonical)
        for variant, canonical in load_lexicon().spellings.items()
    )
