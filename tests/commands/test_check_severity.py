"""QA severities in the CI gate: errors fail ``check --fail-on qa``, warnings and infos are
reported at their level (GitHub ::warning / ::notice, SARIF warning / note) without failing;
a site's ``qa: {severity: …}`` changes a check's level."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.cli import app

runner = CliRunner()

# A changed number is a warning; a prompt echo is an error.
NUMBER = french(1).replace("saison après saison", "saison après saison, 12 fois")
ECHO = NUMBER.replace("Les villes côtières", "Traduisez ce qui suit en français : Les villes")


def site(tmp_path: Path, translation: str, **config: object) -> Path:
    return make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": translation},
                     config=dict(config), languages=("fr",))


def gate(root: Path, *extra: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["check", str(root), "--fail-on", "qa", "--format", "github",
                                 *extra])
    return result.exit_code, result.stdout.splitlines()


def test_warnings_are_annotated_but_do_not_fail(tmp_path: Path) -> None:
    code, lines = gate(site(tmp_path, NUMBER))
    assert code == 0
    [warning] = [line for line in lines if "number" in line]
    assert warning.startswith("::warning file=") and "unexpected '12'" in warning
    assert not any(line.startswith("::error") for line in lines)


def test_errors_fail_and_keep_their_level(tmp_path: Path) -> None:
    code, lines = gate(site(tmp_path, ECHO))
    assert code == 1
    assert any(line.startswith("::error ") and "[leftover]" in line for line in lines)
    assert any(line.startswith("::warning ") and "[number]" in line for line in lines)


def test_config_raises_or_lowers_a_check(tmp_path: Path) -> None:
    root = site(tmp_path, NUMBER, qa={"severity": {"number": "error"}})
    code, lines = gate(root)
    assert code == 1 and any(line.startswith("::error ") and "[number]" in line
                             for line in lines)
    config = yaml.safe_load((root / "translate-kit.yaml").read_text("utf-8"))
    config["qa"] = {"severity": {"number": "info"}}
    (root / "translate-kit.yaml").write_text(yaml.safe_dump(config), "utf-8")
    code, lines = gate(root)
    assert code == 0 and any(line.startswith("::notice ") and "[number]" in line
                             for line in lines)


def test_sarif_and_json_carry_the_levels(tmp_path: Path) -> None:
    root = site(tmp_path, ECHO)
    sarif, doc = tmp_path / "qa.sarif", tmp_path / "gate.json"
    result = runner.invoke(app, ["check", str(root), "--fail-on", "qa", "--report",
                                 f"sarif={sarif}", "--report", f"json={doc}"])
    assert result.exit_code == 1
    results = json.loads(sarif.read_text("utf-8"))["runs"][0]["results"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["qa/leftover"] == "error" and levels["qa/number"] == "warning"
    data = json.loads(doc.read_text("utf-8"))
    assert [f["check"] for f in data["gate"]["failures"]] == ["leftover"]
    assert [(f["check"], f["level"]) for f in data["gate"]["notes"]] == [("number", "warning")]
    findings = data["episodes"][0]["variants"]["fr"]["qa"]
    assert {(f["check"], f["severity"]) for f in findings} == {("leftover", "error"),
                                                               ("number", "warning")}


def test_bad_severity_config_is_a_usage_error(tmp_path: Path) -> None:
    root = site(tmp_path, NUMBER, qa={"severity": {"numbers": "loud"}})
    result = runner.invoke(app, ["check", str(root), "--fail-on", "qa"])
    assert result.exit_code == 2
    assert "unknown check(s) numbers" in result.stderr and "must be one of" in result.stderr


def test_quiet_text_keeps_what_fails_and_the_verdict(tmp_path: Path) -> None:
    root = site(tmp_path, ECHO)
    loud = runner.invoke(app, ["check", str(root), "--fail-on", "qa"]).stdout.splitlines()
    assert any(line.startswith("WARN ") and "[number]" in line for line in loud)
    result = runner.invoke(app, ["check", str(root), "--fail-on", "qa", "-q"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("translation check failed: 1 failure, 1 QA warning or info "
                                "that does not fail it")
    assert all(line.startswith("FAIL ") for line in lines[:-1]) and "[leftover]" in lines[0]
