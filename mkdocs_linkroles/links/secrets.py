"""Secrets in links and texts: one function finds and hides them, wherever they stand.

A page may publish a credential by mistake (`https://user:token@host/`, `?access_token=`,
a key in a link's text), and everything the plugin writes (report, pages, logs,
annotations, SARIF, CSV) would repeat it. `redact` is the one set of rules, applied to
hrefs (valid or not), link texts and titles, headings, page titles and the theme's link
texts alike; the documentation's "Untrusted content" page lists them.

Every pattern here reads its input in linear time: each repetition is bounded, or starts
only where the one before it could not have gone on, so a hostile text of a megabyte
costs what its length costs, never its square.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus

from mkdocs_linkroles.safe import shorten

REDACTED = "REDACTED"

SECRET_PARAMETERS = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "auth",
        "auth_token",
        "authorization",
        "client_secret",
        "id_token",
        "jsessionid",
        "key",
        "passwd",
        "password",
        "private_token",
        "pwd",
        "refresh_token",
        "secret",
        "session",
        "sessionid",
        "sig",
        "signature",
        "token",
        "x_amz_credential",
        "x_amz_security_token",
        "x_amz_signature",
        "x_api_key",
        "x_goog_credential",
        "x_goog_signature",
    }
)
"""Parameter names whose values are replaced by `REDACTED`, in a query, a fragment (also a
hash router's `#/cb?token=`, `#!token=`) or a path's `;name=value`. Compared without
regard to case, percent-decoded, with `-` and `_` the same (`access-token`, `X-Api-Key`,
`client-secret`). Documented in "Untrusted content" (demo_site/docs/security.md); change
only on purpose."""

_SEGMENT = r"[A-Za-z0-9_-]"
SECRET_SHAPES: dict[str, str] = {
    "GitHub token": r"gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}",
    "GitLab token": r"glpat-[A-Za-z0-9_-]{20,255}",
    "Slack webhook": r"T[A-Z0-9]{6,20}/B[A-Z0-9]{6,20}/[A-Za-z0-9]{16,64}",
    "Slack token": r"xox[abposr]-[A-Za-z0-9-]{10,255}",
    "Slack app token": r"xapp-[0-9]-[A-Z0-9]{6,32}-[0-9]{6,32}-[a-f0-9]{32,128}",
    "Stripe key": r"[sr]k_live_[A-Za-z0-9]{20,255}",
    "OpenAI key": r"sk-[A-Za-z0-9_-]{0,64}T3BlbkFJ[A-Za-z0-9_-]{16,255}",
    "PyPI token": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}",
    "npm token": r"npm_[A-Za-z0-9]{36}",
    "Google API key": r"AIza[0-9A-Za-z_\-]{35}",
    "AWS access key id": r"A[KS]IA[0-9A-Z]{16}",
    # Unbounded segments, so only from where a run of their characters starts (or after
    # a percent-escape, `Bearer%20eyJ...`): each run is read once.
    "JSON Web Token": (
        rf"(?:(?<!{_SEGMENT})|(?<=%[0-9A-Fa-f]{{2}}))"
        rf"eyJ{_SEGMENT}{{8,}}\.eyJ{_SEGMENT}{{8,}}\.{_SEGMENT}*"
    ),
}
"""Well-known shapes of secrets, with their vendors' documented prefixes and lengths,
replaced by `REDACTED` wherever they stand (also percent-encoded). The minimum lengths keep
names such as `ghp_import` or `sk-learn` what they are. Documented in "Untrusted content";
the one list of them."""

_SECRET_SHAPE = re.compile("|".join(f"(?P<s{i}>{p})" for i, p in enumerate(SECRET_SHAPES.values())))
_SHAPE_NAMES = {f"s{i}": name for i, name in enumerate(SECRET_SHAPES)}


def might_hold_secret(text: str) -> bool:
    """Whether `text` holds a character or word that every secret needs.

    Substring tests: ten times cheaper than the patterns, and most URLs and texts hold
    none of these (`@` for user-info, `=` for parameters, `%` for what percent-encoding
    hides, and what each shape holds: see `might_hold_shape`).
    """
    return "@" in text or "=" in text or "%" in text or might_hold_shape(text)


def might_hold_shape(text: str) -> bool:
    """Whether `text` holds what one of `SECRET_SHAPES` holds (`_`, `/B`, `xox`, ...).

    Written out, not a loop: it runs for every link of a site.
    """
    return (
        "_" in text
        or "IA" in text
        or "eyJ" in text
        or "/B" in text
        or "AIza" in text
        or "xox" in text
        or "xapp" in text
        or "sk-" in text
        or "glpat-" in text
        or "pypi-" in text
    )


# User-info: a scheme, slashes in any spelling browsers read (`//`, `\\`, none), then up to
# the last `@` before the host. A password may hold `@`, quotes, backticks, `<`, spaces and
# tabs (then a `:` comes first: `user:pa ss@`); a `mailto:` address is not user-info.
_USER_INFO = re.compile(
    r"(?P<scheme>(?:(?<![A-Za-z0-9+.\-])(?!mailto:)[A-Za-z][A-Za-z0-9+.\-]{0,31}"
    r"|https?|wss?|ftp):[/\\]{0,64})"
    r"(?P<info>[^/\\?#@\s:]{0,256}:[^/\\?#\n]{0,256}@|[^/\\?#\s]{0,256}@)",
    re.IGNORECASE,
)
# A parameter: at the start, after white space or one of `?#&;!`; its name without those,
# its value up to the next of them (`?next=/x?token=` holds two parameters).
_PARAMETER = re.compile(r"(?:^|(?<=[\s?#&;!]))([^=&#;?!\s]{1,64})=([^&#;?\s]*)")


def redact(text: str, found: list[str] | None = None) -> str:
    """`text` with every secret it shows replaced; what was hidden is added to `found`.

    User-info of any URL in it (`https://***@host/`, nested ones too), the values of
    `SECRET_PARAMETERS`, and the `SECRET_SHAPES`, also where percent-encoding spells them.
    The one function for every href, text, title and heading.
    """
    if not might_hold_secret(text):
        return text  # most texts: nothing to do
    if "@" in text:
        text = _USER_INFO.sub(lambda match: _hide_user_info(match, found), text)
    if "=" in text:
        text = _PARAMETER.sub(lambda match: _hide_parameter(match, found), text)
    text = _hide_shapes(text, found)
    if "%" in text:
        decoded = unquote(text)
        if decoded != text and _hide_shapes(decoded, None) != decoded:
            text = _hide_shapes(decoded, found)  # `gh%70_...`: shown decoded, and hidden
    return text


def _hide_user_info(match: re.Match[str], found: list[str] | None) -> str:
    if found is not None:
        found.append("user-info")
    return f"{match.group('scheme')}***@"


def _hide_parameter(match: re.Match[str], found: list[str] | None) -> str:
    name, value = match.groups()
    if not value or value == REDACTED or parameter_name(name) not in SECRET_PARAMETERS:
        return match.group()
    if found is not None:
        text = match.string
        at = match.start()
        fragment_at, query_at = text.find("#"), text.find("?")
        where = (
            "fragment"
            if 0 <= fragment_at < at
            else "query"
            if 0 <= query_at < at
            else "path"
            if text[at - 1 : at] == ";"
            else "text"
        )
        found.append(f"{where} parameter {shorten(unquote_plus(name), 40)!r}")
    return f"{name}={REDACTED}"


def parameter_name(name: str) -> str:
    """A parameter's name as `SECRET_PARAMETERS` holds it: decoded, lowercase, `_` for `-`."""
    return unquote_plus(name).strip().lower().replace("-", "_")


def _hide_shapes(text: str, found: list[str] | None) -> str:
    if not might_hold_shape(text):
        return text

    def hide(match: re.Match[str]) -> str:
        if found is not None:
            found.append(_SHAPE_NAMES[match.lastgroup or ""])
        return REDACTED

    return _SECRET_SHAPE.sub(hide, text)
