"""Locales: shipped languages, site overrides, permalink rule, typography."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_kit.drafting.assemble import typography
from translate_kit.errors import ConfigError
from translate_kit.locales import load_locales, locale_for


def test_shipped_locales() -> None:
    locales = load_locales()
    assert {"de", "es", "fr", "it", "pt", "nl", "pl", "ru", "ja", "zh", "ko", "hi",
            "ar"} <= set(locales)
    fr = locales["fr"]
    assert (fr.name, fr.native_name, fr.direction) == ("French", "Français", "ltr")
    assert locales["ar"].direction == "rtl"
    assert fr.engine_code("mymemory") == "fr-FR" and fr.engine_code("google") == "fr"
    assert fr.ui["Podcast Transcript"] == "Transcription du podcast"
    assert fr.front_matter == {"parent": "Épisodes", "grand_parent": "Français"}


def test_permalink_rule() -> None:
    fr = load_locales()["fr"]
    assert fr.permalink_for("episode-EDT218", "en", 218) == "episode-EDT218-fr"
    assert fr.permalink_for("episode-EDT218-en", "en", 218) == "episode-EDT218-fr"


def test_site_overrides_merge_and_add(tmp_path: Path) -> None:
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales/pt.yaml").write_text(
        "front_matter:\n  parent: Episódios do podcast\n", "utf-8")
    (tmp_path / "locales/eo.yaml").write_text("code: eo\nname: Esperanto\n", "utf-8")
    locales = load_locales(tmp_path)
    assert locales["pt"].front_matter["parent"] == "Episódios do podcast"
    assert locales["pt"].front_matter["grand_parent"] == "Português"  # merged, not replaced
    assert locales["eo"].name == "Esperanto"
    assert locale_for(locales, "xx").code == "xx"


def test_bad_locale_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales/fr.yaml").write_text("direction: sideways\nfont: big\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_locales(tmp_path)
    problems = [str(p) for p in info.value.problems]
    assert any("fr.yaml:1:" in p and "direction" in p for p in problems)
    assert any("fr.yaml:2:" in p and "font" in p for p in problems)


def test_typography() -> None:
    locales = load_locales()
    nbsp = "\u00a0"
    assert typography('Il dit "oui" : vraiment ? Voir ⟦1⟧ à 12:30.', locales["fr"]) == \
        f"Il dit «{nbsp}oui{nbsp}»{nbsp}: vraiment{nbsp}? Voir ⟦1⟧ à 12:30."
    assert typography('Er sagte "ja" heute.', locales["de"]) == "Er sagte „ja“ heute."
    assert typography('<a href="x">', locales["de"]) == '<a href="x">'
