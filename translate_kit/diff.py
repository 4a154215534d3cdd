"""Diff: what changed in a source since a translation was recorded, segment by segment."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .align import align, first_mismatch
from .memory import aligned
from .segment import Segment, SegmentedPage


@dataclass(frozen=True)
class Change:
    """One source segment that changed since a translation was recorded."""

    kind: str
    """changed, added or removed."""
    old: str | None
    """The recorded text (None when it cannot be recovered)."""
    new: str | None
    line: int | None
    similarity: float | None = None
    translation: str | None = None
    """The translation's text for this segment, when the translation lines up."""


@dataclass(frozen=True)
class SourceDiff:
    """What changed in a source since one translation of it was recorded."""

    number: int
    lang: str
    source: str
    variant: str
    status: str
    """Today's audit status of the translation (what ``status`` says now)."""
    recorded: str
    """The lock record's date."""
    recorded_status: str
    """The lock record's status: current, draft or partial (what was recorded)."""
    origin: str
    """Where the recorded text came from: 'snapshot', 'git <commit>' or 'unavailable'."""
    changes: tuple[Change, ...]
    unchanged: int
    structure: str | None = None
    """Where the translation's structure first differs from its recorded source, in words."""


def source_changes(recorded: Sequence[str], current: SegmentedPage, old: SegmentedPage | None,
                   translation: SegmentedPage) -> tuple[tuple[Change, ...], int]:
    """Changes from the recorded segment ids to the current source, paired by rapidfuzz; and
    how many segments are unchanged. ``old`` is the recorded source when it is known."""
    by_old = {s.id: s for s in old.segments} if old else {}
    translated = _translated(recorded, old, translation)
    changes: list[Change] = []
    unchanged = 0
    removed: list[str] = []
    added: list[Segment] = []
    # Indel reports a replacement as a delete beside an insert: pair each run of them.
    for op in [*Indel.opcodes(list(recorded), current.ids), None]:
        if op is None or op.tag == "equal":
            changes.extend(_pair(removed, added, by_old, translated))
            removed, added = [], []
            unchanged += (op.src_end - op.src_start) if op is not None else 0
            continue
        removed += recorded[op.src_start:op.src_end]
        added += current.segments[op.dest_start:op.dest_end]
    return tuple(sorted(changes, key=lambda c: c.line or 0)), unchanged


def _translated(recorded: Sequence[str], old: SegmentedPage | None,
                translation: SegmentedPage) -> dict[str, Segment]:
    """Recorded segment id → the translation segment that renders it (1:1 links only)."""
    if old is None:
        return (dict(zip(recorded, translation.segments, strict=True))
                if aligned(list(recorded), translation) else {})
    out = {}
    for link in align(old, translation).links:
        if len(link.source) == 1 and len(link.target) == 1:
            out[old.segments[link.source[0]].id] = translation.segments[link.target[0]]
    return out


def structure(old: SegmentedPage | None, translation: SegmentedPage) -> str | None:
    """The first place where a translation's structure differs from its recorded source."""
    return first_mismatch(old, translation) if old is not None else None


def word_diff(old: str, new: str) -> str:
    """Old → new as words, changes marked ``[-gone-]{+came+}`` (what ``diff`` prints)."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[mark].format(chunk) for mark, chunk in word_changes(old, new))


def word_changes(old: str, new: str) -> Iterator[tuple[str, str]]:
    """Old → new as runs of words, in order: ``("=", kept)``, ``("-", gone)``, ``("+", came)``
    (a replacement is its "-" run then its "+" run)."""
    a, b = old.split(), new.split()
    gone: list[str] = []
    came: list[str] = []

    def flush() -> Iterator[tuple[str, str]]:
        for mark, words in (("-", gone), ("+", came)):
            if words:
                yield mark, " ".join(words)
            words.clear()

    # Indel reports a replacement as an insert beside a delete: show them as one change.
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            yield from flush()
            yield "=", " ".join(a[op.src_start:op.src_end])
        else:
            gone.extend(a[op.src_start:op.src_end])
            came.extend(b[op.dest_start:op.dest_end])
    yield from flush()


def _pair(removed: list[str], added: list[Segment], by_old: dict[str, Segment],
          translated: dict[str, Segment]) -> list[Change]:
    out: list[Change] = []
    free = list(added)
    positional = len(removed) == len(added)  # without the old text, pair in order
    for old_id in removed:
        old = by_old.get(old_id)
        theirs = translated[old_id].plain if old_id in translated else None
        best, score = (free[0] if free and old is None and positional else None), 0.0
        if old is not None:
            for candidate in free:
                ratio = fuzz.ratio(old.plain, candidate.plain)
                if ratio > score:
                    best, score = candidate, ratio
        if best is not None and (score >= 50 or old is None):
            free.remove(best)
            out.append(Change("changed", old.plain if old else None, best.plain, best.line,
                              round(score, 1) if old else None, theirs))
        else:
            out.append(Change("removed", old.plain if old else None, None,
                              old.line if old else None, None, theirs))
    out.extend(Change("added", None, s.plain, s.line) for s in free)
    return out
