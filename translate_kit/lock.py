"""The lock: what source each translation came from, in one file at the site root.

One JSON record per line, sorted by the translation's path, so two branches that touch different
translations merge without conflict. A record holds the source's whole-file hash and its segment
ids (each id carries a hash of the segment's text), which is all the audit needs to tell
``current`` from ``stale`` and count the changed segments, with no git history.

Runs that write pages record them through a :class:`Ledger`: each record is appended to a
write-ahead journal (``.translate-kit/lock-journal.jsonl``, flushed to disk) *before* its page is
written, and the journal is folded into the lock with a read-modify-write under the site's state
lock. A record counts only when its page holds exactly the bytes it describes, so whatever kills
a run (``kill -9``, Ctrl-C, a full disk), the next run records every page that was written and
nothing that was not.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from rapidfuzz.distance import Indel

from .errors import TranslateKitError
from .regular import read_bytes
from .runlock import state_lock
from .write import (
    check_unchanged,
    clean_stray_temps,
    digest_of,
    write_bytes_atomic,
    write_page,
)
from .write import file_digest as file_digest

HEADER = "# translate-kit lock: one translation per line (sorted). Generated; merge-friendly.\n"
JOURNAL = "lock-journal.jsonl"
STATUSES = ("current", "draft", "partial")
"""partial: a re-draft that could not place some changed segments (they are only in the review
sheet); the record's source and segment ids are what the page really translates."""


class LockError(TranslateKitError):
    """The lock file cannot be read or written (an unresolved merge conflict, not UTF-8, a
    read-only file); nothing is written when a run finds this out first."""

    exit_code = 2


class RecordError(TranslateKitError):
    """Recording failed part-way (a full disk, say): what was written so far is kept and
    recorded by the next run; nothing more is written."""

    exit_code = 1


@dataclass(frozen=True)
class Record:
    """One translation and the source it was made or approved from."""

    path: str
    lang: str
    number: int
    source: str
    source_digest: str
    segments: tuple[str, ...]
    status: str
    """'current' (reviewed or adopted), 'draft' (machine draft awaiting review) or 'partial'
    (a draft missing changed segments that went to the review sheet)."""
    variant_digest: str
    """Hash of the translation's bytes when it was recorded."""
    recorded: str
    """ISO date the record was written."""

    def to_line(self) -> str:
        data = asdict(self)
        data["segments"] = list(self.segments)
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_line(cls, line: str) -> Record:
        """The record a line holds; ValueError saying what is wrong with it."""
        try:
            data: Any = json.loads(line)
        except RecursionError:  # [[[[… 100,000 deep: not a record, and not a crash
            raise ValueError("nested too deeply") from None
        if not isinstance(data, dict) or set(data) != _FIELDS:
            raise ValueError(f"expected the fields {', '.join(sorted(_FIELDS))}")
        segments = data["segments"]
        if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments):
            raise ValueError("'segments' must be a list of strings")
        if type(data["number"]) is not int:
            raise ValueError("'number' must be a whole number")
        for key in _FIELDS - {"segments", "number"}:
            if not isinstance(data[key], str):
                raise ValueError(f"'{key}' must be a string")
        if data["status"] not in STATUSES:
            raise ValueError(f"'status' must be one of {', '.join(STATUSES)}")
        for key in ("path", "source"):
            _inside(data[key], key)
        return cls(**{**data, "segments": tuple(segments)})


_FIELDS = {"path", "lang", "number", "source", "source_digest", "segments", "status",
           "variant_digest", "recorded"}


def _inside(rel: str, key: str) -> None:
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or ".." in path.parts or "\\" in rel or "\0" in rel:
        raise ValueError(f"'{key}' must be a path inside the site: {rel!r}")


def read_lock(path: Path) -> dict[str, Record]:
    """Records by translation path; LockError naming the line for anything unreadable."""
    if not path.is_file():
        if path.exists():
            raise LockError("is not a file", path.name)
        return {}
    try:
        text = read_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise LockError("is not UTF-8 text; restore it from version control", path.name) \
            from None
    except OSError as exc:
        raise LockError(f"cannot be read: {exc.strerror}", path.name) from None
    records = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            record = Record.from_line(line)
        except ValueError as exc:
            hint = " (unresolved merge conflict?)" if line.startswith(("<<<<", "====", ">>>>")) \
                else ""
            raise LockError(f"not a lock record{hint}: {exc}", path.name, number) from None
        records[record.path] = record
    return records


def write_lock(path: Path, records: dict[str, Record]) -> None:
    """Write all records atomically (a crash leaves the old lock or the new one, never half)."""
    text = HEADER + "".join(records[key].to_line() + "\n" for key in sorted(records))
    write_bytes_atomic(path, text.encode("utf-8"))


def check_writable(lock_path: Path, state_dir: Path) -> None:
    """LockError unless the lock and the journal can be written: checked before any page is."""
    if lock_path.exists() and not lock_path.is_file():
        raise LockError("is not a file; the run cannot record what it writes", lock_path.name)
    # Mode bits as well as access(): root may write anything, but a lock someone made
    # read-only is not meant to be rewritten.
    if lock_path.is_file() and (not os.access(lock_path, os.W_OK)
                                or not lock_path.stat().st_mode & 0o222):
        raise LockError("is read-only; make it writable (nothing was written)", lock_path.name)
    for folder in (lock_path.parent, state_dir):
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            raise LockError("folder is not writable: the lock cannot be updated (nothing was "
                            "written)", folder)


class Ledger:
    """The lock file and its write-ahead journal: how every command that records translations
    writes pages and records (see the module docstring)."""

    def __init__(self, root: Path, lock_path: Path, state_dir: Path, command: str = "update"):
        self.root, self.lock_path, self.state_dir = root, lock_path, state_dir
        self.journal = state_dir / JOURNAL
        self.command = command

    def locked(self) -> AbstractContextManager[None]:
        """The site's state lock (re-entrant within this process)."""
        return state_lock(self.state_dir, self.command)

    def records(self) -> dict[str, Record]:
        """The lock with the journal's verified records on top; writes nothing."""
        records = read_lock(self.lock_path)
        records.update(self._verified())
        return records

    def write_page(self, record: Record, text: str, expect: str | None) -> bool:
        """Journal ``record``, then write its page if the file is still the one planned from
        (``expect``: its digest then, None for no file); PageChanged leaves the file alone."""
        data = text.encode("utf-8")
        if file_digest(data) != record.variant_digest:
            raise ValueError(f"record for {record.path} does not describe the text written")
        target = self.root / record.path
        with self.locked():
            check_unchanged(target, expect, record.path)
            self._append(record)
            return write_page(target, text, expect, record.path)

    def note(self, records: Iterable[Record]) -> None:
        """Journal records of pages as they are now (nothing is written to the pages)."""
        with self.locked():
            for record in records:
                self._append(record)

    def commit(self) -> dict[str, Record]:
        """Fold the journal into the lock (read-modify-write: records others made since this
        run read the lock are kept) and remove it; the records now in the lock."""
        with self.locked():
            records = read_lock(self.lock_path)
            records.update(self._verified())
            try:
                write_lock(self.lock_path, records)
                self.journal.unlink(missing_ok=True)
            except OSError as exc:
                raise RecordError(f"cannot be updated: {exc.strerror}; the pages written are "
                                  f"kept in .translate-kit/{JOURNAL} and recorded by the next run",
                                  self.lock_path.name) from None
            return records

    def recover(self) -> list[Path]:
        """Replay what an interrupted run left: the journal into the lock, and its stray
        temporary files removed (from the pages' folders and the site's own); those files."""
        with self.locked():
            folders = {self.root, self.state_dir, self.state_dir / "sources"}
            folders |= {(self.root / r.path).parent for r in self._entries()}
            removed = clean_stray_temps(folders)
            if self.journal.exists():
                self.commit()
            return removed

    def clean(self, folders: Iterable[Path]) -> list[Path]:
        """Remove stray temporary files of killed runs from ``folders`` (under the lock)."""
        with self.locked():
            return clean_stray_temps(set(folders))

    def _entries(self) -> list[Record]:
        try:
            text = read_bytes(self.journal).decode("utf-8", "replace")
        except OSError:
            return []
        entries = []
        for line in text.splitlines():
            try:
                entries.append(Record.from_line(line))
            except ValueError:
                continue  # a line torn by a kill: its page was never written
        return entries

    def _verified(self) -> dict[str, Record]:
        """Journal records whose page holds exactly what they describe (the last one wins)."""
        latest: dict[str, Record] = {}
        digests: dict[str, str | None] = {}
        for record in self._entries():
            if record.path not in digests:
                digests[record.path] = digest_of(self.root / record.path)
            if digests[record.path] == record.variant_digest:
                latest[record.path] = record
        return latest

    def _append(self, record: Record) -> None:
        try:
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.journal, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                size = os.fstat(fd).st_size
                # A line torn by a kill must not swallow the next record.
                torn = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
                os.write(fd, (("\n" if torn else "") + record.to_line() + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise RecordError(f"cannot be written: {exc.strerror}; {record.path} was not "
                              "written", self.journal) from None


def changed_segments(recorded: tuple[str, ...], current: tuple[str, ...]) -> int:
    """Segments changed, added or removed between two id sequences (an edit counts once)."""
    if recorded == current:
        return 0
    count = removed = added = 0
    # Indel gives a replacement as a delete next to an insert: a run of them counts as
    # max(removed, added), so one edited paragraph is one changed segment.
    ops = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
           for op in Indel.opcodes(list(recorded), list(current))]
    ops.append(("equal", 0, 0, 0, 0))
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            count += max(removed, added)
            removed = added = 0
        else:
            removed += i2 - i1
            added += j2 - j1
    return count


def save_source(state_dir: Path, digest: str, text: str) -> None:
    """Keep the source text a translation was recorded against, for ``diff`` (by its hash)."""
    path = state_dir / "sources" / f"{digest}.md"
    if not path.is_file():
        write_bytes_atomic(path, text.encode("utf-8"), sync=False)


def review_file(state_dir: Path, path: str, suffix: str = ".review.md") -> Path:
    """Where the review sheet (or, with ``.draft.md``, the side draft) of page ``path`` goes."""
    stem = path[:-3] if path.endswith(".md") else path
    return state_dir / "review" / f"{stem}{suffix}"


def load_source(state_dir: Path, digest: str) -> str | None:
    path = state_dir / "sources" / f"{digest}.md"
    return read_bytes(path).decode("utf-8") if path.is_file() else None
