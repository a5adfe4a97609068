"""`newsgraph push`: upload each article graph of the store to a remote SPARQL store."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator

from graph.commands.common import add_store_options

_EPILOG = """\
The endpoint is the store's SPARQL 1.1 Graph Store Protocol URL, e.g.
  Oxigraph  http://host:7878/store        Jena Fuseki  http://host:3030/DATASET/data
  GraphDB   http://host:7200/repositories/REPO/rdf-graphs/service
  Virtuoso  http://host:8890/sparql-graph-crud-auth
Each article graph (and the ontology graph) is sent with HTTP PUT, replacing that graph. A
store without the protocol gets SPARQL Update instead (--update-endpoint; Oxigraph's and
Fuseki's are found from the /store or /data URL). Requests are retried on 5xx and connection
errors; on a failure, the push stops and says which graphs were written.

credentials come from the environment, never the command line:
  --user NAME with the password in $NEWSGRAPH_PASSWORD (or --password-env VAR), or
  a bearer token in $NEWSGRAPH_TOKEN (or --token-env VAR).
exit status: 0 all graphs written; 1 some graph not written."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    push = commands.add_parser(
        "push",
        help="upload the graphs to a remote SPARQL store",
        description="Upload every article graph of the store to a remote SPARQL store.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    push.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="Graph Store Protocol endpoint of the remote store",
    )
    push.add_argument(
        "--update-endpoint",
        metavar="URL",
        help="SPARQL Update endpoint, used when the Graph Store Protocol is not",
    )
    push.add_argument("--user", help="user name for HTTP basic authentication")
    push.add_argument(
        "--password-env",
        default="NEWSGRAPH_PASSWORD",
        metavar="VAR",
        help="environment variable holding the password (default: %(default)s)",
    )
    push.add_argument(
        "--token-env",
        default="NEWSGRAPH_TOKEN",
        metavar="VAR",
        help="environment variable holding a bearer token (default: %(default)s)",
    )
    push.add_argument("--retries", type=int, default=3, help="retries per request (default: 3)")
    add_store_options(push)
    push.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import pyoxigraph

    from graph.export.remote import (
        Credentials,
        Endpoint,
        default_update_endpoint,
        push_graphs,
    )
    from graph.export.store import StoreLocation, open_store_read_only

    store = open_store_read_only(StoreLocation.from_options(output=args.output, store=args.store))
    credentials = Credentials(
        user=args.user,
        password=os.environ.get(args.password_env),
        token=os.environ.get(args.token_env),
    )
    endpoint = Endpoint(
        args.endpoint,
        args.update_endpoint or default_update_endpoint(args.endpoint),
        credentials,
        retries=args.retries,
    )
    names = sorted(graph.value for graph in store.named_graphs())

    def graphs() -> Iterator[tuple[str, str]]:
        for name in names:
            quads = store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(name))
            triples = [quad.triple for quad in quads]
            data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
            yield name, (data or b"").decode("utf-8")

    def progress(name: str, outcome: str) -> None:
        print(f"{name}: {outcome}", file=sys.stderr, flush=True)

    report = push_graphs(endpoint, graphs(), on_graph=progress)
    print(
        f"pushed {len(report.written)} of {len(names)} graphs ({report.triples} triples) "
        f"to {args.endpoint}"
    )
    if report.failed:
        not_sent = [n for n in names if n not in report.written]
        print(f"newsgraph: error: not written: {' '.join(not_sent)}", file=sys.stderr)
        return 1
    return 0
