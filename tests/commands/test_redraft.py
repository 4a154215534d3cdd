"""sync after a source edit, on pages whose translators changed the structure: the page is
re-drafted in place (only the edited paragraph sent and replaced), and the review sheet puts
the change first with its old and new source, the previous translation and the new draft."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import episode, french, make_site
from mt_server import MTServer
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.commands.baseline import baseline

runner = CliRunner()

LIST = "- les cornes de brume et leurs codes\n- la routine quotidienne du gardien\n"
PARAGRAPHS = "Les cornes de brume et leurs codes.\n\nLa routine quotidienne du gardien.\n"
NOTE = "\nNote du traducteur : les registres cités sont en anglais.\n"


@pytest.fixture
def server() -> Iterator[MTServer]:
    with MTServer() as running:
        yield running


def restructured_site(tmp_path: Path, server: MTServer) -> Path:
    """A baselined French page whose translator turned the bullets into paragraphs and added
    a note, with trailing spaces on the English lines only."""
    human = french(1).replace(LIST, PARAGRAPHS + NOTE)
    english = episode(1).replace("Keepers wrote logs\n", "Keepers wrote logs   \n")
    site = make_site(tmp_path, {"episodes/1/en.md": english, "episodes/1/fr.md": human},
                     config={"engine": "libre", "engine_options": {"url": server.url},
                             "retries": 1, "timeout": 5}, languages=("fr",))
    baseline(site)
    return site


def test_an_edit_is_redrafted_in_place_on_a_restructured_page(tmp_path: Path,
                                                              server: MTServer) -> None:
    site = restructured_site(tmp_path, server)
    page = site / "episodes/1/fr.md"
    before = page.read_text("utf-8")
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace(
        "Our guest explains why", "Our guest shows why"), "utf-8")
    result = runner.invoke(app, ["sync", str(site)])
    assert result.exit_code == 0, result.output
    assert "drafted episodes/1/fr.md (incremental)" in result.stdout
    [sent] = server.script.requests
    assert sent.startswith("Our guest shows why")
    after = page.read_text("utf-8")
    old_paragraph = next(line for line in before.splitlines() if line.startswith("Notre invit"))
    start = before.index(old_paragraph)
    head, tail = before[:start], before[start + len(old_paragraph):]
    marker = "translation_status: machine-draft\n"
    # Every byte outside the edited paragraph is the translator's (plus the draft marker).
    assert after.replace(marker, "").startswith(head) and after.endswith(tail)
    assert "OUR GUEST SHOWS WHY" in after and PARAGRAPHS + NOTE in after
    assert "   \n" not in after
    sheet = (site / ".translate-kit/review/episodes/1/fr.review.md").read_text("utf-8")
    first = sheet.split("\n## ")[1]
    assert "changed in the source" in first
    assert "Our guest {+shows+} [-explains-]" in first or "[-explains-] {+shows+}" in first
    assert "Previous translation: Notre invitée explique pourquoi" in first
    assert "- Draft: OUR GUEST SHOWS WHY" in first
    assert "## Unchanged: " in sheet and "| source |" not in sheet


def test_a_side_draft_sheet_says_how_to_bring_it_in_never_to_approve_the_old_page(
        tmp_path: Path, server: MTServer) -> None:
    site = restructured_site(tmp_path, server)
    for snapshot in (site / ".translate-kit/sources").iterdir():
        snapshot.unlink()  # no record of the old source's text: nothing can be placed
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace("Coastal", "Harbour"), "utf-8")
    page = site / "episodes/1/fr.md"
    before = page.read_bytes()
    result = runner.invoke(app, ["sync", str(site)])
    assert result.exit_code == 0, result.output
    assert page.read_bytes() == before
    sheet = (site / ".translate-kit/review/episodes/1/fr.review.md").read_text("utf-8")
    assert "do not approve it as it is" in sheet and "Bring the draft into it first" in sheet
    assert "fr.draft.md" in sheet


def test_baseline_and_diff_name_the_first_structure_mismatch(tmp_path: Path) -> None:
    human = french(1).replace(LIST, PARAGRAPHS)
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": human},
                     languages=("fr",))
    english_line = episode(1).splitlines().index("- fog horns and their codes") + 1
    french_line = human.splitlines().index("Les cornes de brume et leurs codes.") + 1
    result = runner.invoke(app, ["baseline", str(site)])
    assert result.exit_code == 0, result.output
    expected = (f"source line {english_line} is a list item, translation line {french_line} a "
                "paragraph")
    assert f"adopted episodes/1/fr.md; structure differs from the source: {expected}" in \
        result.stdout
    result = runner.invoke(app, ["diff", str(site), "-e", "1", "-l", "fr"])
    assert result.exit_code == 0, result.output
    assert f"structure differs from the recorded source: {expected}" in result.stdout


MERGED_FROM = "saison après saison.\n\nNotre invitée"
MERGED_TO = "saison après saison. Notre invitée"


def merged_site(tmp_path: Path, server: MTServer) -> Path:
    """A baselined French page whose translator merged two paragraphs into one, and an edit
    in the English of the second: the edit cannot be placed (the French paragraph also
    translates unchanged text)."""
    human = french(1).replace(MERGED_FROM, MERGED_TO)
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": human},
                     config={"engine": "libre", "engine_options": {"url": server.url},
                             "retries": 1, "timeout": 5}, languages=("fr",))
    baseline(site)
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace(
        "Our guest explains why", "Our guest shows why"), "utf-8")
    result = runner.invoke(app, ["sync", str(site)])
    assert result.exit_code == 0, result.output
    return site


def french_status(site: Path) -> dict[str, object]:
    result = runner.invoke(app, ["status", str(site), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    variant: dict[str, object] = json.loads(result.stdout)["episodes"][0]["variants"]["fr"]
    return variant


SHEET = ".translate-kit/review/episodes/1/fr.review.md"


def test_an_edit_that_cannot_be_placed_keeps_the_page_stale_until_it_is_in(
        tmp_path: Path, server: MTServer) -> None:
    site = merged_site(tmp_path, server)
    page = site / "episodes/1/fr.md"
    assert "OUR GUEST SHOWS WHY" not in page.read_text("utf-8")
    assert "OUR GUEST SHOWS WHY" in (site / SHEET).read_text("utf-8")
    status = french_status(site)
    assert status["status"] == "stale" and status["changed_segments"] == 1
    assert SHEET in str(status["reason"]) and "could not place" in str(status["reason"])
    line = episode(1).splitlines().index(
        next(x for x in episode(1).splitlines() if x.startswith("Our guest"))) + 1
    refused = runner.invoke(app, ["approve", str(page)])
    assert refused.exit_code == 2, refused.output  # approve's refusals, as for unfinished work
    assert f"source line {line}" in refused.stderr and SHEET in refused.stderr
    assert french_status(site)["status"] == "stale"
    # The reviewer brings the new text into the page from the sheet, then approves.
    page.write_text(page.read_text("utf-8").replace("explique pourquoi", "montre pourquoi"),
                    "utf-8")
    assert runner.invoke(app, ["approve", str(page)]).exit_code == 2
    forced = runner.invoke(app, ["approve", "--force", str(page)])
    assert forced.exit_code == 0, forced.output
    assert french_status(site)["status"] == "current"


def test_a_later_sync_places_the_edit_once_the_page_lets_it(tmp_path: Path,
                                                              server: MTServer) -> None:
    site = merged_site(tmp_path, server)
    page = site / "episodes/1/fr.md"
    # The translator splits the paragraph again: the old text of the edit has its own span.
    page.write_text(page.read_text("utf-8").replace(MERGED_TO, MERGED_FROM), "utf-8")
    server.script.requests.clear()
    result = runner.invoke(app, ["sync", str(site)])
    assert result.exit_code == 0, result.output
    # Nothing but the missing edit is translated (here it comes from the first run's cache).
    assert all(r.startswith("Our guest shows why") for r in server.script.requests)
    assert "drafted episodes/1/fr.md (incremental)" in result.stdout
    assert "OUR GUEST SHOWS WHY" in page.read_text("utf-8")
    status = french_status(site)
    assert status["status"] == "draft" and status["changed_segments"] == 0
