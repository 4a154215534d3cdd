"""Every status and flag of the audit, on small sites built by make_site."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import episode, french, make_site

from translate_kit.audit import Report
from translate_kit.commands.approve import approve
from translate_kit.commands.baseline import baseline
from translate_kit.commands.status import status


def statuses(site: Path) -> dict[tuple[int, str], dict[str, object]]:
    doc = status(site).to_json()
    return {(e["number"], lang): v for e in doc["episodes"] for lang, v in e["variants"].items()}


def run(site: Path) -> Report:
    return status(site, use_cache=False)


def test_missing_and_unknown(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    got = statuses(site)
    assert got[(1, "fr")]["status"] == "unknown"
    assert got[(1, "fr")]["path"] == "episodes/1/fr.md"
    assert got[(1, "de")] == {**got[(1, "de")], "status": "missing", "path": None}


def test_baseline_makes_current_and_an_edit_makes_stale_then_revert_current(
        tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    outcomes = baseline(site)
    assert [o.action for o in outcomes if o.path == "episodes/1/fr.md"] == ["adopted"]
    assert statuses(site)[(1, "fr")]["status"] == "current"

    source = site / "episodes/1/en.md"
    original = source.read_text("utf-8")
    source.write_text(original.replace("Coastal towns kept", "Coastal villages kept"), "utf-8")
    got = statuses(site)[(1, "fr")]
    assert (got["status"], got["changed_segments"]) == ("stale", 1)

    source.write_text(original, "utf-8")
    assert statuses(site)[(1, "fr")]["status"] == "current"


def test_stale_counts_added_and_removed_segments(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    baseline(site)
    source = site / "episodes/1/en.md"
    text = source.read_text("utf-8")
    text = text.replace("- the keeper's daily routine\n", "")  # one removed
    text += "\nA new closing paragraph.\n\nAnd another one.\n"  # two added
    source.write_text(text, "utf-8")
    assert statuses(site)[(1, "fr")]["changed_segments"] == 3


def test_whitespace_and_rewrap_of_source_is_not_stale(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    baseline(site)
    source = site / "episodes/1/en.md"
    text = source.read_text("utf-8").replace("arrived. Keepers", "arrived.\nKeepers")
    source.write_text(text.replace("\n", "  \n", 1), "utf-8")
    assert statuses(site)[(1, "fr")]["status"] == "current"


def test_draft_from_lock_and_marker(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1),
        "episodes/1/fr.md": french(1, translation_status="machine-draft"),
    })
    baseline(site)
    assert statuses(site)[(1, "fr")]["status"] == "draft"
    outcomes = approve([site / "episodes/1/fr.md"])
    assert [o.action for o in outcomes] == ["approved"]
    assert "translation_status" not in (site / "episodes/1/fr.md").read_text("utf-8")
    assert statuses(site)[(1, "fr")]["status"] == "current"


def test_untranslated_copy_of_the_source(tmp_path: Path) -> None:
    copy = episode(1, "fr")  # English text with lang: fr
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": copy})
    got = statuses(site)[(1, "fr")]
    assert got["status"] == "untranslated"
    assert got["similarity"] >= 90
    # baseline never adopts an untranslated page as human work
    baseline(site)
    assert statuses(site)[(1, "fr")]["status"] == "untranslated"


def test_orphan_has_null_source(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/7/fr.md": french(7)})
    doc = status(site).to_json()
    orphan = next(e for e in doc["episodes"] if e["number"] == 7)
    assert orphan["source"] is None
    assert orphan["variants"]["fr"]["status"] == "orphan"
    assert "de" not in orphan["variants"]  # nothing to say about a language with no page


@pytest.mark.parametrize(("content", "message"), [
    ("---\ntitle: [unclosed\nnumber: 1\n---\nBody\n", "not valid YAML"),
    ("Just text, no front matter.\n", "no front matter"),
    (b"---\nnumber: 1\ntitle: caf\xe9\n---\nBody\n", "not UTF-8"),
    ("", "is empty"),
    ("---\n- a\n- b\n---\nBody\n", "not a mapping"),
])
def test_invalid_pages_are_reported_and_the_rest_goes_on(tmp_path: Path, content: str | bytes,
                                                         message: str) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": content,
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": french(2),
    })
    before = sorted(p.read_bytes() for p in site.rglob("*.md"))
    report = run(site)
    doc = report.to_json()
    assert doc["episodes"][0]["variants"]["fr"]["status"] == "invalid"
    assert doc["episodes"][1]["variants"]["fr"]["status"] == "unknown"
    [error] = doc["errors"]
    assert error["path"] == "episodes/1/fr.md"
    assert message in error["message"]
    assert sorted(p.read_bytes() for p in site.rglob("*.md")) == before  # nothing written


def test_bom_and_crlf_pages_are_valid(tmp_path: Path) -> None:
    crlf = "\ufeff" + french(1).replace("\n", "\r\n")
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1).replace("\n", "\r\n"),
                                "episodes/1/fr.md": crlf})
    doc = run(site).to_json()
    assert doc["errors"] == []
    assert doc["episodes"][0]["variants"]["fr"]["status"] == "unknown"


def test_metadata_drift_ignores_format_but_not_meaning(tmp_path: Path) -> None:
    same_instant = "Wed Mar 13 2024 00:00:00 GMT-0700 (Pacific Daylight Time)"
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1, date=same_instant),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": french(2, date="2024-04-01"),
        "episodes/3/en.md": episode(3), "episodes/3/fr.md": french(3, video=None),
    })
    got = statuses(site)
    assert got[(1, "fr")]["flags"] == []
    assert got[(2, "fr")]["flags"] == ["metadata-drift"]
    assert got[(2, "fr")]["drift"] == ["date"]
    assert got[(3, "fr")]["drift"] == ["video"]


def test_lang_mismatch_and_number_mismatch(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1, lang="de"),
        "episodes/2/en.md": episode(2), "episodes/3/fr.md": french(2),
    })
    got = statuses(site)
    assert "lang-mismatch" in got[(1, "fr")]["flags"]
    # the front-matter number wins for pairing; the disagreement is flagged
    assert got[(2, "fr")]["path"] == "episodes/3/fr.md"
    assert "number-mismatch" in got[(2, "fr")]["flags"]


def test_duplicate_variant_and_duplicate_source(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/9/fr.md": french(1),  # claims episode 1's fr slot too
        "episodes/2/en.md": episode(2), "episodes/5/en.md": episode(2),
    })
    doc = run(site).to_json()
    by_number = {e["number"]: e for e in doc["episodes"]}
    assert by_number[1]["variants"]["fr"]["path"] == "episodes/1/fr.md"
    assert "duplicate" in by_number[1]["variants"]["fr"]["flags"]
    assert by_number[2]["flags"] == ["duplicate"]
    paths = {e["path"] for e in doc["errors"]}
    assert paths == {"episodes/9/fr.md", "episodes/5/en.md"}
    assert all("duplicate" in e["message"] for e in doc["errors"])


def test_non_numeric_number_and_folder_named_like_a_page(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1, number="one"),
        "episodes/x/en.md": episode(2, number=None),
        "episodes/2/en.md": episode(2),
    })
    (site / "episodes/2/fr.md").mkdir(parents=True)
    doc = run(site).to_json()
    messages = {e["path"]: e["message"] for e in doc["errors"]}
    assert "not a whole number" in messages["episodes/1/fr.md"]
    assert "not a whole number" in messages["episodes/x/en.md"]
    assert "is a folder" in messages["episodes/2/fr.md"]
    assert {e["number"] for e in doc["episodes"]} == {1, 2}


def test_leading_zero_number_is_decimal_not_yaml_octal(tmp_path: Path) -> None:
    page = french(123).replace("number: 123", "number: 0123")
    site = make_site(tmp_path, {"episodes/123/en.md": episode(123), "episodes/123/fr.md": page})
    assert statuses(site)[(123, "fr")]["flags"] == []


def test_symlink_outside_the_site_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(french(1), "utf-8")
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1)})
    (site / "episodes/1/fr.md").symlink_to(outside)
    doc = run(site).to_json()
    assert doc["errors"][0]["path"] == "episodes/1/fr.md"
    assert "outside the site" in doc["errors"][0]["message"]
    assert doc["episodes"][0]["variants"]["fr"]["status"] == "missing"


def test_summary_counts_and_coverage(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": episode(2, "fr"),
        "episodes/3/en.md": episode(3),
        "episodes/4/en.md": episode(4), "episodes/4/fr.md": french(4),
    })
    baseline(site, numbers=[4])
    summary = run(site).summary()["fr"]
    assert (summary["current"], summary["unknown"], summary["untranslated"],
            summary["missing"]) == (1, 1, 1, 1)
    assert summary["coverage"] == 50.0


def test_cache_gives_the_same_answer_and_sees_changes(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    baseline(site)
    cold = status(site).to_json()
    warm = status(site).to_json()
    assert cold == warm
    assert (site / ".translate-kit/cache/pages.json").is_file()
    fr = site / "episodes/1/fr.md"
    fr.write_text(episode(1, "fr"), "utf-8")  # now a copy of the English
    assert statuses(site)[(1, "fr")]["status"] == "untranslated"


def test_front_matter_keyed_layout(tmp_path: Path) -> None:
    files = {
        "_posts/2024-03-13-keepers.md": episode(1, None),
        "_posts/2024-03-13-keepers-fr.md": french(1),
        "_posts/2024-04-01-fog.md": episode(2),
    }
    site = make_site(tmp_path, files, config={"layout": {"variants": "_posts/*.md"}})
    got = statuses(site)
    assert got[(1, "fr")]["status"] == "unknown"
    assert got[(2, "fr")]["status"] == "missing"


def test_suffix_layout(tmp_path: Path) -> None:
    files = {
        "_posts/2024-03-13-keepers.md": episode(1),
        "_posts/2024-03-13-keepers.fr.md": french(1),
    }
    layout = {"source": "_posts/{date}-{slug}.md", "variants": "_posts/{date}-{slug}.{lang}.md"}
    site = make_site(tmp_path, files, config={"layout": layout})
    got = statuses(site)
    assert got[(1, "fr")]["path"] == "_posts/2024-03-13-keepers.fr.md"
    assert got[(1, "de")]["status"] == "missing"


def test_git_history_gives_unknown_variants_a_hint(tmp_path: Path) -> None:
    import subprocess

    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})

    def git(*args: str, date: str = "2024-01-01T00:00:00") -> None:
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(tmp_path),
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin:/usr/local/bin"}
        subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "first")
    (site / "episodes/1/en.md").write_text(episode(1, title="Lamp Keepers"), "utf-8")
    git("commit", "-qam", "source edited", date="2024-02-01T00:00:00")
    got = statuses(site)[(1, "fr")]
    assert got["status"] == "unknown"
    assert "source committed after this translation" in got["hint"]


def test_the_example_site_shows_every_status_in_every_language(tmp_path: Path) -> None:
    import shutil

    example = Path(__file__).resolve().parents[1] / "examples" / "site"
    site = tmp_path / "site"
    shutil.copytree(example, site, ignore=shutil.ignore_patterns(".translate-kit"))
    summary = status(site).summary()
    for lang in ("fr", "de", "es"):
        assert all(summary[lang][status] >= 1 for status in (
            "current", "draft", "stale", "unknown", "untranslated", "missing", "orphan",
            "invalid")), (lang, summary[lang])
    flags = {f for e in status(site).to_json()["episodes"]
             for v in e["variants"].values() for f in v["flags"]}
    assert {"metadata-drift", "lang-mismatch"} <= flags


def test_a_quoted_impossible_date_is_text_that_drifts(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1),
                                "episodes/1/fr.md": french(1, date="2024-13-45")})
    got = statuses(site)
    assert got[(1, "fr")]["drift"] == ["date"]
