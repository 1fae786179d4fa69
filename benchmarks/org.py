"""Many sites: `linkroles export` and `linkroles org` on 1,000 reports of 10,000 links each.

Generates synthetic site reports (the plugin's report format, validated as any report is),
then measures, each step in a fresh process: the export of all of them, `org --links-to`
and `org --domains`, and `linkroles merge` on as many reports as it can load within 4 GB of
address space (doubling the count until it fails). Prints CPU time, wall time and peak
memory (the process's maximum resident set) of each step, and the targets.

    python benchmarks/org.py [--sites 1000] [--links 10000] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCHEMA = 1
LIMIT_BYTES = 4 << 30  # what `merge` may use: the comparison's budget
WORDS = ["tide", "harbour", "gauge", "moon", "phase", "datum", "chart", "surge", "ebb", "flood"]


def zipf_pick(rng: random.Random, count: int, exponent: float = 1.1) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def write_reports(folder: Path, sites: int, links: int, *, seed: int = 1) -> list[Path]:
    """`sites` reports of `links` external links each, 50 links a page, in the plugin's
    report format. Domains come from a pool shared by all sites (Zipf-skewed: a few linked
    from every site, a long tail from one); one page in twenty of every site also links
    polyfill.io, the question of the issue."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = [f"project{i}-{WORDS[i % len(WORDS)]}.org" for i in range(20_000)]
    weights = zipf_pick(rng, len(pool))
    per_page = 50
    paths = []
    for number in range(sites):
        site = f"https://docs{number}.example.org/"
        path = folder / f"site{number:04}.json"
        pages = []
        domains: dict[str, list[int]] = {}
        chosen = rng.choices(pool, weights=weights, k=links)
        for page_number in range(links // per_page):
            src = f"section-{page_number // 20}/page-{page_number}.md"
            records = []
            for index in range(per_page):
                domain = chosen[page_number * per_page + index]
                if index == 0 and page_number % 20 == 0:
                    domain = "polyfill.io"
                host = ("www." if index % 3 else "docs.") + domain
                url = f"https://{host}/{WORDS[index % 10]}/{page_number}-{index}"
                counts = domains.setdefault(domain, [0, -1, 0])
                counts[0] += 1
                if counts[1] != page_number:
                    counts[1] = page_number
                    counts[2] += 1
                records.append(
                    f'{{"url": {json.dumps(url)}, "host": "{host}", "domain": "{domain}", '
                    f'"text": "{WORDS[index % 10]} {index}", "title": "", "rel": [], '
                    f'"target": "", "section": null, "redacted": [], "line": {index + 3}}}'
                )
            pages.append(
                f'{{"src_uri": "{src}", "url": "{src[:-3]}/", "title": "Page {page_number}", '
                f'"nav_section": "", "links": [\n' + ",\n".join(records) + "]}"
            )
        domain_list = ",\n".join(
            f'{{"domain": "{d}", "links": {c[0]}, "referring_pages": {c[2]}, "hosts": []}}'
            for d, c in sorted(domains.items())
        )
        path.write_text(
            f'{{"schema": {SCHEMA}, "generator": "benchmarks/org.py", "site_url": "{site}",\n'
            f'"totals": {{"pages": {len(pages)}, "external_links": {links}}},\n'
            f'"domains": [\n{domain_list}],\n"findings": [],\n"pages": [\n'
            + ",\n".join(pages)
            + "]}\n"
        )
        paths.append(path)
    return paths


def measure(command: list[str], *, limit: int | None = None) -> dict[str, float] | None:
    """CPU, wall time and peak memory of `command` in a fresh process; None if it failed."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    # Standard error to a file, not a pipe: a pipe read only at the end fills and blocks.
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, preexec_fn=limited
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        last = errors.strip().splitlines()[-1:] or [f"exit {process.returncode}"]
        print(f"    failed: {last[0][:200]}", file=sys.stderr)
        return None
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "wall": wall,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--links", type=int, default=10_000, help="external links per site")
    parser.add_argument("--work", type=Path, default=Path("benchmarks/out/org"))
    parser.add_argument("--no-merge", action="store_true", help="skip the merge comparison")
    args = parser.parse_args()
    linkroles = [sys.executable, "-m", "mkdocs_linkroles"]
    reports_dir, export_dir = args.work / "reports", args.work / "export"
    started = time.perf_counter()
    reports = sorted(reports_dir.glob("site*.json"))
    if len(reports) != args.sites:
        shutil.rmtree(reports_dir, ignore_errors=True)
        reports = write_reports(reports_dir, args.sites, args.links)
    size = sum(p.stat().st_size for p in reports)
    total_links = args.sites * args.links
    print(
        f"{args.sites:,} reports, {total_links:,} links, {size / 1e9:.2f} GB of JSON "
        f"(made or found in {time.perf_counter() - started:.0f} s)"
    )
    shutil.rmtree(export_dir, ignore_errors=True)
    rows: list[tuple[str, dict[str, float] | None]] = []
    rows.append(
        ("export", measure([*linkroles, "export", *map(str, reports), "--to", str(export_dir)]))
    )
    parquet = sum(f.stat().st_size for f in export_dir.rglob("*.parquet"))
    print(f"  export: {parquet / 1e6:.0f} MB of Parquet")
    for name, question in (
        ("org --links-to polyfill.io", ["--links-to", "polyfill.io"]),
        ("org --domains", ["--domains"]),
    ):
        rows.append((name, measure([*linkroles, "org", str(export_dir), *question])))
    merged: tuple[int, dict[str, float]] | None = None
    if not args.no_merge:
        count = 25
        while count <= len(reports):
            out = args.work / "merged.json"
            result = measure(
                [*linkroles, "merge", *map(str, reports[:count]), "-o", str(out)],
                limit=LIMIT_BYTES,
            )
            print(f"  merge of {count} reports within 4 GB: {'ok' if result else 'failed'}")
            if result is None:
                break
            merged = (count, result)
            count *= 2
        Path(args.work / "merged.json").unlink(missing_ok=True)
    print()
    print("| step | links | CPU s | wall s | peak MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, result in rows:
        if result is None:
            print(f"| {name} | {total_links:,} | failed | | |")
            continue
        print(
            f"| {name} | {total_links:,} | {result['cpu']:.1f} | {result['wall']:.1f} "
            f"| {result['peak_mb']:,.0f} |"
        )
    if merged is not None:
        count, result = merged
        print(
            f"| merge ({count} reports, the most that fit 4 GB of the doubling steps) "
            f"| {count * args.links:,} | {result['cpu']:.1f} | {result['wall']:.1f} "
            f"| {result['peak_mb']:,.0f} |"
        )
    print()
    export, links_to, domains = (r for _, r in rows)
    verdicts = [
        ("export under 10 minutes", export is not None and export["wall"] < 600),
        (
            "each query under 10 s",
            links_to is not None
            and domains is not None
            and max(links_to["wall"], domains["wall"]) < 10,
        ),
        (
            "peak memory under 2 GB at every step",
            all(r is not None and r["peak_mb"] < 2048 for _, r in rows),
        ),
    ]
    for target, met in verdicts:
        print(f"- {target}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
