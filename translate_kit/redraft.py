"""Incremental re-drafts in place: only changed source segments are translated, and each new
translation replaces exactly the span of the page that translated the old segment.

The source a translation was made from (its snapshot) is aligned with the translation
(``align``); the snapshot is compared with today's source segment by segment. A changed
segment whose old version is linked to a span of the translation is *placed*: its new
translation goes there and every other byte of the page stays as it is, whitespace included.
A new segment goes after the translation of the segment before it; a removed one is cut out
when its span is plain text between block breaks. What cannot be placed (merged by the
translator with unchanged text, dropped by the translator, no neighbour to follow) is named
with a reason for the review sheet, and the rest of the page is still updated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .align import Alignment, Link, align
from .memory import aligned
from .segment import SegmentedPage

_PAIR_CUTOFF = 40.0  # below this an old and a new segment are a removal and an addition
# What may sit between two blocks when one of them is cut out: blank lines and a marker.
_SIMPLE_GAP = re.compile(r"[ \t]*(?:\r?\n[ \t]*)*(?:[-+*]|\d{1,9}[.)]|#{1,6}|>)?[ \t]*")


@dataclass(frozen=True)
class Placement:
    """Where the new translation of changed or added source segments goes."""

    indices: tuple[int, ...]
    """Today's source segments whose translations fill the span (joined by a space)."""
    start: int
    end: int
    """The span of the translation page replaced (``start == end``: an insertion)."""
    prefix: str = ""
    suffix: str = ""
    """Source skeleton around an inserted segment (its block break and marker)."""
    between: tuple[str, ...] = ()
    """Source skeleton between inserted segments (one fewer than ``indices``)."""
    confidence: float = 1.0


@dataclass(frozen=True)
class Unplaced:
    """A changed segment that cannot go into the page: it goes to the review sheet alone."""

    index: int
    reason: str
    old: int | None = None
    """The recorded source's segment whose translation the page still holds (None: new)."""


@dataclass(frozen=True)
class Change:
    """One of today's source segments that is not as the translation's source had it."""

    index: int
    old: str | None
    """The old source text (None for a new segment)."""
    previous: str | None
    """The translation of the old text as it stands in the page, when it is placed."""


@dataclass(frozen=True)
class Redraft:
    """The plan of an in-place re-draft."""

    changes: tuple[Change, ...]
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    removals: tuple[tuple[int, int], ...]
    """Spans of the page cut out (translations of source text that is gone)."""
    notes: tuple[str, ...]
    """What the reviewer should know (removed text left in place, and why)."""
    aligns: bool
    """False when nothing of the translation lines up: draft the whole page beside it."""
    reason: str = ""

    @property
    def todo(self) -> tuple[int, ...]:
        """Today's source segments to translate: the changed and the new ones."""
        return tuple(c.index for c in self.changes)


def _link_of(found: Alignment, index: int) -> Link | None:
    return next((k for k in found.links if index in k.source), None)


def _ordered_links(old: SegmentedPage | None, recorded: Sequence[str],
                   variant: SegmentedPage) -> Alignment | None:
    """Old source ↔ translation; without the snapshot, by kind sequence only."""
    if old is not None:
        return align(old, variant)
    if not aligned(list(recorded), variant):
        return None
    links = tuple(Link((i,), (i,), 0.5) for i in range(len(recorded)))
    return Alignment(variant, variant, links, (), ())


def _pairs(old_ids: Sequence[str], old: SegmentedPage | None,
           new: SegmentedPage) -> tuple[dict[int, int], dict[int, int], list[int], list[int]]:
    """Old → new: unchanged and changed pairs (by index), removed old and added new."""
    same: dict[int, int] = {}
    changed: dict[int, int] = {}
    removed: list[int] = []
    added: list[int] = []
    runs: list[tuple[list[int], list[int]]] = [([], [])]
    # Indel gives a replacement as a delete beside an insert: each run between equal
    # stretches is paired as one.
    for op in Indel.opcodes(list(old_ids), new.ids):
        if op.tag == "equal":
            same.update(zip(range(op.src_start, op.src_end),
                            range(op.dest_start, op.dest_end), strict=True))
            runs.append(([], []))
            continue
        runs[-1][0].extend(range(op.src_start, op.src_end))
        runs[-1][1].extend(range(op.dest_start, op.dest_end))
    for gone, fresh in runs:
        for i in list(gone):
            j = _partner(i, gone, fresh, old, new, old_ids)
            if j is None:
                removed.append(i)
            else:
                changed[i] = j
                fresh.remove(j)
        added.extend(fresh)
    return same, changed, removed, sorted(added)


def _partner(i: int, gone: list[int], fresh: list[int], old: SegmentedPage | None,
             new: SegmentedPage, old_ids: Sequence[str]) -> int | None:
    kind = old_ids[i].split(":", 1)[0]
    if kind.startswith("fm."):  # front matter pairs by key
        return next((j for j in fresh if new.ids[j].split(":", 1)[0] == kind), None)
    if old is None:
        return fresh[0] if len(gone) == len(fresh) == 1 or (fresh and len(gone) == len(
            fresh) and gone.index(i) < len(fresh)) else None
    best, score = None, _PAIR_CUTOFF
    for j in fresh:
        ratio = fuzz.ratio(old.segments[i].plain, new.segments[j].plain)
        if ratio >= score:
            best, score = j, ratio
    if best is None and len(gone) == len(fresh) == 1:
        best = fresh[0]  # one block replaced by one block: an edit, however large
    return best


def plan_redraft(new: SegmentedPage, old: SegmentedPage | None, recorded: Sequence[str],
                 variant: SegmentedPage) -> Redraft:
    """How to bring ``variant`` (a translation of ``old``, recorded with segment ids
    ``recorded``) up to date with ``new``, touching only what changed."""
    links = _ordered_links(old, recorded, variant)
    body_links = [k for k in links.links if variant.segments[k.target[0]].key is None] if (
        links is not None) else []
    has_body = any(s.key is None for s in variant.segments)
    if links is None or (has_body and not body_links):
        return Redraft((), (), (), (), (), False, "nothing in the translation lines up with "
                       "its recorded source")
    same, changed, removed, added = _pairs(recorded, old, new)
    builder = _Builder(new, old, variant, links, same, changed)
    for i, j in sorted(changed.items(), key=lambda p: p[1]):
        builder.changed(i, j)
    for run in _runs(added):
        builder.added(run)
    for i in removed:
        builder.removed(i)
    return builder.result()


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


class _Builder:
    """Collects placements, refusals and removals, never touching one page span twice."""

    def __init__(self, new: SegmentedPage, old: SegmentedPage | None, variant: SegmentedPage,
                 links: Alignment, same: dict[int, int], changed: dict[int, int]):
        self.new, self.old, self.variant, self.links = new, old, variant, links
        self.same, self.changed_pairs = same, changed
        self.to_old = {j: i for i, j in (*same.items(), *changed.items())}
        self.changes: list[Change] = []
        self.placements: list[Placement] = []
        self.unplaced: list[Unplaced] = []
        self.removals: list[tuple[int, int]] = []
        self.notes: list[str] = []
        self.used: set[int] = set()

    def _target_span(self, link: Link) -> tuple[int, int]:
        return self.variant.span(link.target[0])[0], self.variant.span(link.target[-1])[1]

    def _previous(self, link: Link | None) -> str | None:
        if link is None:
            return None
        return " ".join(" ".join(self.variant.segments[t].source.split()) for t in link.target)

    def _line(self, index: int) -> int:
        return self.new.segments[index].line

    def changed(self, i: int, j: int) -> None:
        link = _link_of(self.links, i)
        old_text = self.old.segments[i].plain if self.old is not None else None
        self.changes.append(Change(j, old_text, self._previous(link)))
        if link is None:
            self.unplaced.append(Unplaced(j, f"source line {self._line(j)}: the translation "
                                          "has no counterpart for the old text (the translator "
                                          "dropped it); add the new draft by hand if wanted", i))
            return
        if len(link.source) > 1:
            members = [self.changed_pairs.get(s) for s in link.source]
            if None in members:
                lines = ", ".join(str(self.variant.segments[t].line) for t in link.target)
                self.unplaced.append(Unplaced(j, f"source line {self._line(j)}: translation "
                                              f"line {lines} also translates unchanged text "
                                              "(the translator merged blocks); edit it there", i))
                return
            if link.source[0] != i:
                return  # the group's first member places the whole group
            self._place(tuple(m for m in members if m is not None), link)
            return
        self._place((j,), link)

    def _place(self, indices: tuple[int, ...], link: Link) -> None:
        if self.used & set(link.target):
            for index in indices:
                self.unplaced.append(Unplaced(index, "its span of the translation is taken",
                                              self.to_old.get(index)))
            return
        self.used.update(link.target)
        start, end = self._target_span(link)
        self.placements.append(Placement(indices, start, end, confidence=link.confidence))

    def added(self, run: list[int]) -> None:
        self.changes.extend(Change(j, None, None) for j in run)
        first, last = run[0], run[-1]
        before = self._placed_target(first - 1)
        after = self._placed_target(last + 1) if before is None else None
        if before is None and after is None:
            for j in run:
                self.unplaced.append(Unplaced(j, f"source line {self._line(j)} is new and the "
                                              "blocks around it are not in the translation"))
            return
        gaps = [self._skeleton(self.new.span(a)[1], self.new.span(b)[0])
                for a, b in pairwise(run)]
        if before is not None:
            prefix = self._skeleton(self.new.span(first - 1)[1], self.new.span(first)[0])
            at = self.variant.span(before)[1]
            self.placements.append(Placement(tuple(run), at, at, prefix, "", tuple(gaps), 0.0))
        else:
            assert after is not None
            suffix = self._skeleton(self.new.span(last)[1], self.new.span(last + 1)[0])
            at = self.variant.span(after)[0]
            self.placements.append(Placement(tuple(run), at, at, "", suffix, tuple(gaps), 0.0))

    def _skeleton(self, start: int, end: int) -> str:
        """The source's text between two segments, with the translation page's line ending
        (a CRLF page gets no LF-only lines from an LF source, nor the other way round)."""
        piece = self.new.text[start:end].replace("\r\n", "\n")
        return piece.replace("\n", "\r\n") if "\r\n" in self.variant.text else piece

    def _placed_target(self, j: int) -> int | None:
        """The translation segment that ends (or starts) today's source segment ``j``."""
        if j < 0 or j >= len(self.new.segments) or j not in self.to_old:
            return None
        if self.new.segments[j].key is not None:
            return None  # front matter is no neighbour for body text
        link = _link_of(self.links, self.to_old[j])
        return None if link is None else link.target[-1]

    def removed(self, i: int) -> None:
        link = _link_of(self.links, i)
        if link is None:
            return  # the translator had dropped it already
        line = ", ".join(str(self.variant.segments[t].line) for t in link.target)
        if len(link.source) > 1 or self.used & set(link.target):
            self.notes.append(f"the source no longer has text that translation line {line} "
                              "still translates (merged with other text): edit it there")
            return
        first = link.target[0]
        start, end = self._target_span(link)
        if first > 0 and self.variant.segments[first - 1].key is None:
            cut = self.variant.span(first - 1)[1]
        else:
            cut = start
        gap = self.variant.text[cut:start]
        if not _SIMPLE_GAP.fullmatch(gap) or not re.match(r"\s*$", self.variant.text[end:end + 1]
                                                           or "\n"):
            self.notes.append(f"the source no longer has the text of translation line {line}; "
                              "it was left in place because markup surrounds it: delete it")
            return
        self.used.update(link.target)
        self.removals.append((cut, end))

    def result(self) -> Redraft:
        return Redraft(tuple(sorted(self.changes, key=lambda c: c.index)),
                       tuple(self.placements), tuple(self.unplaced), tuple(self.removals),
                       tuple(self.notes), True)


def held_source(new: SegmentedPage, old: SegmentedPage | None, plan: Redraft) -> str | None:
    """The source text the re-drafted page translates: today's source with each unplaced
    segment as the recorded source had it (a new one left out). Recorded instead of today's
    source so the lock does not claim what is only in the review sheet; None when all placed."""
    if not plan.unplaced:
        return None
    edits = []
    for item in plan.unplaced:
        start, end = new.span(item.index)
        if item.old is not None and old is not None:
            edits.append((start, end, old.text[slice(*old.span(item.old))]))
        elif item.old is None:  # a new segment: cut it with the break before it
            edits.append((new.span(item.index - 1)[1] if item.index else start, end, ""))
    out, cursor = [], 0
    for start, end, text in sorted(edits):
        if start >= cursor:
            out += [new.text[cursor:start], text]
            cursor = end
    return "".join(out) + new.text[cursor:]


def apply_redraft(variant: SegmentedPage, plan: Redraft, texts: Mapping[int, str]) -> str:
    """The translation page with each placement's span replaced by the final ``texts`` of its
    segments (already fitted to the page) and removals cut out; every other byte as it was."""
    edits: list[tuple[int, int, str]] = [(a, b, "") for a, b in plan.removals]
    for placement in plan.placements:
        if not all(i in texts for i in placement.indices):
            continue  # nothing to put there: keep the page's bytes
        between = placement.between
        if placement.start == placement.end and len(between) == len(placement.indices) - 1:
            body = "".join(texts[i] + (between[k] if k < len(between) else "")
                           for k, i in enumerate(placement.indices))
        else:
            body = " ".join(texts[i] for i in placement.indices)
        edits.append((placement.start, placement.end, placement.prefix + body + placement.suffix))
    edits.sort(key=lambda e: (e[0], e[1]))
    out, cursor = [], 0
    for start, end, text in edits:
        if start < cursor:
            continue  # overlapping edits are refused by the plan; never splice twice
        out.append(variant.text[cursor:start])
        out.append(text)
        cursor = end
    out.append(variant.text[cursor:])
    return "".join(out)
