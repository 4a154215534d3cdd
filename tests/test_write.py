"""Writing is atomic: an interruption at any moment leaves a page as it was or complete."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import episode, french, make_site
from mt_server import MTServer, shout
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.commands.draft import DraftOptions, draft
from translate_kit.lock import read_lock
from translate_kit.page import parse_page
from translate_kit.write import write_text_atomic


def test_unchanged_text_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    assert write_text_atomic(path, "same\r\n")
    stamp = path.stat().st_mtime_ns
    assert not write_text_atomic(path, "same\r\n")
    assert path.stat().st_mtime_ns == stamp
    assert path.read_bytes() == b"same\r\n"


def test_interrupted_replace_keeps_the_old_page(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "page.md"
    path.write_text("old text\n", "utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(path, "new text\n")
    assert path.read_text("utf-8") == "old text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # no temporary file left


def test_kill_9_mid_sync_leaves_whole_pages_and_a_rerun_finishes(tmp_path: Path) -> None:
    body = "## Part {n}\n\nFirst paragraph of episode {n}.\n\nSecond paragraph of episode {n}.\n"
    files = {f"episodes/{n}/en.md": episode(n, title=f"Keepers {n}",
                                            body=body.replace("{n}", str(n)))
             for n in range(1, 13)}
    with MTServer() as server:
        server.script.latency = 0.05
        site = make_site(tmp_path, files, languages=("fr",), config={
            "engine": "libre", "engine_options": {"url": server.url}, "workers": 2})
        child = subprocess.Popen([sys.executable, "-m", "translate_kit", "sync", str(site), "-q"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while len(server.script.requests) < 25 and time.monotonic() < deadline:
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
        asked_first = len(server.script.requests)
        for page in site.glob("episodes/*/fr.md"):  # whatever exists is complete
            data = parse_page(page.read_text("utf-8")).data()
            assert data["translation_status"] == "machine-draft"
            ending = f"SECOND PARAGRAPH OF EPISODE {data['number']}. [fr]\n"
            assert page.read_text("utf-8").endswith(ending)
        assert not list(site.rglob(".*.tmp"))
        report = draft(site, DraftOptions(), sync=True)
        assert report.ok
        assert len(list(site.glob("episodes/*/fr.md"))) == 12
        assert child.returncode == -signal.SIGKILL  # killed mid-run, not finished
        total = 12 * 5  # segments per page sent to the engine
        assert len(server.script.requests) < asked_first + total  # the cache paid off
    lock = (site / "translate-kit.lock").read_text("utf-8")
    assert lock.count('"status":"draft"') == 12


def test_new_files_get_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "new.md"
    write_text_atomic(path, "text\n")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o640)
    write_text_atomic(path, "changed\n")
    assert path.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode


# --- only a slot's own file is ever replaced ----------------------------------------------

runner = CliRunner()


@pytest.fixture
def server() -> Iterator[MTServer]:
    with MTServer() as running:
        yield running


def _libre(server: MTServer) -> dict[str, object]:
    return {"engine": "libre", "engine_options": {"url": server.url}}


@pytest.mark.parametrize("claimed", [6, -1])
def test_a_page_whose_number_belongs_to_another_episode_is_never_drafted_over(
        tmp_path: Path, server: MTServer, claimed: int) -> None:
    human = french(claimed)  # a translator's page at episode 5's path, saying another number
    site = make_site(tmp_path, {"episodes/5/en.md": episode(5), "episodes/6/en.md": episode(6),
                                "episodes/5/fr.md": human}, languages=("fr",),
                     config=_libre(server))
    result = runner.invoke(app, ["sync", str(site), "-q"])
    assert result.exit_code == 1
    assert (f"failed episodes/5/fr.md: this is where episode 5's fr page goes, but the file "
            f"says it is episode {claimed} (fr); left alone") in result.stderr
    assert (site / "episodes/5/fr.md").read_text("utf-8") == human
    assert "episodes/5/fr.md" not in read_lock(site / "translate-kit.lock")



@pytest.mark.parametrize("claimed", [6, -1])
def test_status_says_whose_file_holds_a_missing_slot(tmp_path: Path, claimed: int) -> None:
    site = make_site(tmp_path, {"episodes/5/en.md": episode(5), "episodes/6/en.md": episode(6),
                                "episodes/5/fr.md": french(claimed)}, languages=("fr",))
    result = runner.invoke(app, ["status", str(site), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    five = next(e for e in json.loads(result.stdout)["episodes"] if e["number"] == 5)
    variant = five["variants"]["fr"]
    assert variant["status"] == "missing" and variant["path"] is None
    assert variant["reason"] == (f"this is where episode 5's fr page goes, but the file says it "
                                 f"is episode {claimed} (fr); left alone: fix its 'number:' or "
                                 "move it")


def test_a_forced_draft_of_an_unrecorded_page_goes_beside_it(tmp_path: Path,
                                                             server: MTServer) -> None:
    human = french(1)
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": human},
                     languages=("fr",), config=_libre(server))
    result = runner.invoke(app, ["draft", str(site), "--force"])
    assert result.exit_code == 0, result.stderr
    assert "the page has no lock record" in result.stdout
    assert (site / "episodes/1/fr.md").read_text("utf-8") == human
    assert (site / ".translate-kit/review/episodes/1/fr.draft.md").is_file()
    assert read_lock(site / "translate-kit.lock") == {}


def test_a_page_edited_while_sync_translates_is_left_alone(tmp_path: Path,
                                                            server: MTServer) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)},
                     languages=("fr",), config=_libre(server))
    assert runner.invoke(app, ["baseline", str(site)]).exit_code == 0
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace("Coastal towns", "Harbour towns"),
                      "utf-8")
    page = site / "episodes/1/fr.md"
    edited = page.read_text("utf-8").replace("Les villes", "Les ports")

    def translate_and_edit(text: str, target: str) -> str:
        page.write_text(edited, "utf-8")  # the translator saves while the engine works
        return shout(text, target)

    server.script.translate = translate_and_edit
    result = runner.invoke(app, ["sync", str(site), "-q"])
    assert result.exit_code == 1 and "episodes/1/fr.md: was changed while the run" in \
        result.stderr
    assert page.read_text("utf-8") == edited


def test_the_suffix_layout_creates_pages(tmp_path: Path, server: MTServer) -> None:
    layout = {"source": "_posts/{date}-{slug}.md", "variants": "_posts/{date}-{slug}.{lang}.md"}
    site = make_site(tmp_path, {"_posts/2024-03-13-keepers.md": episode(1),
                                "_posts/2024-04-01-fog-bells.md": episode(2)},
                     languages=("fr",), config={**_libre(server), "layout": layout})
    result = runner.invoke(app, ["sync", str(site), "-q"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (site / "_posts").glob("*.fr.md")) == [
        "2024-03-13-keepers.fr.md", "2024-04-01-fog-bells.fr.md"]
    assert set(read_lock(site / "translate-kit.lock")) == {
        "_posts/2024-03-13-keepers.fr.md", "_posts/2024-04-01-fog-bells.fr.md"}


def test_state_files_follow_the_umask(tmp_path: Path, server: MTServer) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1)}, languages=("fr",),
                     config=_libre(server))
    old = os.umask(0o022)
    try:
        assert runner.invoke(app, ["sync", str(site), "-q"]).exit_code == 0
    finally:
        os.umask(old)
    written = [site / "translate-kit.lock", site / "episodes/1/fr.md",
               *(site / ".translate-kit/sources").iterdir()]
    assert {p.stat().st_mode & 0o777 for p in written} == {0o644}


# --- drafts an interrupted run wrote without a record ---------------------------------------

def test_drafts_without_a_record_are_recovered_as_drafts_not_adopted(
        tmp_path: Path, server: MTServer) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/2/en.md": episode(2)},
                     languages=("fr",), config=_libre(server))
    assert runner.invoke(app, ["sync", str(site), "-q"]).exit_code == 0
    (site / "translate-kit.lock").unlink()  # what older versions left after a kill -9
    assert {v["status"] for v in _variants(site)} == {"unknown"}
    result = runner.invoke(app, ["baseline", str(site)])
    assert "adopted 0 translations as current" in result.stdout
    assert "recorded 2 machine drafts as drafts awaiting review" in result.stdout
    assert {v["status"] for v in _variants(site)} == {"draft"}
    (site / "translate-kit.lock").unlink()
    result = runner.invoke(app, ["sync", str(site)])
    assert result.exit_code == 0
    assert "recorded 2 machine drafts that an interrupted run" in result.stdout
    assert {r.status for r in read_lock(site / "translate-kit.lock").values()} == {"draft"}


def _variants(site: Path) -> list[dict[str, object]]:
    doc = json.loads(runner.invoke(app, ["status", str(site), "--format", "json"]).stdout)
    return [v for e in doc["episodes"] for v in e["variants"].values()]


# --- approve refuses unfinished work ---------------------------------------------------------

def test_approve_refuses_a_stale_page_nobody_touched_unless_forced(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)},
                     languages=("fr",))
    assert runner.invoke(app, ["baseline", str(site)]).exit_code == 0
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace("Coastal towns", "Harbour towns"),
                      "utf-8")
    page = str(site / "episodes/1/fr.md")
    refused = runner.invoke(app, ["approve", page])
    assert refused.exit_code == 2 and "the source changed since this page was recorded" in \
        refused.stderr
    assert [v["status"] for v in _variants(site)] == ["stale"]
    assert runner.invoke(app, ["approve", page, "--force"]).exit_code == 0
    assert [v["status"] for v in _variants(site)] == ["current"]


def test_approve_names_the_segments_left_in_english(tmp_path: Path) -> None:
    french_text = french(1)
    paragraph = french_text.split("\n\n")[3]
    assert paragraph.startswith("Les villes côtières")
    english = ("Coastal towns kept their lamps burning long after radio arrived. Keepers wrote "
               "logs\nthat tell us how the weather changed, season after season.")
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1),
                                "episodes/1/fr.md": french_text.replace(paragraph, english)},
                     languages=("fr",))
    line = french_text.splitlines().index(paragraph.splitlines()[0]) + 1
    refused = runner.invoke(app, ["approve", str(site / "episodes/1/fr.md")])
    assert refused.exit_code == 2
    assert f"not finished: 1 segment — line {line}: same as the source" in refused.stderr
    assert read_lock(site / "translate-kit.lock") == {}
