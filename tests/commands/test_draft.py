"""draft and sync end to end: real HTTP to a local LibreTranslate-compatible server, review-ready
pages, incremental re-drafts that keep human text, the lock, and nothing lost on failure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import FRENCH_BODY, episode, french, make_site
from mt_server import MTServer
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.commands.baseline import baseline
from translate_kit.commands.draft import DraftOptions, draft
from translate_kit.commands.glossary import glossary_check
from translate_kit.commands.status import status
from translate_kit.lock import read_lock
from translate_kit.page import parse_page

runner = CliRunner()


@pytest.fixture
def server() -> Iterator[MTServer]:
    with MTServer() as running:
        yield running


def site_with(tmp_path: Path, server: MTServer, files: dict[str, str | bytes],
              **config: object) -> Path:
    conf: dict[str, object] = {"engine": "libre", "engine_options": {"url": server.url},
                               "retries": 1, "timeout": 5}
    conf.update(config)
    return make_site(tmp_path, files, config=conf)


def statuses(site: Path) -> dict[tuple[int, str], str]:
    doc = status(site).to_json()
    return {(e["number"], lang): v["status"] for e in doc["episodes"]
            for lang, v in e["variants"].items()}


def test_sync_drafts_missing_pages_review_ready(tmp_path: Path, server: MTServer) -> None:
    site = site_with(tmp_path, server, {"episodes/1/en.md": episode(1)})
    result = runner.invoke(app, ["sync", str(site)])
    assert result.exit_code == 0, result.output
    assert "drafted episodes/1/fr.md (new)" in result.stdout
    page_text = (site / "episodes/1/fr.md").read_text("utf-8")
    page = parse_page(page_text)
    data = page.data()
    assert data["lang"] == "fr"
    assert data["permalink"] == "episode-1-fr"
    assert data["translation_status"] == "machine-draft"
    assert data["title"] == "LIGHTHOUSE KEEPERS [fr]"
    source = parse_page((site / "episodes/1/en.md").read_text("utf-8"))
    for key in ("number", "date", "video", "guests", "tags"):  # copied byte for byte
        assert page.raw(key) == source.raw(key)
    assert "{% include player.html id=\"ep1\" title=\"#1 Lighthouse Keepers\" %}" in page_text
    assert "**OLD RECORDS** ARE NOW READ BY [CLIMATE RESEARCHERS](https://example.org/logs)" \
        in page_text
    assert "<summary> Transcription du podcast </summary>" in page_text  # the locale's UI text
    sheet = site / ".translate-kit/review/episodes/1/fr.review.md"
    sections = sheet.read_text("utf-8").split("\n## ")[1:]  # one section per segment
    assert len(sections) == 9 and all("- Status: " in s and "- Draft: " in s for s in sections)
    assert statuses(site)[(1, "fr")] == "draft"
    assert statuses(site)[(1, "de")] == "draft"
    assert read_lock(site / "translate-kit.lock")["episodes/1/fr.md"].status == "draft"
    assert "Summary" in result.stdout  # sync ends with the status


def test_approve_after_review_makes_current(tmp_path: Path, server: MTServer) -> None:
    site = site_with(tmp_path, server, {"episodes/1/en.md": episode(1)}, languages=["fr"])
    draft(site, DraftOptions(), sync=True)
    page = site / "episodes/1/fr.md"
    refused = runner.invoke(app, ["approve", str(page)])  # the test engine's text is English
    assert refused.exit_code == 2 and "not finished: 2 segments" in refused.stderr
    front = page.read_text("utf-8").split("\n---\n", 1)[0]
    page.write_text(front + "\n---\n\n" + FRENCH_BODY.replace("{n}", "1"), "utf-8")  # reviewed
    assert runner.invoke(app, ["approve", str(page)]).exit_code == 0
    assert "translation_status" not in (site / "episodes/1/fr.md").read_text("utf-8")
    assert statuses(site)[(1, "fr")] == "current"


def test_incremental_redraft_keeps_human_text(tmp_path: Path, server: MTServer) -> None:
    site = site_with(tmp_path, server, {"episodes/1/en.md": episode(1),
                                        "episodes/1/fr.md": french(1)}, languages=["fr"])
    baseline(site)
    human = (site / "episodes/1/fr.md").read_text("utf-8")
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace(
        "Coastal towns kept their lamps", "Harbour towns kept their lamps"), "utf-8")
    assert statuses(site)[(1, "fr")] == "stale"
    report = draft(site, DraftOptions(), sync=True)
    assert [o.mode for o in report.outcomes] == ["incremental"]
    assert len(server.script.requests) == 1  # only the edited paragraph
    assert server.script.requests[0].startswith("Harbour towns kept")
    after = (site / "episodes/1/fr.md").read_text("utf-8")
    assert "HARBOUR TOWNS KEPT" in after
    assert "Les villes côtières" not in after  # the old translation of the edited paragraph
    for kept in ("## Pourquoi les phares comptent encore", "- la routine quotidienne du gardien",
                 "title: Les gardiens de phare", "Transcription du podcast"):
        assert kept in human and kept in after
    assert "translation_status: machine-draft" in after
    assert statuses(site)[(1, "fr")] == "draft"


def test_structure_change_goes_to_review_folder(tmp_path: Path, server: MTServer) -> None:
    site = site_with(tmp_path, server, {"episodes/1/en.md": episode(1),
                                        "episodes/1/fr.md": french(1)}, languages=["fr"])
    baseline(site)
    fr = site / "episodes/1/fr.md"
    fr.write_text(fr.read_text("utf-8").replace("- la routine quotidienne du gardien\n", ""),
                  "utf-8")
    baseline(site, force=True)  # a reviewed page that lost a list item
    fr.write_text(fr.read_text("utf-8") + "\nUn paragraphe ajouté.\n", "utf-8")
    baseline(site, force=True)
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace("Coastal", "Harbour"), "utf-8")
    before = fr.read_bytes()
    # the lock now records the 11-segment source shape but the page has a different one
    lock = site / "translate-kit.lock"
    record = json.loads(lock.read_text("utf-8").splitlines()[1])
    record["segments"] = record["segments"][:-1]
    lock.write_text(lock.read_text("utf-8").splitlines()[0] + "\n" + json.dumps(record) + "\n",
                    "utf-8")
    report = draft(site, DraftOptions(), sync=True)
    [outcome] = report.outcomes
    assert outcome.action == "review" and "structure" in outcome.reason
    assert fr.read_bytes() == before
    assert (site / ".translate-kit/review/episodes/1/fr.draft.md").is_file()
    assert statuses(site)[(1, "fr")] == "stale"


def test_unknown_never_touched_and_untranslated_only_with_force(tmp_path: Path,
                                                                server: MTServer) -> None:
    site = site_with(tmp_path, server, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": episode(2, "fr"),
    }, languages=["fr"])
    before = {p: p.read_bytes() for p in site.rglob("*.md")}
    report = draft(site, DraftOptions(), sync=True)
    assert report.outcomes == ()
    assert {p: p.read_bytes() for p in site.rglob("*.md")} == before
    report = draft(site, DraftOptions(force=True), sync=True)
    assert [(o.path, o.action) for o in report.outcomes] == [("episodes/2/fr.md", "written")]
    assert (site / "episodes/1/fr.md").read_bytes() == before[site / "episodes/1/fr.md"]


def test_failed_segments_keep_the_page_unwritten_unless_allow_partial(
        tmp_path: Path, server: MTServer) -> None:
    site = site_with(tmp_path, server, {"episodes/1/en.md": episode(1),
                                        "episodes/2/en.md": episode(2, title="Fog Horns")},
                     languages=["fr"])
    server.script.fail_texts.add("Fog Horns")
    result = runner.invoke(app, ["sync", str(site), "-q"])
    assert result.exit_code == 1
    assert "failed episodes/2/fr.md" in result.stderr
    assert (site / "episodes/1/fr.md").is_file()
    assert not (site / "episodes/2/fr.md").exists()
    assert set(read_lock(site / "translate-kit.lock")) == {"episodes/1/fr.md"}
    sent_before = len(server.script.requests)
    result = runner.invoke(app, ["sync", str(site), "-q", "--allow-partial"])
    assert result.exit_code == 0
    text = (site / "episodes/2/fr.md").read_text("utf-8")
    assert "title: Fog Horns\n" in text  # kept in English, flagged in the sheet
    sheet = (site / ".translate-kit/review/episodes/2/fr.review.md").read_text("utf-8")
    assert "FAILED" in sheet
    # only the failing segments were asked again: everything else came from the cache
    again = server.script.requests[sent_before:]
    assert again and all("Fog Horns" in text for text in again)


def test_rerun_after_interruption_pays_only_for_the_rest(tmp_path: Path,
                                                         server: MTServer) -> None:
    site = site_with(tmp_path, server, {"episodes/1/en.md": episode(1)}, languages=["fr"])
    draft(site, DraftOptions(), sync=True)
    first = len(server.script.requests)
    (site / "episodes/1/fr.md").unlink()
    (site / "translate-kit.lock").unlink()
    draft(site, DraftOptions(), sync=True)
    assert len(server.script.requests) == first  # all from the cache
    assert (site / "episodes/1/fr.md").is_file()


def test_dry_run_prints_the_bill_and_writes_nothing(tmp_path: Path, server: MTServer) -> None:
    site = site_with(tmp_path, server, {"episodes/1/en.md": episode(1)})
    before = sorted(p.relative_to(site) for p in site.rglob("*") if ".translate-kit" not in
                    p.parts)
    result = runner.invoke(app, ["sync", str(site), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would draft episodes/1/fr.md (new)" in result.stdout
    assert "fr: 1 page; would send 8 segments" in result.stdout
    assert server.script.requests == []
    after = sorted(p.relative_to(site) for p in site.rglob("*") if ".translate-kit" not in
                   p.parts)
    assert after == before
    assert not (site / ".translate-kit/cache.sqlite").exists()


def test_none_engine_writes_marked_pages_for_translators(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1)}, languages=("fr",))
    result = runner.invoke(app, ["sync", str(site), "--engine", "none", "-q"])
    assert result.exit_code == 0, result.output
    text = (site / "episodes/1/fr.md").read_text("utf-8")
    assert "Coastal towns kept their lamps burning" in text
    assert "translation_status: machine-draft" in text
    sheet = (site / ".translate-kit/review/episodes/1/fr.review.md").read_text("utf-8")
    assert sheet.count("NEEDS TRANSLATION") == 8  # and the UI string from the locale
    assert statuses(site)[(1, "fr")] == "untranslated"  # honest: still English


def test_pseudo_engine_keeps_markup_and_front_matter(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1)}, languages=("fr",))
    assert runner.invoke(app, ["sync", str(site), "--engine", "pseudo", "-q"]).exit_code == 0
    text = (site / "episodes/1/fr.md").read_text("utf-8")
    data = yaml.safe_load(text.split("---")[1])
    assert data["number"] == 1 and data["lang"] == "fr"
    assert "](https://example.org/logs)" in text and "**" in text
    assert "{% include player.html" in text


def test_forced_draft_of_a_current_page_is_a_redraft_not_a_new_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)},
                     languages=("fr",))
    baseline(site)  # a reviewed, current French page
    args = ["draft", str(site), "-e", "1", "-l", "fr", "--force", "--engine", "pseudo"]
    dry = runner.invoke(app, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would draft episodes/1/fr.md (redraft)" in dry.stdout
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "drafted episodes/1/fr.md (redraft); review sheet" in result.stdout
    sheet = (site / ".translate-kit/review/episodes/1/fr.review.md").read_text("utf-8")
    assert "(wholesale re-draft of an existing page; engine: pseudo)" in sheet
    assert "new page" not in sheet



def test_forced_redraft_keeps_the_pages_permalink_navigation_and_tags(tmp_path: Path) -> None:
    human = french(1, permalink="les-gardiens-de-phare", parent="Épisodes",
                   tags=["histoire", "mer"])
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1, parent="Episodes"),
                                "episodes/1/fr.md": human}, languages=("fr",))
    baseline(site)
    result = runner.invoke(app, ["draft", str(site), "-e", "1", "-l", "fr", "--force",
                                 "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((site / "episodes/1/fr.md").read_text("utf-8").split("---")[1])
    assert data["permalink"] == "les-gardiens-de-phare"  # a published page never moves
    assert data["parent"] == "Épisodes" and data["tags"] == ["histoire", "mer"]
    assert data["translation_status"] == "machine-draft"


def test_engines_command_lists_needs_without_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPL_API_KEY", "secret-value-42")
    monkeypatch.delenv("MICROSOFT_API_KEY", raising=False)
    result = runner.invoke(app, ["engines"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "secret-value-42" not in result.stdout
    table = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert table and all(len(line) <= 80 for line in table)
    ready: dict[str, str] = {}
    current = ""
    needs: dict[str, list[str]] = {}
    for line in table:  # a row's continuation lines have an empty engine cell
        engine, ready_cell, needs_cell = (c.strip() for c in line.strip("│").split("│")[:3])
        if engine:
            current, ready[engine] = engine, ready_cell
        needs.setdefault(current, []).append(needs_cell)
    # ready is yes/no; the variable names stand whole in 'needs', one per line
    assert ready["deepl"] == "yes" and needs["deepl"][0] == "DEEPL_API_KEY"
    assert ready["microsoft"] == "no" and needs["microsoft"][0] == "MICROSOFT_API_KEY"
    assert needs["papago"][:2] == ["PAPAGO_CLIENT_ID", "PAPAGO_SECRET_KEY"]


def test_refused_key_exits_2_and_never_prints_the_key(tmp_path: Path, server: MTServer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-do-not-print-77"
    monkeypatch.setenv("DEEPL_API_KEY", secret)
    site = site_with(tmp_path, server, {"episodes/1/en.md": episode(1)}, languages=["fr"],
                     engine="deepl")
    server.script.queue += [("403", None)] * 20
    result = runner.invoke(app, ["sync", str(site)])
    assert result.exit_code == 2
    assert "key was refused" in result.stderr
    assert secret not in result.output
    for path in site.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_glossary_terms_come_back_verbatim_with_any_engine(tmp_path: Path,
                                                           server: MTServer) -> None:
    site = site_with(tmp_path, server, {
        "episodes/1/en.md": episode(1, title="Zero Trust for Lighthouse Keepers"),
        "glossary/site.yaml": "terms:\n  - term: Lighthouse Keepers\n    keep: true\n"
                              "  - term: lamps\n    translations: {fr: lampes}\n",
    }, languages=["fr"])
    draft(site, DraftOptions(), sync=True)
    text = (site / "episodes/1/fr.md").read_text("utf-8")
    assert 'title: "ZERO TRUST FOR Lighthouse Keepers [fr]"' not in text  # Zero Trust is kept
    assert "Zero Trust" in text and "Lighthouse Keepers" in text
    assert "THEIR lampes BURNING" in text
    sheet = (site / ".translate-kit/review/episodes/1/fr.review.md").read_text("utf-8")
    assert "glossary: Zero Trust, Lighthouse Keepers" in sheet


def test_an_engine_that_mangles_every_long_word_cannot_touch_terms(tmp_path: Path) -> None:
    import re

    from translate_kit.engines import REGISTRY, EngineSpec, Item, PseudoEngine, register

    class Mangler(PseudoEngine):
        name = "mangler"

        def translate(self, items: object, context: object, meter: object) -> list[str | None]:
            # Every word of four letters or more is rewritten, as a careless engine might.
            return [re.sub(r"[^\W\d_]{4,}", lambda m: m.group(0)[::-1].lower(), item.text)
                    for item in items if isinstance(item, Item)]

    register(EngineSpec("mangler", "test engine", lambda o, k: Mangler(), offline=True))
    try:
        site = make_site(tmp_path, {
            "episodes/1/en.md": episode(1, title="Zero Trust at Valdora Harbour", body=(
                "## Generative AI at sea\n\nValdora Harbour uses generative AI and keeps "
                "Zero Trust for every [lighthouse](https://example.org/lights) log.\n")),
            "glossary/site.yaml": "terms:\n  - term: Valdora Harbour\n    keep: true\n",
        }, languages=("fr",))
        report = draft(site, DraftOptions(engine="mangler"), sync=True)
        assert report.ok
        text = (site / "episodes/1/fr.md").read_text("utf-8")
        assert "Valdora Harbour" in text and "Zero Trust" in text
        assert text.count("IA générative") == 2  # the fixed rendering, in heading and body
        assert "](https://example.org/lights)" in text
        assert "esuohthgil" in text  # the engine did mangle the free text
        findings = [f for f in glossary_check(site) if f.check.startswith("term")
                    or f.check == "rendering-not-used"]
        assert findings == []
    finally:
        REGISTRY.pop("mangler", None)


def test_front_matter_follows_the_site_and_never_moves_a_published_page(
        tmp_path: Path, server: MTServer) -> None:
    site = site_with(tmp_path, server, {
        "episodes/1/en.md": episode(1, parent="Episodes"),
        "episodes/1/de.md": french(1, lang="de", parent="Folgen",
                                   permalink="folge-1-custom"),
        "episodes/2/en.md": episode(2, parent="Episodes"),
    }, languages=["de"])
    baseline(site)
    source = site / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace("Coastal towns", "Harbour towns"),
                      "utf-8")
    draft(site, DraftOptions(), sync=True)
    incremental = parse_page((site / "episodes/1/de.md").read_text("utf-8")).data()
    assert incremental["permalink"] == "folge-1-custom"  # a re-draft keeps the page's URL
    assert incremental["parent"] == "Folgen"  # and its navigation
    new = parse_page((site / "episodes/2/de.md").read_text("utf-8")).data()
    assert new["parent"] == "Folgen"  # the site's own convention beats the shipped locale
    assert new["permalink"] == "episode-2-de"
