"""Build progress: a live bar when stderr is a terminal, plain log lines when it is not; error
lines in both."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path


def corpus(directory: Path) -> Path:
    directory.mkdir()
    for number in range(6):
        (directory / f"note-{number}.txt").write_text(
            f"Note {number}\n\nMinister Eva Lund said item {number} was ready."
        )
    (directory / "empty.txt").write_text("")
    return directory


def test_a_terminal_gets_a_bar_and_the_errors_above_it(tmp_path: Path) -> None:
    articles = corpus(tmp_path / "notes")
    controller, terminal = pty.openpty()
    build = subprocess.Popen(
        [sys.executable, "-m", "graph", "build", str(articles), "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the build ended
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = build.communicate(timeout=120)
    os.close(controller)
    raw = shown.decode("utf-8", "replace")
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw)  # without colours and cursor moves
    assert build.returncode == 1
    assert "building" in screen and "7/7 articles" in screen
    assert "newsgraph: error:" in screen and "empty.txt" in screen and "empty article" in screen
    assert "articles, " not in screen  # no plain log lines on a terminal
    assert "\x1b[?25h" in raw  # the cursor is shown again when the bar goes
    assert b"built 6, skipped 0 unchanged, failed 1" in stdout


def test_a_pipe_gets_plain_log_lines(tmp_path: Path) -> None:
    articles = corpus(tmp_path / "notes")
    result = subprocess.run(
        [sys.executable, "-m", "graph", "build", str(articles), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "newsgraph: 7/7 articles, " in result.stderr
    assert "\x1b" not in result.stderr and "building" not in result.stderr
    assert "empty.txt: empty article" in result.stderr
