"""The theme's page around the domain pages, rendered once and filled in for each.

Every domain page lives in the same folder, at the same depth, with the same navigation
(the compact one): what the theme writes around the content is the same for all of them,
but for the title, the content and the table of contents. Rendering the whole theme for
each of hundreds of domains cost most of what the generated pages cost (on the real OWASP
Cheat Sheet Series: 460 pages, 1.2 s of a 7.9 s build). So the plugin renders a shell page
whose title, content and table-of-contents texts are marks, and whose name is a mark too;
each domain page is then the shell with its own values in place of the marks. A page's
table of contents differs only in which headings it has (hosts, theme links): one shell
per set of headings, a few per build. The content still comes from the templates
(`linkroles/domain.html`), and the theme's own templates still make the shell: both stay
overridable, and the pages are byte for byte what rendering each would give (a test).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

SHELL_NAME = "linkroles-shell-3f9a1c"
"""The shell pages' names in the backlinks folder start so. The first label, `linkroles`,
is never a domain's page name (`model.domain_slug` reserves it), and the shells are removed
once the build has written every domain page."""

TITLE_MARK = "LinkrolesShellTitle3f9a1c"
CONTENT_MARK = "LinkrolesShellContent3f9a1c"
HEADING_MARK = "LinkrolesShellHeading3f9a1c-"
SHELL_MARKS = (TITLE_MARK, CONTENT_MARK, HEADING_MARK, SHELL_NAME)
"""What a shell holds in place of a domain page's own values."""

_HAS_H1 = "<!--<h1>-->"
SHELL_CONTENT = CONTENT_MARK + _HAS_H1
"""A shell page's content. The comment says that the content has its own `<h1>`, as the
domain pages' content has: themes that add the page's title as a heading when the content
has none (Material, Zensical) add none, as for a domain page."""


def heading_mark(index: int) -> str:
    """The mark of a shell's `index`th table-of-contents entry: `...-3Z`.

    The `Z` ends it: `-1Z` is not the start of `-10Z`.
    """
    return f"{HEADING_MARK}{index}Z"


@dataclass(frozen=True)
class Shell:
    """The theme's page around the content, cut where each page's own values go."""

    name: str
    """The shell page's name (`SHELL_NAME` and a number), in place of the page's name."""
    before: str
    after: str
    heading_count: int
    """How many table-of-contents entries hold a mark (`heading_mark(0)` ...)."""
    _pieces: tuple[tuple[str, ...], tuple[str, ...]] = field(init=False, repr=False, compare=False)
    """`before` and `after`, each cut at its marks: text and marks in turn, text first
    and last (what `re.split` with one group gives)."""

    def __post_init__(self) -> None:
        # Cut once, filled for each page in one pass: a page's values are never searched
        # for marks again (a title that reads like a mark stays as it is), and the shell's
        # tens of kilobytes are not searched a dozen times a page.
        marks = [self.name, f'="{TITLE_MARK}"', f'"{TITLE_MARK}"', TITLE_MARK]
        marks += [heading_mark(index) for index in range(self.heading_count)]
        # Longest first: the alternation takes the first that matches, and the title's
        # mark in quotes is to be taken before the bare one.
        cut = re.compile("(" + "|".join(map(re.escape, sorted(marks, key=len, reverse=True))) + ")")
        pieces = (tuple(cut.split(self.before)), tuple(cut.split(self.after)))
        object.__setattr__(self, "_pieces", pieces)

    @classmethod
    def capture(cls, output: str, name: str, heading_count: int) -> Shell | None:
        """The shell from the theme's output for a shell page, or None if it cannot be one.

        None when the content mark is not there exactly once (a theme that writes the
        content twice, or not as given), or a heading's mark was cut or changed.
        """
        if output.count(CONTENT_MARK) != 1 or TITLE_MARK not in output:
            return None
        before, after = output.split(CONTENT_MARK)
        after = after.removeprefix(_HAS_H1)
        rest = before + after
        marks = sum(rest.count(heading_mark(i)) for i in range(heading_count))
        if rest.count(HEADING_MARK) != marks:
            return None  # a mark the theme cut or changed: no safe way to fill it
        return cls(name, before, after, heading_count)

    def fill(self, *, name: str, title: str, content: str, headings: Sequence[str]) -> str:
        """A domain page: the shell with its page name, title, content and headings.

        `name`: the page's name in the backlinks folder (`python.org`), in place of the
        shell's in its URLs; `headings`: the texts of its table of contents, in order (as
        HTML). The title is written as the theme writes a page's title: as it is in HTML
        (MkDocs' themes do not escape it), as JSON in a script's string (`|tojson`), unless
        it is an attribute's value (`content="..."`). Marks without a value (fewer
        headings than the shell has) stay as they are.
        """
        values = {
            self.name: name,
            f'="{TITLE_MARK}"': f'="{title}"',
            f'"{TITLE_MARK}"': _script_string(title),
            TITLE_MARK: title,
        }
        for index, text in enumerate(headings[: self.heading_count]):
            values[heading_mark(index)] = text
        before, after = ([*pieces] for pieces in self._pieces)
        before[1::2] = [values.get(mark, mark) for mark in before[1::2]]
        after[1::2] = [values.get(mark, mark) for mark in after[1::2]]
        return "".join(before) + content + "".join(after)


def _script_string(text: str) -> str:
    """`text` as Jinja's `tojson` writes it into a page: JSON, safe inside `<script>`."""
    return (
        json.dumps(text)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )
