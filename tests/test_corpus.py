"""The real-site sample (../shared/corpus/edt), read-only; skipped when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import CORPUS
from test_segment import appended, protected, structure
from typer.testing import CliRunner

from translate_kit import segment_page
from translate_kit.cli import app
from translate_kit.commands.baseline import baseline
from translate_kit.commands.status import status
from translate_kit.config import DEFAULT_COPY

FILES = sorted((CORPUS / "docs").rglob("*.md")) if CORPUS.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES, reason="real-site sample is not present")


def _copied(text: str) -> dict[str, object]:
    front = text.lstrip("\ufeff").split("---", 2)[1]
    data = yaml.load(front, Loader=yaml.CSafeLoader)
    return {k: data[k] for k in DEFAULT_COPY if k in data}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_file_identity_structure_and_protection(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    page = segment_page(text)
    assert page.render({}) == text
    assert page.segments, "a real page has something to translate"
    out = appended(text)
    assert structure(out) == structure(text)
    assert protected(out) == protected(text)
    assert _copied(out) == _copied(text)


def test_init_then_status_pairs_every_episode(corpus_copy: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["init", str(corpus_copy), "--yes"])
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((corpus_copy / "translate-kit.yaml").read_text("utf-8"))
    assert config["layout"]["source"] == "docs/episodes/edt-{number}/en/episode.md"
    assert config["languages"] == ["de", "es", "fr", "it", "pt"]
    doc = status(corpus_copy).to_json()
    assert doc["errors"] == []
    numbers = sorted(e["number"] for e in doc["episodes"])
    assert numbers == sorted(int(p.name.split("-")[1]) for p in
                             (corpus_copy / "docs/episodes").iterdir())
    for episode in doc["episodes"]:
        assert episode["source"] is not None
        assert set(episode["variants"]) == {"de", "es", "fr", "it", "pt"}
        for variant in episode["variants"].values():
            assert variant["status"] == "unknown"  # no record yet: never silently current
            assert variant["flags"] == []  # same instants in other zones are not drift


def test_baseline_then_edit_then_revert(corpus_copy: Path) -> None:
    CliRunner().invoke(app, ["init", str(corpus_copy), "--yes"])
    baseline(corpus_copy)
    source = corpus_copy / "docs/episodes/edt-218/en/episode.md"
    original = source.read_bytes()
    paragraphs = original.decode("utf-8").split("\n---\n", 1)[1].split("\n\n")
    longest = max(paragraphs, key=len)
    source.write_bytes(original.replace(longest.encode(), (longest + " More.").encode(), 1))
    doc = status(corpus_copy, numbers=[218]).to_json()
    assert {v["status"] for v in doc["episodes"][0]["variants"].values()} == {"stale"}
    assert {v["changed_segments"] for v in doc["episodes"][0]["variants"].values()} == {1}
    source.write_bytes(original)
    doc = status(corpus_copy, numbers=[218]).to_json()
    assert {v["status"] for v in doc["episodes"][0]["variants"].values()} == {"current"}
