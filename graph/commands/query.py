"""`newsgraph query`: SPARQL 1.1 over the embedded store, with named queries and result formats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from graph.commands.common import add_store_options

if TYPE_CHECKING:
    import pyoxigraph

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_TIMEOUT = 3
DEFAULT_TIMEOUT = 60.0

_EPILOG = """\
examples:
  newsgraph query --list
  newsgraph query --name who-said-what
  newsgraph query --name statements-about --param country=Ukraine
  newsgraph query 'SELECT ?name WHERE { ?p a ng:Person ; rdfs:label ?name }'
  newsgraph query -f my.rq --format csv > people.csv

Prefixes ng, schema, org, prov, rdf, rdfs, owl, skos, xsd, nif, wd and ngid are predeclared.
Queries see the union of all article graphs (and the ontology graph). SELECT and ASK print
a table, or --format csv|tsv|json|xml (SPARQL results formats); CONSTRUCT and DESCRIBE print
Turtle. A query still running after --timeout seconds is stopped with a message.
exit status: 0 ok; 1 no store; 2 bad query (the parser's message with line:column);
3 stopped by --timeout."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    query = commands.add_parser(
        "query",
        help="run SPARQL over the store",
        description="Run a SPARQL 1.1 query over the graph store built by `newsgraph build`.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = query.add_mutually_exclusive_group()
    source.add_argument("sparql", nargs="?", metavar="QUERY", help="the query text")
    source.add_argument("-f", "--file", type=Path, help="read the query from a .rq file")
    source.add_argument("--name", help="run a named query of the library (see --list)")
    source.add_argument("--list", action="store_true", help="list the named queries")
    query.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a query variable to a string (repeatable), e.g. country=Ukraine",
    )
    query.add_argument(
        "--format",
        choices=["table", "csv", "tsv", "json", "xml"],
        default="table",
        help="result format of SELECT/ASK (default: table)",
    )
    query.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a query still running after this long (default: {DEFAULT_TIMEOUT:g}; 0: none)",
    )
    add_store_options(query)
    query.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.errors import InputError
    from graph.export.store import StoreLocation, open_store_read_only
    from graph.query import (
        QuerySyntaxError,
        QueryTimeout,
        named_queries,
        within_time_limit,
    )

    library = named_queries()
    if args.list:
        for query in library.values():
            params = (
                f"  (--param {' '.join(p + '=...' for p in query.parameters)})"
                if query.parameters
                else ""
            )
            print(f"{query.name:<30} {query.description}{params}")
        return EXIT_OK
    bindings = {}
    for param in args.param:
        name, sep, value = param.partition("=")
        if not sep or not name:
            return _usage(f"--param wants NAME=VALUE, got {param!r}")
        bindings[name] = value
    if args.name:
        if args.name not in library:
            return _usage(f"no named query {args.name!r} (see `newsgraph query --list`)")
        text = library[args.name].text
        missing = [p for p in library[args.name].parameters if p not in bindings]
        if missing:
            return _usage(
                f"query {args.name!r} needs " + " ".join(f"--param {p}=VALUE" for p in missing)
            )
    elif args.file:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(str(args.file), f"cannot read the query ({error})") from error
    elif args.sparql:
        text = args.sparql
    else:
        return _usage("give a query, -f FILE, --name NAME or --list")
    if args.timeout < 0:
        return _usage("--timeout must not be negative")
    store = open_store_read_only(StoreLocation.from_options(output=args.output, store=args.store))
    try:
        output = within_time_limit(
            lambda: _answer(store, text, bindings, args.format), args.timeout
        )
    except QuerySyntaxError as error:
        print(f"newsgraph: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except QueryTimeout as error:
        print(f"newsgraph: error: {error}; --timeout 0 lets it run", file=sys.stderr)
        return EXIT_TIMEOUT
    sys.stdout.write(output)
    return EXIT_OK


def _answer(store: pyoxigraph.Store, text: str, bindings: dict[str, str], form: str) -> str:
    """The query's whole output: nothing is printed before the query has finished."""
    import pyoxigraph

    from graph.query import format_table, run_query, serialize_results, serialize_triples

    results = run_query(store, text, bindings=bindings)
    if isinstance(results, pyoxigraph.QueryTriples):
        return serialize_triples(results)
    if form != "table":
        return serialize_results(results, form)
    if isinstance(results, pyoxigraph.QueryBoolean):
        return "true\n" if bool(results) else "false\n"
    return format_table(results) + "\n"


def _usage(message: str) -> int:
    print(f"newsgraph query: error: {message}", file=sys.stderr)
    return EXIT_USAGE
