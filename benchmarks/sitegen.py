"""Generate synthetic but realistic MkDocs sites for the benchmarks.

N pages in nested sections (section / topic / page), each with prose, headings, a code
block, a table, internal links, and L external links drawn from D domains with a Zipf-like
skew: a few domains take most links, a long tail takes one or two. Some domains have
several hosts (docs., www., api.). Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

WORDS = [
    "tide",
    "harbour",
    "gauge",
    "level",
    "moon",
    "constituent",
    "phase",
    "amplitude",
    "datum",
    "chart",
    "prediction",
    "surge",
    "station",
    "series",
    "sample",
    "interval",
    "model",
    "fit",
    "residual",
    "filter",
    "spectrum",
    "record",
    "height",
    "current",
    "ebb",
    "flood",
    "neap",
    "spring",
    "lunar",
    "solar",
    "period",
    "cycle",
    "offset",
    "mean",
    "range",
    "table",
    "value",
    "error",
]
TLDS = ["com", "org", "io", "net", "dev", "co.uk", "de", "fr", "github.io", "readthedocs.io"]
HOST_PREFIXES = ["", "www.", "docs.", "api.", "blog."]
NAV_SECTIONS = 5
"""Sections in the nav of every generated site: as many as the 500-page site has."""


def zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    """Weights 1/k^s: the first domains take most of the links."""
    return [1.0 / (k**exponent) for k in range(1, count + 1)]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def page_paths(pages: int, per_topic: int = 10, topics_per_section: int = 10) -> list[str]:
    paths = []
    for i in range(pages):
        section, rest = divmod(i, per_topic * topics_per_section)
        topic, page = divmod(rest, per_topic)
        name = "index" if page == 0 else f"page-{page}"
        paths.append(f"section-{section}/topic-{topic}/{name}.md")
    return paths


def generate_site(
    root: Path, *, pages: int, links: int, domains: int, seed: int = 1, theme: str = "mkdocs"
) -> list[str]:
    """Write `root/docs` and `root/<variant>.yml` for the variants; return the page paths."""
    rng = random.Random(seed)
    docs = root / "docs"
    paths = page_paths(pages)
    names = [f"project{k}-{rng.choice(WORDS)}" for k in range(domains)]
    hosts_of = [
        [f"{prefix}{name}.{tld}" for prefix in rng.sample(HOST_PREFIXES, rng.randint(1, 3))]
        for name, tld in ((n, rng.choice(TLDS)) for n in names)
    ]
    weights = zipf_weights(domains)
    for index, path in enumerate(paths):
        out = docs / path
        out.parent.mkdir(parents=True, exist_ok=True)
        chosen = rng.choices(range(domains), weights, k=links)
        external = [
            f"[{sentence(rng, 2)[:-1]}]"
            f"(https://{rng.choice(hosts_of[d])}/{rng.choice(WORDS)}/{rng.randint(1, 50)})"
            for d in chosen
        ]
        internal = [
            "[" + sentence(rng, 2)[:-1] + "](" + _relative(path, paths[rng.randrange(pages)]) + ")"
            for _ in range(5)
        ]
        lines = [f"# {sentence(rng, 3)[:-1]} {index}", ""]
        headings = 4
        for s in range(headings):
            lines += [f"## {sentence(rng, 2)[:-1]} {s}", ""]
            mine = external[s::headings] + internal[s::headings]
            rng.shuffle(mine)
            for chunk in range(0, max(len(mine), 1), 3):
                words = [sentence(rng, rng.randint(8, 20)) for _ in range(4)]
                lines += [" ".join(words + mine[chunk : chunk + 3]), ""]
            if s == 1:
                lines += [
                    "```python",
                    "def predict(station, start, days):",
                    "    return station.levels(start, days)",
                    "```",
                    "",
                ]
            if s == 2:
                lines += ["| Constituent | Amplitude | Phase |", "| --- | --- | --- |"]
                lines += [
                    f"| M{k} | {rng.random():.3f} | {rng.randint(0, 359)} |" for k in range(5)
                ]
                lines += [""]
        out.write_text("\n".join(lines), encoding="utf-8")
    # The nav lists the first few sections, the same number at every size. Every page of a
    # build renders the nav: with one entry per section (100 at 10,000 pages), each page,
    # the small generated ones most of all, cost more as the site grew. That is MkDocs'
    # work, not the plugin's: MkDocs' time per generated page rose from 0.36 ms at 500
    # pages to 1.08 ms at 10,000, and a nav of 5 entries instead of 100 took 0.54 ms off
    # each generated page (0.22 ms off each of the site's own).
    sections = sorted({p.split("/")[0] for p in paths}, key=lambda s: int(s.split("-")[1]))
    nav = [{s: f"{s}/topic-0/index.md"} for s in sections[:NAV_SECTIONS]]
    write_variants(root, pages, theme, nav=nav)
    return paths


def generate_big_page(root: Path, *, links: int = 0, megabytes: float = 0) -> None:
    """A site of one page: a list of `links` links, or prose of `megabytes` with a link in
    every paragraph (the big inputs of the hostile-input issue)."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    if links:
        lines = [f"- [link {i}](https://h{i % 500}.d{i % 997}.com/p/{i})" for i in range(links)]
        text = "# Many links\n\n" + "\n".join(lines) + "\n"
    else:
        paragraph = "The tide rises and falls twice a day, pulled by the Moon and the Sun. " * 30
        parts, size, i = ["# A big page"], 0, 0
        while size < megabytes * 1e6:
            parts.append(f"{paragraph} See [source {i}](https://h{i % 40}.site{i % 13}.org/p/{i}).")
            size += len(parts[-1]) + 2
            i += 1
        text = "\n\n".join(parts) + "\n"
    (docs / "index.md").write_text(text, encoding="utf-8")
    write_variants(root, 1, "mkdocs", nav=None)


REPOSITORY = "https://github.com/example-org/example-docs"
"""The `repo_url` of `generate_real_shaped_site`: its changelog links into it hundreds of
times, as Material's does into its own repository."""


def generate_real_shaped_site(root: Path, *, theme: str = "material", seed: int = 1) -> None:
    """A site shaped like the real OWASP Cheat Sheet Series, with Material's changelog.

    126 pages; 459 linked domains, 193 of them linked more than once (github.com 329
    times on half of the pages, to some 150 projects; owasp.org 279 times), the other 266
    once; a page titled like another; and a changelog of 400 links into the site's own
    repository (`REPOSITORY`, its `repo_url`). Writes `root/docs` and `root/mkdocs.yml`.
    """
    rng = random.Random(seed)
    docs = root / "docs"
    pages = [f"cheatsheets/Sheet_{n}.md" for n in range(124)]
    links: list[list[str]] = [[] for _ in pages]
    half = rng.sample(range(len(pages)), len(pages) // 2)
    projects = [f"{rng.choice(WORDS)}{k}/{rng.choice(WORDS)}" for k in range(150)]
    for k in range(329):
        project = projects[k % len(projects)] if k < 300 else projects[rng.randrange(20)]
        links[half[k % len(half)]].append(f"https://github.com/{project}/issues/{k}")
    for k in range(279):
        links[rng.randrange(len(pages))].append(
            f"https://owasp.org/www-project-{rng.choice(WORDS)}/{k}"
        )
    weights = zipf_weights(191, 0.9)
    counts = [max(2, int(2 + 130 * w / weights[0])) for w in weights]
    for d, count in enumerate(counts):
        host = f"{rng.choice(['', 'www.', 'docs.'])}site{d}-{rng.choice(WORDS)}.{rng.choice(TLDS)}"
        for k in range(count):
            links[rng.randrange(len(pages))].append(f"https://{host}/{rng.choice(WORDS)}/{k}")
    for d in range(266):
        links[rng.randrange(len(pages))].append(
            f"https://once{d}-{rng.choice(WORDS)}.{rng.choice(TLDS)}/"
        )
    for index, path in enumerate(pages):
        out = docs / path
        out.parent.mkdir(parents=True, exist_ok=True)
        title = "Deserialization" if index in (0, 1) else f"{sentence(rng, 2)[:-1]} {index}"
        body = [f"# {title}", ""]
        for chunk in range(0, len(links[index]), 4):
            body.append(
                sentence(rng, 12)
                + " "
                + " ".join(
                    f"[{sentence(rng, 2)[:-1]}]({url})" for url in links[index][chunk : chunk + 4]
                )
            )
            body.append("")
        out.write_text("\n".join(body), encoding="utf-8")
    changelog = ["# Changelog", ""] + [
        f"- Fixed [#{k}]({REPOSITORY}/issues/{k}) in "
        f"[{k // 10}.{k % 10}]({REPOSITORY}/releases/tag/{k})"
        for k in range(200)
    ]
    (docs / "changelog.md").write_text("\n".join(changelog), encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\nThe cheat sheets.\n", encoding="utf-8")
    config = {
        "site_name": "Real-shaped",
        "site_url": "https://real.example.org/",
        "repo_url": REPOSITORY,
        "theme": {"name": theme, **({"font": False} if theme == "material" else {})},
        "plugins": ["search", "linkroles"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def write_variants(root: Path, pages: int, theme: str, nav: list[dict[str, str]] | None) -> None:
    """`plain.yml`, `report.yml` and `pages.yml`: the site without and with the plugin."""
    base: dict[str, object] = {
        "site_name": f"Synthetic {pages}",
        "site_url": "https://bench.example.org/",
        "docs_dir": "docs",
        "theme": {"name": theme},
        "markdown_extensions": ["tables", "toc"],
    }
    if nav is not None:  # a few sections, not every page: MkDocs' cost per page stays flat
        base["nav"] = nav
    variants = {
        "plain": ["search"],
        "report": ["search", {"linkroles": {"pages": False}}],
        "pages": ["search", "linkroles"],
    }
    for name, plugins in variants.items():
        config = {**base, "plugins": plugins, "site_dir": f"site-{name}"}
        (root / f"{name}.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def _relative(from_path: str, to_path: str) -> str:
    depth = from_path.count("/")
    return "../" * depth + to_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--links", type=int, default=30, help="external links per page")
    parser.add_argument("--domains", type=int, default=0, help="default: pages / 2")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate_site(
        args.root,
        pages=args.pages,
        links=args.links,
        domains=args.domains or max(args.pages // 2, 10),
        seed=args.seed,
    )


if __name__ == "__main__":
    main()
