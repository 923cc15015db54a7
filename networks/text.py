"""Text checks shared by every reader: UTF-8 decoding, control characters, bounded echoes.

Input files are UTF-8 (a UTF-8 byte-order mark is accepted and dropped); anything else is
refused with what it looks like, so that a user knows how to save it. Text cells and YAML
strings may not hold control characters (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F,
U+007F): Excel cannot store them and they are invisible in every report. Messages quote an
input value at most ``ECHO_LIMIT`` characters long, so a huge value never floods a message.
"""

from __future__ import annotations

import codecs
import re

ECHO_LIMIT = 80
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Half of a UTF-16 pair on its own (a YAML "\ud800" escape): not a character, so no UTF-8 file,
# terminal or report can hold it.
SURROGATES = re.compile(r"[\ud800-\udfff]")
UTF8 = "save it as UTF-8 (in Excel: CSV UTF-8; in an editor: encoding UTF-8)"


def shorten(value: object, limit: int = ECHO_LIMIT) -> str:
    """Return ``value`` as message text: control characters and lone surrogates escaped, at most
    ``limit`` long.

    A longer value is cut and says how long it was: "AAAA… (100,000 characters)".
    """
    text = CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m[0]):02x}", str(value))
    text = SURROGATES.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(str(value)):,} characters)"


def control_character_problem(text: str) -> str | None:
    """Return what is wrong when ``text`` holds a control character, else None."""
    found = CONTROL_CHARACTERS.search(text)
    if found is None:
        return None
    code = f"U+{ord(found[0]):04X}"
    return (
        f'"{shorten(text)}" holds a control character ({code}, position {found.start() + 1}); '
        "remove it: reports cannot show it"
    )


def surrogate_problem(text: str) -> str | None:
    """Return what is wrong when ``text`` holds a lone surrogate, else None."""
    found = SURROGATES.search(text)
    if found is None:
        return None
    return (
        f'"{shorten(text)}" holds a lone surrogate (\\u{ord(found[0]):04x}, character '
        f"{found.start() + 1}), half of a UTF-16 pair and not a character; write the character "
        'itself, or one "\\U0001F600"-style escape for a character beyond U+FFFF'
    )


def _looks_like(data: bytes) -> str:
    """Name the encoding non-UTF-8 bytes are most likely in, for the message."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 (it starts with a UTF-16 byte-order mark)"
    sample = data[:4096]
    pairs = max(len(sample) // 2, 1)
    if max(sample[0::2].count(0), sample[1::2].count(0)) * 5 >= pairs * 2:
        return "UTF-16 (every other byte is zero)"
    controls = sum(b < 32 and b not in (9, 10, 13) or b == 127 for b in sample)
    if controls * 20 > len(sample):
        return "binary data, not text"
    return "Latin-1 or Windows-1252 text"


def utf8_text(data: bytes) -> tuple[str | None, str | None]:
    """Decode a text file's bytes as UTF-8: return (text, None), or (None, what is wrong).

    A UTF-8 byte-order mark is dropped. UTF-16 (with or without its mark), Latin-1 and binary
    files are refused with what they look like; so is text whose characters are mostly NULs.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, (
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); it looks like "
            f"{_looks_like(data)}: {UTF8}"
        )
    if text and text.count("\x00") * 4 >= len(text):
        return None, f"is not UTF-8 text; it looks like {_looks_like(data)}: {UTF8}"
    return text, None
