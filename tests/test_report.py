"""Rendering the audit: table, Markdown and CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from big_report import big_report
from helpers import episode, french, make_site
from rich.console import Console
from typer.testing import CliRunner

from translate_kit import report as rp
from translate_kit.cli import app
from translate_kit.commands.status import status
from translate_kit.errors import UsageError
from translate_kit.table import render_table


def test_renderings(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
                                "episodes/2/en.md": episode(2)})
    report = status(site)
    console = Console(record=True, width=100)
    console.print(render_table(report))
    table = console.export_text()
    assert "Legend" in table and "coverage" in table and "50.0%" in table
    markdown = rp.render_markdown(report)
    assert "| 2 | missing | missing |" in markdown
    rows = rp.render_csv(report).splitlines()
    assert rows[0].startswith("episode,lang,status,path")
    assert "1,fr,unknown,episodes/1/fr.md" in rows[1]


def _text(renderable: object, width: int = 80) -> str:
    console = Console(record=True, width=width, highlight=False, soft_wrap=True)
    console.print(renderable)
    return console.export_text()


def test_one_episode_reads_as_one_episode(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": "x"})
    table = _text(render_table(status(site)))
    assert "Translations of 1 episode (source: en)" in table
    assert "1 file could not be used:" in table


def test_big_site_lists_what_needs_attention_in_80_columns() -> None:
    report, _ = big_report(2000)
    text = _text(render_table(report))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    listed = [line for line in lines if line.startswith("│") and "episode.md" in line]
    assert len(listed) == 100  # not 2,000
    attention = [e for e in report.episodes if rp.needs_attention(e)]
    assert f"The 100 most urgent of {len(attention):,} episodes that need attention" in text
    done = len(report.episodes) - len(attention)
    assert f"Not listed: {done} episodes with every translation current" in text
    # the most urgent are the ones listed: invalid pages before missing ones, and so on
    numbers = {int(line.split("│")[1]) for line in listed}
    worst_listed = max(rp.urgency(e) for e in attention if e.number in numbers)
    assert all(rp.urgency(e) >= worst_listed for e in attention if e.number not in numbers)
    assert all(any(v.status == "invalid" for v in e.variants)
               for e in attention if e.number in numbers)  # 100 of the ~130 with an invalid page
    legend = text[text.index("Legend:"):]
    assert "unknown: no record of its source" in legend  # whole words, never cut


def test_only_and_flagged_select_episodes(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2),
        "episodes/3/en.md": episode(3), "episodes/3/fr.md": french(3, video="https://x.example"),
    }, languages=("fr",))
    report = status(site)
    assert [e.number for e in rp.select(report, rp.parse_only("missing")).episodes] == [2]
    assert [e.number for e in rp.select(report, flags=True).episodes] == [3]
    both = rp.parse_only(["unknown", "missing"])
    assert [e.number for e in rp.select(report, both).episodes] == [1, 2, 3]
    text = _text(render_table(report, only=("missing",)))
    assert "1 episode of 3 matches." in text and "episodes/2/en.md" in text
    assert "episodes/1/en.md" not in text
    with pytest.raises(UsageError, match="--only: unknown status purple; choose from current"):
        rp.parse_only("stale,purple")


def test_reasons_and_verdicts_say_one_thing_in_the_singular(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)},
                     languages=("fr",))
    runner = CliRunner()
    assert runner.invoke(app, ["baseline", str(root)]).exit_code == 0
    (root / "episodes/1/en.md").write_text(episode(1).replace("Coastal towns", "Harbour towns"),
                                           "utf-8")
    result = runner.invoke(app, ["check", str(root)])
    assert "is stale: 1 source segment changed since" in result.stdout, result.stdout
