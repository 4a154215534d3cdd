"""The status snapshot: the last audit report, reused as it was when no page, the lock, the
config or a glossary changed since (``.translate-kit/cache/status.json``).

Plain JSON read back by type (see :mod:`.codec`); anything unreadable is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..audit import Report
from ..config import Config
from ..discover import Candidate, Problem
from .codec import load_file, save_file
from .page_cache import cache_key

FORMAT = "translate-kit/status"


class Snapshot:
    """The last report of a site, stored under a key of everything it was made from."""

    def __init__(self, config: Config, use_cache: bool = True):
        self.path = config.state_dir / "cache" / "status.json" if use_cache else None
        self.config_key = cache_key(config)

    def key(self, found: tuple[list[Candidate], list[Problem]], *others: Path) -> str:
        """A key that changes when any page, the problems the walk met, the config or one of
        ``others`` changes."""
        candidates, problems = found
        digest = hashlib.blake2b(self.config_key.encode(), digest_size=16)
        digest.update(repr(problems).encode())
        for path in others:
            try:
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            except OSError:
                digest.update(f"{path}\0-\n".encode())
        for c in candidates:
            digest.update(f"{c.path}\0{c.size}\0{c.mtime_ns}\0{c.ctime_ns}\n".encode())
        return digest.hexdigest()

    def load(self, key: str) -> Report | None:
        """The report saved under ``key``, or None."""
        if self.path is None:
            return None
        report = load_file(self.path, FORMAT, key, Report)
        return report if isinstance(report, Report) else None

    def save(self, key: str, report: Report) -> None:
        if self.path is not None:
            save_file(self.path, FORMAT, key, report)
