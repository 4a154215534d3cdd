"""The page cache: what reading and comparing pages found, kept in the site's
``.translate-kit/cache/pages.json`` by (path, size, mtime, ctime) and content hashes.

It is plain JSON read back by type (see :mod:`.codec`): a damaged file, a file of another
version or one made by other code or another configuration is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..discover import Candidate, PageInfo
from ..findings import Finding
from .codec import load_file, save_file

FORMAT = "translate-kit/pages"


@dataclass(frozen=True)
class _Stored:
    """The file's data: pages, then what was computed from their hashes."""

    entries: tuple[PageInfo, ...]
    ids: tuple[tuple[str, tuple[str, ...]], ...]
    scores: tuple[tuple[str, str, float], ...]
    drifts: tuple[tuple[str, str, tuple[str, ...]], ...]
    findings: tuple[tuple[str, str, str, tuple[Finding, ...]], ...]


class PageCache:
    """PageInfo by path, and segment ids, similarity, drift and QA findings by content hash."""

    def __init__(self, config: Config, use_cache: bool = True):
        self.path = config.state_dir / "cache" / "pages.json" if use_cache else None
        self.key = cache_key(config)
        self.entries: dict[str, PageInfo] = {}
        self.ids: dict[str, tuple[str, ...]] = {}  # by digest
        self.scores: dict[tuple[str, str], float] = {}
        self.drifts: dict[tuple[str, str], tuple[str, ...]] = {}
        self.findings: dict[tuple[str, str, str], tuple[Finding, ...]] = {}
        self.dirty = False
        self._loaded = False

    def load(self) -> None:
        """Read the file once (nothing when absent, unreadable or made for another key)."""
        if self._loaded:
            return
        self._loaded = True
        if self.path is None:
            return
        stored = load_file(self.path, FORMAT, self.key, _Stored)
        if isinstance(stored, _Stored):
            self.entries = {e.path: e for e in stored.entries}
            self.ids = dict(stored.ids)
            self.scores = {(a, b): s for a, b, s in stored.scores}
            self.drifts = {(a, b): d for a, b, d in stored.drifts}
            self.findings = {(a, b, g): f for a, b, g, f in stored.findings}

    def fresh(self, page: Candidate) -> PageInfo | None:
        """The cached PageInfo of ``page`` when the file has not changed since (same size,
        mtime and ctime)."""
        info = self.entries.get(page.path)
        return info if info is not None and (info.size, info.mtime_ns, info.ctime_ns) == (
            page.size, page.mtime_ns, page.ctime_ns) else None

    def put(self, info: PageInfo) -> None:
        self.entries[info.path] = info
        self.dirty = True

    def forget(self, keep: set[str]) -> None:
        """Drop pages not in ``keep`` and whatever was computed from their hashes only."""
        gone = set(self.entries) - keep
        for path in gone:
            del self.entries[path]
        if gone:
            digests = {i.digest for i in self.entries.values()}
            self.ids = {d: v for d, v in self.ids.items() if d in digests}
            self.scores = {k: v for k, v in self.scores.items()
                           if k[0] in digests and k[1] in digests}
            self.drifts = {k: v for k, v in self.drifts.items()
                           if k[0] in digests and k[1] in digests}
            self.findings = {k: v for k, v in self.findings.items()
                             if k[0] in digests and k[1] in digests}
            self.dirty = True

    def save(self) -> None:
        """Write the file if anything changed (atomically; failure only costs speed)."""
        if self.path is None or not self.dirty:
            return
        save_file(self.path, FORMAT, self.key, _Stored(
            tuple(self.entries.values()), tuple(self.ids.items()),
            tuple((a, b, s) for (a, b), s in self.scores.items()),
            tuple((a, b, d) for (a, b), d in self.drifts.items()),
            tuple((a, b, g, f) for (a, b, g), f in self.findings.items())))
        self.dirty = False


def code_digest() -> str:
    """A hash of translate-kit's own code: cached results from another version are not used."""
    digest = hashlib.blake2b(digest_size=8)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(config: Config) -> str:
    """Changes with the code and with every setting that changes what a page reads as."""
    parts = (_CODE, config.source_lang, config.languages, config.layout,
             config.translate_fields, config.copy_fields, config.marker,
             config.untranslated_threshold, config.renderer)
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


_CODE = code_digest()
