"""Reports as Parquet tables (`linkroles export`): links, pages, domains and sites.

One folder per table, one partition per site in it (`links/site_key=<key>/part-0.parquet`),
so that DuckDB, Spark, Trino and BigQuery read the folder as one table. The schema is
versioned (`EXPORT_SCHEMA`, in each file's metadata and in the `sites` table) and documented
on the documentation site's "Many sites" page. A report is read one page at a time
(`stream.iter_report_parts`) and written a row group at a time; exporting a site again
replaces its partitions whole (written aside, then renamed).

pyarrow is an optional dependency (`pip install 'mkdocs-linkroles[org]'`), imported here only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_linkroles import __version__
from mkdocs_linkroles.links.records import LEVELS
from mkdocs_linkroles.links.secrets import redact
from mkdocs_linkroles.org.stream import iter_report_parts
from mkdocs_linkroles.reports.report import ReportError

EXPORT_SCHEMA = 1
"""The version of the tables' layout: a column renamed or removed makes it 2."""

TABLES = ("links", "pages", "domains", "sites")
"""The tables, each a folder of the export."""

ROW_GROUP = 16_384
"""Rows buffered before they are written: memory stays a few MB whatever the report's size."""

KEY_TABLE = b"linkroles.table"
KEY_SCHEMA = b"linkroles.schema"
"""The keys of each Parquet file's metadata that make it one of ours."""


ORG_EXTRA = "export and org need pyarrow and DuckDB: pip install 'mkdocs-linkroles[org]'"
"""What to do when the `org` extra is missing (both commands say it alike)."""


class ExportError(Exception):
    """An export that cannot be made (a missing extra, an unnamed site): one line."""


def pyarrow_modules() -> tuple[Any, Any]:
    """Pyarrow and pyarrow.parquet, or ExportError saying how to install them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ExportError(ORG_EXTRA) from None
    return pyarrow, pyarrow.parquet


def _schemas(pa: Any) -> dict[str, Any]:
    """Each table's Arrow schema, with what makes its files ours in the metadata."""
    text, count, line = pa.string(), pa.int64(), pa.int32()
    columns = {
        "links": [
            ("site", text),
            ("page", text),
            ("line", line),
            ("url", text),
            ("host", text),
            ("domain", text),
            ("rel", text),
            ("text", text),
            ("title", text),
            ("target", text),
            ("section_id", text),
            ("section", text),
            ("redacted", text),
            ("findings", text),
            ("finding_level", text),
            ("health", text),
            ("health_code", line),
        ],
        "pages": [
            ("site", text),
            ("page", text),
            ("url", text),
            ("title", text),
            ("nav_section", text),
            ("external_links", count),
            ("internal_links", count),
        ],
        "domains": [
            ("site", text),
            ("domain", text),
            ("domain_unicode", text),
            ("kind", text),
            ("links", count),
            ("referring_pages", count),
            ("hosts", count),
        ],
        "sites": [
            ("site", text),
            ("site_key", text),
            ("generator", text),
            ("exported_by", text),
            ("export_schema", line),
            ("pages", count),
            ("links", count),
            ("domains", count),
            ("findings", count),
        ],
    }
    return {
        table: pa.schema(
            fields,
            metadata={KEY_TABLE: table.encode(), KEY_SCHEMA: str(EXPORT_SCHEMA).encode()},
        )
        for table, fields in columns.items()
    }


def site_key(site: str) -> str:
    """A site's partition name: readable, safe in any file system, and unique.

    `https://docs.example.org/guide/` gives `docs.example.org-guide-1a2b3c4d`: the host
    and path in lowercase letters, digits, dots and hyphens (at most 60), then 8 hex digits
    of the site's SHA-256, so that two sites never share a partition.
    """
    readable = site.split("://", 1)[-1].lower()
    readable = re.sub(r"[^a-z0-9.]+", "-", readable).strip("-.")[:60].strip("-.")
    digest = hashlib.sha256(site.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{readable or 'site'}-{digest}"


@dataclass
class _SiteRows:
    """What one site of a report adds up to while its pages are read."""

    site: str
    writers: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    domains: dict[str, list[Any]] = field(default_factory=dict)  # links, pages set, hosts set
    pages: int = 0
    links: int = 0
    findings: int = 0


@dataclass(frozen=True)
class ExportedSite:
    """One site written by `export_reports`: its name, partition and counts."""

    site: str
    key: str
    pages: int
    links: int
    domains: int
    replaced: bool


class _Export:
    """One report's rows, buffered per site and table, written in row groups aside."""

    def __init__(self, to_dir: Path, staging: Path, pa: Any, pq: Any) -> None:
        self.to_dir = to_dir
        self.staging = staging
        self.pa = pa
        self.pq = pq
        self.schemas = _schemas(pa)
        self.sites: dict[str, _SiteRows] = {}

    def rows(self, site: str) -> _SiteRows:
        rows = self.sites.get(site)
        if rows is None:
            rows = self.sites[site] = _SiteRows(site)
            for table in ("links", "pages"):
                rows.columns[table] = {name: [] for name in self.schemas[table].names}
        return rows

    def flush(self, rows: _SiteRows, table: str, *, force: bool = False) -> None:
        columns = rows.columns[table]
        count = len(columns["site"])
        if not count or (count < ROW_GROUP and not force):
            return
        schema = self.schemas[table]
        batch = self.pa.RecordBatch.from_arrays(
            [self.pa.array(columns[name], type=schema.field(name).type) for name in schema.names],
            schema=schema,
        )
        self._writer(rows, table).write_batch(batch)
        for values in columns.values():
            values.clear()

    def _writer(self, rows: _SiteRows, table: str) -> Any:
        writer = rows.writers.get(table)
        if writer is None:
            folder = self.staging / table / f"site_key={site_key(rows.site)}"
            folder.mkdir(parents=True, exist_ok=True)
            writer = rows.writers[table] = self.pq.ParquetWriter(
                folder / "part-0.parquet",
                self.schemas[table],
                compression="zstd",
                # No wall clock and no path in a file: the same report, the same bytes.
                write_statistics=True,
            )
        return writer

    def write_table(self, rows: _SiteRows, table: str, data: Mapping[str, Sequence[Any]]) -> None:
        schema = self.schemas[table]
        batch = self.pa.RecordBatch.from_arrays(
            [self.pa.array(data[name], type=schema.field(name).type) for name in schema.names],
            schema=schema,
        )
        self._writer(rows, table).write_batch(batch)

    def close(self) -> None:
        for rows in self.sites.values():
            for writer in rows.writers.values():
                writer.close()


_LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}


def export_reports(
    paths: Iterable[str | os.PathLike[str]],
    to_dir: str | os.PathLike[str],
    *,
    site: str | None = None,
    on_error: Callable[[ReportError], None] | None = None,
) -> list[ExportedSite]:
    """Export each report at `paths` into the tables under `to_dir`; what was written.

    `site`: the name of the site of a report without `site_url` (only with one report).
    Each site's partitions are written aside and replace the old ones only once whole:
    an export stopped half-way leaves the tables as they were. A report that cannot be
    read raises ReportError, or with `on_error` is handed to it and left out, and the
    others are exported (one broken report of a thousand does not stop the rest).
    """
    pa, pq = pyarrow_modules()
    target = Path(to_dir)
    target.mkdir(parents=True, exist_ok=True)
    _check_is_export(target)
    exported: list[ExportedSite] = []
    for path in paths:
        with tempfile.TemporaryDirectory(prefix=".export-", dir=target) as staging:
            export = _Export(target, Path(staging), pa, pq)
            try:
                _read_report(export, path, site)
            except ReportError as error:
                if on_error is None:
                    raise
                on_error(error)
                continue
            finally:
                export.close()
            exported.extend(_publish(export, target))
    return exported


def _check_is_export(target: Path) -> None:
    """ExportError when `target` holds something that is not an export: never write there."""
    for entry in target.iterdir():
        if entry.name.startswith(".export-"):
            continue  # a temporary folder of an export that was stopped
        if entry.name not in TABLES or not entry.is_dir() or entry.is_symlink():
            raise ExportError(
                f"{target}: holds {entry.name!r}, which no export writes; export into an "
                "empty folder or an earlier export"
            )


def _read_report(export: _Export, path: str | os.PathLike[str], site_name: str | None) -> None:
    head: dict[str, Any] = {}
    findings: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    health: Mapping[str, Any] = {}
    default_site: str | None = None
    for kind, key, value in iter_report_parts(path):
        if kind == "field":
            assert isinstance(key, str)
            head[key] = value
            if key == "findings":
                for finding in value:
                    where = (finding.get("site", ""), finding["page"], finding["href"])
                    findings.setdefault(where, []).append((finding["rule"], finding["level"]))
            elif key == "health" and value:
                health = value["urls"]
            continue
        if default_site is None:
            default_site = site_name or head.get("site_url") or ""
        page: dict[str, Any] = value
        site = page.get("site") or default_site
        if not site:
            raise ExportError(
                f"{os.fspath(path)}: the report has no site_url; name its site with --site"
            )
        _add_page(export.rows(site), page, findings, health, export)
    if not export.sites:  # a site without pages is still a site
        site = site_name or head.get("site_url")
        if not site:
            raise ExportError(
                f"{os.fspath(path)}: the report has no site_url; name its site with --site"
            )
        export.rows(site)
    for rows in export.sites.values():
        _finish_site(export, rows, head)


def _add_page(
    rows: _SiteRows,
    page: Mapping[str, Any],
    findings: Mapping[tuple[str, str, str], list[tuple[str, str]]],
    health: Mapping[str, Any],
    export: _Export,
) -> None:
    src = page["src_uri"]
    site = rows.site
    links = rows.columns["links"]
    for link in page["links"]:
        url = redact(link["url"])  # a report may come from anywhere: secrets hidden again
        domain = link["domain"]
        # A merged report names the site in each finding; a site's own report does not.
        found = findings.get((site, src, link["url"])) or findings.get(("", src, link["url"]))
        section = link["section"]
        state = health.get(link["url"]) if health else None
        links["site"].append(site)
        links["page"].append(src)
        links["line"].append(link.get("line"))
        links["url"].append(url)
        links["host"].append(link["host"])
        links["domain"].append(domain)
        links["rel"].append(" ".join(link["rel"]))
        links["text"].append(redact(link["text"]))
        links["title"].append(redact(link["title"]))
        links["target"].append(link["target"])
        links["section_id"].append(section["id"] if section else None)
        links["section"].append(redact(section["text"]) if section else None)
        links["redacted"].append(" ".join(link.get("redacted", ())))
        if found:
            rules = sorted({rule for rule, _ in found})
            links["findings"].append(" ".join(rules))
            links["finding_level"].append(max((lv for _, lv in found), key=_LEVEL_RANK.__getitem__))
            rows.findings += len(found)
        else:
            links["findings"].append("")
            links["finding_level"].append(None)
        links["health"].append(state["status"] if state else None)
        links["health_code"].append(state["code"] if state else None)
        counts = rows.domains.get(domain)
        if counts is None:
            counts = rows.domains[domain] = [0, set(), set()]
        counts[0] += 1
        counts[1].add(src)
        counts[2].add(link["host"])
    rows.links += len(page["links"])
    rows.pages += 1
    page_columns = rows.columns["pages"]
    page_columns["site"].append(site)
    page_columns["page"].append(src)
    page_columns["url"].append(page["url"])
    page_columns["title"].append(redact(page.get("title", "")))
    page_columns["nav_section"].append(page.get("nav_section", ""))
    page_columns["external_links"].append(len(page["links"]))
    page_columns["internal_links"].append((page.get("counts") or {}).get("internal", 0))
    export.flush(rows, "links")
    export.flush(rows, "pages")


def _finish_site(export: _Export, rows: _SiteRows, head: Mapping[str, Any]) -> None:
    export.flush(rows, "links", force=True)
    export.flush(rows, "pages", force=True)
    known = {d["domain"]: d for d in head.get("domains", ())}
    names = sorted(rows.domains)
    export.write_table(
        rows,
        "domains",
        {
            "site": [rows.site] * len(names),
            "domain": names,
            "domain_unicode": [known.get(n, {}).get("domain_unicode", n) for n in names],
            "kind": [known.get(n, {}).get("kind", "name") for n in names],
            "links": [rows.domains[n][0] for n in names],
            "referring_pages": [len(rows.domains[n][1]) for n in names],
            "hosts": [len(rows.domains[n][2]) for n in names],
        },
    )
    export.write_table(
        rows,
        "sites",
        {
            "site": [rows.site],
            "site_key": [site_key(rows.site)],
            "generator": [head.get("generator")],
            "exported_by": [f"mkdocs-linkroles {__version__}"],
            "export_schema": [EXPORT_SCHEMA],
            "pages": [rows.pages],
            "links": [rows.links],
            "domains": [len(names)],
            "findings": [rows.findings],
        },
    )
    # Every table has a file for the site, also an empty one: a site without links is
    # still one of the organisation's sites.
    for table in ("links", "pages"):
        if table not in rows.writers:
            export.write_table(rows, table, {name: [] for name in export.schemas[table].names})


def _publish(export: _Export, target: Path) -> list[ExportedSite]:
    """Move each site's new partitions into place, replacing the old ones."""
    export.close()
    done = []
    for rows in export.sites.values():
        key = site_key(rows.site)
        replaced = False
        for table in TABLES:
            new = export.staging / table / f"site_key={key}"
            old = target / table / f"site_key={key}"
            (target / table).mkdir(exist_ok=True)
            if old.exists():
                replaced = True
                aside = export.staging / f"old-{table}"
                os.replace(old, aside)  # out of the way first: the new one then takes its name
                os.replace(new, old)
                shutil.rmtree(aside)
            else:
                os.replace(new, old)
        done.append(
            ExportedSite(rows.site, key, rows.pages, rows.links, len(rows.domains), replaced)
        )
    return done
