"""The bundled example site says which of its pages are broken on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.commands.status import status

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "site"


def test_every_broken_page_says_it_is_broken_on_purpose(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns(".translate-kit"))
    report = status(site)
    broken = sorted(p.path for p in report.errors)
    assert broken, "the example site is meant to show invalid pages"
    readme = (EXAMPLE / "README.md").read_text("utf-8")
    for path in broken:
        assert "Broken on purpose" in (EXAMPLE / path).read_text("utf-8"), path
        assert path.split("/")[1] in readme  # the episode folder, e.g. sn-7
    assert f"{len(broken)} files could not be used" in readme


def test_the_examples_human_translations_are_translated_and_its_drafts_approvable(
        tmp_path: Path) -> None:
    """Only the pages meant to show a problem have one: QA finds nothing on the reviewed (sn-1)
    and unrecorded (sn-4) translations, and the waiting drafts (sn-2) can be approved."""
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns(".translate-kit"))
    runner = CliRunner()
    for number in (1, 4):
        result = runner.invoke(app, ["glossary", "check", str(site), "-e", str(number)])
        assert result.exit_code == 0 and "0 findings" in result.stdout, result.stdout
    pages = [str(site / f"episodes/sn-2/{lang}/episode.md") for lang in ("fr", "de", "es")]
    result = runner.invoke(app, ["approve", *pages])
    assert result.exit_code == 0, result.output


def test_offline_engines_bill_says_nothing_is_sent(tmp_path: Path) -> None:
    """'none' and 'pseudo' send nothing: the bill says so instead of 'would send … from none'."""
    runner = CliRunner()
    expected = {"none": ("would leave", "left", "for a person"),
                "pseudo": ("would draft", "drafted", "on this machine")}
    for engine, (planned, done, where) in expected.items():
        site = tmp_path / engine
        shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns(".translate-kit"))
        for dry_run, head in ((True, planned), (False, done)):
            args = ["sync", str(site), "--engine", engine] + (["--dry-run"] if dry_run else [])
            result = runner.invoke(app, args)
            assert result.exit_code == 0, result.output
            bills = [line for line in result.stdout.splitlines()
                     if line.split(":")[0] in ("fr", "de", "es") and "pages;" in line]
            assert len(bills) == 3, result.stdout
            for line in bills:
                assert f"; {head} " in line and f") {where} (engine {engine}: offline, " \
                    "nothing sent);" in line, line
                assert "would send" not in line and f"from {engine}" not in line, line
        assert "0 engine requests made, 0 characters sent" in result.stdout
