"""Reading pages on every core: the workers read an episode's pages together and score them
there; the report is the one a single process makes, whatever the workers could pair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.store import pages

runner = CliRunner()


def status(site: Path, *extra: str) -> dict[str, object]:
    result = runner.invoke(app, ["status", str(site), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def variants(report: dict[str, object]) -> dict[tuple[int, str], tuple[str, object]]:
    episodes = report["episodes"]
    assert isinstance(episodes, list)
    return {(e["number"], lang): (v["status"], v["similarity"])
            for e in episodes for lang, v in e["variants"].items()}


def copied(n: int, lang: str) -> str:
    """An English page filed as a translation: the untranslated case."""
    return episode(n, lang)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    files: dict[str, str | bytes] = {}
    for n in range(1, 9):
        files[f"episodes/{n}/en.md"] = episode(n, title=f"Harbour night {n}")
        files[f"episodes/{n}/fr.md"] = french(n)
    files["episodes/3/fr.md"] = copied(3, "fr")
    files["episodes/3/de.md"] = episode(3, "de", body="Kurz.\n")
    # Filed under 5 but says it is episode 7: its partner is read by another worker's task.
    files["episodes/5/de.md"] = copied(7, "de")
    return make_site(tmp_path, files)


def serial(site: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    with monkeypatch.context() as patch:
        patch.setattr(pages, "PARALLEL_FROM", 10**9)
        return status(site, "--no-cache")


def test_workers_score_an_episode_together_with_the_report_of_one_process(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PARALLEL_FROM", 2)
    one = serial(site, monkeypatch)
    got = status(site)
    assert got == one
    found = variants(got)
    assert found[(3, "fr")][0] == "untranslated"
    assert found[(7, "de")][0] == "untranslated"  # paired across tasks: scored here
    assert found[(1, "fr")][0] == "unknown" and found[(1, "fr")][1] is None


def test_a_partly_cached_site_scores_new_pages_against_cached_ones(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "PARALLEL_FROM", 2)
    status(site)
    source = site / "episodes/3/en.md"  # its translations stay cached: scored in this process
    source.write_text(source.read_text("utf-8").replace("back to the", "back to our"), "utf-8")
    (site / "episodes/4/fr.md").write_text(copied(4, "fr"), "utf-8")
    got = status(site)
    assert got == serial(site, monkeypatch)
    found = variants(got)
    assert (found[(3, "fr")][0], found[(4, "fr")][0]) == ("untranslated", "untranslated"), found
