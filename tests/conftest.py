"""Shared fixtures: the real spaCy model loaded once, facts of the real test articles, builds of
the Reuters corpus, and headless Chromium with the network off."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of a build of all the Reuters articles of ../shared (2 workers):
    what the corpus view and the explorer are measured on."""
    import subprocess
    import sys

    if not REUTERS_CORPUS.exists():
        pytest.skip(f"no Reuters corpus at {REUTERS_CORPUS} (../shared beside the repository)")
    out = tmp_path_factory.mktemp("reuters") / "out"
    command = [sys.executable, "-m", "graph", "build", "-q", str(REUTERS_CORPUS), "-o", str(out)]
    command += ["-j", "2", "--no-article-views"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    # Some records are unreadable on purpose (status 1): the store holds the rest.
    assert (out / "store" / "CURRENT").is_file(), result.stderr
    return out


# --- headless Chromium ------------------------------------------------------------------------

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("NEWSGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class LoadedPage:
    """A page loaded with the network off (or open to `allow` only), and all it tried to do."""

    page: Any
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def value(self, expression: str) -> Any:
        return self.page.evaluate(expression)


def _browser_missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return (
            f"no Chromium at {CHROMIUM} (CI installs Debian's chromium; apt-get install chromium)"
        )
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    missing = _browser_missing()
    if missing:
        # CI installs Chromium, so there a missing browser is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def load(browser: Any) -> Iterator[Any]:
    """load(path): the page from file:// with every other request aborted and recorded;
    `allow` (URL prefixes, e.g. a local endpoint) lets those through, and only those."""
    contexts = []

    def load_page(path: Path, *, wait: bool = True, allow: tuple[str, ...] = ()) -> LoadedPage:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=not allow)
        contexts.append(context)
        loaded = LoadedPage(context.new_page())
        passes = ("file:", "data:", *allow)

        def only_files(route: Any) -> None:
            if route.request.url.startswith(passes):
                route.continue_()
            else:
                loaded.requests.append(route.request.url)
                route.abort()

        context.route("**/*", only_files)
        loaded.page.on(
            "request",
            lambda request: (
                None if request.url.startswith(passes) else loaded.requests.append(request.url)
            ),
        )
        loaded.page.on(
            "dialog", lambda dialog: (loaded.dialogs.append(dialog.message), dialog.dismiss())
        )
        loaded.page.on("pageerror", lambda error: loaded.errors.append(str(error)))
        loaded.page.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " (event) => window.__violations.push(event.violatedDirective));"
        )
        loaded.page.goto(path.resolve().as_uri())
        if wait:
            loaded.page.wait_for_selector(
                "body[data-state=stable]", state="attached", timeout=60_000
            )
        return loaded

    yield load_page
    for context in contexts:
        context.close()


def longer_feed(directory: Path, copies: int) -> Path:
    """The Reuters sample `copies` times over, each copy under ids of its own: a build long
    enough to be interrupted before it ends, however fast the machine."""
    records = [json.loads(line) for line in (DATA / "reuters_sample.jsonl").open(encoding="utf-8")]
    directory.mkdir(exist_ok=True)
    path = directory / "longer.jsonl"
    with path.open("w", encoding="utf-8") as feed:
        for copy in range(copies):
            for record in records:
                feed.write(json.dumps({**record, "id": f"{record['id']}-{copy}"}) + "\n")
    return path


def feeds(directory: Path, *records: dict[str, str]) -> list[str]:
    """Each record in its own JSON Lines file, named by its id, so that the same record read
    in another build has the same source name."""
    directory.mkdir(exist_ok=True)
    paths = []
    for record in records:
        path = directory / f"{record['id']}.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths
