"""The `newsgraph` command line: argument parsing and error reporting only.

Each command lives in `graph/commands/`; heavy libraries are imported inside the commands.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
from collections.abc import Sequence

from graph import __version__
from graph.commands import build, explore, push, query, remove, serve, view
from graph.errors import NewsgraphError

EXIT_INPUT_FAILED = 1
EXIT_USAGE = 2

COMMANDS = [build, query, serve, push, view, remove, explore]

_DESCRIPTION = """\
newsgraph reads news articles and builds an RDF knowledge graph of them: the people,
organizations, countries and places they mention, the roles people hold, how countries
relate (membership, borders) and who said what (direct quotes and reported speech),
each fact with the character span of the text it comes from."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsgraph",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


class _ClosedPipeSafe(io.TextIOBase):
    """Standard output that a reader may close early (`newsgraph build ... | head`): the rest
    of the output is dropped and the command goes on, instead of ending in a traceback."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._to_devnull()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._to_devnull()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _to_devnull(self) -> None:
        # the buffered text would fail again on every flush, at exit too: send it nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    if isinstance(sys.stdout, io.TextIOBase) and not isinstance(sys.stdout, _ClosedPipeSafe):
        sys.stdout = _ClosedPipeSafe(sys.stdout)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        status: int = args.run(args)
    except NewsgraphError as error:
        print(f"newsgraph: error: {error}", file=sys.stderr)
        return EXIT_INPUT_FAILED
    except KeyboardInterrupt:
        print("newsgraph: interrupted; files already written are complete", file=sys.stderr)
        # The work is stopped and cleaned up; what remains is the interpreter's exit, where
        # Python sets SIGINT back to its default action: a second one arriving then would
        # kill the process and lose the exit status.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return 130
    return status
