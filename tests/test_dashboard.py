"""The HTML dashboard, rendered in headless Chromium (Debian's chromium; .ci/run installs it)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from big_report import big_report
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.audit import STATUSES
from translate_kit.cli import app
from translate_kit.commands.report import dashboard
from translate_kit.commands.status import status as site_status
from translate_kit.dashboard import Links, Provenance, render_dashboard
from translate_kit.report import urgency

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("TK_REQUIRE_CHROMIUM"),
    reason="chromium is not installed (.ci/run installs it)")


def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": episode(2, "fr"),
        "episodes/3/en.md": episode(3), "episodes/4/fr.md": french(4),
        "episodes/5/en.md": episode(5), "episodes/5/de.md": "---\ntitle: [broken\n---\n",
    })


def embedded(page: str) -> dict[str, object]:
    found = re.search(r"<script type='application/json' id='tk-data'>\n(.*?)\n</script>", page,
                      re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert isinstance(data, dict)
    return data


def dom(url: str, profile: Path) -> str:
    """The page's DOM after its script ran, asserting it raised nothing."""
    assert CHROMIUM is not None, "TK_REQUIRE_CHROMIUM is set but chromium is not installed"
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}",
                           "--virtual-time-budget=5000", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines()
               if "CONSOLE" in line and ("ERROR" in line or "Uncaught" in line)]
    assert console == []
    assert 'data-ready="yes"' in done.stdout and "data-js-errors" not in done.stdout
    return done.stdout


def test_page_is_self_contained_and_every_cell_leads_to_its_file(tmp_path: Path) -> None:
    root = site(tmp_path)
    result = CliRunner().invoke(app, ["report", str(root), "--html", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert not re.search(r"""(src|href)=['"]https?://""", page)  # no CDN, no remote assets
    data = embedded(page)
    assert data["base"] == "../site/"
    strings = data["strings"]
    assert isinstance(strings, list) and "no fr page for this episode" in strings
    paths = 0
    for number, _title, source, cells, _flagged in data["episodes"]:  # type: ignore[attr-defined]
        for cell in cells:
            if cell == 0:
                continue
            path = cell[1] or source  # a missing translation leads to its source
            if path.startswith("~/"):  # beside the source
                path = source.rsplit("/", 1)[0] + path[1:]
            assert (tmp_path / "out" / "../site" / path).resolve().is_file(), (number, path)
            paths += 1
    assert paths == 9  # five episodes × fr, de, less the orphan's missing de slot
    titles = {number: title for number, title, *_ in data["episodes"]}  # type: ignore[attr-defined]
    assert titles[1] == "Lighthouse Keepers" and titles[4] == ""  # an orphan has no source


def test_page_at_2000_episodes_is_small_and_data_stays_data() -> None:
    report, titles = big_report(2000)
    titles[3] = "</script><script>alert(1)</script> & <!-- not a comment"
    page = render_dashboard(report, Links("https://github.com/o/r/blob/main/docs/"),
                            Provenance("2026-12-01 20:00 UTC", "0123456789ab"), titles)
    assert len(page.encode("utf-8")) <= 1_500_000
    assert page.count("</script>") == 2 and "<!-- not" not in page
    assert embedded(page)["episodes"][2][1] == titles[3]  # type: ignore[index]
    assert "generated 2026-12-01 20:00 UTC from commit <code>0123456789ab</code>" in page


@needs_chromium
def test_renders_in_chromium_and_counts_match(tmp_path: Path) -> None:
    root = site(tmp_path)
    out = tmp_path / "out"
    dashboard(root, out)
    shown = dom((out / "index.html").resolve().as_uri(), tmp_path / "profile")
    counts = {key: int(value) for key, value in
              re.findall(r'data-count="([^"]+)">(\d+)<', shown)}
    summary = site_status(root).summary()
    for lang, row in summary.items():
        for status in STATUSES:
            assert counts[f"{lang}:{status}"] == row[status], (lang, status)
    for attr, key in (("coverage", "coverage"), ("up-to-date", "up_to_date")):
        found = re.findall(rf'data-{attr}="([^"]+)">([\d.]+)%<', shown)
        assert {lang: float(v) for lang, v in found} == {k: v[key] for k, v in summary.items()}
    hrefs = re.findall(r'<a class="chip[^"]*" href="([^"]+)"', shown)
    assert len(hrefs) == 9  # every slot in the list, relative to the page
    for href in hrefs:
        assert (out / unquote(html.unescape(href))).resolve().is_file(), href
    assert 'data-cells="9"' in shown


@needs_chromium
def test_2000_episodes_in_chromium_filters_order_and_screenshot(tmp_path: Path) -> None:
    report, titles = big_report(2000)
    page = tmp_path / "dashboard.html"
    page.write_text(render_dashboard(report, Links("https://github.com/o/r/blob/main/docs/"),
                                     Provenance("2026-12-01 20:00 UTC", "0123456789ab"),
                                     titles), "utf-8")
    url = page.resolve().as_uri()
    shown = dom(url, tmp_path / "profile")
    slots = sum(len(e.variants) for e in report.episodes)
    assert f'data-cells="{slots}"' in shown
    height = int(re.search(r'data-heat-height="(\d+)"', shown).group(1))  # type: ignore[union-attr]
    assert height <= 1_500  # the whole heatmap in about one and a half screens
    listed = [int(n) for n in re.findall(r'<tr class="episode" data-number="(\d+)"', shown)]
    expected = [e.number for e in sorted(report.episodes, key=urgency)[:100]]
    assert listed == expected  # needs attention first
    links = re.findall(r'href="(https://github.com/o/r/blob/main/docs/[^"]+)"', shown)
    assert "https://github.com/o/r/blob/main/docs/docs/episodes/ep-3/fr/episode.md" in links
    filtered = dom(url + "#q=fog&lang=fr&status=stale,missing&order=number",
                   tmp_path / "profile")
    want = [e.number for e in report.episodes if "fog" in titles[e.number].lower()
            and (v := e.variant("fr")) is not None and v.status in ("stale", "missing")]
    assert f'data-matching="{len(want)}"' in filtered
    listed = [int(n) for n in re.findall(r'<tr class="episode" data-number="(\d+)"', filtered)]
    assert listed == want[:100]
    shot = tmp_path / "dashboard.png"
    done = subprocess.run([CHROMIUM or "chromium", *FLAGS, f"--user-data-dir={tmp_path / 'p'}",
                           "--window-size=1280,1800", f"--screenshot={shot}", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and shot.stat().st_size > 50_000
