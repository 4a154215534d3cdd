"""The lock: what source each translation came from, in one file at the site root.

One JSON record per line, sorted by the translation's path, so two branches that touch different
translations merge without conflict. A record holds the source's whole-file hash and its segment
ids (each id carries a hash of the segment's text), which is all the audit needs to tell
``current`` from ``stale`` and count the changed segments, with no git history.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from rapidfuzz.distance import Indel

from .errors import TranslateKitError

HEADER = "# translate-kit lock: one translation per line (sorted). Generated; merge-friendly.\n"


class LockError(TranslateKitError):
    """The lock file cannot be read (for example, an unresolved merge conflict)."""

    exit_code = 2


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
    """'current' (reviewed or adopted) or 'draft' (machine draft awaiting review)."""
    variant_digest: str
    recorded: str
    """ISO date the record was written."""

    def to_line(self) -> str:
        data = asdict(self)
        data["segments"] = list(self.segments)
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def file_digest(data: bytes) -> str:
    """The hash the lock records for a file's exact bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_lock(path: Path) -> dict[str, Record]:
    """Records by translation path; LockError naming the line for anything unreadable."""
    if not path.is_file():
        return {}
    records = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            data = json.loads(line)
            data["segments"] = tuple(data["segments"])
            record = Record(**data)
        except (ValueError, TypeError, KeyError) as exc:
            hint = " (unresolved merge conflict?)" if line.startswith(("<<<<", "====", ">>>>")) \
                else ""
            raise LockError(f"not a lock record{hint}: {exc}", path.name, number) from exc
        records[record.path] = record
    return records


def write_lock(path: Path, records: dict[str, Record]) -> None:
    """Write all records atomically (a crash leaves the old lock or the new one, never half)."""
    text = HEADER + "".join(records[key].to_line() + "\n" for key in sorted(records))
    if path.is_file() and path.read_text("utf-8") == text:
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".translate-kit.lock.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


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
    if path.is_file():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".source.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(text.encode("utf-8"))
    os.replace(tmp, path)


def load_source(state_dir: Path, digest: str) -> str | None:
    path = state_dir / "sources" / f"{digest}.md"
    return path.read_bytes().decode("utf-8") if path.is_file() else None
