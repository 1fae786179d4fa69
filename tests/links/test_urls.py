"""The classifier reads URLs as the WHATWG URL standard does.

Two sources of truth: the standard's own test cases (web-platform-tests' `urltestdata.json`
and `toascii.json`, vendored in `tests/wpt/` with their licence), and ada-url, a WHATWG URL
parser that passes all of them, against which hypothesis compares the classifier on
generated URLs. The classifier's fast path, its handling of schemes, slashes, user-info
and the site's own host are what is under test; the one change it makes on purpose is
the redaction of secrets (the documentation, "Which links count").
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import ada_url
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mkdocs_linkroles.links.classify import (
    Classifier,
    PublicSuffixList,
    Site,
    Target,
    ascii_host,
    classify_url,
    strip_url,
)

WPT = Path(__file__).parents[1] / "wpt"
PSL = PublicSuffixList()
SITE = Site.from_url("https://docs.example.com/")


def classify(href: str, site: Site = SITE) -> Target:
    target = classify_url(href, site, PSL.registrable_domain)
    # The cached classifier the plugin uses, with its fast path, must agree.
    assert Classifier(site, PSL.registrable_domain)(href) == target
    return target


def without_credentials(url: Any) -> str:
    url.username = ""
    url.password = ""
    return str(url.href)


def expected_target(href: str, site: Site) -> tuple[str, str]:
    """(kind, url) as the standard reads `href` on a page of `site`, credentials removed."""
    stripped = strip_url(href)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", stripped)
    if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
        return "not web", ""  # named by its scheme, whether it parses or not
    try:
        url = ada_url.URL(stripped, site.base)
    except ValueError:
        return "malformed", ""
    if url.protocol not in ("http:", "https:"):
        return "not web", ""
    if url.hostname.rstrip(".") == site.host:
        return "internal", ""
    return "external", without_credentials(url)


def check(href: str, site: Site = SITE) -> None:
    target = classify(href, site)
    kind, url = expected_target(href, site)
    if kind == "not web":
        assert target.kind in ("internal", "other", "unsafe"), (href, target)
    elif kind == "internal":
        # A relative href (a path, `https:path` under the site's scheme) or the site's host.
        assert target.kind == "internal", (href, target)
    elif kind == "malformed":
        # Only web URLs are parsed: a relative href that the parser refuses is left to
        # MkDocs' own link validation, as a path.
        assert target.kind in ("malformed", "internal"), (href, target)
        if target.kind == "internal":
            assert ":" not in href.split("/", 1)[0] and not href.lstrip().startswith("//")
    else:
        assert target.kind == "external", (href, target)
        if set(target.redacted) <= {"user-info"}:
            assert target.url == url, href
        assert target.host == ada_url.URL(url).hostname


def wpt_cases(name: str) -> list[dict[str, Any]]:
    return [case for case in json.loads((WPT / name).read_text("utf-8")) if isinstance(case, dict)]


URL_CASES = [
    case
    for case in wpt_cases("urltestdata.json")
    # The web URLs: with a base of the web (a page's URL), or absolute http(s) input.
    if (case.get("base") or "").startswith(("http:", "https:"))
    or (case.get("base") is None and case["input"].lower().lstrip().startswith("http"))
]


@pytest.mark.parametrize("case", URL_CASES, ids=lambda case: repr(case["input"])[:60])
def test_the_url_standards_own_cases(case: dict[str, Any]) -> None:
    if case.get("base") is None:
        # No base: on any page of a site, the href reads as it does on a page of ours.
        check(case["input"])
        return
    base = case["base"]
    site = Site.from_url(base)
    target = classify(case["input"], site)
    if case.get("failure"):
        assert target.kind in ("malformed", "internal", "other", "unsafe")
        if case["input"].lower().startswith(("http:", "https:")) and base.startswith("https:"):
            # An absolute web URL that the standard refuses is reported, never followed.
            assert target.kind == "malformed" or case["input"].lower().startswith("https:")
        return
    expected = ada_url.URL(case["href"])
    assert str(expected.href) == case["href"]  # the reference agrees with the standard
    if case["protocol"] not in ("http:", "https:"):
        assert target.kind in ("internal", "other", "unsafe")
    elif case["hostname"].rstrip(".") == site.host:
        assert target.kind == "internal"
    else:
        assert target.kind == "external"
        if set(target.redacted) <= {"user-info"}:
            assert target.url == without_credentials(expected)
        assert target.host == case["hostname"]


@pytest.mark.parametrize(
    "case", wpt_cases("toascii.json"), ids=lambda case: repr(case["input"])[:60]
)
def test_the_url_standards_host_cases(case: dict[str, Any]) -> None:
    target = classify(f"https://{case['input']}/x")
    if case["output"] is None:
        assert target.kind == "malformed"
        assert ascii_host(case["input"]) is None
    else:
        assert (target.kind, target.host) == ("external", case["output"])
        if "%" not in case["input"]:
            assert ascii_host(case["input"]) == case["output"]


PIECES = {
    "scheme": ["https:", "http:", "HTTPS:", "HtTp:", "", " https:", "java\nscript:", "mailto:"],
    "slashes": ["//", "", "/", "\\\\", "/\\", "\\/", "///", "\t//"],
    "userinfo": ["", "", "user@", "user:pass@", ":@", "a%40b:c@", "@"],
    "host": [
        "example.org",
        "EXAMPLE.org",
        "docs.example.com",
        "example.org.",
        "example..org",
        "a_b.example",
        "-x.example",
        "xn--53h.example",
        "\u2615.example",
        "b\u00fccher.de",
        "%41.example",
        "ex%2Fample.org",
        "127.0.0.1",
        "0x7f.1",
        "2130706433",
        "1.2.3",
        "256.1.1.1",
        "[::1]",
        "[::FFFF:1.2.3.4]",
        "[fe80::1%25eth0]",
        "exa mple.org",
        "a<b.org",
        "",
        "x",
        "localhost",
        "\u0430pple.com",
        "faß.de",
        "a\u200bb.org",
    ],
    "port": ["", "", ":443", ":80", ":8080", ":", ":99999", ":8o"],
    "path": [
        "",
        "/",
        "/a/b",
        "/a/./b/../c",
        "/%2e%2E/x",
        "/{a}^`",
        "/a b",
        "/caf\u00e9",
        "/a\\b",
        "/;jsessionid=1",
        "/a%zz",
        "/.well-known/x",
        "/\u202e",
        "/x?y",
    ],
    "query": ["", "", "?", "?q=1", "?a='b'", "?token=s3cr3t", "?x=\u00e9 {}", "?a=1&copy=2"],
    "fragment": ["", "", "#", "#f", "#a b`", "#{x}'", "#access_token=x", "#\u00e9"],
}


@st.composite
def urls(draw: Any) -> str:
    return "".join(draw(st.sampled_from(PIECES[part])) for part in PIECES)


@settings(
    max_examples=int(os.environ.get("DIFFERENTIAL_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(urls())
@example("https:\\\\user:pass@host.example/x")
@example("https:/\\user:pass@host.example/x")
@example("http:user:pass@host.example/x")
@example("https:path/on/this/site")
def test_the_classifier_reads_urls_as_a_whatwg_parser(href: str) -> None:
    check(href)
