"""The warm ``status --format json`` fast path: the same bytes as the normal path, without
loading the command line, and never once anything it depends on changed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.store.status_text import cached_output, plain_site

runner = CliRunner()
# The console script as a process, reporting whether typer (the command line) was loaded.
PROBE = """
import sys
from translate_kit.entry import main
sys.argv = ["translate-kit", *sys.argv[1:]]
main()
print("typer" in sys.modules, file=sys.stderr)
"""


def status(site: Path, *extra: str) -> str:
    result = runner.invoke(app, ["status", str(site), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def entry(site: Path) -> tuple[str, bool]:
    """stdout of ``translate-kit status SITE --format json`` and whether typer was loaded."""
    done = subprocess.run([sys.executable, "-c", PROBE, "status", str(site), "--format", "json"],
                          capture_output=True, text=True, check=True)
    return done.stdout, done.stderr.strip().splitlines()[-1] == "True"


def site_of_two(tmp_path: Path) -> Path:
    return make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
                                "episodes/2/en.md": episode(2, title="Tides")})


def test_a_warm_plain_json_status_prints_the_same_bytes_without_the_command_line(
        tmp_path: Path) -> None:
    site = site_of_two(tmp_path)
    normal = status(site)
    assert json.loads(normal)["episodes"]
    assert cached_output(str(site)) == normal
    out, typer_loaded = entry(site)
    assert (out, typer_loaded) == (normal, False)
    assert status(site, "--no-cache") == normal


def edit_page(site: Path) -> None:
    path = site / "episodes/1/en.md"
    path.write_text(path.read_text("utf-8") + "\nOne more paragraph about fog.\n", "utf-8")


def add_page(site: Path) -> None:
    (site / "episodes/2/fr.md").write_text(french(2), "utf-8")


def remove_page(site: Path) -> None:
    (site / "episodes/1/fr.md").unlink()


def edit_config(site: Path) -> None:
    path = site / "translate-kit.yaml"
    conf = yaml.safe_load(path.read_text("utf-8"))
    conf["languages"] = ["fr", "de", "it"]
    path.write_text(yaml.safe_dump(conf, sort_keys=False), "utf-8")


def write_lock(site: Path) -> None:
    assert runner.invoke(app, ["baseline", str(site)]).exit_code == 0


@pytest.mark.parametrize("change", [edit_page, add_page, remove_page, edit_config, write_lock])
def test_any_change_the_output_depends_on_is_not_served_stale(
        tmp_path: Path, change: Callable[[Path], None]) -> None:
    site = site_of_two(tmp_path)
    before = status(site)
    change(site)
    assert cached_output(str(site)) is None
    after = status(site)
    assert after == status(site, "--no-cache")
    if change is not edit_page:  # an edited source is still 'missing' in the other languages
        assert after != before
    assert entry(site) == (after, False)  # the new run is kept again


def test_a_run_that_met_problems_or_had_options_keeps_nothing(tmp_path: Path) -> None:
    site = site_of_two(tmp_path)
    status(site, "--lang", "fr")
    assert cached_output(str(site)) is None
    status(site)
    (site / "episodes/3/en.md").mkdir(parents=True)  # a folder named like a page: a warning
    result = runner.invoke(app, ["status", str(site), "--format", "json"])
    assert result.exit_code == 0 and "is a folder" in result.stderr
    assert cached_output(str(site)) is None


@pytest.mark.parametrize(("argv", "site"), [
    (["status", "--format", "json"], "."),
    (["status", "s", "--format=json"], "s"),
    (["status", "-f", "json", "s"], "s"),
    (["status", "s"], None),
    (["status", "s", "--format", "csv"], None),
    (["status", "s", "--format", "json", "--lang", "fr"], None),
    (["status", "a", "b", "--format", "json"], None),
    (["check", "s", "--format", "json"], None),
])
def test_only_a_plain_json_status_takes_the_fast_path(argv: list[str], site: str | None) -> None:
    assert plain_site(argv) == site


# The console script as a process, reporting which of the command line's modules it loaded.
COLD_PROBE = """
import json, sys
from translate_kit.entry import main
sys.argv = ["translate-kit", *sys.argv[1:]]
try:
    main()
finally:
    print(json.dumps(sorted(m for m in ("typer", "rich") if m in sys.modules)), file=sys.stderr)
"""


def console(site: Path) -> tuple[int, str, list[str], list[str]]:
    """Exit code, stdout, stderr lines and the command-line modules loaded by the console
    script's ``status SITE --format json``."""
    done = subprocess.run([sys.executable, "-c", COLD_PROBE, "status", str(site), "--format",
                           "json"], capture_output=True, text=True)
    *lines, modules = done.stderr.strip().splitlines()
    return done.returncode, done.stdout, lines, json.loads(modules)


def test_a_cold_plain_json_status_runs_without_the_command_line_and_says_the_same(
        tmp_path: Path) -> None:
    site = site_of_two(tmp_path)
    (site / "episodes/3/en.md").mkdir(parents=True)  # a folder named like a page: a warning
    expected = runner.invoke(app, ["status", str(site), "--format", "json", "--no-cache"])
    assert expected.exit_code == 0 and "is a folder" in expected.stderr
    assert console(site) == (0, expected.stdout, expected.stderr.splitlines(), [])


@pytest.mark.parametrize("damage", ["missing site", "bad config", "bad language"])
def test_a_cold_plain_json_status_fails_as_the_command_line_does(
        tmp_path: Path, damage: str) -> None:
    site = site_of_two(tmp_path)
    config = site / "translate-kit.yaml"
    if damage == "missing site":
        site = tmp_path / "nowhere"
    elif damage == "bad config":
        config.write_text("languages: [fr\n", "utf-8")
    else:
        config.write_text("source_lang: en\nlanguages: [fr, 'x y']\nworkers: 0\n", "utf-8")
    expected = runner.invoke(app, ["status", str(site), "--format", "json"])
    assert expected.exit_code == 2 and expected.stderr.startswith("error: ")
    assert console(site) == (2, "", expected.stderr.splitlines(), [])


def test_a_commit_alone_gives_an_unknown_translation_its_git_hint(tmp_path: Path) -> None:
    site = site_of_two(tmp_path)
    (site / ".gitignore").write_text(".translate-kit/\n", "utf-8")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True, env=env)

    def hint() -> object:
        doc = json.loads(status(site))
        return doc["episodes"][0]["variants"]["fr"]["hint"]

    git("init", "-q")
    assert hint() is None  # nothing committed: no history to tell
    git("add", ".")
    git("commit", "-qm", "first")  # no page changes: only git's own files do
    assert cached_output(str(site)) is None
    assert "'baseline' can adopt it" in str(hint())
    assert entry(site)[0] == status(site, "--no-cache")


@pytest.mark.parametrize("name", ["translate-kit.yaml", "translate-kit.lock"])
def test_an_edit_through_a_symlinked_config_or_lock_is_not_served_stale(
        tmp_path: Path, name: str) -> None:
    (tmp_path / ".git").mkdir()
    site = site_of_two(tmp_path)
    write_lock(site)
    # The lock may lead within the site, the config within the repository.
    kept = (site / "shared" if name == "translate-kit.lock" else tmp_path) / f"shared-{name}"
    kept.parent.mkdir(exist_ok=True)
    (site / name).rename(kept)
    (site / name).symlink_to(kept)
    status(site)
    assert cached_output(str(site)) is not None
    if name == "translate-kit.lock":
        kept.write_text("", "utf-8")  # every record gone: the French page is 'unknown' again
    else:
        edit_config(site)
    assert cached_output(str(site)) is None
    assert console(site)[1] == status(site, "--no-cache")
