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


def test_a_second_run_writing_at_the_same_time_skips_caching_instead_of_failing(
        tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "cache.sqlite"
    first = Cache(path)
    first.put("libre", "en", "fr", "Hello", "Bonjour")
    first.flush()
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another run in the middle of a write
    holder.execute("INSERT INTO translations VALUES ('libre', 'en', 'de', 'Hello', 'Hallo', "
                   "'2026-01-01')")
    second = Cache(path, busy=0.05)
    assert second.get("libre", "en", "fr", "Hello") == "Bonjour"  # readers never wait
    for i in range(12):  # the database stays busy throughout: every put takes the busy path
        second.put("libre", "en", "fr", f"Text {i}", f"Texte {i}")
    second.flush()
    assert second.skipped == 12  # not cached, and counted; nothing raised
    holder.commit()  # the other run's write ends: this run's cache works again
    second.put("libre", "en", "fr", "Later", "Plus tard")
    second.close()
    assert second.skipped == 12
    holder.close()
    first.close()
    third = Cache(path)
    assert third.get("libre", "en", "de", "Hello") == "Hallo"  # the other run's answer
    assert third.get("libre", "en", "fr", "Hello") == "Bonjour"
    assert third.get("libre", "en", "fr", "Later") == "Plus tard"
    assert [third.get("libre", "en", "fr", f"Text {i}") for i in range(12)] == [None] * 12
    third.close()
