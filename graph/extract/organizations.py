"""One organization, one key: the curated table first, then the name normalised; a generic body
("the Senate") is the body of the country the article makes clear, else an article-local node.

Keys: a Wikidata QID (table), "organization/<slug>" (a name that identifies the body anywhere),
or "local/<slug>" (a body only this article can identify; `rdf.py` makes its IRI relative).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.extract.candidates import Candidate, clean_text
from graph.extract.context import ArticleContext
from graph.extract.lexicon import GazetteerEntry, load_lexicon
from graph.extract.orgnames import OrgName, comparison_form, generic_kind, org_name
from graph.extract.spans import gazetteer_matches
from graph.model import LOCAL_KEY_PREFIX, EntityKind
from graph.slugs import slug

if TYPE_CHECKING:
    from spacy.tokens import Doc

# "the state Senate", "a provincial parliament": a body below the country, not the country's.
_SUBNATIONAL = {"state", "provincial", "regional", "county", "city", "municipal", "local"}
_LOWER_WORDS = {"and", "of", "on", "for", "the", "in"}


@dataclass(frozen=True, slots=True)
class Identity:
    key: str
    name: str
    kind: EntityKind
    entry: GazetteerEntry | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Article:
    """What resolving one article's organizations needs to know of the whole article."""

    doc: Doc
    context: ArticleContext
    # generic bodies it also names below the country ("Alabama Senate" → "senate")
    regional: set[str]
    # every organization name it uses, by comparison form
    names: dict[str, tuple[str, Candidate]]


@dataclass(frozen=True, slots=True)
class OrganizationTable:
    """organizations.tsv indexed by comparison form: names that identify a body anywhere, and
    names that do so only with its country ("Senate" + United States)."""

    anywhere: dict[str, GazetteerEntry]
    with_country: dict[tuple[str, str], GazetteerEntry]
    countries_of: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def organization_table() -> OrganizationTable:
    anywhere: dict[str, GazetteerEntry] = {}
    with_country: dict[tuple[str, str], GazetteerEntry] = {}
    countries_of: dict[str, set[str]] = defaultdict(set)
    for entry in load_lexicon().entries:
        if entry.is_country:
            continue
        for alias in (entry.name, *entry.aliases):
            if alias not in entry.context_aliases:
                anywhere.setdefault(comparison_form(alias), entry)
        if not entry.country:
            continue
        for alias in (entry.name, *entry.aliases, *entry.context_aliases):
            name = org_name(alias)
            if name is None or (name.country is not None and name.country.qid != entry.country):
                continue
            with_country.setdefault((name.compare, entry.country), entry)
            countries_of[name.compare].add(entry.country)
    return OrganizationTable(
        anywhere, with_country, {name: frozenset(qids) for name, qids in countries_of.items()}
    )


def resolve_organizations(
    doc: Doc, resolved: list[Candidate], context: ArticleContext
) -> list[Candidate]:
    """Give every organization candidate outside the gazetteer its identity; drop those that
    are nothing but a legal form ("LLC")."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in resolved:
        if _to_resolve(candidate):
            assert candidate.key is not None
            groups[candidate.key].append(candidate)
    names: dict[str, tuple[str, Candidate]] = {}
    for group in groups.values():
        for candidate in group:
            text = clean_text(doc, candidate.start, candidate.end)
            name = org_name(text)
            if name is not None:
                names.setdefault(name.compare, (text, candidate))
    article = _Article(doc, context, _regionally_qualified(doc, groups), names)
    dropped: set[int] = set()
    for group in groups.values():
        identity = _group_identity(article, group)
        for candidate in group:
            if identity is None:
                dropped.add(id(candidate))
                continue
            candidate.key, candidate.name = identity.key, identity.name
            candidate.kind, candidate.entry = identity.kind, identity.entry
            candidate.aliases = identity.aliases
    return [candidate for candidate in resolved if id(candidate) not in dropped]


def _to_resolve(candidate: Candidate) -> bool:
    return (
        candidate.kind in {EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY}
        and candidate.entry is None
        and candidate.label not in {"OFFICE", "DESC", "REPEAT"}
        and candidate.key is not None
    )


def _regionally_qualified(doc: Doc, groups: dict[str, list[Candidate]]) -> set[str]:
    """Generic bodies this article also names below the country: "Alabama Senate" makes a
    bare "Senate" of the same article unclear."""
    qualified = set()
    for group in groups.values():
        for candidate in group:
            name = org_name(clean_text(doc, candidate.start, candidate.end))
            if name is None:
                continue
            if name.region is not None:
                rest = org_name(name.shown.split(" ", len(name.region.name.split()))[-1])
                if rest is not None and rest.generic:
                    qualified.add(rest.compare)
            elif name.generic and _after_subnational_word(doc, candidate):
                qualified.add(name.compare)
    return qualified


def _after_subnational_word(doc: Doc, candidate: Candidate) -> bool:
    return candidate.start > 0 and doc[candidate.start - 1].lower_ in _SUBNATIONAL


def _group_identity(article: _Article, group: list[Candidate]) -> Identity | None:
    """The identity of a group of mentions the article already merged (a name and its
    acronym): the one the table knows, else that of the longest name."""
    texts = sorted(
        {clean_text(article.doc, c.start, c.end): c for c in group}.items(),
        key=lambda item: -len(item[0]),
    )
    identities = [_identity(article, text, candidate) for text, candidate in texts]
    known = [identity for identity in identities if identity and identity.entry]
    if known:
        return known[0]
    return next((identity for identity in identities if identity is not None), None)


def _identity(article: _Article, text: str, candidate: Candidate) -> Identity | None:
    doc, context, regional = article.doc, article.context, article.regional
    table = organization_table()
    name = org_name(text)
    if name is None:
        return None
    kind = candidate.kind or EntityKind.ORGANIZATION
    entry = table.anywhere.get(comparison_form(text))
    if entry is not None:
        return _table_identity(entry)
    country = name.country or _country_before(doc, candidate)
    if country is not None:
        entry = table.with_country.get((name.compare, country.qid))
        if entry is not None:
            return _table_identity(entry, name)
    elif name.generic is None:
        entry = table.anywhere.get(name.compare)
        if entry is not None:
            return _table_identity(entry)
    if name.generic is None:
        return Identity(f"organization/{slug(name.compare)}", _without_article(text), kind, None)
    local = Identity(
        f"{LOCAL_KEY_PREFIX}{slug(name.compare)}",
        _without_article(text),
        EntityKind.GOVERNMENT_BODY,
        None,
    )
    if name.generic == "class" or (
        country is None and (name.compare in regional or _after_subnational_word(doc, candidate))
    ):
        return local
    if _chamber_unsaid(name.compare):
        # "the Judiciary Committee": the one the article names with its chamber, else unclear.
        fuller = [
            other
            for other in article.names
            if other.endswith(f" {name.compare}") and not _chamber_unsaid(other)
        ]
        if len(fuller) != 1:
            return local
        other_text, other_candidate = article.names[fuller[0]]
        return _identity(article, other_text, other_candidate)
    if country is None:
        entry, country = _from_context(name, context)
        if entry is not None:
            return _table_identity(entry, name)
    if country is None:
        return local
    qualified = f"{_title(name.compare)} ({country.name})"
    return Identity(
        f"organization/{slug(qualified)}",
        qualified,
        EntityKind.GOVERNMENT_BODY,
        None,
        _generic_aliases(name, country),
    )


def _chamber_unsaid(compare: str) -> bool:
    """A generic committee name without the legislature it belongs to."""
    bodies = load_lexicon().bodies
    words = compare.split()
    return (
        words[-1] in {"committee", "subcommittee"}
        and not any(" ".join(words[:size]) in bodies.legislatures for size in range(1, 4))
        and generic_kind(compare) is not None
    )


def _from_context(
    name: OrgName, context: ArticleContext
) -> tuple[GazetteerEntry | None, GazetteerEntry | None]:
    """The body a generic name has in this article: the article's country's, else that of the
    one country the article names that the table has such a body for."""
    table = organization_table()
    lexicon = load_lexicon()
    if context.country is not None:
        entry = table.with_country.get((name.compare, context.country.qid))
        if entry is not None:
            return entry, context.country
    named = sorted(table.countries_of.get(name.compare, frozenset()) & context.mentioned)
    if len(named) == 1:
        return table.with_country[(name.compare, named[0])], lexicon.countries[named[0]]
    if named:
        return None, None
    return None, context.country


def _country_before(doc: Doc, candidate: Candidate) -> GazetteerEntry | None:
    """ "U.S." right before spaCy's "Senate": the country whose body it is."""
    for match in gazetteer_matches(doc):
        if match.end == candidate.start and match.entry.is_country and match.form != "capital":
            return match.entry
    return None


def _table_identity(entry: GazetteerEntry, name: OrgName | None = None) -> Identity:
    """The table's body; reached by a generic name, it also has that name's usual forms."""
    kind = (
        EntityKind.GOVERNMENT_BODY if entry.kind == "government_body" else EntityKind.ORGANIZATION
    )
    country = load_lexicon().countries.get(entry.country)
    aliases = _generic_aliases(name, country) if name and name.generic and country else ()
    return Identity(entry.key, entry.name, kind, entry, aliases)


def _generic_aliases(name: OrgName, country: GazetteerEntry) -> tuple[str, ...]:
    """ "Foreign Ministry", "Russian foreign ministry": how articles name a country's body."""
    return (_title(name.compare), f"{country.adjective} {name.compare}")


def _title(words: str) -> str:
    return " ".join(
        word if word in _LOWER_WORDS else word[:1].upper() + word[1:] for word in words.split()
    )


def _without_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
