"""The command line through typer's CliRunner: exit codes and what a user reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.cli import app

runner = CliRunner()


def small_site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2),
    })


def test_status_table_has_matrix_summary_and_legend(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", str(small_site(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "episode" in result.stdout and "coverage" in result.stdout
    assert "Legend" in result.stdout and "unknown" in result.stdout


def test_status_json_document(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", str(small_site(tmp_path)), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["source_lang"] == "en" and doc["languages"] == ["fr", "de"]
    first = doc["episodes"][0]
    assert first["number"] == 1 and first["source"] == "episodes/1/en.md"
    assert first["variants"]["fr"]["status"] == "unknown"
    assert first["variants"]["de"] == {**first["variants"]["de"], "status": "missing",
                                       "path": None}
    assert doc["summary"]["fr"]["coverage"] == 50.0
    assert doc["errors"] == []


def test_status_filters_and_other_formats(tmp_path: Path) -> None:
    site = str(small_site(tmp_path))
    result = runner.invoke(app, ["status", site, "-l", "de", "-e", "2", "-f", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == [
        "2,de,missing,,episodes/2/en.md,,,no de page for this episode"]
    md = runner.invoke(app, ["status", site, "-f", "markdown"]).stdout
    assert "| episode | fr | de |" in md and "| 1 | unknown | missing |" in md


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    site = str(small_site(tmp_path))
    result = runner.invoke(app, ["status", site, "--lang", "xx"])
    assert result.exit_code == 2
    assert "not configured: xx" in result.stderr
    result = runner.invoke(app, ["status", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    (tmp_path / "bare").mkdir()
    result = runner.invoke(app, ["status", str(tmp_path / "bare")])
    assert result.exit_code == 2
    assert "translate-kit init" in result.stderr


def test_bad_config_lists_every_problem_with_lines(tmp_path: Path) -> None:
    site = tmp_path / "s"
    site.mkdir()
    (site / "translate-kit.yaml").write_text(
        "source_lang: en\nlanguages: [fr, EN-!]\nlayot: x\n"
        "layout:\n  variants: 'a/{lng}.md'\nuntranslated_threshold: 300\n", "utf-8")
    result = runner.invoke(app, ["status", str(site)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4, lines
    assert any("translate-kit.yaml:2:" in line and "EN-!" in line for line in lines)
    assert any("translate-kit.yaml:3:" in line and "unknown key 'layot'" in line
               for line in lines)
    assert any("translate-kit.yaml:4:" in line and "{lng}" in line for line in lines)
    assert any("translate-kit.yaml:6:" in line and "untranslated_threshold" in line
               for line in lines)


def test_config_in_pyproject(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    (site / "translate-kit.yaml").unlink()
    (site / "pyproject.toml").write_text(
        '[tool.translate-kit]\nsource_lang = "en"\nlanguages = ["de"]\n\n'
        '[tool.translate-kit.layout]\nvariants = "episodes/{number}/{lang}.md"\n'
        'source = "episodes/{number}/en.md"\n', "utf-8")
    result = runner.invoke(app, ["status", str(site), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["languages"] == ["de"]


def test_init_detects_layout_and_refuses_to_overwrite(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    (site / "translate-kit.yaml").unlink()
    (site / "_config.yml").write_text('languages: ["en", "fr", "de"]\n', "utf-8")
    result = runner.invoke(app, ["init", str(site), "--yes"])
    assert result.exit_code == 0, result.output
    text = (site / "translate-kit.yaml").read_text("utf-8")
    assert 'variants: "episodes/{number}/{lang}.md"' in text
    assert 'source: "episodes/{number}/en.md"' in text
    assert "languages: [fr, de]" in text
    again = runner.invoke(app, ["init", str(site), "--yes"])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_baseline_and_approve_messages(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": episode(2, "fr"),
    })
    result = runner.invoke(app, ["baseline", str(site)])
    assert result.exit_code == 0
    assert "adopted 1 translation as current" in result.stdout
    assert "episodes/2/fr.md: its text is the source's" in result.stderr
    result = runner.invoke(app, ["approve", str(site / "episodes/2/fr.md")])
    assert result.exit_code == 2
    assert "translate it first" in result.stderr
    result = runner.invoke(app, ["approve", str(site / "episodes/1/fr.md")])
    assert result.exit_code == 0 and "approved episodes/1/fr.md" in result.stdout
    assert (site / "translate-kit.lock").is_file()


def test_approve_says_why_a_path_is_not_a_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    outside = tmp_path / "elsewhere.md"
    outside.write_text(french(2), "utf-8")
    (site / "episodes/2").mkdir()
    (site / "episodes/2/fr.md").symlink_to(outside)
    os.mkfifo(site / "episodes/3.md")
    cases = {"episodes/2/fr.md": "leads outside the site", "episodes/3.md": "not a regular file",
             "episodes/1": "is a folder", "episodes/9/fr.md": "no such file"}
    result = runner.invoke(app, ["approve", *(str(site / rel) for rel in cases)])
    assert result.exit_code == 2 and "internal error" not in result.output
    for rel, why in cases.items():
        assert [line for line in result.stderr.splitlines() if rel in line and why in line], (
            rel, result.stderr)
    assert outside.read_text("utf-8") == french(2)


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "translate_kit", "--help"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "status" in done.stdout


def test_status_qa_and_glossary_commands(tmp_path: Path) -> None:
    bad = french(1).replace("Les villes côtières", "Translation: Les villes côtières")
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": bad,
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": french(2),
        "glossary/site.yaml": "terms:\n  - term: Ada Marin\n    keep: true\n",
    })
    doc = json.loads(runner.invoke(app, ["status", str(site), "-f", "json", "--qa"]).stdout)
    first = doc["episodes"][0]["variants"]["fr"]
    assert "qa" in first["flags"]
    assert {f["check"] for f in first["qa"]} >= {"leftover"}
    assert "qa" not in doc["episodes"][1]["variants"]["fr"]["flags"]
    plain = json.loads(runner.invoke(app, ["status", str(site), "-f", "json"]).stdout)
    assert plain["episodes"][0]["variants"]["fr"]["qa"] == []  # QA only when asked
    result = runner.invoke(app, ["glossary", "check", str(site)])
    assert result.exit_code == 1
    assert "episodes/1/fr.md:" in result.stdout and "[leftover]" in result.stdout
    clean = runner.invoke(app, ["glossary", "check", str(site), "-e", "2"])
    assert clean.exit_code == 0, clean.stdout
    suggest = runner.invoke(app, ["glossary", "suggest", str(site)])
    assert suggest.exit_code == 0
    assert "term:" in suggest.stdout


def test_bad_site_glossary_is_a_config_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1),
                                "glossary/site.yaml": "terms:\n  - keep: true\n"})
    result = runner.invoke(app, ["glossary", "check", str(site)])
    assert result.exit_code == 2
    assert "site.yaml:2:" in result.stderr
