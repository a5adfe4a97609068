"""Saved news pages in, story and metadata out: trafilatura's main text, headline, byline, date,
site name and canonical URL. Nothing is fetched: the page is the HTML the user saved.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import trafilatura
from trafilatura.settings import Document as Extracted

from graph.errors import InputError

# The schema.org article body is used when the markup holds less than this share of it: the
# page renders its story with a script and the markup only has a teaser or a caption.
_SCRIPTED_BODY_SHARE = 0.5
_SEPARATOR = r"(?:\s+[-–—]\s+|\s*[|:·•]\s*)"  # between a headline and a site name
_SPACES = re.compile(r"[^\S\n]+")
_MARKUP = re.compile(r"<(?:p|br|div|li|h[1-6])\b[^>]*>|</(?:p|div|li|h[1-6])>", re.IGNORECASE)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BLOCK_END = re.compile(r"<br\b[^>]*>|</(?:p|div|li|h[1-6])>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WebPage:
    """What a reader of the page sees as the article, and what the page says about it."""

    headline: str | None
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    published: str | None  # ISO date, as the page gives it
    site_name: str | None
    url: str | None  # the canonical URL


def read_web_page(page: str, *, source: str) -> WebPage:
    """The article of a saved HTML page; InputError when the page has no main text (a menu,
    an index, an error page)."""
    try:
        tree = trafilatura.load_html(page)
        if tree is None:
            raise InputError(source, "cannot be parsed as an HTML page")
        articles = _schema_articles(tree)
        scripted_body = _article_body(articles)
        extracted = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            favor_precision=True,  # leaves out credits, "Our Standards" lines, related links
            fast=True,  # no whole-page fallback: a page without an article gives no text
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except InputError:
        raise
    # lxml, trafilatura and htmldate fail on some malformed pages with assorted errors (an
    # AssertionError in lxml's drop_tree for a page whose root is <svg>): one bad page.
    except Exception as error:
        raise InputError(
            source, f"cannot be read as a web page ({type(error).__name__})"
        ) from error
    if not isinstance(extracted, Extracted):
        extracted = Extracted()
    paragraphs = _lines(extracted.text or "")
    if scripted_body and sum(map(len, paragraphs)) < _SCRIPTED_BODY_SHARE * len(scripted_body):
        paragraphs = _lines(scripted_body)
    site_name = _clean(extracted.sitename)
    headline = _headline(extracted.title or _stated(articles, "headline"), site_name)
    # Some pages repeat the headline as the first line of the story.
    while paragraphs and headline and _same(paragraphs[0], headline):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise InputError(source, "no article text in this page (is it an index or a menu page?)")
    return WebPage(
        headline=headline,
        paragraphs=tuple(paragraphs),
        authors=_authors(extracted.author, site_name),
        # htmldate may take an "Updated" time shown on the page for the publication date
        published=_published(articles, tree) or _clean(extracted.date),
        site_name=site_name,
        url=_clean(extracted.url),
    )


def _lines(text: str) -> list[str]:
    return [line for line in (_clean(raw) for raw in text.splitlines()) if line]


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return _SPACES.sub(" ", text).strip() or None


def _same(first: str, second: str) -> bool:
    return first.casefold() == second.casefold()


def _headline(title: str | None, site_name: str | None) -> str | None:
    """The title without the site name that pages put after or before it ("X | Reuters")."""
    headline = _clean(title)
    if headline is None or site_name is None:
        return headline
    site = re.escape(site_name)
    for pattern in (rf"(?P<rest>.+?){_SEPARATOR}{site}", rf"{site}{_SEPARATOR}(?P<rest>.+)"):
        match = re.fullmatch(pattern, headline, re.IGNORECASE)
        if match:
            return match.group("rest")
    return headline


def _authors(byline: str | None, site_name: str | None) -> tuple[str, ...]:
    """The people of the byline (trafilatura joins several with "; "); a byline that is the
    site's own name is no person."""
    names: list[str] = []
    for part in (byline or "").split(";"):
        name = _clean(part)
        if name and name not in names and not (site_name and _same(name, site_name)):
            names.append(name)
    return tuple(names)


def _schema_articles(tree: Any) -> list[dict[str, Any]]:
    """The schema.org Article objects of the page's JSON-LD (NewsArticle, OpinionNewsArticle,
    BlogPosting ...): what the publisher states about the story."""
    articles: list[dict[str, Any]] = []
    scripts = tree.xpath(
        '//script[contains(translate(@type, "LDJSON", "ldjson"), "application/ld+json")]'
    )
    for script in scripts:
        try:
            data = json.loads(script.text or "")
        except ValueError:  # a broken block is the page's problem, not the reader's
            continue
        for item in _json_items(data):
            kinds = item.get("@type")
            if any(
                isinstance(kind, str) and ("Article" in kind or kind == "BlogPosting")
                for kind in (kinds if isinstance(kinds, list) else [kinds])
            ):
                articles.append(item)
    return articles


def _article_body(articles: list[dict[str, Any]]) -> str | None:
    bodies = [
        _body_text(a["articleBody"]) for a in articles if isinstance(a.get("articleBody"), str)
    ]
    return max(bodies, key=len) if bodies else None


def _published(articles: list[dict[str, Any]], tree: Any) -> str | None:
    """The publication date the page states (schema.org, then Open Graph), as the date part
    in the publisher's time zone; None when the page states none."""
    stated = [article.get("datePublished") for article in articles]
    stated += tree.xpath('//meta[@property="article:published_time"]/@content')
    for value in stated:
        match = _ISO_DATE.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            continue
        try:
            return date.fromisoformat(match.group(0)).isoformat()
        except ValueError:  # "0000-00-00" and other placeholders
            continue
    return None


def _stated(articles: list[dict[str, Any]], field: str) -> str | None:
    return next((a[field] for a in articles if isinstance(a.get(field), str)), None)


def _json_items(data: object) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _json_items(data.get("@graph"))


def _body_text(body: str) -> str:
    """An articleBody may be plain text or HTML: one line per block either way."""
    if not _MARKUP.search(body):
        return html.unescape(body)
    blocks = _BLOCK_END.sub(lambda end: end.group(0) + "\n", body)
    fragment = trafilatura.load_html(f"<html><body><div>{blocks}</div></body></html>")
    if fragment is None:
        return html.unescape(body)
    return str(fragment.text_content())
