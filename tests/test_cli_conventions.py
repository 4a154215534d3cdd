"""The command line as people expect one (ruff, gh, pre-commit): --version, -h, completion,
help in words with defaults and an example, plain-word errors with exit 2, '-' for stdout."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit import __version__
from translate_kit.cli import app

runner = CliRunner()
COMMANDS = ["init", "status", "baseline", "approve", "draft", "sync", "engines", "check",
            "diff", "report", "glossary check", "glossary suggest"]


def small_site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2),
    })


def test_version_help_and_bare_command() -> None:
    assert runner.invoke(app, ["--version"]).stdout.strip() == f"translate-kit {__version__}"
    bare = runner.invoke(app, [])
    assert bare.exit_code == 0 and "Usage:" in bare.stdout and "status" in bare.stdout
    bare = runner.invoke(app, ["glossary"])
    assert bare.exit_code == 0 and "suggest" in bare.stdout
    short = runner.invoke(app, ["-h"])
    assert short.exit_code == 0 and short.stdout == runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in short.stdout  # shell completion
    listing = short.stdout[short.stdout.index("Commands:"):]
    assert "..." not in listing  # descriptions are not cut mid-sentence


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_in_words_and_an_example(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "-h"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert f"translate-kit {command}" in text[text.index("Example"):]
    assert not re.search(r"<[a-z]*\[?[A-Za-z]+\]?>|x>=|\[x", text), text  # no Python types


def test_metavars_and_defaults_read_as_words() -> None:
    text = " ".join(runner.invoke(app, ["draft", "-h"]).stdout.split())  # as if unwrapped
    for expected in ("-l, --lang LANG", "-e, --episode N", "--workers N", "--timeout SECONDS",
                     "--engine NAME", "--engine-opt KEY=VALUE", "the config's engine, else google",
                     "the config's workers, else 4"):
        assert expected in text, expected
    assert "PATH..." in runner.invoke(app, ["approve", "-h"]).stdout
    assert "--no-force" not in text


def test_errors_in_plain_words_exit_2(tmp_path: Path) -> None:
    site = str(small_site(tmp_path))
    cases = {
        ("status", site, "-f", "jsn"): "'jsn' is not a format; choose table, json, markdown or "
                                       "csv",
        ("status", site, "-e", "x"): "'x' is not a whole number",
        ("draft", site, "--workers", "0"): "0 is too small: at least 1",
        ("draft", site, "--timeout", "1e308x"): "'1e308x' is not a number",
        ("check", site, "--min-coverage", "120"): "120 is too large: at most 100",
        ("status", site, "--only", "purple"): "--only: unknown status purple",
        ("check", site, "--report", "jsn=-"): "--report takes FORMAT=PATH",
    }
    for args, message in cases.items():
        result = runner.invoke(app, list(args))
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert "Value error" not in result.stderr and "Input should" not in result.stderr


def test_check_takes_the_same_short_options(tmp_path: Path) -> None:
    site = str(small_site(tmp_path))
    result = runner.invoke(app, ["check", site, "-l", "fr", "-e", "1", "--no-cache", "-q",
                                 "--fail-on", "missing"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "translation check passed (fail-on: missing)"
    result = runner.invoke(app, ["check", site, "-e", "2", "-q", "--fail-on", "missing"])
    assert result.exit_code == 1 and "episode 2 (fr) is missing" in result.stdout


def test_report_to_stdout_with_a_dash(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    result = runner.invoke(app, ["check", str(site), "--fail-on", "none", "--report", "json=-"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["gate"]["passed"] is True  # stdout is the report alone
    assert not (Path.cwd() / "-").exists()


def test_report_paths_files_folders_and_existing_files(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    page = tmp_path / "dashboard.html"
    for _ in range(2):  # the second run replaces an existing file
        result = runner.invoke(app, ["report", str(site), "--html", str(page)])
        assert result.exit_code == 0, result.output
        assert page.is_file() and "<!DOCTYPE html>" in page.read_text("utf-8")
    folder = tmp_path / "site-report"
    assert runner.invoke(app, ["report", str(site), "--html", str(folder)]).exit_code == 0
    assert (folder / "index.html").is_file()
    result = runner.invoke(app, ["check", str(site), "--report", f"badge={page}"])
    assert result.exit_code == 2 and "a folder" in result.stderr
    blocked = page / "inside-a-file"  # a folder that cannot be made: one line, exit 2
    for args in (["report", str(site), "--html", str(blocked / "d.html")],
                 ["check", str(site), "--report", f"json={blocked / 's.json'}"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and f"cannot write {blocked}" in result.stderr, args


def test_report_links_into_a_repository(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    page = tmp_path / "out.html"
    base = "https://github.com/OWNER/REPO/blob/main/"
    result = runner.invoke(app, ["report", str(site), "--html", str(page), "--link-base", base])
    assert result.exit_code == 0, result.output
    assert '"base":"https://github.com/OWNER/REPO/blob/main/site/"' in page.read_text("utf-8")
    result = runner.invoke(app, ["report", str(site), "--html", str(page), "--link-base",
                                 "javascript:alert(1)//"])
    assert result.exit_code == 2 and "http(s) URL" in result.stderr


def test_status_only_and_flagged(tmp_path: Path) -> None:
    site = str(small_site(tmp_path))
    result = runner.invoke(app, ["status", site, "--only", "missing", "-f", "csv"])
    assert result.exit_code == 0
    assert [row.split(",")[:3] for row in result.stdout.splitlines()[1:]] == [
        ["1", "de", "missing"], ["2", "fr", "missing"], ["2", "de", "missing"]]
    result = runner.invoke(app, ["status", site, "--flagged"])
    assert result.exit_code == 0 and "0 episodes of 2 match." in result.stdout
    result = runner.invoke(app, ["status", site, "--only", "unknown"])
    assert result.exit_code == 0 and "1 episode of 2 matches." in result.stdout


def test_init_without_a_terminal_says_what_it_found_and_asks_for_yes(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    (site / "translate-kit.yaml").unlink()
    result = runner.invoke(app, ["init", str(site)])  # CliRunner's stdin is not a terminal
    assert result.exit_code == 2
    assert "episodes/{number}/{lang}.md" in result.stdout
    assert "--yes" in result.stderr and "{CONFIG_NAME}" not in result.output
    assert not (site / "translate-kit.yaml").exists()


def test_init_with_yes_writes_config_and_gitignore(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    (site / "translate-kit.yaml").unlink()
    result = runner.invoke(app, ["init", str(site), "--yes"])
    assert result.exit_code == 0, result.output
    assert "/.translate-kit/*" in (site / ".gitignore").read_text("utf-8")
    assert ".gitignore" in result.stdout


def _answer(fd: int, prompt: str, reply: str, seen: list[str]) -> None:
    deadline = time.monotonic() + 30
    while prompt not in "".join(seen):
        assert time.monotonic() < deadline, "".join(seen)
        if select.select([fd], [], [], 0.5)[0]:
            seen.append(os.read(fd, 4096).decode("utf-8", "replace"))
    os.write(fd, reply.encode())
    seen.clear()


def test_init_on_a_terminal_asks(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    (site / "translate-kit.yaml").unlink()
    parent, child = pty.openpty()  # a real terminal, as a person at a shell has
    proc = subprocess.Popen([sys.executable, "-m", "translate_kit", "init", str(site)],
                            stdin=child, stdout=child, stderr=child, close_fds=True)
    os.close(child)
    seen: list[str] = []
    try:
        _answer(parent, "Source language [en]", "\r", seen)
        _answer(parent, "Target languages [fr]", "fr\r", seen)
        _answer(parent, "[Y/n]", "y\r", seen)
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        os.close(parent)
    assert "languages: [fr]" in (site / "translate-kit.yaml").read_text("utf-8")


def test_dashboard_to_stdout_with_a_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = small_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "site", "--html", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and "wrote" not in result.stdout
    assert not (tmp_path / "-").exists()  # no folder named '-'
    assert '"base":"site/"' in result.stdout  # links from the working directory
    assert site.name == "site"


def test_one_report_at_most_on_stdout(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    result = runner.invoke(app, ["check", str(site), "--report", "json=-", "--report",
                                 "markdown=-"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""  # nothing half-written before the refusal
    assert "only one --report can go to standard output" in result.stderr


def test_status_only_keeps_the_sites_summary_in_every_format(tmp_path: Path) -> None:
    site = str(small_site(tmp_path))  # fr: episode 1 unknown, episode 2 missing
    whole = json.loads(runner.invoke(app, ["status", site, "-f", "json"]).stdout)
    result = runner.invoke(app, ["status", site, "--only", "unknown", "-f", "json"])
    doc = json.loads(result.stdout)
    assert [e["number"] for e in doc["episodes"]] == [1]  # the listing is the selection
    assert doc["summary"] == whole["summary"]  # the counts are the site's, not the selection's
    assert doc["summary"]["fr"]["coverage"] == 50.0
    result = runner.invoke(app, ["status", site, "--only", "unknown", "-f", "markdown"])
    assert "| fr | 0.0% | 50.0% | 0 | 0 | 0 | 1 | 0 | 1 |" in result.stdout
