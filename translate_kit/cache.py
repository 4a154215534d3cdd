"""The translation cache: SQLite in the site's ``.translate-kit/``, keyed by engine, language
codes and the exact text sent. Each answer is stored as it arrives, so an interrupted run pays
again only for what it had not received."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, text TEXT NOT NULL,
    translation TEXT NOT NULL, created TEXT NOT NULL,
    PRIMARY KEY (engine, source, target, text)
)
"""


class Cache:
    """Engine answers by (engine, source code, target code, text)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._lock = threading.Lock()
        self._pending = 0
        self._last_commit = time.monotonic()
        if path is None:
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._db.commit()

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT translation FROM translations WHERE engine=? AND source=? AND target=? "
                "AND text=?", (engine, source, target, text)).fetchone()
        return row[0] if row else None

    def put(self, engine: str, source: str, target: str, text: str, translation: str) -> None:
        """Store an answer; committed within 10 answers or 0.2 s (or at flush/close)."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)",
                (engine, source, target, text, translation, datetime.now(UTC).isoformat()))
            self._pending += 1
            # Small batches: cheaper than a commit per answer, and a kill -9 loses little.
            if self._pending >= 10 or time.monotonic() - self._last_commit > 0.2:
                self._commit()

    def flush(self) -> None:
        with self._lock:
            self._commit()

    def _commit(self) -> None:
        self._db.commit()
        self._pending = 0
        self._last_commit = time.monotonic()

    def close(self) -> None:
        with self._lock:
            self._commit()
            self._db.close()
