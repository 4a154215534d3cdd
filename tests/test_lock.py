"""The lock file: deterministic, merge-friendly, atomic; segment diffs."""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from pathlib import Path

import pytest

from translate_kit.lock import (
    JOURNAL,
    Ledger,
    LockError,
    Record,
    RecordError,
    changed_segments,
    check_writable,
    file_digest,
    read_lock,
    save_source,
    write_lock,
)
from translate_kit.write import PageChanged


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


# --- the journal: each page and its record land together ------------------------------------

def _ledger(root: Path) -> Ledger:
    return Ledger(root, root / "translate-kit.lock", root / ".translate-kit", "test")


def _draft(path: str, text: str, status: str = "draft") -> Record:
    return replace(record(path, status), variant_digest=file_digest(text.encode("utf-8")))


def test_a_written_page_is_recorded_even_when_the_run_never_commits(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    ledger.write_page(_draft("a/fr.md", "bonjour\n"), "bonjour\n", None)
    ledger.write_page(_draft("b/fr.md", "salut\n"), "salut\n", None)
    # The run dies here: no commit. The lock file does not have the pages yet ...
    assert read_lock(tmp_path / "translate-kit.lock") == {}
    # ... but anyone reading the site's records sees them, and the next run folds them in.
    assert set(_ledger(tmp_path).records()) == {"a/fr.md", "b/fr.md"}
    _ledger(tmp_path).recover()
    assert set(read_lock(tmp_path / "translate-kit.lock")) == {"a/fr.md", "b/fr.md"}
    assert not (tmp_path / ".translate-kit" / JOURNAL).exists()


def test_a_journalled_record_whose_page_was_not_written_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/fr.md").write_text("human text\n", "utf-8")
    ledger = _ledger(tmp_path)
    # Killed after the journal entry and before the page's replacement:
    ledger.note([_draft("a/fr.md", "machine draft\n")])
    ledger.recover()
    assert read_lock(tmp_path / "translate-kit.lock") == {}
    assert (tmp_path / "a/fr.md").read_text("utf-8") == "human text\n"


def test_a_torn_journal_line_does_not_swallow_the_next_record(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    ledger.write_page(_draft("a/fr.md", "un\n"), "un\n", None)
    with (tmp_path / ".translate-kit" / JOURNAL).open("a", encoding="utf-8") as fh:
        fh.write('{"path":"b/fr.md","la')  # kill -9 in the middle of an append
    ledger.write_page(_draft("c/fr.md", "trois\n"), "trois\n", None)
    assert set(ledger.commit()) == {"a/fr.md", "c/fr.md"}


def test_the_last_record_of_a_page_that_matches_it_wins(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    ledger.write_page(_draft("a/fr.md", "draft\n"), "draft\n", None)
    digest = file_digest(b"draft\n")
    ledger.write_page(_draft("a/fr.md", "approved\n", "current"), "approved\n", digest)
    ledger.note([_draft("a/fr.md", "never written\n")])  # a later record, page not written
    assert ledger.commit()["a/fr.md"].status == "current"


def test_commit_keeps_records_made_by_another_run_meanwhile(tmp_path: Path) -> None:
    lock = tmp_path / "translate-kit.lock"
    write_lock(lock, {"old/fr.md": record("old/fr.md")})
    ledger = _ledger(tmp_path)
    ledger.write_page(_draft("a/fr.md", "x\n"), "x\n", None)
    other = read_lock(lock) | {"approved/fr.md": record("approved/fr.md")}
    write_lock(lock, other)  # e.g. an approve while this run was drafting
    assert set(ledger.commit()) == {"old/fr.md", "approved/fr.md", "a/fr.md"}


def test_a_lock_that_cannot_be_updated_keeps_the_journal_for_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = tmp_path / "translate-kit.lock"
    ledger = _ledger(tmp_path)
    ledger.write_page(_draft("a/fr.md", "x\n"), "x\n", None)
    real_replace = os.replace

    def disk_full(src: str, dst: str) -> None:
        if Path(dst) == lock:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(RecordError, match=r"translate-kit\.lock: cannot be updated: No space.*"
                       r"next run"):
        ledger.commit()
    monkeypatch.setattr(os, "replace", real_replace)
    assert not list(tmp_path.glob(".*.tmp"))
    _ledger(tmp_path).recover()
    assert set(read_lock(lock)) == {"a/fr.md"}


def test_a_page_that_is_not_what_the_run_planned_from_is_left_alone(tmp_path: Path) -> None:
    page = tmp_path / "a/fr.md"
    page.parent.mkdir()
    page.write_text("number: 6, a human translation of another episode\n", "utf-8")
    ledger = _ledger(tmp_path)
    with pytest.raises(PageChanged, match=r"a/fr\.md: exists but is not the recorded"):
        ledger.write_page(_draft("a/fr.md", "draft\n"), "draft\n", None)
    with pytest.raises(PageChanged, match="changed while the run"):
        ledger.write_page(_draft("a/fr.md", "draft\n"), "draft\n", file_digest(b"older\n"))
    assert page.read_text("utf-8").startswith("number: 6")
    assert ledger.commit() == {}


def test_recover_removes_temporary_files_of_killed_runs(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path)
    ledger.write_page(_draft("ep/fr.md", "x\n"), "x\n", None)
    stray = [tmp_path / "ep/.fr.md.k2j_9x0q.tmp", tmp_path / ".translate-kit.lock.abcdefgh.tmp"]
    for path in stray:
        path.write_text("half a page", "utf-8")
    kept = tmp_path / "ep/.fr.md.swp"
    kept.write_text("an editor's file", "utf-8")
    assert sorted(ledger.recover()) == sorted(stray)
    assert not any(p.exists() for p in stray) and kept.exists()


# --- reading a lock that is not one --------------------------------------------------------

@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe not utf-8", "not UTF-8"),
    (b'{"path": "../outside.md"}\n', "not a lock record"),
    (b"[1, 2]\n", "not a lock record"),
])
def test_unreadable_locks_are_one_line_errors(tmp_path: Path, content: bytes,
                                              message: str) -> None:
    lock = tmp_path / "translate-kit.lock"
    lock.write_bytes(content)
    with pytest.raises(LockError, match=message):
        read_lock(lock)


def test_a_record_pointing_outside_the_site_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "translate-kit.lock"
    write_lock(lock, {"a/fr.md": replace(record("a/fr.md"), path="../../etc/passwd")})
    with pytest.raises(LockError, match=r"translate-kit\.lock:2: .*inside the site"):
        read_lock(lock)


def test_a_read_only_lock_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    lock = tmp_path / "translate-kit.lock"
    write_lock(lock, {})
    lock.chmod(0o444)
    with pytest.raises(LockError, match=r"translate-kit\.lock: is read-only"):
        check_writable(lock, tmp_path / ".translate-kit")
    lock.chmod(0o644)
    check_writable(lock, tmp_path / ".translate-kit")


def test_lock_and_source_snapshots_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_lock(tmp_path / "translate-kit.lock", {"a/fr.md": record("a/fr.md")})
        save_source(tmp_path / ".translate-kit", "abc", "source text\n")
        _ledger(tmp_path).note([record("a/fr.md")])
    finally:
        os.umask(old)
    for path in (tmp_path / "translate-kit.lock", tmp_path / ".translate-kit/sources/abc.md",
                 tmp_path / ".translate-kit" / JOURNAL):
        assert path.stat().st_mode & 0o777 == 0o644, path
