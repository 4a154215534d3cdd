"""The ready-made integrations install translate-kit's own code and run as documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from helpers import episode, french, make_site

ROOT = Path(__file__).resolve().parents[1]


def steps() -> dict[str, dict[str, object]]:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    return {step.get("name", step.get("uses")): step for step in action["runs"]["steps"]}


def test_the_action_installs_its_own_code() -> None:
    install = steps()["Install translate-kit"]
    assert install["env"] == {"ACTION_PATH": "${{ github.action_path }}"}
    assert re.fullmatch(r'python -m pip install [-\w ]*"\$ACTION_PATH"', str(install["run"]))
    # github.action_path is the folder of action.yml: the project itself
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "translate-kit"
    assert project["scripts"]["translate-kit"] == "translate_kit.entry:main"
    every_run = " ".join(str(s.get("run", "")) for s in steps().values())
    assert "inputs.version" not in every_run


def test_the_readme_gitlab_job_installs_from_the_repository() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    job = readme[readme.index("GitLab CI"):]
    block = job[job.index("```yaml") + 7:job.index("```", job.index("```yaml") + 7)]
    script = yaml.safe_load(block)["translations"]["script"]
    installs = [line for line in script if "pip install" in line]
    assert installs == ['pip install "git+https://github.com/OWNER/translate-kit@v0.1.0"']


def test_the_action_check_step_runs_and_sets_its_outputs(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)},
                     languages=("fr",))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "translate-kit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m translate_kit "$@"\n', "utf-8")
    shim.chmod(0o755)
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "SITE": str(site),
           "FAIL_ON": "missing", "MIN_COVERAGE": "", "BASE_REF": "", "CHANGED_ONLY": "true",
           "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}
    run = str(steps()["Check translations"]["run"])
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert output.read_text("utf-8").splitlines() == ["passed=true", "code=0"]
    assert "fr" in summary.read_text("utf-8")
    assert (tmp_path / "translate-kit.sarif").is_file()
    env["FAIL_ON"] = "unknown"  # the French page has no record: the gate fails
    output.unlink()
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", run],
                   cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert output.read_text("utf-8").splitlines() == ["passed=false", "code=1"]
