"""Real Jekyll builds: drafts from a word-rewriting and a hostile engine keep every page's
HTML structure (tags, attributes, links, code); only text differs. One build per site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import CORPUS
from jekyll_site import (
    JEKYLL,
    build,
    compare,
    draft,
    draft_text,
    engine,
    jekyll_required,
    pattern,
    scaffold,
)
from typer.testing import CliRunner

from translate_kit.cli import app

DATA = Path(__file__).parent / "data" / "jekyll"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "site"
SAMPLE = Path(os.environ.get("TK_CORPUS", CORPUS))

pytestmark = pytest.mark.skipif(JEKYLL is None and not jekyll_required(),
                                reason="jekyll is not installed (TK_REQUIRE_JEKYLL unset)")


def drafted(site: Path, rewrite_lang: str, hostile_lang: str) -> dict[str, list[str]]:
    """Human translations and the lock removed, drafts made in two languages, one build."""
    layout = yaml.safe_load((site / "translate-kit.yaml").read_text("utf-8"))["layout"]
    source, variants = pattern(layout["source"]), pattern(layout["variants"])
    for page in site.rglob("*.md"):
        rel = page.relative_to(site).as_posix()
        if variants.fullmatch(rel) and not source.fullmatch(rel):
            page.unlink()
    (site / "translate-kit.lock").unlink(missing_ok=True)
    scaffold(site)
    with engine("rewrite") as server:
        draft(site, server.url, rewrite_lang)
    with engine("hostile") as server:
        draft(site, server.url, hostile_lang)
    dest = build(site)
    results = compare(dest, layout["source"])
    text = draft_text(dest)
    for injected in ("{% include evil.html %}", "{{ site.title }}", "<script>alert(1)</script>"):
        assert injected in text, f"{injected!r} did not come out as text"
    for lang in (rewrite_lang, hostile_lang):
        assert any(pattern(layout["variants"], lang).fullmatch(rel) for rel in results), lang
    return results


def test_tricky_pages_keep_their_structure_through_both_engines(tmp_path: Path) -> None:
    site = tmp_path / "tricky"
    shutil.copytree(DATA, site)
    results = drafted(site, "fr", "de")
    broken = {path: problems for path, problems in results.items() if problems}
    assert not broken, broken
    assert len(results) == 2 * len(list((DATA / "pages").iterdir()))


def test_example_site_keeps_its_structure_through_both_engines(tmp_path: Path) -> None:
    site = tmp_path / "example"
    shutil.copytree(EXAMPLE, site)
    results = drafted(site, "fr", "de")
    broken = {path: problems for path, problems in results.items() if problems}
    assert not broken, broken


def test_real_sample_keeps_its_structure_through_both_engines(tmp_path: Path) -> None:
    if not (SAMPLE / "docs").is_dir():
        pytest.skip("real-site sample is not present")
    site = tmp_path / "edt"
    shutil.copytree(SAMPLE, site)
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(site), "--yes"]).exit_code == 0
    results = drafted(site, "de", "fr")
    broken = {path: problems for path, problems in results.items() if problems}
    assert not broken, broken
