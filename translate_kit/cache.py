"""The translation cache: SQLite in the site's ``.translate-kit/``, keyed by engine, language
codes and the exact text sent. Each answer is stored as it arrives, so an interrupted run pays
again only for what it had not received.

Two runs at once: the database is in WAL mode (readers never wait) and a writer waits up to
``busy`` seconds for the other run's write to end; if it still cannot write, the answer is
simply not cached (the page is still drafted) and ``skipped`` counts it. A file that is not a
cache database (corrupt, or from elsewhere) is moved aside and a fresh cache started: only
engine answers are lost, never pages. A symlink in its place is refused (SQLite would follow it
and write a database wherever it leads)."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from .errors import TranslateKitError

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL,
    translation TEXT NOT NULL, created TEXT NOT NULL,
    PRIMARY KEY (engine, source, target, text)
)
"""


class CacheError(TranslateKitError):
    """The cache cannot be opened at all (not even afresh): name the file, exit 2."""

    exit_code = 2


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class Cache:
    """Engine answers by (engine, source code, target code, text)."""

    def __init__(self, path: Path | None, busy: float = 5.0):
        self.path = path
        self.busy = busy
        self.skipped = 0
        """Answers that could not be stored (the database was busy)."""
        self._lock = threading.Lock()
        self._pending = 0
        self._last_commit = time.monotonic()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.execute(_SCHEMA)
            return db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_symlink():  # SQLite would follow it: write a database out of the site
            raise CacheError(f"is a symlink (to {os.path.realpath(self.path)}); the translation "
                             "cache is a plain file of translate-kit's: remove the link",
                             self.path)
        try:
            return self._connect(self.path)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and _busy(exc):
                raise CacheError("the translation cache is busy (another translate-kit run "
                                 "is writing it); try again when it ends", self.path) from None
            aside = self.path.with_name(self.path.name + ".corrupt")
            log.warning("%s is not a cache database (%s); moved to %s", self.path, exc, aside)
            for suffix in ("-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            try:
                self.path.replace(aside)
                return self._connect(self.path)
            except (OSError, sqlite3.DatabaseError) as again:
                raise CacheError(f"cannot open the translation cache ({again}); delete it",
                                 self.path) from None

    def _connect(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, check_same_thread=False, timeout=self.busy)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            columns = [row[1] for row in db.execute("PRAGMA table_info(translations)")]
            if columns[:5] != ["engine", "source", "target", "text", "translation"]:
                raise sqlite3.DatabaseError("unexpected table layout")
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        with self._lock:
            try:
                row = self._db.execute(
                    "SELECT translation FROM translations WHERE engine=? AND source=? AND "
                    "target=? AND text=?", (engine, source, target, text)).fetchone()
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                return None  # busy for longer than `busy`: ask the engine instead
        # Validated on read: a row that is not text is not an answer.
        return row[0] if row and isinstance(row[0], str) else None

    def put(self, engine: str, source: str, target: str, text: str, translation: str) -> None:
        """Store an answer; committed within 10 answers or 0.2 s (or at flush/close)."""
        with self._lock:
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)",
                    (engine, source, target, text, translation, datetime.now(UTC).isoformat()))
                self._pending += 1
                # Small batches: cheaper than a commit per answer; a kill -9 loses little.
                if self._pending >= 10 or time.monotonic() - self._last_commit > 0.2:
                    self._commit()
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                self._rollback()

    def flush(self) -> None:
        with self._lock:
            try:
                self._commit()
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                self._rollback()

    def _commit(self) -> None:
        self._db.commit()
        self._pending = 0
        self._last_commit = time.monotonic()

    def _rollback(self) -> None:
        self.skipped += self._pending + 1
        self._pending = 0
        with contextlib.suppress(sqlite3.OperationalError):
            self._db.rollback()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            with self._lock:
                self._db.close()
