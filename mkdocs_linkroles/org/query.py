"""An organisation's view over exported sites (`linkroles org`): DuckDB, in process.

The queries are plain SQL over the four tables of an export (`tables.TABLES`), written so
that Spark SQL, Trino and BigQuery run them as they are (the documentation's "Many sites"
page lists them): no DuckDB-only function. DuckDB reads the Parquet files where they are,
within a memory limit, and spills to a temporary folder beyond it.

DuckDB is an optional dependency (`pip install 'mkdocs-linkroles[org]'`), imported here only.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from mkdocs_linkroles.links.classify import ascii_host
from mkdocs_linkroles.org.tables import (
    EXPORT_SCHEMA,
    KEY_SCHEMA,
    KEY_TABLE,
    ORG_EXTRA,
    TABLES,
    ExportError,
)

MEMORY_LIMIT = "1GB"
"""DuckDB's memory for a query; beyond it, it spills to disk (the target is 2 GB in all)."""

LINKS_TO = """
SELECT site, page, line, url, text, findings, health
FROM links
WHERE domain = ? OR host = ? OR host LIKE ? ESCAPE '!'
ORDER BY site, page, line NULLS FIRST, url
"""
"""Every link to a domain or host (and its subdomains): which site, page and line."""

DOMAINS = """
SELECT domain,
       COUNT(*) AS sites,
       SUM(referring_pages) AS pages,
       SUM(links) AS links
FROM domains
GROUP BY domain
ORDER BY sites DESC, pages DESC, links DESC, domain
"""
"""The domains most sites link to, with how many sites, pages and links link there.

A page belongs to one site, so the sum of each site's referring pages counts distinct
pages of the organisation."""

DOMAIN_PAGES = """
WITH per_page AS (
    SELECT domain, site, page, COUNT(*) AS links
    FROM links
    WHERE domain IN (SELECT domain FROM chosen)
    GROUP BY domain, site, page
), ranked AS (
    SELECT domain, site, page, links,
           ROW_NUMBER() OVER (PARTITION BY domain, site ORDER BY links DESC, page) AS place,
           COUNT(*) OVER (PARTITION BY domain, site) AS site_pages,
           SUM(links) OVER (PARTITION BY domain, site) AS site_links
    FROM per_page
)
SELECT r.domain, r.site, r.site_pages, r.site_links, r.page, p.url, p.title, r.links
FROM ranked AS r
LEFT JOIN pages AS p ON p.site = r.site AND p.page = r.page
WHERE r.place <= ?
ORDER BY r.domain, r.site_links DESC, r.site, r.place
"""
"""The referring sites of the chosen domains, most links first, each with its pages that
link most (at most the parameter), its number of referring pages and of links."""


@dataclass(frozen=True)
class Totals:
    """The organisation at a glance: how many sites, pages, links and domains."""

    sites: int
    pages: int
    links: int
    domains: int


class OrgError(Exception):
    """Tables that cannot be read as an export: one line."""


def duckdb_module() -> Any:
    """DuckDB, or ExportError saying how to install it."""
    try:
        import duckdb
    except ImportError:
        raise ExportError(ORG_EXTRA) from None
    return duckdb


class Org:
    """The exported sites under one folder, as DuckDB views named like the tables."""

    def __init__(
        self, export_dir: str | os.PathLike[str], *, memory_limit: str = MEMORY_LIMIT
    ) -> None:
        duckdb = self.duckdb = duckdb_module()
        self.dir = Path(export_dir)
        if not self.dir.is_dir():
            raise OrgError(f"{self.dir}: no such folder (make it with linkroles export)")
        self._spill = tempfile.TemporaryDirectory(prefix="linkroles-org-")
        self.db = duckdb.connect(":memory:")
        try:
            self.db.execute(f"SET memory_limit = '{memory_limit}'")
            self.db.execute(f"SET temp_directory = '{_sql_string(self._spill.name)}'")
            self.db.execute("SET preserve_insertion_order = false")
            for table in TABLES:
                files = sorted((self.dir / table).glob("site_key=*/*.parquet"))
                if not files:
                    raise OrgError(f"{self.dir}: no {table} table (make it with linkroles export)")
                self._check(table, files)
                listing = ", ".join(f"'{_sql_string(str(f))}'" for f in files)
                self.db.execute(
                    f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listing}], "
                    "hive_partitioning = false)"
                )
        except BaseException:
            self.close()
            raise

    def _check(self, table: str, files: Sequence[Path]) -> None:
        """OrgError naming the first file that is not this table of an export, or is broken."""
        listing = ", ".join(f"'{_sql_string(str(f))}'" for f in files)
        try:
            rows = self.db.execute(
                f"SELECT file_name, key, value FROM parquet_kv_metadata([{listing}])"
            ).fetchall()
        except self.duckdb.Error as error:
            raise OrgError(_one_line(error, files)) from None
        marks: dict[str, dict[bytes, bytes]] = {}
        for name, key, value in rows:
            marks.setdefault(name, {})[bytes(key)] = bytes(value)
        for path in files:
            mark = marks.get(str(path), {})
            if mark.get(KEY_TABLE) != table.encode():
                raise OrgError(f"{path}: not a {table} table of linkroles export")
            if mark.get(KEY_SCHEMA) != str(EXPORT_SCHEMA).encode():
                found = mark[KEY_SCHEMA].decode("ascii", "replace")
                raise OrgError(
                    f"{path}: export schema {found}, this version reads {EXPORT_SCHEMA}; "
                    "export the reports again"
                )

    def close(self) -> None:
        """Close the database and remove what it spilled."""
        try:
            self.db.close()
        finally:
            self._spill.cleanup()

    def __enter__(self) -> Org:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of `sql`, fetched a block at a time (never all of a large result)."""
        try:
            cursor = self.db.execute(sql, list(parameters))
            while block := cursor.fetchmany(10_000):
                yield from block
        except self.duckdb.Error as error:
            raise OrgError(_one_line(error, ())) from None

    def totals(self) -> Totals:
        """How many sites, pages, links and distinct domains the export holds."""
        [(sites, pages, links)] = list(
            self.rows("SELECT COUNT(*), SUM(pages), SUM(links) FROM sites")
        )
        [(domains,)] = list(self.rows("SELECT COUNT(DISTINCT domain) FROM domains"))
        return Totals(sites, pages or 0, links or 0, domains)

    def links_to(self, name: str) -> Iterator[tuple[Any, ...]]:
        """Every link to the domain or host `name` (and its subdomains), site by site."""
        host = normalised_name(name)
        return self.rows(LINKS_TO, links_to_parameters(host))

    def domains(self, top: int | None) -> list[tuple[str, int, int, int]]:
        """The domains most sites link to: (domain, sites, pages, links), `top` of them."""
        sql = DOMAINS + (f" LIMIT {int(top)}" if top else "")
        return [(d, int(s), int(p), int(n)) for d, s, p, n in self.rows(sql)]

    def domain_pages(
        self, domains: Sequence[str], *, per_site: int
    ) -> Iterator[tuple[str, str, int, int, str, str, str, int]]:
        """The referring pages of `domains`: at most `per_site` for each site.

        Rows of (domain, site, the site's referring pages, its links, page, page URL,
        title, links), a domain's together, its sites with most links first, their pages
        too.
        """
        self.db.execute("CREATE OR REPLACE TEMP TABLE chosen (domain VARCHAR)")
        if domains:
            self.db.execute(
                "INSERT INTO chosen SELECT * FROM (SELECT unnest(?::VARCHAR[]))", [list(domains)]
            )
        for domain, site, pages, site_links, page, url, title, links in self.rows(
            DOMAIN_PAGES, [per_site]
        ):
            yield (
                domain,
                site,
                int(pages),
                int(site_links),
                page,
                url or "",
                title or "",
                int(links),
            )

    def sites(self) -> list[tuple[str, int, int, int]]:
        """Each site: (site, pages, links, domains), by site."""
        return [
            (site, int(pages), int(links), int(domains))
            for site, pages, links, domains in self.rows(
                "SELECT site, pages, links, domains FROM sites ORDER BY site"
            )
        ]


def links_to_parameters(host: str) -> list[str]:
    """The parameters of `LINKS_TO` for a normalised name: itself twice, and its subdomains.

    `!` escapes what LIKE would read as a wildcard (`_` is one, and host names may hold
    it); `!` rather than a backslash, which Spark's string literals would read as one.
    """
    pattern = host.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return [host, host, "%." + pattern]


def normalised_name(name: str) -> str:
    """A domain or host as the tables hold it: lowercase ASCII (IDNA), no final dot."""
    text = name.strip().rstrip(".").lower()
    if "://" in text:  # a URL given where a name was asked: its host
        text = text.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0]
    try:
        return ascii_host(text) or text
    except ValueError:
        return text


def _sql_string(text: str) -> str:
    """`text` inside a single-quoted SQL string."""
    return text.replace("'", "''")


def _one_line(error: BaseException, files: Sequence[Path]) -> str:
    """DuckDB's error as one line, with the file it names where it names one."""
    message = " ".join(str(error).split())
    for path in files:
        if str(path) in message:
            return f"{path}: not a readable Parquet file ({shorten_error(message)})"
    return shorten_error(message)


def shorten_error(message: str) -> str:
    """A long error cut to a line a terminal shows whole."""
    return message if len(message) <= 300 else message[:299] + "…"
