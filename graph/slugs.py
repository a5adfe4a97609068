"""Slugs: the readable, stable key parts made from names (entity keys, article ids, IRIs).

Latin letters lose their accents; other scripts are kept, so different names stay different.
"""

from __future__ import annotations

import unicodedata

_UNDECOMPOSED_LATIN = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, Latin letters without accents ("Ngũgĩ wa Thiong’o"
    and "Ngũgĩ wa Thiong'o" → "ngugi-wa-thiong-o"). Other scripts are kept as they are:
    dropping them made every Cyrillic or Arabic name the same key, "x"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_UNDECOMPOSED_LATIN))
    kept = []
    after_latin = False
    for char in decomposed:
        if not unicodedata.combining(char):
            after_latin = char.isascii()
        elif after_latin:
            continue
        kept.append(char if is_word_char(char) else " ")
    return unicodedata.normalize("NFC", "-".join("".join(kept).split())) or "x"


def is_word_char(char: str) -> bool:
    """A letter, digit or mark of any script: what keys and IRIs keep of a name (less the
    variation selectors of plane 14, which an IRI may not hold)."""
    if char.isascii():
        return char.isalnum()
    return unicodedata.category(char)[0] in "LMN" and ord(char) < 0xE0000
