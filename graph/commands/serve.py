"""`newsgraph serve`: the store over the SPARQL 1.1 Protocol, served by Oxigraph's own server."""

from __future__ import annotations

import argparse
import ipaddress
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from graph.commands.common import add_store_options

_EPILOG = """\
The server is `oxigraph` (installed with newsgraph): read-only by default, so nobody can
change the graph through it; --writable also accepts SPARQL Update and Graph Store requests.
It binds to 127.0.0.1 unless --host says otherwise. Queries: GET or POST to /query; queries
see the union of all graphs. A query still running after --timeout seconds is stopped
(Oxigraph's --timeout-s) and the server goes on answering others. Stop it with Ctrl-C.
While a writable server runs, do not run `newsgraph build` on the same store."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the store as a SPARQL endpoint",
        description="Serve the graph store over the SPARQL 1.1 Protocol.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_server_options(serve)
    serve.add_argument(
        "--writable", action="store_true", help="accept SPARQL Update and Graph Store writes"
    )
    add_store_options(serve)
    serve.set_defaults(run=run)


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """--host, --port and --timeout: where the endpoint listens and its time limit per query."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="stop a query still running after this long; the server goes on answering "
        "others (default: 60)",
    )


def oxigraph_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "oxigraph"
    return str(beside_python) if beside_python.exists() else shutil.which("oxigraph")


def run(args: argparse.Namespace) -> int:
    from graph.errors import InputError
    from graph.export.store import StoreLocation

    if args.timeout <= 0:
        raise InputError("--timeout", "must be more than 0 seconds")
    location = StoreLocation.from_options(output=args.output, store=args.store)
    if not location.path.is_dir():
        raise InputError(str(location.path), "no store here (run `newsgraph build` first)")
    binary = oxigraph_binary()
    if binary is None:
        raise InputError("oxigraph", "the oxigraph server is not installed (pip install oxigraph)")
    command = oxigraph_command(
        binary,
        location.path,
        host=args.host,
        port=args.port,
        writable=args.writable,
        timeout_s=max(1, round(args.timeout)),
    )
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"SPARQL endpoint: http://{host}:{args.port}/query"
        f"{'  (writable: /update, /store)' if args.writable else '  (read-only)'}",
        flush=True,
    )
    if not _is_loopback(args.host):
        print(
            f"newsgraph: warning: listening on {args.host}, reachable from other machines",
            file=sys.stderr,
        )
    return serve_until_stopped(subprocess.Popen(command))


def oxigraph_command(
    binary: str,
    location: Path,
    *,
    host: str,
    port: int,
    writable: bool = False,
    cors: bool = False,
    timeout_s: int | None = None,
) -> list[str]:
    """The `oxigraph serve` (or `serve-read-only`) command line for a store; queries see the
    union of its graphs; `cors` lets pages from other origins query it."""
    command = [
        binary,
        "serve" if writable else "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
    ]
    if cors:
        command.append("--cors")
    if timeout_s:
        command += ["--timeout-s", str(timeout_s)]
    return command


def serve_until_stopped(server: subprocess.Popen[bytes]) -> int:
    """Wait for the server; Ctrl-C or SIGTERM stops it (killed if it lingers)."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return server.wait()
    except KeyboardInterrupt:
        print("server stopped", file=sys.stderr)
        return 0
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
