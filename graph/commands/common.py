"""Options shared by the commands that read the store: `-o/--output DIR` and `--store PATH`."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help="output directory of `newsgraph build`; the store is DIR/store (default: output/)",
    )
    parser.add_argument(
        "--store", type=Path, metavar="PATH", help="the store directory itself (overrides -o)"
    )
