"""The translation cache survives the process and keys by engine, languages and text."""

from __future__ import annotations

from pathlib import Path

from translate_kit.cache import Cache


def test_persists_and_keys_exactly(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache.sqlite")
    cache.put("libre", "en", "fr", "Hello ⟦1⟧", "Bonjour ⟦1⟧")
    cache.close()
    again = Cache(tmp_path / "cache.sqlite")
    assert again.get("libre", "en", "fr", "Hello ⟦1⟧") == "Bonjour ⟦1⟧"
    assert again.get("google", "en", "fr", "Hello ⟦1⟧") is None
    assert again.get("libre", "en", "de", "Hello ⟦1⟧") is None
    assert again.get("libre", "en", "fr", "Hello  ⟦1⟧") is None
