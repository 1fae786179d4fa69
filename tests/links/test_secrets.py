"""The redaction rules: one function (`secrets.redact`), a table of the spellings it hides.

Each row is a spelling found by the security review (issue 29) or documented by a vendor;
the secret part must be gone from the href's URL, from the href as shown, and from a text
that holds it, and what stays must stay.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from helpers import BuiltSite

from mkdocs_linkroles.links.classify import PublicSuffixList, Site, classify_url, redact_href
from mkdocs_linkroles.links.secrets import SECRET_SHAPES, redact

PSL = PublicSuffixList()
SITE = Site.from_url("https://docs.example.org/")

GHP = "ghp_" + "a1B2" * 9  # 36 characters after the prefix, as GitHub's tokens
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

# (spelling, what must not remain, what must remain)
SPELLINGS = [
    ("https://user:hunter2@example.com/", "hunter2", "example.com/"),
    ("https://user:pa'ss@example.com/", "pa'ss", "example.com/"),
    ("https://user:pa ss@example.com/", "pa ss", "example.com/"),
    ("https://user:pa`ss@example.com/", "pa`ss", "example.com/"),
    ("https://user:pa<ss@example.com/", "pa<ss", "example.com/"),
    ("https://user:pa\tss@example.com/", "pa\tss", "example.com/"),
    ("https://u:p@ss@example.com/", "p@ss", "example.com/"),
    ("https:\\\\u:secretpw@example.com/", "secretpw", "example.com/"),
    ("https://example.com/#/cb?access_token=abc123", "abc123", "#/cb?access_token="),
    ("https://example.com/#!token=abc123", "abc123", "#!token="),
    ("https://example.com/?a=1;token=abc123", "abc123", "?a=1;token="),
    ("https://example.com/?next=https://n:PASS1@inner.example/", "PASS1", "inner.example"),
    ("https://example.com/?access-token=abc123", "abc123", "access-token="),
    ("https://example.com/?X-Api-Key=abc123", "abc123", "X-Api-Key="),
    ("https://example.com/?client-secret=abc123", "abc123", "client-secret="),
    ("https://example.com/?authorization=Bearer1", "Bearer1", "authorization="),
    ("https://example.com/x;jsessionid=abc123?q=1", "abc123", "q=1"),
    (f"https://example.com/{GHP}/x", GHP, "/x"),
    ("https://example.com/gh%70_" + "a1B2" * 9, "a1B2a1B2a1B2", "example.com"),
    ("https://gitlab.example.com/glpat-" + "x" * 20 + "/x", "glpat-xxxx", "/x"),
    ("https://example.com/xapp-1-A0123456-1234567-" + "ab" * 16, "abababab", "example.com"),
    ("https://example.com/sk_live_" + "a" * 24, "sk_live_aaaa", "example.com"),
    ("https://example.com/rk_live_" + "a" * 24, "rk_live_aaaa", "example.com"),
    ("https://example.com/" + "sk-proj-abc" + "T3BlbkFJ" + "z" * 20, "T3BlbkFJ", "example.com"),
    ("https://example.com/npm_" + "a" * 36, "npm_aaaa", "example.com"),
    ("https://example.com/pypi-AgEIcHlwaS5vcmc" + "a" * 60, "AgEIcHlwaS5vcmcaaa", "example.com"),
    ("https://example.com/?x=" + JWT, JWT[:20], "example.com"),
    ("https://example.com/Bearer%20" + JWT, JWT[:20], "example.com"),
    ("https://example.com/AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", "example.com"),
    ("https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/" + "c" * 24, "cccc", "services/"),
    ("https://example.com/xoxb-1234567890-abcdefghij", "xoxb-1234567890", "example.com"),
    ("https://example.com/?q=AIza" + "A" * 35, "AIzaAAAA", "example.com"),
]

# Names that look like a shape's prefix and are not secrets.
NOT_SECRETS = [
    "https://pypi.org/project/ghp_import/",
    "https://scikit-learn.org/sk-learn-is-a-nickname/",
    "https://example.com/npm_install",
    "mailto:me@example.com",
    "https://example.com/?page=2&sort=key-name",
    "https://example.com/a@b",
]


@pytest.mark.parametrize(("href", "secret", "kept"), SPELLINGS)
def test_every_spelling_is_hidden_in_hrefs_and_texts(href: str, secret: str, kept: str) -> None:
    shown = redact_href(href)
    assert secret not in shown and kept in shown, shown
    text = redact(f"see {href} here")
    assert secret not in text, text
    target = classify_url(href, SITE, PSL.registrable_domain)
    assert secret not in target.url and target.redacted, target


@pytest.mark.parametrize("href", NOT_SECRETS)
def test_what_only_looks_like_a_secret_stays(href: str) -> None:
    assert redact(href) == href
    target = classify_url(href, SITE, PSL.registrable_domain)
    assert not target.redacted


def test_redact_says_what_it_hid() -> None:
    found: list[str] = []
    redact(f"https://u:p@x.org/?token=1#sig=2 {GHP}", found)
    assert found == [
        "user-info",
        "query parameter 'token'",
        "fragment parameter 'sig'",
        "GitHub token",
    ]


def test_every_shape_has_a_row() -> None:
    texts = " ".join(href for href, _, _ in SPELLINGS)
    found: list[str] = []
    redact(texts, found)
    assert set(SECRET_SHAPES) <= set(found)


HOSTILE: dict[str, Callable[[int], str]] = {
    "eyJ repeated": lambda n: "eyJ" * n,
    "segment run": lambda n: "x/" + "a" * n + "@",
    "schemes": lambda n: "a:" * n + "@",
    "parameters": lambda n: "?a" * n + "=",
    "bracket": lambda n: "http://[" + "?" * n,
    "slack": lambda n: "T" * n,
    "user-info": lambda n: "https://" + "u:" * n + "@",
    "percent": lambda n: "%" + "gh%70_" * n,
}


@pytest.mark.timing
@pytest.mark.parametrize("name", HOSTILE)
def test_redaction_is_linear(name: str) -> None:
    # Doubling the input at most about doubles the time (a ratio in one run, no clock).
    make = HOSTILE[name]
    times = []
    for n in (20_000, 40_000):
        text = make(n)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            redact(text)
            redact_href(text)
            best = min(best, time.perf_counter() - started)
        times.append(best)
    assert times[1] < 3 * times[0] + 0.002, times


def test_page_titles_and_theme_link_texts_are_redacted(
    build_site: Callable[..., BuiltSite],
) -> None:
    # Front matter titles, `<h1>` titles and the theme's link texts once reached the report
    # and the pages as they were.
    site = build_site(
        {
            "index.md": (
                f"---\ntitle: Deploy with https://ci:hunter2@build.example/ and {GHP}\n---\n\n"
                "[a](https://python.org/)\n"
            ),
            "guide.md": "# Key AKIAIOSFODNN7EXAMPLE here\n\n[b](https://pypi.org/)\n",
        },
        {
            "theme": {"name": "mkdocs"},
            "copyright": f'<a href="https://github.com/org">{GHP} ?token=abc123</a>',
            "plugins": [{"linkroles": {"theme_links": True}}],
        },
    )
    # The plugin's part of each generated page (the theme's navigation around it shows the
    # titles as the site's own pages do: the theme's, not the plugin's).
    generated = [
        path.read_text(encoding="utf-8").split('class="linkroles"', 1)[1].split("<footer", 1)[0]
        for path in (site.site_dir / "backlinks").rglob("*.html")
    ]
    everything = (site.site_dir / "linkroles.json").read_text(encoding="utf-8") + "".join(generated)
    for secret in ("hunter2", GHP, "AKIAIOSFODNN7EXAMPLE", "abc123"):
        assert secret not in everything, secret
    assert "github.com" in everything  # the theme link is there, its text hidden
