"""Options shared by the commands that use the store: `-o/--output DIR` and `--store PATH`."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_store_options(
    parser: argparse.ArgumentParser,
    *,
    output_help: str = "output directory of `newsgraph build`",
) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help=f"{output_help}; the store is DIR/store (default: output/)",
    )
    parser.add_argument(
        "--store", type=Path, metavar="PATH", help="the store directory itself (overrides -o)"
    )
