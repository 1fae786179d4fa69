"""A port of how GitHub's Actions runner finds workflow commands in a line of a step's log.

From `src/Runner.Common/ActionCommand.cs` and `src/Runner.Worker/ActionCommandManager.cs`
(actions/runner): `TryParseV2` first (`::name props::data` at the start after `TrimStart`),
then the legacy `TryParse` (`##[name props]data` anywhere in the line). Command names are
the registered ones; the runner's string search is culture-sensitive, which skips
zero-width characters, so they are removed before matching here (stricter than the runner).
"""

from __future__ import annotations

import re

REGISTERED = frozenset(
    {
        "set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher",
        "remove-matcher", "debug", "warning", "error", "notice", "group", "endgroup",
        "echo", "stop-commands", "internal-set-repo-path",
    }
)  # fmt: skip
# Characters an ICU culture-sensitive search ignores (a subset: what matters here).
_IGNORABLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                        "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")  # fmt: skip


def command_in(line: str) -> tuple[str, str] | None:
    """The command the runner reads in `line` and its data, or None."""
    message = _IGNORABLE.sub("", line)
    v2 = message.lstrip()  # .NET TrimStart: every Unicode white space
    if v2.startswith("::"):
        end = v2.find("::", 2)
        if end >= 0:
            name = v2[2:end].split(" ", 1)[0]
            if name.lower() in REGISTERED:
                return name, v2[end + 2 :]
    start = message.find("##[")
    if start >= 0:
        close = message.find("]", start)
        if close >= 0:
            name = message[start + 3 : close].split(" ", 1)[0]
            if name.lower() in REGISTERED:
                return name, message[close + 1 :]
    return None


def commands_in(text: str) -> list[tuple[str, str, str]]:
    """Every line of `text` that the runner reads as a command: (line, name, data)."""
    found = []
    for line in text.splitlines():
        command = command_in(line)
        if command is not None:
            found.append((line, *command))
    return found


def only_our_annotations(text: str) -> list[str]:
    """The lines of `text` read as commands that are not the plugin's own annotations."""
    return [
        line
        for line, name, _data in commands_in(text)
        if not (
            name in ("notice", "warning", "error")
            and line.startswith(f"::{name} ")
            and "title=linkroles::" in line
            and "##[" not in line
        )
    ]
