"""`newsgraph view`: write the interactive HTML view of graph files, directories or the store.

One self-contained page (no network needed); `--open` shows it in the default browser.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.commands.common import add_store_options
from graph.errors import InputError, OutputError

if TYPE_CHECKING:
    from rdflib import Dataset

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

_EPILOG = """\
examples:
  newsgraph view                            every article in output/store -> output/view.html
  newsgraph view -o corpus/                 the same for the build in corpus/
  newsgraph view output/article.ttl --open  one article, opened in the browser
  newsgraph view graphs/ --html march.html --title "March"   every graph file in a folder

GRAPH: a .ttl, .nt, .jsonld, .trig or .nq file; a directory of them (one file per name, .ttl
preferred); or the Oxigraph store directory that `newsgraph build` writes (output/store).
Several graphs are merged: an entity named in two articles is one node.

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
        help="graph files, directories of them, or a store (default: the .ttl files in output/)",
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
