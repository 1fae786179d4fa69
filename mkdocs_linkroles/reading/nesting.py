"""How deep a page nests its elements, estimated in one linear pass, never too low.

HTML parsers in C (Lexbor, which `linkroles scan` uses to find a page's content region)
take time in the square of the nesting depth: a hostile page of a million nested `<div>`s
runs for minutes. `max_depth` reads the tags as the standard's tokenizer does (comments,
raw text, quoted attribute values, CDATA) and keeps a stack of open elements that an end
tag pops only when it closes the innermost one (or elements whose end tags are optional),
so the estimate is at least the depth a browser builds, give or take a constant factor,
and is close to it on ordinary pages. A page estimated deeper than a limit is not given
to Lexbor.
"""

from __future__ import annotations

import re

_WS = "\t\n\f\r "
_NAME = rf"[^{_WS}/>][^{_WS}/>=]*(?![^{_WS}/>=])"
_VALUE = rf"[{_WS}]*=[{_WS}]*(?:\"[^\"]*\"|'[^']*'|[^{_WS}>\"'][^{_WS}>]*(?![^{_WS}>])|(?=>))"
_ATTRIBUTES = rf"(?:[{_WS}/]+(?![{_WS}/])|{_NAME}(?:{_VALUE})?)*"
_RAW = "script|style|xmp|iframe|noembed|noframes|noscript|textarea|title"
_TOKENS = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    rf"|<((?i:{_RAW}))(?=[{_WS}/>]){_ATTRIBUTES}>.*?(?:</(?i:\1)(?=[{_WS}/>])|\Z)"
    r"|<(?i:plaintext)(?=[\t\n\f\r />]).*"
    rf"|<(/?)([a-zA-Z][^{_WS}/>]*)(?![^{_WS}/>]){_ATTRIBUTES}(?<=/)?>"
    r"|<(?:[!?]|/(?![a-zA-Z]))[^>]*>?",
    re.DOTALL,
)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Elements whose end tags may be left out: a new one of the same kind closes them, and so
# does the end of the element around them.
_OPTIONAL_END = frozenset(["li", "p", "dt", "dd", "option", "optgroup", "rb", "rp", "rt", "rtc"])
_TABLE_PARTS = frozenset(["td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup"])
_SAME_KIND = {"dt": "dd", "dd": "dt", "td": "th", "th": "td"}
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
        "li",
        "dd",
        "dt",
    ]
)


def max_depth(html: str) -> int:
    """The deepest nesting of elements in `html`, as estimated (see the module)."""
    stack: list[str] = []
    foreign = 0  # open `svg` and `math` elements: there `<x/>` closes itself
    deepest = 0
    for match in _TOKENS.finditer(html):
        name = match.group(3)
        if name is None:
            if match.group(1) is not None:  # raw text: its element opened and closed
                deepest = max(deepest, len(stack) + 1)
            continue
        name = name.lower()
        if match.group(2):  # an end tag
            if stack and stack[-1] == name:
                stack.pop()
            else:
                _close_implied(stack, name)
            if name in ("svg", "math"):
                foreign = sum(1 for open_name in stack if open_name in ("svg", "math"))
            continue
        if name in _VOID or (foreign and match.group().endswith("/>")):
            deepest = max(deepest, len(stack) + 1)  # an element that holds nothing
            continue
        if stack and (
            (stack[-1] == name and name in _OPTIONAL_END | _TABLE_PARTS)
            or stack[-1] == _SAME_KIND.get(name)
            or (stack[-1] == "p" and name in _CLOSES_P)
        ):
            stack.pop()
        stack.append(name)
        if name in ("svg", "math"):
            foreign += 1
        deepest = max(deepest, len(stack))
    return deepest


def _close_implied(stack: list[str], name: str) -> None:
    """An end tag below elements whose end tags may be left out closes them with it."""
    poppable = _OPTIONAL_END | _TABLE_PARTS if name in _TABLE_PARTS | {"table"} else _OPTIONAL_END
    for depth in range(len(stack) - 1, max(-1, len(stack) - 4), -1):
        if stack[depth] == name:
            del stack[depth:]
            return
        if stack[depth] not in poppable:
            return
