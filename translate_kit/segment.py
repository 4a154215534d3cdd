"""The segmenter: a page's text as translatable segments in a fixed skeleton.

The page's own lines (split by markdown-it's line rule) give exact offsets, so ``render({})``
is the input byte for byte. Body blocks are found the way the site's renderer reads them
(``blocks``); front-matter fields become segments by a per-field policy. Translations are made
inert for their place in the page (``renderer.neutralise``) before tokens are restored.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import yaml

from . import fmformats, yamledit
from .blocks import Slot, body_slots, context
from .glossary import Glossary
from .page import Page, format_scalar, parse_page, split_lines
from .protect import Masked, mask
from .renderer import KRAMDOWN, neutralise, neutralise_value

DEFAULT_TRANSLATE_FIELDS = ("title", "summary", "description")


@dataclass(frozen=True)
class Policy:
    """How a page is segmented (from the site config; these are the defaults)."""

    translate_fields: tuple[str, ...] = DEFAULT_TRANSLATE_FIELDS
    """Front-matter keys whose string values are translated; all others are left as they are."""
    glossary: Glossary | None = None
    """Terms protected inside segments (kept, or rendered one fixed way per language)."""
    renderer: str = KRAMDOWN
    """The site's Markdown renderer (``renderer.detect_renderer``): what counts as markup."""


@dataclass(frozen=True)
class Segment:
    """One translatable piece of a page."""

    id: str
    """Stable id: kind, hash of the normalised text, and occurrence (``p:3fa2…#2``)."""
    kind: str
    """heading, paragraph, list_item, blockquote, footnote, table_cell, term, definition, html,
    front_matter."""
    text: str
    """What an engine receives: one line, markup and terms as tokens like ``⟦1⟧``."""
    source: str
    """The original text of the segment's span in the page."""
    masked: Masked = field(repr=False)
    line: int = 0
    """1-based line of the page where the segment starts."""
    key: str | None = None
    """The front-matter key, for front-matter segments."""

    @property
    def plain(self) -> str:
        """The source text as one normalised line, markup included (what the hash covers)."""
        return " ".join(self.masked.unmask().split())


@dataclass(frozen=True)
class SegmentedPage:
    """A page as skeleton text and segments; ``render`` puts translations into the skeleton."""

    text: str
    segments: tuple[Segment, ...]
    _parts: tuple[str | int, ...] = field(repr=False)
    _slots: tuple[Slot, ...] = field(repr=False)
    renderer: str = KRAMDOWN

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.segments]

    def span(self, index: int) -> tuple[int, int]:
        """Where segment ``index`` lies in ``text`` (start and end offsets)."""
        slot = self._slots[index]
        return slot.start, slot.end

    def fitted(self, index: int, translated: str, lang: str | None = None) -> str:
        """Engine text for segment ``index`` as ``render`` would put it into the page."""
        return _fit(self._slots[index], translated, lang, self.renderer)

    def render(self, translations: Mapping[str, str], lang: str | None = None,
               raw: Mapping[str, str] | None = None) -> str:
        """The page with each segment id in ``translations`` replaced by its translated text.

        Translated text is the engine text (tokens included); tokens are restored, glossary
        terms take their fixed rendering in ``lang``, and text that would change the block
        structure (newlines, leading list or heading markers, table pipes) is escaped.
        ``raw`` maps ids to final text inserted as it is (an existing human translation).
        Segments in neither keep their source bytes.
        """
        out = []
        raw = raw or {}
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            segment, slot = self.segments[part], self._slots[part]
            if segment.id in raw:
                out.append(raw[segment.id])
            elif segment.id in translations:
                out.append(_fit(slot, translations[segment.id], lang, self.renderer))
            else:
                out.append(segment.source)
        return "".join(out)


def segment_page(text: str, policy: Policy | None = None) -> SegmentedPage:
    """Split a page (front matter and Markdown body) into segments and a skeleton."""
    policy = policy or Policy()
    page = parse_page(text)
    slots = list(_front_matter_slots(page, policy))
    body_offset = len(text) - len(page.body)
    ctx = context(page.body, policy.glossary, policy.renderer)
    slots.extend(body_slots(page.body, body_offset, ctx))
    return _assemble(text, slots, policy.renderer)


def _assemble(text: str, slots: list[Slot], renderer: str) -> SegmentedPage:
    slots.sort(key=lambda s: s.start)
    parts: list[str | int] = []
    segments: list[Segment] = []
    kept: list[Slot] = []
    seen: dict[str, int] = {}
    cursor = 0
    line_starts = _line_starts(text)
    for slot in slots:
        if slot.start < cursor or slot.end <= slot.start:
            continue  # overlapping or empty: leave it in the skeleton
        parts.append(text[cursor : slot.start])
        base = _segment_id(slot)
        seen[base] = seen.get(base, 0) + 1
        sid = base if seen[base] == 1 else f"{base}#{seen[base]}"
        line = _line_of(line_starts, slot.start)
        key = slot.kind[3:] if slot.kind.startswith("fm.") else None
        kind = "front_matter" if key else slot.kind
        segments.append(Segment(sid, kind, slot.masked.text, text[slot.start : slot.end],
                                slot.masked, line, key))
        kept.append(slot)
        parts.append(len(segments) - 1)
        cursor = slot.end
    parts.append(text[cursor:])
    # Parts are consecutive slices of ``text``, so rendering with no translation is identity.
    return SegmentedPage(text, tuple(segments), tuple(parts), tuple(kept), renderer)


def _segment_id(slot: Slot) -> str:
    digest = hashlib.blake2b(slot.plain.encode("utf-8"), digest_size=6).hexdigest()
    kind = {"heading": "h", "paragraph": "p", "list_item": "li", "blockquote": "q",
            "footnote": "fn", "table_cell": "td", "html": "html",
            "term": "dt", "definition": "dd"}.get(slot.kind, slot.kind)
    return f"{kind}:{digest}"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in split_lines(text):
        starts.append(starts[-1] + len(line))
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


# --- front matter -------------------------------------------------------------------------

def _front_matter_slots(page: Page, policy: Policy) -> Iterator[Slot]:
    if not page.has_front_matter or not policy.translate_fields:
        return
    base = len(page.bom) + len(page.fm_open)
    if page.format != "yaml":
        yield from _other_front_matter_slots(page, policy, base)
        return
    root = yamledit.compose(page.fm_text)
    if root is None:
        return
    flow = yamledit.in_flow(root)
    for entry in yamledit.entries(page.fm_text, root):
        value = entry.value
        if entry.alias or entry.key.value not in policy.translate_fields or not isinstance(
                value, yaml.ScalarNode):
            continue  # an alias follows its anchor's value, which is translated where it is
        if value.tag != "tag:yaml.org,2002:str" or not value.value.strip():
            continue
        plain = " ".join(value.value.split())
        masked = mask(plain, policy.glossary)
        if masked.translatable:  # the span starts after an anchor, which stays
            yield Slot(base + entry.start, base + value.end_mark.index
                       - _trailing_newline(page.fm_text, value), f"fm.{entry.key.value}",
                       masked, plain, '"' if flow else value.style or "")


def _other_front_matter_slots(page: Page, policy: Policy, base: int) -> Iterator[Slot]:
    """TOML and JSON string values; the style says how a translation is written back."""
    for item in fmformats.entries(page.format, page.fm_text):
        if item.key not in policy.translate_fields or not isinstance(item.value, str) or (
                not item.value.strip()):
            continue
        plain = " ".join(item.value.split())
        masked = mask(plain, policy.glossary)
        opening = page.fm_text[item.value_start : item.value_start + 3]
        literal = "'" if opening[:1] == "'" and opening != "'" * 3 else ""
        if masked.translatable:
            yield Slot(base + item.value_start, base + item.value_end, f"fm.{item.key}",
                       masked, plain, page.format + literal)


def _trailing_newline(fm_text: str, node: yaml.ScalarNode) -> int:
    """Block scalars' spans end after their last newline; keep that newline in the skeleton."""
    span = fm_text[node.start_mark.index : node.end_mark.index]
    return len(span) - len(span.rstrip("\r\n")) if node.style in ("|", ">") else 0


# --- fitting a translation into its slot --------------------------------------------------

def _fit(slot: Slot, translated: str, lang: str | None, renderer: str) -> str:
    """Engine output made inert for the slot's place in the page, then unmasked."""
    text = " ".join(translated.split())
    if slot.kind.startswith("fm."):
        value = slot.masked.unmask(neutralise_value(text, slot.plain), lang)
        if slot.style and slot.style.startswith((fmformats.TOML, fmformats.JSON)):
            fmt = fmformats.TOML if slot.style.startswith(fmformats.TOML) else fmformats.JSON
            return fmformats.scalar(fmt, value, slot.style[len(fmt) :])
        return format_scalar(value, slot.style if slot.style in ('"', "'") else None)
    text = slot.masked.tighten(neutralise(text, slot.plain, slot.kind, renderer))
    return slot.masked.unmask(text, lang)
