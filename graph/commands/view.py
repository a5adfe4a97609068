"""`newsgraph view`: write the interactive HTML view of graph files, directories or the store.

One self-contained page (no network needed); `--open` shows it in the default browser. A store
is drawn as a corpus view chosen by SPARQL (--top, --focus, filters); graph files as they are.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from graph.commands.common import add_store_options
from graph.errors import InputError, OutputError
from graph.export.corpus import KINDS

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Dataset

    from graph.export.corpus import ViewRequest

EXIT_OK = 0

GRAPH_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
}
"""Graph file suffixes, in the order one is preferred when a directory has several per name."""

DEFAULT_DIRECTORY = Path("output")
_KIND_NAMES = tuple(KINDS)
_OXIGRAPH_FORMATS = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "json-ld": "JSON_LD",
    "trig": "TRIG",
    "nquads": "N_QUADS",
}

_EPILOG = """\
examples:
  newsgraph view                            the store in output/ -> output/view.html
  newsgraph view -o corpus/ --top 300       the 300 most connected entities of corpus/store
  newsgraph view --focus "Mitch McConnell"  one entity, everyone linked to it, all it said
  newsgraph view --focus Iran --hops 2 --type person,country --since 2017-12-01
  newsgraph view output/article.ttl --open  one article's graph file, opened in the browser
  newsgraph view graphs/ --html march.html --title "March"   every graph file in a folder

GRAPH: a .ttl, .nt, .jsonld, .trig or .nq file; a directory of them (one file per name, .ttl
preferred); or the Oxigraph store directory that `newsgraph build` writes (output/store).
Several graphs are merged: an entity named in two articles is one node.

A store is drawn as a corpus view, chosen by SPARQL without loading the corpus: every entity
when there are at most 300, else the 150 most connected (--top N), or --focus entities and
their neighbourhood. Entities with no connection in the view are counted in the header, not
drawn. Colours are communities (Louvain), named in the legend by their best-connected members;
shapes are types; the largest nodes keep their labels, the others show them on zooming in.
The selection options also work on graph files (they are loaded into a temporary store).

The page needs no network: vis-network and the data are inside it. Hover over a node or an
edge for a summary, click for everything, search names, hide types in the legend.
exit status: 0 written; 1 a graph could not be read or the page not written; 2 wrong usage."""


@dataclass(frozen=True, slots=True)
class GraphSource:
    """One input: a graph file with its rdflib format, or a store directory (format "store")."""

    path: Path
    format: str


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    view = commands.add_parser(
        "view",
        help="write the interactive HTML view of a graph",
        description="Write the interactive HTML view of one article's graph or of many.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    view.add_argument(
        "graphs",
        nargs="*",
        type=Path,
        metavar="GRAPH",
        help="graph files, directories of them, or a store (default: the store in output/, "
        "else the .ttl files there)",
    )
    view.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="the page to write (default: next to a single graph file as NAME.html, "
        "else DIR/view.html)",
    )
    add_store_options(
        view,
        output_help="output directory of `newsgraph build`, whose store "
        "is drawn when no GRAPH is given",
    )
    view.add_argument("--title", help="the page title (default: the article's headline)")
    choose = view.add_argument_group("what a corpus view draws")
    choose.add_argument(
        "--focus",
        action="append",
        default=[],
        metavar="NAME",
        help="draw this entity and its neighbourhood, with every statement by or about it "
        "(a name or alias, ignoring case; repeatable)",
    )
    choose.add_argument(
        "--hops",
        type=_positive,
        default=1,
        metavar="N",
        help="with --focus: how many links away to go (default: 1)",
    )
    choose.add_argument(
        "--top",
        type=_positive,
        metavar="N",
        help="draw at most N entities, the most connected or most quoted first (default: all "
        "up to 300 in view, else 150)",
    )
    choose.add_argument(
        "--type",
        dest="kinds",
        type=_kinds,
        default=(),
        metavar="TYPES",
        help="only these types, comma-separated: " + ", ".join(_KIND_NAMES),
    )
    choose.add_argument(
        "--since",
        type=_day,
        metavar="DATE",
        help="only facts from articles published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)",
    )
    choose.add_argument(
        "--until",
        type=_last_day,
        metavar="DATE",
        help="only facts from articles published on or before DATE",
    )
    choose.add_argument(
        "--articles",
        metavar="PATTERN",
        help="only facts from articles whose headline, slug or source file matches PATTERN "
        "(* and ?, ignoring case), e.g. '*tax*'",
    )
    choose.add_argument(
        "--min-statements",
        type=_not_negative,
        default=0,
        metavar="N",
        help="only entities that made or were the subject of at least N statements",
    )
    view.add_argument("--open", action="store_true", help="open the page in the default browser")
    view.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    view.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.export.html import default_title, write_view
    from graph.export.store import StoreLocation

    store = StoreLocation.from_options(output=args.output, store=args.store)
    sources = find_sources(args.graphs, directory=args.output, store=store.path)
    output = args.html or default_output(sources, args.output)
    if output.is_dir():
        raise OutputError(f"{output}: is a directory; give the page a file name (--html FILE)")
    from graph.export.corpus import ViewRequest

    request = view_request(args)
    if any(source.format == "store" for source in sources) or request != ViewRequest():
        _write_corpus_view(args, sources, request, output)
    else:
        dataset = load_sources(sources)
        summary = write_view(dataset, output, title=args.title or default_title(dataset))
        if not args.quiet:
            articles = "article" if summary.articles == 1 else "articles"
            print(
                f"view of {summary.articles} {articles}: {summary.nodes} entities, "
                f"{summary.edges} connections, {summary.statements} statements\n  {output}"
            )
    if args.open:
        import webbrowser

        if not webbrowser.open(output.resolve().as_uri()):
            print(f"newsgraph: no browser to open; open {output} yourself", file=sys.stderr)
    return EXIT_OK


def view_request(args: argparse.Namespace) -> ViewRequest:
    """The corpus view the options ask for; raises InputError for dates in the wrong order."""
    from graph.export.corpus import ViewRequest

    if args.since and args.until and args.since > args.until:
        raise InputError("--since/--until", f"{args.since} is after {args.until}")
    return ViewRequest(
        focus=tuple(args.focus),
        hops=args.hops,
        top=args.top,
        kinds=tuple(args.kinds),
        since=args.since,
        until=args.until,
        articles=args.articles,
        min_statements=args.min_statements,
    )


def _write_corpus_view(
    args: argparse.Namespace, sources: list[GraphSource], request: ViewRequest, output: Path
) -> None:
    from graph.export.corpus import select_view
    from graph.export.corpus_html import write_corpus_view

    store = open_sources(sources)
    view = select_view(store, request)
    if view.focus:
        title = f"{' and '.join(view.focus)} in {view.articles_in_scope:,} articles"
    else:
        title = f"News graph of {view.articles_in_scope:,} articles"
    summary = write_corpus_view(view, output, title=args.title or title)
    if not args.quiet:
        left_out = view.entities_in_scope - summary.nodes
        print(
            f"view of {summary.articles:,} articles: {summary.nodes:,} entities "
            f"({left_out:,} of {view.entities_in_scope:,} left out), {summary.edges:,} "
            f"connections, {summary.statements:,} statements by them\n  {output}"
        )


def open_sources(sources: list[GraphSource]) -> pyoxigraph.Store:
    """The store itself (read-only) when that is the one source, else a temporary in-memory
    store of the graph files: TriG and N-Quads keep their graphs; the triples of the others go
    into one default graph, where the entity descriptions each article's file repeats merge."""
    import pyoxigraph

    from graph.export.store import StoreLocation, open_store_read_only

    if len(sources) == 1 and sources[0].format == "store":
        return open_store_read_only(StoreLocation(sources[0].path))
    store = pyoxigraph.Store()
    for source in sources:
        if source.format == "store":
            raise InputError(str(source.path), "a store can only be drawn on its own")
        try:
            rdf_format = getattr(pyoxigraph.RdfFormat, _OXIGRAPH_FORMATS[source.format])
            store.load(path=str(source.path), format=rdf_format)
        except (SyntaxError, OSError, ValueError) as error:
            raise InputError(
                str(source.path), f"cannot read as {source.format}: {_parse_problem(error)}"
            ) from error
    return store


def find_sources(
    arguments: list[Path], *, directory: Path = DEFAULT_DIRECTORY, store: Path | None = None
) -> list[GraphSource]:
    """What to read for the command-line arguments (by default the store `build` wrote, else
    the .ttl files beside it); raises InputError naming a bad one."""
    if not arguments:
        store = store or directory / "store"
        if (store / "CURRENT").is_file():
            return [GraphSource(store, "store")]
        files = sorted(directory.glob("*.ttl"))
        if not files:
            raise InputError(
                str(directory),
                "no store and no .ttl graph files here (run `newsgraph build` first, "
                "or name graphs)",
            )
        return [GraphSource(file, GRAPH_FORMATS[".ttl"]) for file in files]
    sources: list[GraphSource] = []
    for path in arguments:
        if path.is_dir():
            sources.extend(_directory_sources(path))
        elif path.is_file():
            if path.suffix.lower() not in GRAPH_FORMATS:
                allowed = ", ".join(GRAPH_FORMATS)
                raise InputError(str(path), f"not a graph file (allowed: {allowed}, or a store)")
            sources.append(GraphSource(path, GRAPH_FORMATS[path.suffix.lower()]))
        else:
            raise InputError(str(path), "no such file or directory")
    return sources


def _directory_sources(directory: Path) -> list[GraphSource]:
    # RocksDB, under Oxigraph, keeps a CURRENT file in every database directory.
    if (directory / "CURRENT").is_file():
        return [GraphSource(directory, "store")]
    chosen: dict[str, Path] = {}
    for suffix in reversed(GRAPH_FORMATS):
        for file in directory.glob(f"*{suffix}"):
            if file.is_file():
                chosen[file.stem] = file
    if not chosen:
        raise InputError(str(directory), "no graph files (.ttl, .nt, .jsonld, .trig, .nq) here")
    return [
        GraphSource(file, GRAPH_FORMATS[file.suffix.lower()]) for _, file in sorted(chosen.items())
    ]


def default_output(sources: list[GraphSource], directory: Path = DEFAULT_DIRECTORY) -> Path:
    """Next to a single graph file, as NAME.html; otherwise DIR/view.html."""
    if len(sources) == 1 and sources[0].format != "store":
        return sources[0].path.with_suffix(".html")
    return directory / "view.html"


def load_sources(sources: list[GraphSource]) -> Dataset:
    """Every source in one Dataset: a named graph per file, the article graphs of a store."""
    from rdflib import Dataset, URIRef

    dataset = Dataset()
    for source in sources:
        if source.format == "store":
            dataset.parse(data=_store_nquads(source.path), format="nquads")
            continue
        try:
            if source.format in ("trig", "nquads"):
                dataset.parse(source.path, format=source.format)
            else:
                target = dataset.graph(URIRef(source.path.resolve().as_uri()))
                target.parse(source.path, format=source.format)
        # rdflib's parsers raise many unrelated types (syntax, JSON, Unicode, I/O errors).
        except Exception as error:
            raise InputError(
                str(source.path), f"cannot read as {source.format}: {_parse_problem(error)}"
            ) from error
    return dataset


def _positive(text: str) -> int:
    number = _not_negative(text)
    if number == 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of 1 or more")
    return number


def _not_negative(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of 0 or more")
    return number


def _kinds(text: str) -> tuple[str, ...]:
    kinds = []
    for word in text.split(","):
        kind = word.strip().lower().replace("-", "_")
        if kind not in _KIND_NAMES:
            raise argparse.ArgumentTypeError(
                f"{word.strip()!r}: not a type (allowed: {', '.join(_KIND_NAMES)})"
            )
        kinds.append(kind)
    return tuple(dict.fromkeys(kinds))


def _day(text: str) -> date:
    """The first day DATE names: YYYY-MM-DD, YYYY-MM (its first day) or YYYY (1 January)."""
    return _days(text)[0]


def _last_day(text: str) -> date:
    """The last day DATE names: YYYY-MM-DD, the last of YYYY-MM, or 31 December of YYYY."""
    return _days(text)[1]


def _days(text: str) -> tuple[date, date]:
    import calendar
    import re

    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    try:
        if match is not None:
            year, month, day = (int(part) if part else None for part in match.groups())
            assert year is not None
            if month is None:
                return date(year, 1, 1), date(year, 12, 31)
            if day is None:
                return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            return date(year, month, day), date(year, month, day)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r}: give a date as YYYY-MM-DD, YYYY-MM or YYYY")


def _parse_problem(error: Exception) -> str:
    """rdflib's message on one line, without the echo of the offending bytes."""
    message = " ".join(str(error).split()).split(" at ^ in:")[0].replace(" of <>:", ":")
    return message[:200] or type(error).__name__


def _store_nquads(path: Path) -> str:
    from graph.export.store import (
        StoreLocation,
        data_graphs,
        dump_sorted,
        open_store_read_only,
    )

    store = open_store_read_only(StoreLocation(path))
    return dump_sorted(store, graphs=data_graphs(store))
