"""`newsgraph explore`: the store behind a read-only SPARQL endpoint, and a page that explores it.

The page (self-contained, like the view) queries the endpoint for what it draws, click by click.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

from graph.commands.common import add_store_options
from graph.commands.serve import (
    add_server_options,
    oxigraph_binary,
    oxigraph_command,
    serve_until_stopped,
)
from graph.errors import InputError, OutputError

_STARTUP_SECONDS = 20.0

_EPILOG = """\
examples:
  newsgraph explore                      the store in output/; opens output/explore.html
  newsgraph explore -o corpus/ --port 8000 --no-open

It starts `oxigraph serve-read-only` on the store (with --cors, so the page may query it, and
a time limit per query), writes the explorer page and opens it in the browser. Find a name,
click a node to see its roles, statements and statements about it and to draw its strongest
neighbours; click an edge to read its evidence. The page holds no corpus data and loads
nothing from the network but the endpoint; each click asks for a few rows, so it stays fast
on any size of store. Nobody can change the graph through it. Stop it with Ctrl-C."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    explore = commands.add_parser(
        "explore",
        help="explore the store in the browser through a read-only endpoint",
        description="Serve the store read-only and open a page that explores it live.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_server_options(explore)
    explore.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help="where to write the page (default: DIR/explore.html)",
    )
    explore.add_argument(
        "--no-open", action="store_true", help="do not open the page in the browser"
    )
    add_store_options(explore)
    explore.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from graph.export.explore import write_explorer
    from graph.export.store import StoreLocation

    location = StoreLocation.from_options(output=args.output, store=args.store)
    if not (location.path / "CURRENT").is_file():
        raise InputError(str(location.path), "no store here (run `newsgraph build` first)")
    binary = oxigraph_binary()
    if binary is None:
        raise InputError("oxigraph", "the oxigraph server is not installed (pip install oxigraph)")
    if args.timeout <= 0:
        raise InputError("--timeout", "must be more than 0 seconds")
    page = args.html or args.output / "explore.html"
    if page.is_dir():
        raise OutputError(f"{page}: is a directory; give the page a file name (--html FILE)")
    if not _port_free(args.host, args.port):
        raise InputError(f"{args.host}:{args.port}", "the port is in use (choose another: --port)")
    endpoint = f"http://{_url_host(args.host)}:{args.port}/query"
    write_explorer(page, endpoint=endpoint, title="News graph explorer")
    command = oxigraph_command(
        binary,
        location.path,
        host=args.host,
        port=args.port,
        cors=True,
        timeout_s=max(1, round(args.timeout)),
    )
    server = subprocess.Popen(command)
    if not _wait_until_listening(args.host, args.port, server):
        server.terminate()
        server.wait(timeout=10)
        raise InputError(
            f"{args.host}:{args.port}", "the endpoint did not start (is the port in use?)"
        )
    print(
        f"explorer: {page}\nSPARQL endpoint: {endpoint}  (read-only; Ctrl-C stops it)", flush=True
    )
    if not args.no_open:
        import webbrowser

        if not webbrowser.open(page.resolve().as_uri()):
            print(f"newsgraph: no browser to open; open {page} yourself", file=sys.stderr)
    return serve_until_stopped(server)


def _url_host(host: str) -> str:
    """The host as the page should reach it: a wildcard bind is reached on loopback."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _wait_until_listening(host: str, port: int, server: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + _STARTUP_SECONDS
    target = _url_host(host).strip("[]")
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with socket.create_connection((target, port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.1)
    return False
