"""`linkroles scan` given a hostile built site: it reads and writes only inside it.

Each test sets up one attack from the security review (issue 29) on a small built site and
checks that nothing outside the site is read or written, that nothing hangs, and that the
command says what it refused in one line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import BuiltSite

from mkdocs_linkroles.cli import main
from mkdocs_linkroles.links.model import domain_slug
from mkdocs_linkroles.sites.files import (
    SiteFileError,
    read_site_file,
    site_file_kind,
    write_site_file,
)

PAGE = (
    "<html><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main>"
    "</body></html>"
)


def built_site(root: Path, pages: dict[str, str] | None = None) -> Path:
    site = root / "site"
    site.mkdir(parents=True)
    for path, body in (pages or {"index.html": '<a href="https://python.org/">py</a>'}).items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.format(title=path, body=body), encoding="utf-8")
    return site


def listing_config(root: Path) -> str:
    """A configuration that lists the generated pages in the sitemap and search index."""
    config = root / "mkdocs.yml"
    config.write_text(
        "site_name: x\nsite_url: https://example.org/\n"
        "plugins:\n  - linkroles:\n      sitemap: true\n      search: true\n"
    )
    return str(config)


def scan(site: Path, *flags: str) -> int:
    return main(["scan", str(site), *flags])


def report_of(site: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads((site / "linkroles.json").read_text(encoding="utf-8"))
    return report


# --- writing: never through a link, never over a file of the site's ---


def test_a_symlinked_generated_page_is_refused_and_its_target_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = built_site(tmp_path)
    victim = tmp_path / "home" / ".bash_profile"
    victim.parent.mkdir()
    victim.write_text("# mine\n")
    (site / "backlinks").mkdir()
    os.symlink(os.path.relpath(victim, site / "backlinks"), site / "backlinks" / "index.html")
    assert scan(site, "--pages") == 2
    assert victim.read_text() == "# mine\n"
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("linkroles: backlinks/index.html: a symbolic link")


def test_a_dangling_symlink_where_a_page_goes_is_refused(tmp_path: Path) -> None:
    site = built_site(tmp_path)
    target = tmp_path / "site-packages" / "evil.pth"
    target.parent.mkdir()
    (site / "backlinks").mkdir()
    os.symlink(target, site / "backlinks" / "python.org")  # points nowhere yet
    assert scan(site, "--pages") == 2
    assert not target.exists()


def test_a_symlinked_backlinks_folder_is_not_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = built_site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, site / "backlinks")
    assert scan(site, "--pages") == 2
    assert list(elsewhere.iterdir()) == []
    assert "backlinks" in capsys.readouterr().err


def test_a_symlinked_script_is_not_overwritten(tmp_path: Path) -> None:
    site = built_site(tmp_path)
    victim = tmp_path / "some" / "file"
    victim.parent.mkdir()
    victim.write_text("keep")
    (site / "backlinks").mkdir()
    os.symlink(victim, site / "backlinks" / "linkroles.js")
    assert scan(site, "--pages") == 2
    assert victim.read_text() == "keep"


@pytest.mark.parametrize("name", ["sitemap.xml", "search/search_index.json", "linkroles.json"])
def test_the_sitemap_search_index_and_report_are_never_written_through_a_link(
    tmp_path: Path, name: str
) -> None:
    site = built_site(tmp_path)
    victim = tmp_path / "victim"
    victim.write_text("<urlset></urlset>" if name == "sitemap.xml" else '{"docs": []}')
    before = victim.read_text()
    (site / name).parent.mkdir(exist_ok=True)
    os.symlink(victim, site / name)
    code = scan(site, "--pages", "--config", listing_config(tmp_path))
    assert code == 2
    assert victim.read_text() == before


def test_files_of_the_site_that_linkroles_did_not_write_are_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = built_site(tmp_path)
    (site / "backlinks").mkdir()
    (site / "backlinks" / "linkroles.js").write_text("// the site's own script\n")
    assert scan(site, "--pages") == 2
    assert (site / "backlinks" / "linkroles.js").read_text() == "// the site's own script\n"
    assert not (site / "backlinks" / "index.html").exists()  # checked before writing anything
    capsys.readouterr()
    (site / "linkroles.json").write_text('{"mine": true}')
    assert scan(site) == 2
    assert (site / "linkroles.json").read_text() == '{"mine": true}'
    assert "did not write" in capsys.readouterr().err


def test_what_linkroles_wrote_it_rewrites_and_lists_once(tmp_path: Path) -> None:
    site = built_site(tmp_path)
    (site / "sitemap.xml").write_text("<urlset>\n</urlset>\n")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text('{"docs": []}')
    for _ in range(2):
        assert scan(site, "--pages", "--config", listing_config(tmp_path)) == 0
    assert (site / "sitemap.xml").read_text().count("backlinks/python.org/") == 1
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert [entry["location"] for entry in index["docs"]].count("backlinks/") == 1


def test_a_report_path_outside_the_site_from_the_configuration_is_refused(tmp_path: Path) -> None:
    site = built_site(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - linkroles:\n      report: ../../outside.json\n")
    assert scan(site, "--config", str(config)) == 2
    assert not (tmp_path.parent / "outside.json").exists()


# --- reading: only regular files inside the site ---


def test_a_symlinked_page_is_not_read_and_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = built_site(tmp_path)
    secret = tmp_path / "outside" / "secret.html"
    secret.parent.mkdir()
    secret.write_text(PAGE.format(title="s", body='<a href="https://secret.example/">s</a>'))
    os.symlink(secret, site / "leak.html")
    assert scan(site) == 0
    assert "secret.example" not in (site / "linkroles.json").read_text()
    err = capsys.readouterr().err
    assert "leak.html: a symbolic link; not read" in err


def test_links_to_devices_and_fifos_do_not_hang_or_fill_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = built_site(tmp_path)
    os.symlink("/dev/zero", site / "zero.html")
    os.symlink("/etc/passwd", site / "passwd.html")
    os.mkfifo(site / "fifo.html")
    assert scan(site) == 0  # returns: a FIFO opened for reading would block for ever
    err = capsys.readouterr().err
    assert "zero.html: a symbolic link" in err and "passwd.html: a symbolic link" in err
    assert "fifo.html: not a regular file" in err
    assert report_of(site)["totals"]["pages"] == 1


def test_an_oversized_page_is_left_out_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = built_site(tmp_path)
    with open(site / "huge.html", "wb") as stream:
        stream.truncate((32 << 20) + 1)  # sparse: no disk used
    assert scan(site) == 0
    assert "huge.html: larger than 32 MiB" in capsys.readouterr().err
    assert report_of(site)["totals"]["pages"] == 1


def test_the_folders_not_read_are_named_with_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = built_site(
        tmp_path,
        {
            "index.html": "<a href='https://a.org/'>a</a>",
            "assets/x.html": "<a href='https://b.org/'>b</a>",
            "search/y.html": "",
        },
    )
    assert scan(site) == 0
    err = capsys.readouterr().err
    assert (
        "not read: assets/ (the theme's and the site's assets); search/ (the search index)" in err
    )


def test_the_sitefiles_primitives(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.html").write_text("x")
    assert read_site_file(tmp_path, "a/b.html") == b"x"
    assert site_file_kind(tmp_path, "a/b.html") == "file"
    assert site_file_kind(tmp_path, "a") == "folder"
    assert site_file_kind(tmp_path, "nothing") is None
    os.symlink(tmp_path / "a", tmp_path / "l")
    assert site_file_kind(tmp_path, "l/b.html") == "link"
    for bad in ("../x", "/etc/passwd", "a/../../x", ""):
        with pytest.raises(SiteFileError):
            read_site_file(tmp_path, bad)
    with pytest.raises(SiteFileError, match="symbolic link"):
        read_site_file(tmp_path, "l/b.html")
    with pytest.raises(SiteFileError, match="symbolic link"):
        write_site_file(tmp_path, "l/c.html", b"y")
    write_site_file(tmp_path, "new/deep/c.html", b"y")
    assert (tmp_path / "new" / "deep" / "c.html").read_bytes() == b"y"
    with pytest.raises(SiteFileError, match="did not write"):
        write_site_file(tmp_path, "a/b.html", b"z", may_replace=lambda old: b"mark" in old)
    assert not [p for p in tmp_path.rglob("*.tmp")]


# --- names of the generated files ---


def test_a_long_domain_gets_a_short_unique_stable_file_name() -> None:
    long_a = ("a" * 62 + ".") * 3 + "b" * 60 + ".com"
    long_b = ("a" * 62 + ".") * 3 + "c" * 60 + ".com"
    assert len(long_a) > 250
    slug = domain_slug(long_a)
    assert len(slug) <= 200 and len(slug + ".html") < 255
    assert slug == domain_slug(long_a) != domain_slug(long_b)


@pytest.mark.parametrize("domain", ["linkroles.js", "linkroles.css", "linkroles.json"])
def test_the_plugins_own_file_names_are_reserved(domain: str) -> None:
    assert domain_slug(domain) != domain and domain_slug(domain).startswith("~")


def test_a_long_domain_and_the_plugins_names_build(build_site: Callable[..., BuiltSite]) -> None:
    long = "a" * 249 + ".com"  # one label: URLs have no limit on its length
    for directory_urls in (False, True):
        site = build_site(
            {"index.md": f"[x](https://{long}/) [y](https://linkroles.js/)"},
            {"use_directory_urls": directory_urls},
        )
        assert {d["domain"] for d in site.report["domains"]} == {long, "linkroles.js"}
