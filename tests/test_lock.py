"""The lock file: deterministic, merge-friendly, atomic; segment diffs."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_kit.lock import LockError, Record, changed_segments, read_lock, write_lock


def record(path: str, status: str = "current") -> Record:
    return Record(path=path, lang="fr", number=1, source="en.md", source_digest="abc",
                  segments=("p:1", "p:2"), status=status, variant_digest="def",
                  recorded="2026-01-01")


def test_round_trip_and_sorted_one_record_per_line(tmp_path: Path) -> None:
    lock = tmp_path / "translate-kit.lock"
    records = {p: record(p) for p in ("b/fr.md", "a/fr.md", "c/fr.md")}
    write_lock(lock, records)
    lines = lock.read_text("utf-8").splitlines()
    assert lines[0].startswith("#")
    assert [line.split('"path":"')[1].split('"')[0] for line in lines[1:]] == [
        "a/fr.md", "b/fr.md", "c/fr.md"]
    assert read_lock(lock) == records
    before = lock.stat().st_mtime_ns
    write_lock(lock, dict(reversed(list(records.items()))))  # same content: untouched
    assert lock.stat().st_mtime_ns == before


def test_merge_conflict_is_named(tmp_path: Path) -> None:
    lock = tmp_path / "translate-kit.lock"
    write_lock(lock, {"a/fr.md": record("a/fr.md")})
    lock.write_text(lock.read_text("utf-8") + "<<<<<<< HEAD\n", "utf-8")
    with pytest.raises(LockError, match=r"translate-kit.lock:3: .*merge conflict"):
        read_lock(lock)


@pytest.mark.parametrize(("old", "new", "count"), [
    ("abc", "abc", 0),
    ("abc", "aXc", 1),
    ("abc", "ac", 1),
    ("abc", "abcd", 1),
    ("abcd", "aXcdE", 2),
    ("abc", "", 3),
    ("abc", "XYZ", 3),
])
def test_changed_segments(old: str, new: str, count: int) -> None:
    assert changed_segments(tuple(old), tuple(new)) == count
