"""Alignment of a translation's segments with its source's, surviving what translators do.

Human translators turn bullets into paragraphs, merge two paragraphs or split one, drop a block,
add a note and change heading levels. Segment kinds alone cannot follow that, so segments are
aligned by what survives translation: numbers, URLs, link targets, code, Liquid, glossary terms
and names (the *anchors*), the length ratio, the text itself where it stayed the same (rapidfuzz)
and order, in a dynamic programme over the two sequences with 1:1, 2:1, 1:2, 3:1 and 1:3 links,
dropped source segments and added translation segments. Every link has a confidence in [0, 1];
what cannot be placed is named. Front-matter fields are paired by key.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .segment import Segment, SegmentedPage

# Anchor token kinds whose text is the same in every language.
_ANCHOR_KINDS = ("liquid", "code", "url", "link", "footnote")
_NUMBER = re.compile(r"(?<![\w])\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?")
_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*[A-Za-z0-9]")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]+)")
_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (3, 1), (1, 3))
_SKIP_COST = 0.0
_THRESHOLD = 0.3  # a link scoring below this is worse than leaving both sides unlinked
_GROUP_PENALTY = 0.06
_COMPATIBLE = {frozenset({"list_item", "paragraph"}): 0.92,
               frozenset({"heading", "paragraph"}): 0.88,
               frozenset({"blockquote", "paragraph"}): 0.9,
               frozenset({"list_item", "blockquote"}): 0.85}
_FULL_DP = 40_000  # cells; above this the search keeps to a band around the diagonal
_BAND = 12


@dataclass(frozen=True)
class Link:
    """Source segments ``source`` correspond to translation segments ``target`` (indices)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float
    """0 (a guess from order alone) to 1 (anchors, length and kind all agree)."""


@dataclass(frozen=True)
class Alignment:
    """How a translation lines up with a source: links, and what has no counterpart."""

    source: SegmentedPage
    translation: SegmentedPage
    links: tuple[Link, ...]
    dropped: tuple[int, ...]
    """Source segments the translation does not render (a block dropped)."""
    added: tuple[int, ...]
    """Translation segments with no source (a translator's note, an added block)."""

    def link_of(self, source_index: int) -> Link | None:
        """The link holding a source segment, if it is placed."""
        for link in self.links:
            if source_index in link.source:
                return link
        return None

    @property
    def exact(self) -> bool:
        """True when every segment is linked 1:1 to one of the same kind (and heading level)."""
        return not self.dropped and not self.added and all(
            len(k.source) == 1 and len(k.target) == 1 and _same_shape(
                self.source, k.source[0], self.translation, k.target[0]) for k in self.links)

    def unplaced(self) -> list[str]:
        """One line for each segment that could not be placed, on either side."""
        out = [f"source line {self.source.segments[i].line} ({describe(self.source, i)}) has "
               "no counterpart in the translation" for i in self.dropped]
        out += [f"translation line {self.translation.segments[j].line} "
                f"({describe(self.translation, j)}) has no counterpart in the source"
                for j in self.added]
        return out


@dataclass(frozen=True)
class _Features:
    anchors: Counter[str]
    length: int
    kind: str
    plain: str


def features(segment: Segment) -> _Features:
    """What of a segment survives translation."""
    anchors: Counter[str] = Counter()
    for token in segment.masked.tokens:
        if token.term is not None:
            anchors["term:" + token.term.term.casefold()] += 1
        elif token.kind in _ANCHOR_KINDS:
            target = _LINK_TARGET.search(token.source)
            if token.kind == "link":
                if target:
                    anchors["link:" + target.group(1)] += 1
            else:
                anchors[f"{token.kind}:{token.source.strip()}"] += 1
    plain = segment.plain
    for number in _NUMBER.findall(plain):
        digits = re.sub(r"\D", "", number)
        if digits:
            anchors["n:" + digits] += 1
    for url in re.findall(r"https?://[^\s)\]>\"']+", plain):
        anchors["url:" + url.rstrip(".,;:")] += 1
    for found in _NAME.finditer(plain):
        # A capital after a sentence end says nothing: every language starts sentences so.
        before = plain[: found.start()].rstrip()
        if len(found.group(0)) > 2 and before and (before[-1].isalnum() or before[-1] in ",)"):
            anchors["name:" + found.group(0)] += 1
    length = len(segment.masked.text) if segment.masked.tokens else len(plain)
    return _Features(anchors, max(length, 1), segment.kind, plain)


def _weight(key: str) -> float:
    return 0.4 if key.startswith("name:") else 1.0


def _anchor_score(a: Counter[str], b: Counter[str]) -> tuple[float, float]:
    """Shared anchors (0-1) and how much that says (0-0.5: one lone name says little)."""
    total = sum(_weight(k) * n for k, n in a.items()) + sum(_weight(k) * n for k, n in b.items())
    if not total:
        return 0.0, 0.0
    shared = sum(_weight(k) * min(n, b[k]) for k, n in a.items() if k in b)
    return 2 * shared / total, min(0.5, 0.2 * total)


def _length_score(source: int, target: int, ratio: float) -> float:
    x = math.log(target / (source * ratio))
    sigma = 0.28 + 2.0 / math.sqrt(source * ratio + target)  # short texts vary more
    return math.exp(-(x * x) / (2 * sigma * sigma))


def _merge(group: Sequence[_Features]) -> _Features:
    if len(group) == 1:
        return group[0]
    anchors: Counter[str] = Counter()
    for item in group:
        anchors.update(item.anchors)
    kinds = {g.kind for g in group}
    return _Features(anchors, sum(g.length for g in group) + len(group) - 1,
                     kinds.pop() if len(kinds) == 1 else "mixed",
                     " ".join(g.plain for g in group))


def _kind_factor(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if "mixed" in (a, b):
        return 0.85
    return _COMPATIBLE.get(frozenset({a, b}), 0.65)


def score(src: Sequence[_Features], tgt: Sequence[_Features], ratio: float) -> float:
    """How well source segments ``src`` correspond to translation segments ``tgt`` (0-1)."""
    a, b = _merge(src), _merge(tgt)
    length = _length_score(a.length, b.length, ratio)
    same = fuzz.ratio(a.plain, b.plain) / 100 if len(src) == len(tgt) == 1 else 0.0
    text = max(0.0, (same - 0.55) / 0.45)  # below ~55 it is two languages' letter noise
    anchors, weight = _anchor_score(a.anchors, b.anchors)
    rest = 0.75 * length + 0.25 * max(text, length * 0.6)
    value = weight * anchors + (1 - weight) * rest
    value = max(value, text)  # the same text is the same segment, whatever its length says
    return value * _kind_factor(a.kind, b.kind)


def align(source: SegmentedPage, translation: SegmentedPage) -> Alignment:
    """Align a translation with its source (front matter by key, the body by the programme)."""
    links: list[Link] = []
    src_fm = {s.key: i for i, s in enumerate(source.segments) if s.key is not None}
    tgt_fm = {s.key: j for j, s in enumerate(translation.segments) if s.key is not None}
    for key, i in src_fm.items():
        if key in tgt_fm:
            links.append(Link((i,), (tgt_fm[key],), 1.0))
    body_s = [i for i, s in enumerate(source.segments) if s.key is None]
    body_t = [j for j, s in enumerate(translation.segments) if s.key is None]
    fs = [features(source.segments[i]) for i in body_s]
    ft = [features(translation.segments[j]) for j in body_t]
    for link in _programme(fs, ft):
        links.append(Link(tuple(body_s[i] for i in link.source),
                          tuple(body_t[j] for j in link.target), link.confidence))
    links.sort(key=lambda k: k.source[0])
    # A front-matter key only one side has is not structure: the page's own choice.
    placed_s = {i for k in links for i in k.source} | set(src_fm.values())
    placed_t = {j for k in links for j in k.target} | set(tgt_fm.values())
    return Alignment(source, translation, tuple(links),
                     tuple(i for i in range(len(source.segments)) if i not in placed_s),
                     tuple(j for j in range(len(translation.segments)) if j not in placed_t))


def _ratio(fs: Sequence[_Features], ft: Sequence[_Features]) -> float:
    total_s, total_t = sum(f.length for f in fs), sum(f.length for f in ft)
    return min(2.0, max(0.5, total_t / total_s)) if total_s and total_t else 1.0


def _programme(fs: Sequence[_Features], ft: Sequence[_Features]) -> list[Link]:
    n, m = len(fs), len(ft)
    if not n or not m:
        return []
    ratio = _ratio(fs, ft)
    if n == m:  # the common case: the translation kept the structure; no search needed
        diagonal = [score([fs[i]], [ft[i]], ratio) for i in range(n)]
        if all(d >= _THRESHOLD + 0.15 for d in diagonal) and all(
                fs[i].kind == ft[i].kind for i in range(n)):
            return [Link((i,), (i,), round(d, 3)) for i, d in enumerate(diagonal)]
    band = None if n * m <= _FULL_DP else abs(n - m) + _BAND
    best: dict[tuple[int, int], tuple[float, tuple[int, int], float]] = {(0, 0): (0.0, (0, 0),
                                                                                   0.0)}
    for i in range(n + 1):
        for j in _columns(i, n, m, band):
            if (i, j) == (0, 0):
                continue
            found = _best_move(i, j, fs, ft, ratio, best)
            if found is not None:
                best[(i, j)] = found
    return _trace(best, n, m)


def _columns(i: int, n: int, m: int, band: int | None) -> range:
    if band is None:
        return range(m + 1)
    centre = round(i * m / n)
    return range(max(0, centre - band), min(m, centre + band) + 1)


def _best_move(i: int, j: int, fs: Sequence[_Features], ft: Sequence[_Features], ratio: float,
               best: dict[tuple[int, int], tuple[float, tuple[int, int], float]]) -> tuple[
                   float, tuple[int, int], float] | None:
    choice: tuple[float, tuple[int, int], float] | None = None
    for di, dj in _MOVES:
        before = best.get((i - di, j - dj))
        if before is None:
            continue
        if di and dj:
            value = score(fs[i - di:i], ft[j - dj:j], ratio)
            gain = (value - _THRESHOLD) * (di + dj) / 2 - _GROUP_PENALTY * (di + dj - 2)
        else:
            value, gain = 0.0, _SKIP_COST
        total = before[0] + gain
        if choice is None or total > choice[0] + 1e-9:
            choice = (total, (di, dj), value)
    return choice


def _trace(best: dict[tuple[int, int], tuple[float, tuple[int, int], float]], n: int,
           m: int) -> list[Link]:
    links: list[Link] = []
    i, j = n, m
    while (i, j) != (0, 0):
        _, (di, dj), value = best[(i, j)]
        if di and dj:
            links.append(Link(tuple(range(i - di, i)), tuple(range(j - dj, j)),
                              round(min(1.0, value), 3)))
        i, j = i - di, j - dj
    return links[::-1]


# --- describing structure -----------------------------------------------------------------

_KIND_NAMES = {"paragraph": "a paragraph", "list_item": "a list item", "heading": "a heading",
               "blockquote": "a quotation", "footnote": "a footnote", "table_cell":
               "a table cell", "html": "HTML text", "front_matter": "a front-matter value"}
_ATX = re.compile(r"[ \t]{0,3}(#{1,6})(?=[ \t]|$)")


def heading_level(page: SegmentedPage, index: int) -> int | None:
    """The level of a heading segment (ATX ``##`` or setext underline), if it is one."""
    segment = page.segments[index]
    if segment.kind != "heading":
        return None
    lines = page.text.split("\n")
    line = lines[segment.line - 1] if segment.line - 1 < len(lines) else ""
    atx = _ATX.match(line)
    if atx:
        return len(atx.group(1))
    below = lines[segment.line].strip() if segment.line < len(lines) else ""
    return 1 if below.startswith("=") else 2


def describe(page: SegmentedPage, index: int) -> str:
    """A segment's kind in words: 'a paragraph', 'a level-2 heading'."""
    level = heading_level(page, index)
    if level is not None:
        return f"a level-{level} heading"
    segment = page.segments[index]
    if segment.kind == "front_matter":
        return f"the front-matter value '{segment.key}'"
    return _KIND_NAMES.get(segment.kind, f"a {segment.kind}")


def _same_shape(a: SegmentedPage, i: int, b: SegmentedPage, j: int) -> bool:
    return a.segments[i].kind == b.segments[j].kind and heading_level(a, i) == heading_level(b, j)


def _lines(page: SegmentedPage, indices: Sequence[int]) -> str:
    numbers = [str(page.segments[k].line) for k in indices]
    return f"line {numbers[0]}" if len(numbers) == 1 else (
        "lines " + ", ".join(numbers[:-1]) + " and " + numbers[-1])


def _link_mismatch(alignment: Alignment, link: Link) -> str | None:
    src, tgt = alignment.source, alignment.translation
    if len(link.source) == 1 and len(link.target) == 1:
        i, j = link.source[0], link.target[0]
        if _same_shape(src, i, tgt, j):
            return None
        return (f"source line {src.segments[i].line} is {describe(src, i)}, translation line "
                f"{tgt.segments[j].line} {describe(tgt, j)}")
    if len(link.target) == 1:
        j = link.target[0]
        return (f"source {_lines(src, link.source)} ({len(link.source)} segments) are one "
                f"segment at translation line {tgt.segments[j].line} ({describe(tgt, j)}): "
                "merged")
    i = link.source[0]
    return (f"source line {src.segments[i].line} ({describe(src, i)}) is split into "
            f"translation {_lines(tgt, link.target)}")


def first_mismatch(source: SegmentedPage, translation: SegmentedPage,
                   alignment: Alignment | None = None) -> str | None:
    """Where the structure of a translation first differs from its source, in words
    ("source line 40 is a list item, translation line 38 a paragraph"); None when it does not."""
    found = alignment or align(source, translation)
    events: list[tuple[int, int, str]] = []
    for link in found.links:
        message = _link_mismatch(found, link)
        if message is not None:
            events.append((source.segments[link.source[0]].line,
                           translation.segments[link.target[0]].line, message))
    line_of_t = {j: translation.segments[j].line for j in range(len(translation.segments))}
    for i in found.dropped:
        events.append((source.segments[i].line, 0,
                       f"source line {source.segments[i].line} ({describe(source, i)}) has no "
                       "counterpart in the translation (dropped)"))
    for j in found.added:
        before = [k.source[-1] for k in found.links if k.target[-1] < j]
        line = source.segments[before[-1]].line if before else 0
        events.append((line, line_of_t[j], f"translation line {line_of_t[j]} "
                       f"({describe(translation, j)}) has no counterpart in the source (added)"))
    return min(events)[2] if events else None
