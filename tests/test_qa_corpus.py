"""QA on the real-site sample (../shared/corpus/edt, copied to a temporary folder; read-only,
skipped when absent): the leftovers, the swapped per-language values and no number or
compound noise."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from helpers import CORPUS
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.commands.glossary import glossary_check, glossary_suggest

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="real-site sample is not present")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("edt") / "edt"
    shutil.copytree(CORPUS, root)
    assert CliRunner().invoke(app, ["init", str(root), "--yes"]).exit_code == 0
    return root


def test_findings_on_the_sample(sample: Path) -> None:
    findings = glossary_check(sample)
    by_check = Counter(f.check for f in findings)
    leftovers = {f.path.split("/")[2] + "/" + f.path.split("/")[3] for f in findings
                 if f.check == "leftover"}
    # Every prompt echo and explanation the translators' tools left, in all five languages.
    assert {f"edt-{n}/{lang}" for n in (113, 114) for lang in ("de", "es", "fr", "it", "pt")} \
        <= leftovers
    assert {"edt-22/de", "edt-22/it"} <= leftovers
    values = {(f.path.split("/")[3], f.message.split(",")[0]) for f in findings
              if f.check == "locale-value"}
    assert values == {("it", "parent is 'Episódios'"), ("pt", "parent is 'Episodi'")}
    assert by_check["number"] == 0  # "late nineties" is "années 90"
    missing = {f.term for f in findings if f.check == "term-missing"}
    assert not missing & {"DevOps", "SaaS"}  # DevOps-Gemeinschaft, SaaS-Lösung
    assert all(f.severity in ("error", "warning", "info") for f in findings)


def test_suggestions_on_the_sample(sample: Path) -> None:
    terms = {s.term: s for s in glossary_suggest(sample)}
    assert not {"GMT", "Mon Sep", "Hawaii-Aleutian Standard Time", "AI", "HR"} & set(terms)
    assert any(s.kind == "guest" for s in terms.values())
    assert all(s.translations == 0 or s.kept_in * 2 > s.translations for s in terms.values()
               if s.kind != "guest")
