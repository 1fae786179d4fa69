"""Decode character references (`&amp;`, `&#39;`, `&copy`) as the HTML standard does.

`html.unescape` follows the standard for text, with two differences that matter here: in
an attribute value, a legacy reference written without `;` (`&copy`, `&not`, `&para`) is
left as it is when an `=` or a letter or digit follows (so a browser follows
`?a=1&copy=2`, not `?a=1©=2`); and a numeric reference to a control or a noncharacter
(`&#1;`) is that character for a browser, where `html.unescape` drops it.
"""

from __future__ import annotations

import re
from html.entities import html5

# A numeric reference, or a run of ASCII letters and digits after `&` that may begin a
# named one (with its `;`), and the character after it: what the standard looks at.
_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([A-Za-z0-9]+;?))(?=(.?))", re.S)
_LONGEST_NAME = max(len(name) for name in html5)
# Numeric references to C1 controls mean the Windows-1252 character of that byte.
_WINDOWS_1252 = {
    0x80: "\u20ac", 0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026",
    0x86: "\u2020", 0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160",
    0x8B: "\u2039", 0x8C: "\u0152", 0x8E: "\u017d", 0x91: "\u2018", 0x92: "\u2019",
    0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014",
    0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153",
    0x9E: "\u017e", 0x9F: "\u0178",
}  # fmt: skip


def decode_references(text: str, *, attribute: bool = False) -> str:
    """`text` with its character references decoded, in text or in an attribute value."""
    if "&" not in text:
        return text
    return _REFERENCE.sub(_in_attribute if attribute else _in_text, text)


def _in_text(match: re.Match[str]) -> str:
    return _decode(match, attribute=False)


def _in_attribute(match: re.Match[str]) -> str:
    return _decode(match, attribute=True)


def _decode(match: re.Match[str], *, attribute: bool) -> str:
    hexadecimal, decimal, name, after = match.groups()
    if name is None:
        return _character(hexadecimal, 16) if hexadecimal else _character(decimal, 10)
    # The longest name of the table that the text starts with, `;` included if written.
    for end in range(min(len(name), _LONGEST_NAME), 1, -1):
        value = html5.get(name[:end])
        if value is None:
            continue
        if end < len(name):
            after = name[end]
        if name[end - 1] != ";" and attribute and (after == "=" or _alphanumeric(after)):
            # A legacy reference without `;`, followed by `=` or alphanumeric, in an
            # attribute: kept as written, for compatibility with old query strings.
            return match.group()
        return value + name[end:]
    return match.group()  # an ambiguous ampersand: text


def _alphanumeric(character: str) -> bool:
    return character.isascii() and character.isalnum()


def _character(digits: str, base: int) -> str:
    # Leading zeros do not count; more than 7 significant digits are out of range anyway,
    # and `int()` of a very long run of digits is slow (or refused).
    digits = digits.lstrip("0")
    if len(digits) > 7:
        return "\ufffd"
    number = int(digits or "0", base)
    if number > 0x10FFFF or number == 0:
        return "\ufffd"
    if 0xD800 <= number <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:
        return _WINDOWS_1252.get(number, chr(number))
    return chr(number)
