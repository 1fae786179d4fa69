"""The machine-readable report (`linkroles.json`): schema, writing and reading.

The schema is versioned and documented field by field in demo_site/docs/report.md. Output is
deterministic: the same link graph always gives the same bytes (no timestamps, fixed order).
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from mkdocs_linkroles import __version__
from mkdocs_linkroles.links.classify import unicode_host
from mkdocs_linkroles.links.model import LinkGraph, ThemeLink
from mkdocs_linkroles.links.records import LEVELS, DomainSummary, Finding, MalformedLink, PageLinks
from mkdocs_linkroles.links.rules import RULES
from mkdocs_linkroles.reading.anchors import Section
from mkdocs_linkroles.safe import shorten

SCHEMA = 1


class ReportError(Exception):
    """A report file that cannot be read or is not a linkroles report."""


def iter_report(
    graph: LinkGraph,
    *,
    site_url: str | None,
    domain_urls: Mapping[str, str | None],
    rules: Mapping[str, str] | None = None,
    baseline: Mapping[str, Any] | None = None,
    docs_dir: str | None = None,
    theme_links: Sequence[ThemeLink] | None = None,
    health: Mapping[str, Any] | None = None,
) -> Iterator[str]:
    """The report as text, in pieces: one page's records at a time, never all at once.

    `rules`: the level of each audit rule; `baseline`: the comparison with a baseline
    report (`ReportDiff.as_counts()`), or None without one; `docs_dir`: the folder of the
    pages' source files, relative to the configuration file (where CI runs), so that a
    page's `src_uri` and a link's `line` point into the repository.
    """
    summaries = graph.summaries()
    # Every host and domain name of the site, as JSON: a site has a few thousand at most,
    # and its links repeat them: encoded once each, with the links' other fields formatted
    # in line (below), rather than once per link by a generic writer.
    names = {
        name: _string(name)
        for summary in summaries
        for name in (summary.domain, *(host for host, _ in summary.hosts))
    }
    domains = [_domain_text(d, names, domain_urls.get(d.domain)) for d in summaries]
    head = {
        "schema": SCHEMA,
        "generator": f"mkdocs-linkroles {__version__}",
        "site_url": site_url or None,
        **({"docs_dir": docs_dir} if docs_dir is not None else {}),
        "totals": graph.totals(),
        "rules": dict(rules or {}),
        "baseline": dict(baseline) if baseline is not None else None,
        "domains": _Formatted("[\n    " + ",\n    ".join(domains) + "\n  ]" if domains else "[]"),
        "findings": [_finding(finding) for finding in graph.findings()],
        **(
            {"accepted": [_finding(finding) for finding in accepted]}
            if (accepted := graph.accepted())
            else {}
        ),
        **(
            {"theme_links": [link._asdict() for link in theme_links]}
            if theme_links is not None
            else {}
        ),
        **({"health": dict(health)} if health is not None else {}),
    }
    out: list[str] = []
    _dump(head, 0, out)
    yield "".join(out)[:-2]  # all but the closing "\n}": the pages follow
    pages = graph.sorted_pages()
    if not pages:
        yield ',\n  "pages": []\n}\n'
        return
    yield ',\n  "pages": ['
    for index, page_links in enumerate(pages):
        yield (",\n    " if index else "\n    ") + _page_text(page_links, names)
    yield "\n  ]\n}\n"


def build_report(graph: LinkGraph, **options: Any) -> dict[str, Any]:
    """The report as plain data, exactly as it is written (options as for `iter_report`)."""
    report: dict[str, Any] = json.loads("".join(iter_report(graph, **options)))
    return report


def _domain_text(summary: DomainSummary, names: Mapping[str, str], page_url: str | None) -> str:
    """One domain's entry of the report, as `_dump` would write it at its depth."""
    hosts = ",\n        ".join(
        f'{{"host": {names[host]}, "host_unicode": {_string(unicode_host(host))}, '
        f'"links": {count}}}'
        for host, count in summary.hosts
    )
    return (
        f'{{\n      "domain": {names[summary.domain]},'
        f'\n      "domain_unicode": {_string(unicode_host(summary.domain))},'
        f'\n      "kind": {_string(summary.kind)},\n      "links": {summary.links},'
        f'\n      "referring_pages": {summary.referring_pages},'
        f'\n      "hosts": [\n        {hosts}\n      ],'
        f'\n      "page_url": {"null" if page_url is None else _string(page_url)}\n    }}'
    )


def _page_text(p: PageLinks, names: Mapping[str, str]) -> str:
    """One page's entry of the report, as `_dump` would write it at its depth.

    Formatted directly: the bulk of the report, and a dict per page walked by `_dump`
    cost as much as formatting all of the page's links. `names`: each host and domain
    name as JSON.
    """
    ref = p.page
    sections = [_section_text(*fields) for fields in p.sections] + ["null"]
    other = _expanded([f"{_string(scheme)}: {count}" for scheme, count in p.other], "{}")
    # The bulk of a report: each link formatted in line, twice as fast as encoding a dict
    # per link. Most links have no title, rel, target or redactions.
    links = _expanded(
        [
            f'{{"url": {_string(url)}, "host": {names[host]}, "domain": {names[domain]}, '
            f'"text": {_string(text)}, "title": {_string(title) if title else _EMPTY}, '
            f'"rel": {_encode(list(rel)) if rel else "[]"}, '
            f'"target": {_string(target) if target else _EMPTY}, '
            f'"section": {sections[-1 if section is None else section]}, '
            f'"redacted": {_encode(list(redacted)) if redacted else "[]"}'
            + (f', "line": {line}}}' if line is not None else "}")
            for url, host, domain, _, text, title, rel, target, section, redacted, line in p.records
        ],
        "[]",
    )
    malformed = _expanded([_encode(_malformed(m)) for m in p.malformed], "[]")
    return (
        f'{{\n      "src_uri": {_string(ref.src_uri)},\n      "url": {_string(ref.url)},'
        f'\n      "title": {_string(ref.title)},\n      "nav_section": {_string(ref.section)},'
        f'\n      "counts": {{\n        "external": {len(p.records)},'
        f'\n        "internal": {p.internal},\n        "other": {p.other_count},'
        f'\n        "unsafe": {p.unsafe},\n        "malformed": {len(p.malformed)},'
        f'\n        "excluded": {p.excluded}\n      }},\n      "other_schemes": {other},'
        f'\n      "links": {links},\n      "malformed": {malformed}\n    }}'
    )


def _expanded(items: list[str], brackets: str) -> str:
    """A list or dict inside a page, one item a line (empty: `[]` or `{}`)."""
    if not items:
        return brackets
    return f"{brackets[0]}\n        " + ",\n        ".join(items) + f"\n      {brackets[1]}"


def _section(section: Section | None) -> dict[str, Any] | None:
    if section is None:
        return None
    return {"id": section.id, "text": section.text, "level": section.level}


def _section_text(heading_id: str | None, text: str, level: int) -> str:
    """`_section` as JSON text, as `_encode` would write it."""
    shown = "null" if heading_id is None else _string(heading_id)
    return f'{{"id": {shown}, "text": {_string(text)}, "level": {level}}}'


_string = json.encoder.encode_basestring  # what `_encode` uses for strings; C speed
_EMPTY = _string("")


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "level": finding.level,
        "page": finding.page,
        "section": _section(finding.section),
        "href": finding.href,
        "domain": finding.domain,
        "message": finding.message,
        **({"line": finding.line} if finding.line is not None else {}),
        **({"column": finding.column} if finding.column is not None else {}),
        **({"accepted_by": finding.accepted_by} if finding.accepted_by else {}),
    }


def _malformed(link: MalformedLink) -> dict[str, Any]:
    found = {"href": link.href, "reason": link.reason, "section": _section(link.section)}
    return {**found, "line": link.line} if link.line is not None else found


def dump_report(report: Mapping[str, Any]) -> str:
    """The report as text: fixed key order, UTF-8, final newline.

    Indented two spaces down to single records (a link, a host), which stay on one line:
    diffs then show one line per added or removed link, and the compact parts go through
    the json module's C encoder (indenting everything is ten times slower).
    """
    out: list[str] = []
    _dump(report, 0, out)
    out.append("\n")
    return "".join(out)


_EXPANDED_DEPTH = 4  # root, its lists, their records, their lists; deeper: one line each
_encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


class _Formatted(str):
    """A value already written as JSON, at its depth: `_dump` writes it as it is."""


def _scalar(value: Any) -> str:
    # `_encode` makes a new C encoder on every call: fine for a record, slow for a number.
    cls = value.__class__
    if cls is str:
        return _string(value)
    if cls is _Formatted:
        return cast(str, value)
    if cls is int:
        return str(value)
    if value is None:
        return "null"
    return _encode(value)


def _dump(value: Any, depth: int, out: list[str]) -> None:
    if depth >= _EXPANDED_DEPTH or not value or not isinstance(value, (dict, list)):
        out.append(_scalar(value))
        return
    inner = ",\n" + "  " * (depth + 1)
    close = "\n" + "  " * depth + ("}" if isinstance(value, dict) else "]")
    if depth + 1 >= _EXPANDED_DEPTH and isinstance(value, list):
        # Records, one line each, at C speed.
        out.append("[" + inner[1:] + inner.join(map(_encode, value)) + close)
        return
    out.append("{" if isinstance(value, dict) else "[")
    out.append(inner[1:])
    if isinstance(value, dict):
        for i, (key, item) in enumerate(value.items()):
            out.append((inner if i else "") + _string(key) + ": ")
            if item.__class__ in (str, int) or item is None:  # most values: no call
                out.append(_scalar(item))
            else:
                _dump(item, depth + 1, out)
    else:
        for i, item in enumerate(value):
            if i:
                out.append(inner)
            _dump(item, depth + 1, out)
    out.append(close)


def write_report(path: str | os.PathLike[str], report: Mapping[str, Any] | Iterable[str]) -> None:
    """Write a report (data, or text pieces from `iter_report`) atomically.

    A reader sees the old file or the new one, never half of one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pieces = [dump_report(report)] if isinstance(report, Mapping) else report
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # Written through a 1 MB buffer: the pieces (a page each, a few kB) would otherwise
        # be a system call each.
        with os.fdopen(fd, "wb", buffering=1 << 20) as stream:
            for piece in pieces:
                stream.write(piece.encode("utf-8", "surrogatepass"))
        # mkstemp makes the file private; a published report is as readable as the rest of
        # the site, which the umask decides.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


MAX_REPORT_BYTES = 1 << 30
"""The largest report `load_report` reads (1 GiB; a 10,000-page site's is about 100 MB)."""


MEMORY_PER_BYTE = 12
"""The most memory a report may cost per byte of its file once loaded, as estimated by
`_costly` (a report of this plugin costs about 3; `[],` repeated would cost 22)."""


def _costly(raw: bytes) -> str | None:
    """Why loading `raw` would cost too much memory for its size, or None.

    Estimated from what it holds before it is parsed: each list or object costs about 80
    bytes in Python, each string 56, each other value 40.
    """
    containers = raw.count(b"[") + raw.count(b"{")
    estimate = 80 * containers + 56 * (raw.count(b'"') // 2) + 40 * raw.count(b",")
    if estimate <= MEMORY_PER_BYTE * len(raw) + (1 << 20):
        return None
    return (
        f"it holds more values than a report of its size, {estimate >> 20} MB once loaded "
        f"for {len(raw) >> 10} kB; the limit is {MEMORY_PER_BYTE} times the file's size"
    )


_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _lone_surrogate(raw: bytes) -> str | None:
    r"""A `\udXXX` escape that is half of a character, which no output can write, or None."""
    if b"\\u" not in raw:
        return None
    match = _LONE_SURROGATE.search(raw)
    if match is None:
        return None
    return f"{match.group().decode()} is half of a character (a lone surrogate)"


def _umask() -> int:
    """The process's umask (read by setting it, then setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def load_report(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a report written by this plugin; ReportError with one clear line otherwise.

    A report given to the command line or as `baseline` may be damaged or crafted: only a
    regular file of at most `MAX_REPORT_BYTES` is read (never a FIFO or a device such as
    `/dev/zero`), and its content is checked against the schema before anything uses it.
    """
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise ReportError(f"{path}: not a regular file")
        if status.st_size > MAX_REPORT_BYTES:
            raise ReportError(f"{path}: larger than {MAX_REPORT_BYTES >> 20} MB")
        with open(path, "rb") as stream:
            raw = stream.read(MAX_REPORT_BYTES + 1)
        if len(raw) > MAX_REPORT_BYTES:
            raise ReportError(f"{path}: larger than {MAX_REPORT_BYTES >> 20} MB")
        problem = _costly(raw) or _lone_surrogate(raw)
        if problem is not None:
            raise ReportError(f"{path}: not a report ({problem})")
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReportError(f"{path}: a folder, not a report file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"{path}: cannot read it ({error})") from None
    except json.JSONDecodeError as error:
        raise ReportError(f"{path}: not valid JSON ({error})") from None
    except (ValueError, RecursionError) as error:  # an integer of 4,300 digits; deep nesting
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise ReportError(f"{path}: not a report ({reason})") from None
    if not isinstance(data, dict) or "schema" not in data:
        raise ReportError(f"{path}: not a linkroles report (no 'schema' field)")
    if data["schema"] != SCHEMA:
        raise ReportError(
            f"{path}: report schema {_short(data['schema'])}, this version reads schema {SCHEMA}"
        )
    problem = report_problem(data)
    if problem is not None:
        raise ReportError(f"{path}: not a valid report: {problem}")
    return data


def _short(value: Any) -> str:
    return shorten(repr(value), 40)


# The schema, as types: what `report_problem` checks. A dict of field -> type; a list of
# one type is a list of items of that type; a tuple is one of several types; a frozenset is
# one of those strings. Fields marked `?` may be missing.
_STR, _INT, _NONE = str, int, type(None)


def _line(value: Any, where: str) -> str | None:
    """A source line: a whole number from 1."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return None
    return f"{where} is {_short(value)}, expected a line number from 1"


def _source_path(value: Any, where: str) -> str | None:
    """A path inside the site's sources: relative, without `..`."""
    if not isinstance(value, str):
        return f"{where} is not a string"
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or ".." in parts or re.match(r"[A-Za-z]:[/\\]", value):
        return f"{where} is {_short(value)}, expected a relative path inside the site's sources"
    return None


def _folder(value: Any, where: str) -> str | None:
    """A folder relative to the configuration file (`docs`, maybe `../docs`): not absolute."""
    if not isinstance(value, str):
        return f"{where} is not a string"
    if value.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[/\\]", value):
        return f"{where} is {_short(value)}, expected a relative folder"
    return None


_SECTION = ({"id": (_STR, _NONE), "text": _STR, "level": _INT}, _NONE)
_HOST = {"host": _STR, "host_unicode?": _STR, "links": _INT}
_DOMAIN = {
    "domain": _STR,
    "domain_unicode?": _STR,
    "kind?": frozenset({"name", "ip", "single-label"}),
    "links": _INT,
    "referring_pages": _INT,
    "referring_sites?": _INT,
    "hosts": [_HOST],
    "page_url?": (_STR, _NONE),
}
_FINDING = {
    "rule": frozenset(RULES),
    "level": frozenset(LEVELS),
    "page": _source_path,
    "section": _SECTION,
    "href": _STR,
    "domain": _STR,
    "message": _STR,
    "site?": _STR,
    "line?": (_line, _NONE),
    "column?": (_line, _NONE),
}
_LINK = {
    "url": _STR,
    "host": _STR,
    "domain": _STR,
    "text": _STR,
    "title": _STR,
    "rel": [_STR],
    "target": _STR,
    "section": _SECTION,
    "redacted?": [_STR],
    "line?": (_line, _NONE),
}
_PAGE = {
    "src_uri": _source_path,
    "url": _STR,
    "title?": _STR,
    "nav_section?": _STR,
    "site?": _STR,
    "counts?": {"?": _INT},
    "other_schemes?": {"?": _INT},
    "links": [_LINK],
    "malformed?": [{"href": _STR, "reason": _STR, "section": _SECTION, "line?": (_line, _NONE)}],
}
_BASELINE = (
    {
        "added_domains": [_STR],
        "removed_domains": [_STR],
        "added_links": _INT,
        "removed_links": _INT,
    },
    _NONE,
)
_REPORT = {
    "schema": _INT,
    "generator?": (_STR, _NONE),
    "site_url?": (_STR, _NONE),
    "docs_dir?": (_folder, _NONE),
    "sites?": [{"site_url": _STR, "generator?": (_STR, _NONE), "totals": {"?": _INT}}],
    "totals?": {"?": _INT},
    "rules?": {"?": frozenset(LEVELS)},
    "baseline?": _BASELINE,
    "domains": [_DOMAIN],
    "findings?": [_FINDING],
    "accepted?": [{**_FINDING, "accepted_by": _STR}],
    "theme_links?": [
        {
            "url": _STR,
            "host": _STR,
            "domain": _STR,
            "position": _STR,
            "text": _STR,
            "pages": _INT,
            "site_wide": bool,
        }
    ],
    "health?": {
        "urls": {
            "?": {
                "status": frozenset({"ok", "redirected", "broken", "unreachable", "excluded"}),
                "code": (_INT, _NONE),
                "checked_at": _STR,
                "final_url?": _STR,
                "redirects?": [{"url": _STR, "code": _INT}],
                "details?": _STR,
            }
        },
        "domains": {"?": {"resolves": bool, "checked_at": _STR}},
    },
    "pages": [_PAGE],
}


def report_problem(data: Any) -> str | None:
    """What makes `data` not a report of this schema (the first problem found), or None.

    Types and known values only (rule and level names, domain kinds): enough that every
    reader of reports can use the fields without a check of its own.
    """
    return _problem(data, _REPORT, "report")


def _problem(value: Any, spec: Any, where: str) -> str | None:
    if isinstance(spec, frozenset):
        if isinstance(value, str) and value in spec:
            return None
        return f"{where} is {_short(value)}, expected one of {', '.join(sorted(spec))}"
    if isinstance(spec, tuple):
        problems = [_problem(value, option, where) for option in spec]
        if None in problems:
            return None
        if value is not None and not isinstance(spec[0], (type, dict, list, frozenset)):
            return problems[0]  # the check of its own says what is wrong
        return f"{where} has the wrong type ({type(value).__name__})"
    if isinstance(spec, list):
        if not isinstance(value, list):
            return f"{where} is not a list"
        for index, item in enumerate(value):
            problem = _problem(item, spec[0], f"{where}[{index}]")
            if problem is not None:
                return problem
        return None
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return f"{where} is not an object"
        if "?" in spec:  # any keys, values of one type
            for key, item in value.items():
                problem = _problem(item, spec["?"], f"{where}.{_short(key)}")
                if problem is not None:
                    return problem
            return None
        for key, item_spec in spec.items():
            name = key.rstrip("?")
            if name not in value:
                if key.endswith("?"):
                    continue
                return f"{where} has no {name!r}"
            problem = _problem(value[name], item_spec, f"{where}.{name}")
            if problem is not None:
                return problem
        return None
    if not isinstance(spec, type):  # a check of its own (`_line`, `_source_path`)
        own: str | None = spec(value, where)
        return own
    # A plain type; a bool is not an int here.
    if isinstance(value, spec) and not (spec is int and isinstance(value, bool)):
        return None
    kind = {str: "string", int: "number", bool: "boolean"}.get(spec, "null")
    return f"{where} is not a {kind}"
