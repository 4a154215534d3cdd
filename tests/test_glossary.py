"""Glossary files: format, validation with file and line, merging, matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_kit.errors import ConfigError
from translate_kit.glossary import (
    Glossary,
    Term,
    load_glossary,
    load_glossary_file,
    shipped_glossary,
)


def test_shipped_glossary_covers_the_podcast_domain() -> None:
    glossary = shipped_glossary()
    terms = {t.term: t for t in glossary.terms}
    for kept in ("Embracing Digital Transformation", "Darren W Pulsipher", "Intel", "HIPAA",
                 "EHR", "Zero Trust"):
        assert terms[kept].keep, kept
    for lang in ("de", "es", "fr", "it", "pt"):
        assert terms["generative AI"].rendering(lang)
    assert terms["generative AI"].rendering("fr") == "IA générative"


def test_every_problem_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("terms:\n"
                    "  - term: Fine\n    keep: true\n"
                    "  - keep: true\n"
                    "  - term: Both\n    keep: true\n    translations: {fr: Les deux}\n"
                    "  - term: Neither\n"
                    "  - term: Odd\n    keep: yes-please\n    colour: red\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_glossary_file(path)
    problems = [str(p) for p in info.value.problems]
    assert any(":4:" in p and "'term'" in p for p in problems)
    assert any(":5:" in p and "choose one" in p for p in problems)
    assert any(":8:" in p and "needs 'keep: true' or 'translations'" in p for p in problems)
    assert any(":9:" in p and "unknown key" in p and "colour" in p for p in problems)
    assert any(":9:" in p and "'keep'" in p for p in problems)
    assert all(p.startswith(str(path)) for p in problems)


def test_site_terms_win_over_shipped_ones(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary/site.yaml").write_text(
        "terms:\n  - term: generative AI\n    translations: {fr: IA générative (GenAI)}\n"
        "  - term: Valdora\n    keep: true\n", "utf-8")
    extra = tmp_path / "more.yaml"
    extra.write_text("terms:\n  - term: Valdora\n    keep: true\n    note: from config\n", "utf-8")
    glossary = load_glossary(tmp_path, [extra])
    terms = {t.term: t for t in glossary.terms}
    assert terms["generative AI"].rendering("fr") == "IA générative (GenAI)"
    assert terms["Valdora"].note == "from config"
    assert "Intel" in terms  # shipped terms stay


def test_matching_rules() -> None:
    glossary = Glossary((
        Term("Valdora", keep=True, variants=("Valdoras",)),
        Term("edge", translations={"fr": "périphérie"}, case_sensitive=False),
        Term("Harbour Light Project", keep=True),
        Term("Harbour", keep=True),
        Term("co", keep=True, whole_word=False),
    ))
    found = [(t.term, m) for s, e, t in glossary.find(
        "Valdoras and valdora, the EDGE of the Harbour Light Project, cobalt")
        for m in ["Valdoras and valdora, the EDGE of the Harbour Light Project, cobalt"[s:e]]]
    assert ("Valdora", "Valdoras") in found
    assert ("Valdora", "valdora") not in found  # kept terms are case-sensitive by default
    assert ("edge", "EDGE") in found
    assert ("Harbour Light Project", "Harbour Light Project") in found  # longest wins
    assert ("co", "co") in found  # inside 'cobalt': whole_word is off
