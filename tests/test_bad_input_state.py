"""Hostile files where translate-kit keeps its own state and writes what it is asked to: the
run lock's owner note, the translation cache, the site's .gitignore during ``init``, a report
path that names a site file, and a CRLF translation re-drafted from an LF source. Nothing is
waited on, nothing outside the site (or outside a page's slot) is written."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.cli import app

runner = CliRunner()


def good_site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2),
    })


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_pipe_for_the_run_lock_owner_is_never_waited_on(tmp_path: Path) -> None:
    site = good_site(tmp_path)
    (site / ".translate-kit").mkdir()
    os.mkfifo(site / ".translate-kit/run.lock.owner")
    done = subprocess.run([sys.executable, "-m", "translate_kit", "sync", str(site), "--engine",
                           "pseudo", "-q"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert (site / ".translate-kit/run.lock.owner").is_file()


@pytest.mark.parametrize("inside", [True, False], ids=["to a page", "out of the site"])
def test_the_run_lock_owner_note_never_writes_through_a_symlink(tmp_path: Path,
                                                                inside: bool) -> None:
    site = good_site(tmp_path)
    (site / ".translate-kit").mkdir()
    target = site / "episodes/1/fr.md"
    if not inside:
        target = tmp_path / "outside.txt"
        target.write_text("not translate-kit's\n", "utf-8")
    before = sha(target)
    (site / ".translate-kit/run.lock.owner").symlink_to(target)
    result = runner.invoke(app, ["sync", str(site), "--engine", "pseudo", "-q"])
    assert result.exit_code == 0, result.output
    assert sha(target) == before
    assert not (site / ".translate-kit/run.lock.owner").is_symlink()


def test_a_cache_symlink_that_leads_out_is_refused(tmp_path: Path) -> None:
    site = good_site(tmp_path)
    (site / ".translate-kit").mkdir()
    (site / ".translate-kit/cache.sqlite").symlink_to(tmp_path / "elsewhere.sqlite")
    result = runner.invoke(app, ["sync", str(site), "--engine", "pseudo", "-q"])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert ".translate-kit/cache.sqlite" in line and "symlink" in line
    assert not (tmp_path / "elsewhere.sqlite").exists()  # SQLite made no database out there
    assert not (site / "episodes/2/fr.md").exists()


def jekyll(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "episodes/1").mkdir(parents=True)
    (site / "_config.yml").write_text('languages: ["en", "fr"]\n', "utf-8")
    (site / "episodes/1/en.md").write_text(episode(1), "utf-8")
    (site / "episodes/1/fr.md").write_text(french(1), "utf-8")
    return site


@pytest.mark.parametrize(("make", "word"), [
    (lambda p: p.mkdir(), "folder"),
    (lambda p: os.mkfifo(p), "not a regular file"),
    (lambda p: p.write_bytes(b"\xff\xfe*.o\n"), "not UTF-8"),
    (lambda p: p.symlink_to("/dev/null"), "leads outside the site"),
], ids=["folder", "pipe", "not UTF-8", "link to /dev/null"])
def test_a_gitignore_init_cannot_use_is_one_line_and_nothing_written(tmp_path: Path, make: object,
                                                                     word: str) -> None:
    site = jekyll(tmp_path)
    make(site / ".gitignore")  # type: ignore[operator]
    result = runner.invoke(app, ["init", str(site), "--yes"])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert ".gitignore" in line and word in line and ".tmp" not in line
    assert not (site / "translate-kit.yaml").exists()  # not half done


@pytest.mark.parametrize("rel", ["episodes/1/fr.md", "translate-kit.lock",
                                 "translate-kit.yaml"])
def test_a_report_is_never_written_over_a_site_file(tmp_path: Path, rel: str) -> None:
    site = good_site(tmp_path)
    assert runner.invoke(app, ["baseline", str(site)]).exit_code == 0
    before = sha(site / rel)
    for kind in ("junit", "json"):
        result = runner.invoke(app, ["check", str(site), "-q", "--report",
                                     f"{kind}={site / rel}"])
        assert result.exit_code == 2, result.output
        assert rel in result.stderr and "site's own files" in result.stderr
    assert sha(site / rel) == before
    out = tmp_path / "gate.json"
    result = runner.invoke(app, ["check", str(site), "-q", "--report", f"json={out}"])
    assert result.exit_code == 1 and out.is_file()  # any other path is written


def test_a_crlf_translation_gets_no_lf_lines_from_a_redraft(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1)})
    (site / "episodes/1/fr.md").write_bytes(french(1).replace("\n", "\r\n").encode("utf-8"))
    assert runner.invoke(app, ["baseline", str(site), "-l", "fr"]).exit_code == 0
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8") + "\nA new closing line about the fog.\n",
                      "utf-8")
    result = runner.invoke(app, ["sync", str(site), "--engine", "pseudo", "-q", "-l", "fr"])
    assert result.exit_code == 0, result.output
    data = (site / "episodes/1/fr.md").read_bytes()
    assert "ƒ".encode() in data or b"[" in data  # the new line was drafted into the page
    assert data.count(b"\n") == data.count(b"\r\n")
