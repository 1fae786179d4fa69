from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_linkroles.links.classify import (
    INTERNAL,
    Classifier,
    PublicSuffixList,
    Site,
    Target,
    ascii_host,
    bundled_suffix_list,
    classify_url,
    mixes_scripts,
    redact_href,
    unicode_host,
)

PSL = PublicSuffixList()
SITE = Site.from_url("https://docs.example.com/", ["example.net"])


def classify(href: str, site: Site = SITE) -> Target:
    target = classify_url(href, site, PSL.registrable_domain)
    # The cached classifier the plugin uses, with its fast path, must agree.
    assert Classifier(site, PSL.registrable_domain)(href) == target
    return target


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("docs.python.org", "python.org"),
        ("www.python.org", "python.org"),
        ("alice.github.io", "alice.github.io"),
        ("bob.github.io", "bob.github.io"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("co.uk", "co.uk"),
        ("github.io", "github.io"),
        ("foo.corp.internal", "corp.internal"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
    ],
)
def test_registrable_domain_uses_the_psl_with_its_private_section(host: str, domain: str) -> None:
    assert PSL.registrable_domain(host) == domain


@pytest.mark.parametrize(
    "href",
    [
        "",
        "#top",
        "guide/",
        "../x.md",
        "/abs/path",
        "?q=1",
        "https://docs.example.com/x",
        "HTTPS://DOCS.EXAMPLE.COM:8443/",
        "https://example.net/",
        "https://sub.example.net/a",
        "//docs.example.com/x",
    ],
)
def test_internal_links(href: str) -> None:
    assert classify(href).kind == "internal"


def test_without_site_url_only_relative_links_are_internal() -> None:
    site = Site.from_url(None)
    assert classify("https://docs.example.com/", site).kind == "external"
    assert classify("page/", site).kind == "internal"


def test_external_url_is_normalised() -> None:
    target = classify("HTTPS://User:Pw@Docs.Python.ORG:443/3/Library?a=B#Frag")
    assert target.kind == "external"
    assert target.url == "https://docs.python.org/3/Library?a=B#Frag"
    assert target.host == "docs.python.org"
    assert target.domain == "python.org"
    assert target.domain_kind == "name"
    assert target.redacted == ("user-info",)


def test_non_default_port_is_kept_default_port_dropped() -> None:
    assert classify("http://example.org:8080/").url == "http://example.org:8080/"
    assert classify("http://example.org:80/").url == "http://example.org/"
    assert classify("https://example.org:/x").url == "https://example.org/x"


def test_empty_path_becomes_slash_like_in_browsers() -> None:
    assert classify("https://example.org").url == "https://example.org/"
    assert classify("https://example.org?x=1").url == "https://example.org/?x=1"


def test_protocol_relative_takes_the_site_scheme() -> None:
    assert classify("//cdn.example.org/lib.js").url == "https://cdn.example.org/lib.js"
    http_site = Site.from_url("http://docs.example.com/")
    assert classify("//cdn.example.org/", http_site).url == "http://cdn.example.org/"
    assert classify("\\\\cdn.example.org/x").host == "cdn.example.org"
    # Browsers drop tabs and newlines before reading the URL: these are network paths too.
    for href in ("/\\cdn.example.org/x", "/\t/cdn.example.org/x", "/\n/cdn.example.org/x"):
        assert classify(href).host == "cdn.example.org", href
    # while one slash, a dot or a hash start a path or a fragment on this site.
    for href in ("/", "/cdn.example.org/x", "./x", "../x", "#x", "#//cdn.example.org/"):
        assert classify(href) == INTERNAL, href


def test_idn_host_is_stored_as_ascii_and_shown_as_unicode() -> None:
    target = classify("https://Bücher.de/katalog")
    assert target.host == "xn--bcher-kva.de"
    assert target.url == "https://xn--bcher-kva.de/katalog"
    assert unicode_host(target.host) == "bücher.de"


@pytest.mark.parametrize(
    ("href", "scheme"),
    [
        ("mailto:a@example.org", "mailto"),
        ("tel:+441234", "tel"),
        ("ftp://ftp.example.org/", "ftp"),
        ("FILE:///etc/passwd", "file"),
        ("irc://irc.libera.chat/", "irc"),
    ],
)
def test_other_schemes(href: str, scheme: str) -> None:
    target = classify(href)
    assert (target.kind, target.scheme) == ("other", scheme)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " \x01javascript:alert(1)",
        "java\nscript:alert(1)",
        "java\tscript:x",
        "data:text/html,<b>",
        "VBScript:msgbox",
    ],
)
def test_unsafe_schemes(href: str) -> None:
    assert classify(href).kind == "unsafe"


@pytest.mark.parametrize(
    ("href", "words"),
    [
        ("http://[::1", "closing ']'"),
        ("https://example.org:99999/", "port"),
        ("https://example.org:8o/", "port"),
        ("https://exa mple.org/", "not a valid host name"),
        ("https://[zz::1]/", "IPv6"),
        ("https://[fe80::1%25eth0]/", "IPv6"),  # zone ids are not part of URLs
        ("https://ex%zzample.org/", "not a valid host name"),
        ("https://ex%2Fample.org/", "not a valid host name"),
        ("https://256.1.1.1/", "IPv4"),
        ("https://a<b.org/", "not a valid host name"),
        ("https://", "no host"),
        ("https://user@/x", "no host"),
    ],
)
def test_malformed_web_urls_say_why(href: str, words: str) -> None:
    target = classify(href)
    assert target.kind == "malformed"
    assert words in target.reason


def test_ip_and_single_label_hosts_are_their_own_domain() -> None:
    ipv4 = classify("http://192.168.0.1:8000/x")
    assert (ipv4.host, ipv4.domain, ipv4.domain_kind) == ("192.168.0.1", "192.168.0.1", "ip")
    ipv6 = classify("http://[2001:DB8:0::1]/")
    assert (ipv6.host, ipv6.domain_kind) == ("[2001:db8::1]", "ip")
    assert ipv6.url == "http://[2001:db8::1]/"
    local = classify("http://localhost:8000/")
    assert (local.domain, local.domain_kind) == ("localhost", "single-label")


def test_numeric_hosts_are_read_as_browsers_read_them() -> None:
    assert classify("http://2130706433/").host == "127.0.0.1"
    assert classify("http://0x7f.1/").host == "127.0.0.1"


def test_trailing_dot_is_the_same_site() -> None:
    # The URL keeps the dot, as browsers do; the domain is the same.
    target = classify("https://www.python.org./")
    assert (target.url, target.domain) == ("https://www.python.org./", "python.org")


@pytest.mark.parametrize(
    ("href", "url"),
    [
        # What the WHATWG URL standard accepts and a stricter reading refused.
        ("http:///x", "http://x/"),
        ("https://example..org/", "https://example..org/"),
        ("https://" + "a" * 64 + ".org/", "https://" + "a" * 64 + ".org/"),
        ("https://\u2615.example/", "https://xn--53h.example/"),
        ("https://a_b.example/", "https://a_b.example/"),
        ("https://-x.example/", "https://-x.example/"),
        ("https://%41.example/", "https://a.example/"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://1.2.3/", "http://1.2.0.3/"),
        ("https://[::FFFF:1.2.3.4]:443/", "https://[::ffff:102:304]/"),
        ("https://x.example/a/./b/../c/%2e%2E/d", "https://x.example/a/d"),
        ("https://x.example/{a}^?'b{}#{c}'`", "https://x.example/%7Ba%7D%5E?%27b{}#{c}'%60"),
    ],
)
def test_web_urls_read_as_the_whatwg_url_standard(href: str, url: str) -> None:
    assert classify(href).url == url


def test_secret_query_and_fragment_values_are_redacted() -> None:
    target = classify(
        "https://api.example.org/v1?Token=s3cr3t&page=2&X-Amz-Signature=abc#access_token=xyz"
    )
    assert "s3cr3t" not in target.url and "abc" not in target.url and "xyz" not in target.url
    assert target.url == (
        "https://api.example.org/v1?Token=REDACTED&page=2&X-Amz-Signature=REDACTED"
        "#access_token=REDACTED"
    )
    assert target.redacted == (
        "query parameter 'Token'",
        "query parameter 'X-Amz-Signature'",
        "fragment parameter 'access_token'",
    )


def test_harmless_queries_are_untouched() -> None:
    target = classify("https://example.org/search?q=token&keyboard=1")
    assert target.url == "https://example.org/search?q=token&keyboard=1"
    assert target.redacted == ()


def test_mixed_scripts_are_detected() -> None:
    cyrillic_a = ascii_host("\u0430pple.com")
    assert cyrillic_a == "xn--pple-43d.com"
    assert mixes_scripts(cyrillic_a)
    assert not mixes_scripts("xn--bcher-kva.de")
    assert not mixes_scripts("apple.com")
    assert not mixes_scripts(ascii_host("日本語.jp") or "")


def test_redact_href_in_messages() -> None:
    assert redact_href("http://user:pw@[::1") == "http://***@[::1"


def test_registrable_domain_agrees_with_tldextract_on_every_rule_of_the_snapshot() -> None:
    # The lookup is ours (tldextract's import costs more than all lookups of a build); it
    # must give what tldextract gives, for each rule's suffix and one and two labels under it.
    import tldextract

    extract = tldextract.TLDExtract(
        cache_dir=None,
        suffix_list_urls=(),
        fallback_to_snapshot=True,
        include_psl_private_domains=True,
    )

    def expected(host: str) -> str:
        parts = extract.extract_str(host)
        if parts.top_domain_under_public_suffix:
            return parts.top_domain_under_public_suffix
        return host if parts.suffix else ".".join(host.split(".")[-2:])

    hosts: set[str] = set()
    for line in bundled_suffix_list().read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("//"):
            suffix = ascii_host(line.split()[0].lstrip("!").replace("*", "x"))
            assert suffix is not None, line
            hosts.update((suffix, f"a.{suffix}", f"b.a.{suffix}"))
    assert len(hosts) > 25_000  # every rule of the list, not a handful
    hosts.update(("localhost", "a.b.unknown-tld", "xn--bcher-kva.xn--p1ai", "x.xn--unvalid"))
    differing = [
        (host, PSL.registrable_domain(host), expected(host))
        for host in sorted(hosts)
        if PSL.registrable_domain(host) != expected(host)
    ]
    assert differing == []


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("a.www.ck", "www.ck"),  # exception rule !www.ck to the wildcard *.ck
        ("www.ck", "www.ck"),
        ("a.b.ck", "a.b.ck"),  # *.ck: b.ck is a public suffix
        ("ck", "ck"),
        ("a.city.kawasaki.jp", "city.kawasaki.jp"),
        ("shop.xn--55qx5d.cn", "shop.xn--55qx5d.cn"),  # 公司.cn, written in Unicode in the list
        ("a.b.unknown-tld", "b.unknown-tld"),  # the default rule
    ],
)
def test_registrable_domain_with_wildcards_exceptions_and_unicode_rules(
    host: str, domain: str
) -> None:
    assert PSL.registrable_domain(host) == domain


def test_the_suffix_list_is_read_without_importing_tldextract() -> None:
    # In a fresh interpreter: importing tldextract brings requests and urllib3 (45 ms).
    code = (
        "import sys\n"
        "from mkdocs_linkroles.links.classify import PublicSuffixList\n"
        "assert PublicSuffixList().registrable_domain('docs.python.org') == 'python.org'\n"
        "print(sorted({'tldextract', 'requests'} & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "[]\n", result.stderr


def test_a_suffix_list_file_without_rules_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "public_suffix_list.dat"
    empty.write_text("// nothing here\n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="holds no rules"):
        PublicSuffixList(str(empty))


def test_suffix_list_file_on_disk(tmp_path: Path) -> None:
    psl = tmp_path / "public_suffix_list.dat"
    psl.write_text(
        "// test list\n// ===BEGIN PRIVATE DOMAINS===\nexample.test\nfoo\n", encoding="utf-8"
    )
    suffixes = PublicSuffixList(str(psl))
    assert suffixes.registrable_domain("a.b.example.test") == "b.example.test"
    assert suffixes.registrable_domain("x.y.foo") == "y.foo"


def test_whole_script_lookalikes_under_a_latin_tld_are_flagged() -> None:
    assert mixes_scripts(ascii_host("аррӏе.com") or "")
    assert not mixes_scripts(ascii_host("пример.рф") or "")


def test_redact_href_hides_secret_parameters_of_unparseable_hrefs() -> None:
    assert (
        redact_href("http://[::1/x?a=1&api_key=abc#sig=x")
        == "http://[::1/x?a=1&api_key=REDACTED#sig=REDACTED"
    )


def test_controls_spaces_and_quotes_are_percent_encoded_like_in_browsers() -> None:
    target = classify('https://example.org/a b/"quoted"<x>?q=a b#f g')
    assert target.url == "https://example.org/a%20b/%22quoted%22%3Cx%3E?q=a%20b#f%20g"
    assert classify("https://example.org/caf\u00e9").url == "https://example.org/caf%C3%A9"


def test_invisible_and_unicode_space_characters_are_percent_encoded() -> None:
    assert (
        classify("https://example.org/a\u00a0b\u202ec").url
        == "https://example.org/a%C2%A0b%E2%80%AEc"
    )


def test_classifier_remembers_hrefs_and_hosts_within_bounds() -> None:
    classifier = Classifier(SITE, PSL.registrable_domain)
    first = classifier("https://Docs.Python.org/3/")
    assert classifier("https://Docs.Python.org/3/") is first
    assert first.url == "https://docs.python.org/3/"
    for number in range(Classifier.CACHE_LIMIT + 10):
        classifier(f"https://docs.python.org/{number}")
    assert len(classifier._targets) <= Classifier.CACHE_LIMIT
    assert classifier("https://docs.example.com/x") == Target("internal")
    assert classifier("https://sub.example.net/").kind == "internal"


def test_credentials_in_every_spelling_a_browser_reads_are_found_and_hidden() -> None:
    site = Site.from_url("https://docs.example.org/")
    for href in (
        r"https:\\user:pass@host.org/x",
        r"https:/\user:pass@host.org/x",
        "http:user:pass@host.org/x",  # another scheme than the page's: the slashes are implied
        "HTTPS://user:pass@host.org/x",
    ):
        target = classify_url(href, site, PSL.registrable_domain)
        assert (target.kind, target.url, target.redacted) == (
            "external",
            f"{href[:5].lower().rstrip(':')}://host.org/x",
            ("user-info",),
        ), href
        assert "pass" not in redact_href(href)
    # Under the page's own scheme, `https:path` is a relative path (WHATWG URL).
    assert classify_url("https:user:pass@host.org/x", site, PSL.registrable_domain).kind == (
        "internal"
    )


def test_well_known_secret_shapes_are_hidden_anywhere_in_the_url() -> None:
    site = Site.from_url("https://docs.example.org/")
    cases = {
        "https://x.org/repo?x=ghp_" + "a" * 36: "GitHub token",
        "https://x.org/github_pat_" + "B" * 30 + "/y": "GitHub token",
        "https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx": (
            "Slack webhook"
        ),
        "https://maps.example.com/x?k=AIza" + "C" * 35: "Google API key",
        "https://s3.example.com/?id=AKIA" + "D" * 16: "AWS access key id",
        "https://jwt.io/#t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig": "JSON Web Token",
    }
    for href, shape in cases.items():
        target = classify_url(href, site, PSL.registrable_domain)
        assert shape in target.redacted, href
        assert "REDACTED" in target.url and "REDACTED" in redact_href(href)
        # The classifier's fast path for plain URLs must not let them through.
        classifier = Classifier(site, PSL.registrable_domain)
        assert classifier(href) == target
    target = classify_url("https://x.org/a;jsessionid=ABC?q=1", site, PSL.registrable_domain)
    assert target.url == "https://x.org/a;jsessionid=REDACTED?q=1"
