"""check: the CI gate, its exit codes and every report format; diff."""

from __future__ import annotations

import json
import subprocess
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.check import badges, parse_fail_on
from translate_kit.cli import app
from translate_kit.commands.baseline import baseline
from translate_kit.commands.diff import diff as source_diff
from translate_kit.commands.status import status
from translate_kit.errors import UsageError

runner = CliRunner()
SCHEMA = json.loads(resources.files("translate_kit").joinpath(
    "schema/status-1.schema.json").read_text("utf-8"))


def site(tmp_path: Path, **config: object) -> Path:
    root = make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/1/de.md": french(1).replace("lang: fr", "lang: de"),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": french(2),
    }, config=config or None)
    baseline(root)
    return root


def test_passes_then_fails_on_missing(tmp_path: Path) -> None:
    root = site(tmp_path)
    result = runner.invoke(app, ["check", str(root), "-l", "fr"])
    assert result.exit_code == 0, result.stdout
    assert "translation check passed" in result.stdout
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert "episode 2 (de) is missing" in result.stdout
    assert runner.invoke(app, ["check", str(root), "--fail-on", "none"]).exit_code == 0


def test_exit_codes_for_usage_errors(tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", str(tmp_path / "nope")]).exit_code == 2
    root = site(tmp_path)
    result = runner.invoke(app, ["check", str(root), "--fail-on", "missing,purple"])
    assert result.exit_code == 2 and "purple" in result.stderr
    result = runner.invoke(app, ["check", str(root), "--report", "pdf=x.pdf"])
    assert result.exit_code == 2


def test_fail_on_takes_names_once_each_comma_separated_or_repeated() -> None:
    assert parse_fail_on(" missing, stale ,missing") == ("missing", "stale")
    assert parse_fail_on(["missing,qa", "stale"]) == ("missing", "qa", "stale")
    assert parse_fail_on("none") == ()
    with pytest.raises(UsageError, match=r"^--fail-on: unknown purple; choose from current, "
                       r".*, qa or none$"):
        parse_fail_on(["missing", "purple"])


def test_fail_on_flags_and_statuses(tmp_path: Path) -> None:
    root = site(tmp_path)
    (root / "episodes/2/fr.md").write_text(french(2, video="https://other.example/2"), "utf-8")
    result = runner.invoke(app, ["check", str(root), "-l", "fr", "--fail-on",
                                 "metadata-drift"])
    assert result.exit_code == 1 and "metadata-drift (video)" in result.stdout
    assert runner.invoke(app, ["check", str(root), "-l", "fr", "--fail-on",
                               "unknown"]).exit_code == 0  # edited by a person: still current
    (root / "episodes/3").mkdir()
    (root / "episodes/3/en.md").write_text(episode(3), "utf-8")
    (root / "episodes/3/fr.md").write_text(french(3), "utf-8")
    result = runner.invoke(app, ["check", str(root), "-l", "fr", "--fail-on", "unknown"])
    assert result.exit_code == 1 and "episode 3 (fr) is unknown" in result.stdout
    bad = french(1).replace("Les villes côtières", "Traduisez ce qui suit en français : Les")
    (root / "episodes/1/fr.md").write_text(bad, "utf-8")
    result = runner.invoke(app, ["check", str(root), "-l", "fr", "--fail-on", "qa"])
    assert result.exit_code == 1 and "[leftover]" in result.stdout


def test_min_coverage_from_option_and_config(tmp_path: Path) -> None:
    root = site(tmp_path)
    result = runner.invoke(app, ["check", str(root), "--fail-on", "none", "--min-coverage",
                                 "60"])
    assert result.exit_code == 1 and "de coverage 50.0% is below 60%" in result.stdout
    config = yaml.safe_load((root / "translate-kit.yaml").read_text("utf-8"))
    config["check"] = {"fail_on": ["invalid"], "min_coverage": {"fr": 100, "de": 40}}
    (root / "translate-kit.yaml").write_text(yaml.safe_dump(config), "utf-8")
    assert runner.invoke(app, ["check", str(root)]).exit_code == 0
    config["check"]["min_coverage"]["de"] = 75
    (root / "translate-kit.yaml").write_text(yaml.safe_dump(config), "utf-8")
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1 and "de coverage" in result.stdout


def test_changed_from_limits_to_changed_episodes(tmp_path: Path) -> None:
    root = site(tmp_path)

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@x",
                        *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "base")
    result = runner.invoke(app, ["check", str(root), "--changed-from", "HEAD"])
    assert result.exit_code == 0  # nothing changed: episode 2's missing de is not in scope
    (root / "episodes/2/en.md").write_text(episode(2, title="Fog"), "utf-8")
    result = runner.invoke(app, ["check", str(root), "--changed-from", "HEAD"])
    assert result.exit_code == 1
    assert "episode 2 (de) is missing" in result.stdout and "episode 1" not in result.stdout
    result = runner.invoke(app, ["check", str(root), "--changed-from", "no-such-ref"])
    assert result.exit_code == 2


def test_reports(tmp_path: Path) -> None:
    root = site(tmp_path)
    out = tmp_path / "reports"
    args = ["check", str(root), "--format", "json"]
    for kind, name in (("json", "status.json"), ("markdown", "summary.md"),
                       ("junit", "junit.xml"), ("sarif", "results.sarif"), ("badge", "badges")):
        args += ["--report", f"{kind}={out / name}"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    saved = json.loads((out / "status.json").read_text("utf-8"))
    jsonschema.validate(saved, SCHEMA)
    assert saved["gate"]["passed"] is False
    assert saved["gate"]["failures"][0]["reason"] == "missing"
    summary = (out / "summary.md").read_text("utf-8")
    assert "Translation check failed" in summary and "| de |" in summary
    junit = ET.parse(out / "junit.xml").getroot()
    assert junit.get("tests") == "4" and junit.get("failures") == "1"
    failure = junit.find(".//testcase/failure")
    assert failure is not None and failure.get("type") == "missing"
    sarif = json.loads((out / "results.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"
    [result_] = sarif["runs"][0]["results"]
    location = result_["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert location.endswith("episodes/2/en.md")  # a missing translation points at its source
    assert sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "missing"
    badge = json.loads((out / "badges" / "de.json").read_text("utf-8"))
    assert badge == {"schemaVersion": 1, "label": "de translation",
                     "message": "50% up to date", "color": "orange"}
    assert saved["gate"]["coverage"]["de"] == {"coverage": 50.0, "up_to_date": 50.0,
                                               "minimum": None}


def test_coverage_tells_drafts_and_unrecorded_pages_from_current_ones(tmp_path: Path) -> None:
    root = make_site(tmp_path, {
        "episodes/1/en.md": episode(1),
        "episodes/1/fr.md": french(1, translation_status="machine-draft"),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": french(2),
        "episodes/3/en.md": episode(3), "episodes/3/fr.md": french(3),
        "episodes/4/en.md": episode(4), "episodes/4/fr.md": french(4),
    }, languages=("fr",))
    baseline(root, numbers=[2])  # one reviewed page; a draft and two unrecorded pages
    out = tmp_path / "reports"
    result = runner.invoke(app, ["check", str(root), "--fail-on", "none", "--report",
                                 f"badge={out / 'badges'}", "--report", f"markdown={out / 'm.md'}",
                                 "--report", f"json={out / 's.json'}"])
    assert result.exit_code == 0, result.output
    assert "fr: 25.0% up to date, 100.0% covered" in result.stdout
    badge = json.loads((out / "badges" / "fr.json").read_text("utf-8"))
    assert (badge["message"], badge["color"]) == ("25% up to date", "red")
    assert "| fr | 25.0% | 100.0% |" in (out / "m.md").read_text("utf-8")
    doc = json.loads((out / "s.json").read_text("utf-8"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["summary"]["fr"]["up_to_date"] == 25.0 and doc["summary"]["fr"]["coverage"] == 100
    assert badges(status(root), "coverage")["fr"]["message"] == "100% translated"


def test_status_json_matches_the_schema(tmp_path: Path) -> None:
    root = site(tmp_path)
    (root / "episodes/9/fr.md").parent.mkdir(parents=True)
    (root / "episodes/9/fr.md").write_text(french(9), "utf-8")
    result = runner.invoke(app, ["status", str(root), "-f", "json", "--qa"])
    jsonschema.validate(json.loads(result.stdout), SCHEMA)


def test_github_annotations(tmp_path: Path) -> None:
    root = site(tmp_path)
    result = runner.invoke(app, ["check", str(root), "--format", "github", "--min-coverage",
                                 "90"])
    lines = result.stdout.splitlines()
    assert any(line.startswith("::error file=") and "episodes/2/en.md,line=1,title="
               "translate-kit%3A missing::" in line for line in lines)
    assert any(line.startswith("::error title=translate-kit%3A coverage::") for line in lines)
    assert lines[-1].startswith("::notice title=translate-kit::translation check failed")


def test_diff_shows_word_changes_and_the_translation(tmp_path: Path) -> None:
    root = site(tmp_path)
    source = root / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace(
        "Coastal towns kept", "Coastal villages kept"), "utf-8")
    result = runner.invoke(app, ["diff", str(root), "-e", "1", "-l", "fr"])
    assert result.exit_code == 0, result.output
    assert "recorded text from: snapshot" in result.stdout
    assert "[-towns-] {+villages+}" in result.stdout
    assert "translation now: Les villes côtières" in result.stdout
    assert "1 change, " in result.stdout


def test_diff_header_shows_the_recorded_status_and_today_s_apart(tmp_path: Path) -> None:
    root = site(tmp_path)
    untranslated = root / "episodes/2/de.md"  # the English text, approved as it is
    untranslated.write_text(episode(2).replace("lang: en", "lang: de"), "utf-8")
    approved = runner.invoke(app, ["approve", str(untranslated), "--force"])
    assert approved.exit_code == 0, approved.output
    recorded = next(json.loads(line) for line in
                    (root / "translate-kit.lock").read_text("utf-8").splitlines()
                    if '"episodes/2/de.md"' in line)
    result = runner.invoke(app, ["diff", str(root), "-e", "2", "-l", "de"])
    assert result.exit_code == 0, result.output
    header, *rest = result.stdout.splitlines()
    assert f"was recorded ({recorded['recorded']}, as current)" in header
    assert rest[0] == "status today: untranslated"
    current = runner.invoke(app, ["diff", str(root), "-e", "1", "-l", "fr"])
    assert "as current)" in current.stdout and "status today" not in current.stdout


def test_diff_recovers_the_recorded_source_from_git(tmp_path: Path) -> None:
    root = site(tmp_path)
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@x", "add",
                    "."], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@x",
                    "commit", "-qm", "x"], check=True)
    for snapshot in (root / ".translate-kit/sources").iterdir():
        snapshot.unlink()
    source = root / "episodes/1/en.md"
    source.write_text(source.read_text("utf-8").replace("Our guest", "Our lively guest"),
                      "utf-8")
    diff = source_diff(root, 1, "fr")
    assert diff.origin.startswith("git ")
    [change] = diff.changes
    assert change.kind == "changed" and change.old is not None and "lively" in (change.new or "")


def test_diff_without_a_record_is_a_usage_error(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    result = runner.invoke(app, ["diff", str(root), "-e", "1", "-l", "fr"])
    assert result.exit_code == 2 and "baseline" in result.stderr


def test_narrowed_checks_leave_out_bad_files_of_other_episodes_and_languages(
        tmp_path: Path) -> None:
    root = site(tmp_path)
    broken = french(2).replace("lang: fr", "lang: de").replace("title:", "title: [unclosed")
    (root / "episodes/2/de.md").write_text(broken, "utf-8")  # invalid: episode 2, German
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1 and "episodes/2/de.md" in result.stdout
    for narrowed in (["-e", "1"], ["-l", "fr"]):
        result = runner.invoke(app, ["check", str(root), *narrowed])
        assert result.exit_code == 0, (narrowed, result.stdout)
        assert "episodes/2/de.md" not in result.stdout
    result = runner.invoke(app, ["status", str(root), "-l", "fr"])
    assert "could not be used" not in result.stdout
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@x", "add",
                    "."], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@x",
                    "commit", "-qm", "base"], check=True)
    result = runner.invoke(app, ["check", str(root), "--changed-from", "HEAD"])
    assert result.exit_code == 0, result.stdout  # the broken page is not the PR's doing
    (root / "episodes/2/de.md").write_text(broken + "\nmore\n", "utf-8")
    result = runner.invoke(app, ["check", str(root), "--changed-from", "HEAD"])
    assert result.exit_code == 1 and "episodes/2/de.md" in result.stdout


def test_an_invalid_page_is_annotated_at_the_line_that_breaks_it(tmp_path: Path) -> None:
    root = site(tmp_path)
    text = french(2).replace("title:", "title: [unclosed", 1)
    (root / "episodes/2/fr.md").write_text(text, "utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if "[unclosed" in x)
    result = runner.invoke(app, ["check", str(root), "--format", "github"])
    [annotation] = [x for x in result.stdout.splitlines() if "episodes/2/fr.md" in x]
    assert annotation.startswith("::error file=")
    reported = int(annotation.split(",line=")[1].split(",")[0])
    assert reported > 1 and abs(reported - line) <= 1, (annotation, line)
