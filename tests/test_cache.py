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


def test_a_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = Cache(path)
    cache.put("libre", "en", "fr", "Hello", "Bonjour")
    assert cache.get("libre", "en", "fr", "Hello") == "Bonjour"
    cache.close()
    assert (tmp_path / "cache.sqlite.corrupt").read_bytes().startswith(b"this is not")


def test_a_second_run_writing_at_the_same_time_neither_crashes_nor_waits_long(
        tmp_path: Path) -> None:
    import sqlite3
    import time

    path = tmp_path / "cache.sqlite"
    first = Cache(path)
    first.put("libre", "en", "fr", "Hello", "Bonjour")
    first.flush()
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another run in the middle of a write
    second = Cache(path, busy=0.2)
    start = time.monotonic()
    assert second.get("libre", "en", "fr", "Hello") == "Bonjour"  # readers never wait
    for i in range(12):
        second.put("libre", "en", "fr", f"Text {i}", f"Texte {i}")
    second.close()
    assert time.monotonic() - start < 3
    assert second.skipped > 0  # not cached, and said so; the run goes on
    holder.rollback()
    holder.close()
    first.close()
