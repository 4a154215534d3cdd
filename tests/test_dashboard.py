"""The HTML dashboard, rendered in headless Chromium (Debian's chromium; .ci/run installs it)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit import recipes
from translate_kit.cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]


def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": episode(2, "fr"),
        "episodes/3/en.md": episode(3), "episodes/4/fr.md": french(4),
        "episodes/5/en.md": episode(5), "episodes/5/de.md": "---\ntitle: [broken\n---\n",
    })


def test_page_is_self_contained_and_links_to_files(tmp_path: Path) -> None:
    root = site(tmp_path)
    result = CliRunner().invoke(app, ["report", str(root), "--html", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert not re.search(r"""(src|href)=['"]https?://""", page)  # no CDN, no remote assets
    hrefs = re.findall(r"href='([^']+)'", page)
    assert "../site/episodes/1/fr.md" in hrefs
    for href in hrefs:
        assert (tmp_path / "out" / html.unescape(href)).resolve().is_file(), href
    assert "no fr page for this episode" in page  # each cell says why


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("TK_REQUIRE_CHROMIUM"),
                    reason="chromium is not installed (.ci/run installs it)")
def test_renders_in_chromium_without_errors_and_counts_match(tmp_path: Path) -> None:
    assert CHROMIUM is not None, "TK_REQUIRE_CHROMIUM is set but chromium is not installed"
    root = site(tmp_path)
    out = tmp_path / "out"
    recipes.dashboard(root, out)
    url = (out / "index.html").resolve().as_uri()
    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                          "--virtual-time-budget=2000", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines()
               if "CONSOLE" in line and ("ERROR" in line or "Uncaught" in line)]
    assert console == []
    assert 'data-ready="yes"' in dom.stdout and "data-js-errors" not in dom.stdout
    counts = {key: int(value) for key, value in
              re.findall(r'data-count="([^"]+)">(\d+)<', dom.stdout)}
    summary = recipes.status(root).summary()
    for lang, row in summary.items():
        for status in ("current", "draft", "stale", "unknown", "untranslated", "missing",
                       "orphan", "invalid"):
            assert counts[f"{lang}:{status}"] == row[status], (lang, status)
    shown = re.findall(r'data-coverage="([^"]+)">([\d.]+)%<', dom.stdout)
    assert {lang: float(v) for lang, v in shown} == {k: v["coverage"] for k, v in
                                                      summary.items()}
    shot = tmp_path / "dashboard.png"
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                           "--window-size=1200,900", f"--screenshot={shot}", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and shot.stat().st_size > 10_000
