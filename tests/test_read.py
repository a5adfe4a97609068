"""Reading: decoding, normalisation, title and paragraphs, boilerplate, provenance, bad input."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.read import BUNDLED_ARTICLE, parse_article, read_article

ARTICLE = "A title line\n\nFirst paragraph says one thing.\n\nSecond paragraph says “another”.\n"


def test_title_and_paragraphs_are_split_on_blank_lines() -> None:
    document = parse_article(ARTICLE, source_name="x")
    assert document.title.text == "A title line"
    assert [p.text for p in document.paragraphs] == [
        "First paragraph says one thing.",
        "Second paragraph says “another”.",
    ]
    for span in (document.title, *document.paragraphs):
        assert document.text[span.start : span.end] == span.text


def test_bundled_article_drops_promo_and_caption_and_keeps_publisher() -> None:
    document = read_article(str(BUNDLED_ARTICLE))
    assert document.title.text.startswith("Stoltenberg says NATO members agree")
    story = " ".join(p.text for p in document.paragraphs)
    assert "Telegram channel" not in story
    assert "(NATO/Released)" not in story
    assert "reprinted with permission" not in story
    assert document.original_publisher is not None
    assert document.original_publisher.text == "Radio Free Europe/Radio Liberty"
    assert len(document.boilerplate) == 3


def test_dateline_gives_publisher_and_is_not_story_text() -> None:
    document = parse_article("Title\nMANILA (Reuters) - The president spoke.", source_name="x")
    assert document.original_publisher is not None
    assert document.original_publisher.text == "Reuters"
    assert document.paragraphs[0].text == "The president spoke."


def test_bom_crlf_and_nfd_are_normalised(tmp_path: Path) -> None:
    text = unicodedata.normalize("NFD", "Título\r\n\r\nZelenskiy met Ngũgĩ in Kyiv.\r\n")
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    document = read_article(str(path))
    assert document.title.text == "Título"
    assert document.paragraphs[0].text == "Zelenskiy met Ngũgĩ in Kyiv."
    assert "\r" not in document.text and not document.text.startswith("\ufeff")


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody text here.", encoding="utf-16")
    assert read_article(str(path)).paragraphs[0].text == "Body text here."


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"   \n\n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20 + b"\xff\xfe\x81", "not text"),
    ],
)
def test_bad_files_raise_input_error_naming_the_file(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_article(str(path))
    assert str(path) in str(raised.value)
    assert problem in str(raised.value)


def test_windows_1252_with_smart_quotes_is_detected_and_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(b"Caf\xe9 news\n\nThe minister said \x93we will win\x94 on Monday.")
    document = read_article(str(path))
    assert document.encoding == "windows-1252"
    assert document.paragraphs[0].text == "The minister said “we will win” on Monday."


def test_control_characters_become_spaces_keeping_offsets() -> None:
    document = parse_article("Title\n\nA bell\x07 and an escape\x1b here.", source_name="x")
    assert document.paragraphs[0].text == "A bell  and an escape  here."


def test_html_article_keeps_title_and_paragraphs_and_drops_scripts(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(
        "<html><head><title>Ministers meet</title><script>var x = '<p>no</p>';</script>"
        "</head><body><nav>Home | World</nav><h1>Ministers meet</h1>"
        "<p>The minister said talks &amp; trade would resume.</p><p>Second one.</p>"
        "<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    document = read_article(str(path))
    assert document.title.text == "Ministers meet"
    assert [p.text for p in document.paragraphs] == [
        "The minister said talks & trade would resume.",
        "Second one.",
    ]


def test_missing_path_and_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="directory"):
        read_article(str(tmp_path))


def test_same_text_gives_same_hash_and_different_text_a_different_one() -> None:
    first = parse_article(ARTICLE, source_name="a")
    assert first.content_sha256 == parse_article(ARTICLE, source_name="b").content_sha256
    assert first.content_sha256 != parse_article(ARTICLE + "x", source_name="a").content_sha256


def test_editorial_note_and_dateline_are_not_story_text() -> None:
    document = parse_article(
        "Title\n(Corrects paragraph 2 to show the date) HAVANA (Reuters) - Cuba said on Monday "
        "that talks would go on.",
        source_name="x",
    )
    assert document.paragraphs[0].text.startswith("Cuba said on Monday")
    assert document.original_publisher is not None
    assert document.original_publisher.text == "Reuters"


def test_file_names_in_other_scripts_give_distinct_ids(tmp_path: Path) -> None:
    first, second = tmp_path / "путин.txt", tmp_path / "песков.txt"
    first.write_text("Title\n\nBody one.", encoding="utf-8")
    second.write_text("Title\n\nBody two.", encoding="utf-8")
    assert read_article(str(first)).slug == "путин"
    assert read_article(str(second)).slug == "песков"
    assert read_article(str(BUNDLED_ARTICLE)).slug == "article"


def test_a_closing_copyright_notice_is_boilerplate() -> None:
    document = parse_article(
        "Title\n\nThe minister said the talks would go on.\n\n© 2019 Science X Network\n\n"
        "Copyright 2024 Example News. All rights reserved.",
        source_name="x",
    )
    assert [p.text for p in document.paragraphs] == ["The minister said the talks would go on."]
    assert len(document.boilerplate) == 2
