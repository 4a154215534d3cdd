"""Rendering the audit: table, Markdown and CSV."""

from __future__ import annotations

from pathlib import Path

from helpers import episode, french, make_site
from rich.console import Console

from translate_kit import recipes
from translate_kit.report import render_csv, render_markdown, render_table


def test_renderings(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
                                "episodes/2/en.md": episode(2)})
    report = recipes.status(site)
    console = Console(record=True, width=100)
    console.print(render_table(report))
    table = console.export_text()
    assert "Legend" in table and "coverage" in table and "50.0%" in table
    markdown = render_markdown(report)
    assert "| 2 | missing | missing |" in markdown
    rows = render_csv(report).splitlines()
    assert rows[0].startswith("episode,lang,status,path")
    assert "1,fr,unknown,episodes/1/fr.md" in rows[1]
