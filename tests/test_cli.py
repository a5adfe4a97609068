"""The command line, run as a user runs it: a subprocess, real files, exit statuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_build_without_arguments_builds_the_bundled_article(tmp_path: Path) -> None:
    result = run("build", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "article.graphml",
        "article.html",
        "article.jsonld",
        "article.nt",
        "article.ttl",
        "corpus.graphml",
        "corpus.html",
        "corpus.nq",
        "corpus.trig",
        "store",
    ]
    assert "people" in result.stdout and "statements" in result.stdout
    assert str(tmp_path / "out" / "article.ttl") in result.stdout


def test_outputs_are_readable_like_any_new_file(tmp_path: Path) -> None:
    import os
    import stat

    assert run("build", "-q", "-o", str(tmp_path)).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE((tmp_path / "article.ttl").stat().st_mode)
    assert mode == 0o666 & ~umask


def test_build_reads_standard_input(tmp_path: Path) -> None:
    text = b"Piped title\n\nPresident Ana Lima said the border would reopen.\n"
    result = run("build", "-", "-o", str(tmp_path), stdin=text)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "piped-title.ttl").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty article"),
        ("blank.txt", b"  \n \n", "empty article"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
        ("controls.txt", bytes(range(1, 32)) * 20 + b"\xff\xfe\x81", "not text"),
    ],
)
def test_bad_input_is_one_clear_line_and_no_output(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out"
    result = run("build", str(path), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert str(path) in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for target, message in (
        (tmp_path / "missing.txt", "no such file"),
        (tmp_path, "directory with no article files"),
    ):
        result = run("build", str(target), "-o", str(tmp_path / "out"))
        assert result.returncode == 1 and message in result.stderr
        assert "Traceback" not in result.stderr


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good title\n\nMinister Eva Lund said the plant would close.\n")
    result = run("build", str(tmp_path / "missing.txt"), str(good), "-o", str(tmp_path / "o"))
    assert result.returncode == 1
    assert (tmp_path / "o" / "good.ttl").exists()


def test_help_explains_every_option() -> None:
    result = run("build", "--help")
    assert result.returncode == 0
    for option in ("--output", "--quiet", "ARTICLE", "exit status"):
        assert option in result.stdout
    assert run("--help").returncode == 0
    assert run().returncode == 2


def test_file_over_max_bytes_is_refused_with_the_limit_named(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Title\n\n" + "word " * 2_000)
    result = run("build", str(big), "--max-bytes", "1000", "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "over the 1000-byte limit (--max-bytes)" in result.stderr
    assert not (tmp_path / "out" / "big.ttl").exists()


def test_a_reader_that_stops_early_does_not_stop_the_build(tmp_path: Path) -> None:
    """`newsgraph build ... | head -1`: the rest of the output is dropped, nothing is lost."""
    data = Path(__file__).parent / "data"
    articles = [str(data / "asean_summit.txt"), str(data / "settlements_reaction.txt")]
    build = subprocess.Popen(
        [sys.executable, "-m", "graph", "build", "-o", str(tmp_path), *articles],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert build.stdout is not None and build.stderr is not None
    first = build.stdout.readline()
    build.stdout.close()
    stderr = build.stderr.read().decode()
    assert build.wait(timeout=120) == 0, stderr
    assert first.strip()
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
    assert (tmp_path / "settlements-reaction.ttl").exists()
    assert (tmp_path / "corpus.nq").exists()


def test_an_output_that_cannot_be_written_is_one_clear_line(tmp_path: Path) -> None:
    article = tmp_path / "plant.txt"
    article.write_text("Plant to close\n\nMinister Eva Lund said the plant would close.\n")
    out = tmp_path / "o"
    (out / "plant.ttl").mkdir(parents=True)  # where the Turtle file would go
    result = run("build", str(article), "-o", str(out))
    assert result.returncode == 1
    assert "plant.ttl: cannot write output" in result.stderr
    assert "Traceback" not in result.stderr
    # no file of the article, no temporary file (the store holds nothing of it either)
    assert sorted(path.name for path in out.iterdir()) == ["plant.ttl", "store"]
    # once the way is clear, the article is built: the failed write did not mark it done
    (out / "plant.ttl").rmdir()
    again = run("build", str(article), "-o", str(out))
    assert again.returncode == 0, again.stderr
    assert (out / "plant.ttl").is_file() and "Eva Lund" in (out / "plant.ttl").read_text()
