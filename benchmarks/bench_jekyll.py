"""The share of pages whose Jekyll-built HTML structure survives both test engines.

Each site is copied, its translations removed, and drafted through ``translate-kit sync``
twice: French by an engine that rewrites every word, German by a hostile engine (Liquid tags,
<script>, onerror=, javascript: links, unclosed comments, bidi controls, NUL, pipes, newlines,
Markdown and kramdown syntax). One ``jekyll build`` then renders everything, and each draft's
HTML structure (tags, attributes, links, code) is compared with its source's. A page survives
when both of its drafts have its structure. Bar: 100 %.

    python benchmarks/bench_jekyll.py [--sample ../shared/corpus/edt]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from jekyll_site import JEKYLL, drafted  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from translate_kit.cli import app  # noqa: E402

SITES = {"tricky pages (tests/data/jekyll)": ROOT / "tests" / "data" / "jekyll",
         "example site (examples/site)": ROOT / "examples" / "site"}


def survival(source: Path, work: Path, init: bool = False) -> tuple[int, int, list[str]]:
    """(pages surviving both engines, pages, problems) for one site."""
    site = work / source.name
    shutil.copytree(source, site)
    if init:
        assert CliRunner().invoke(app, ["init", str(site), "--yes"]).exit_code == 0
    results = drafted(site, "fr", "de")
    pages: dict[str, list[str]] = {}
    for path, problems in results.items():
        page = path.replace("/fr/", "/*/").replace("/de/", "/*/").replace(
            "/fr.md", "/*.md").replace("/de.md", "/*.md")
        pages.setdefault(page, []).extend(f"{path}: {p}" for p in problems)
    kept = sum(1 for problems in pages.values() if not problems)
    return kept, len(pages), [p for problems in pages.values() for p in problems]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=ROOT.parent / "shared" / "corpus" / "edt",
                        help="the real-site sample (skipped when absent)")
    args = parser.parse_args()
    if JEKYLL is None:
        sys.exit("jekyll is not installed")
    sites = dict(SITES)
    if (args.sample / "docs").is_dir():
        sites["real sample"] = args.sample
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, path) in enumerate(sites.items()):
            work = Path(tmp) / str(index)
            work.mkdir()
            kept, total, problems = survival(path, work, init=name == "real sample")
            print(f"{name}: {kept}/{total} pages ({100 * kept / total:.1f} %) keep their "
                  "Jekyll-built structure through both engines")
            for problem in problems[:10]:
                print(f"    {problem}")


if __name__ == "__main__":
    main()
