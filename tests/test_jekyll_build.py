"""Real Jekyll builds: drafts from a word-rewriting and a hostile engine keep every page's
HTML structure (tags, attributes, links, code); only text differs. One build per site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS
from jekyll_site import JEKYLL, drafted, jekyll_required
from typer.testing import CliRunner

from translate_kit.cli import app

DATA = Path(__file__).parent / "data" / "jekyll"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "site"
SAMPLE = Path(os.environ.get("TK_CORPUS", CORPUS))

pytestmark = pytest.mark.skipif(JEKYLL is None and not jekyll_required(),
                                reason="jekyll is not installed (TK_REQUIRE_JEKYLL unset)")


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
