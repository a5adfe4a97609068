"""`newsgraph remove`: take articles out of a built corpus, with what only they supported."""

from __future__ import annotations

import argparse

from graph.commands.common import add_store_options

_EPILOG = """\
examples:
  newsgraph remove asean-summit                 the article whose files are asean-summit.*
  newsgraph remove -o corpus/ wire-1 wire-2     two records of a JSON Lines build in corpus/
  newsgraph remove output/article.ttl           named by one of its files

ARTICLE: the article's slug (the name of its files: the file name it was built from, or the
record's id), one of its files, or its IRI. Its named graph and files go; each entity, post
and role it mentioned is derived again from the articles that remain, so an alias or a post
that only it supported disappears and nothing another article supports is lost. corpus.nq
and corpus.trig are rewritten. If one ARTICLE is not in the store, nothing is removed.
A remote store written with `build --endpoint` is not changed: push again to it.
exit status: 0 removed; 1 an article or the store not found; 2 wrong usage."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    remove = commands.add_parser(
        "remove",
        help="remove articles from the store and the output directory",
        description="Remove articles from a built corpus, and the knowledge only they supported.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    remove.add_argument("articles", nargs="+", metavar="ARTICLE", help="slug, file or IRI")
    add_store_options(remove)
    remove.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.corpus.remove import remove_articles
    from graph.export.store import StoreLocation

    report = remove_articles(
        args.articles,
        output=args.output,
        store=StoreLocation.from_options(output=args.output, store=args.store),
    )
    for name in report.removed:
        print(f"removed {name}")
    if report.corpus_files:
        print("corpus: " + "  ".join(str(path) for path in report.corpus_files))
    return 0
