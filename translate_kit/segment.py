"""The segmenter: a page's text as translatable segments in a fixed skeleton.

markdown-it-py block tokens and their line maps find the blocks; the page's own lines (split by
markdown-it's line rule) give exact offsets, so ``render({})`` is the input byte for byte.
Liquid ``raw``/``highlight``/``comment`` blocks are cut out before markdown-it sees them, and
front-matter fields become segments by a per-field policy.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken
from mdit_py_plugins.footnote import footnote_plugin

from .glossary import Glossary
from .page import Page, format_scalar, parse_page, split_lines
from .protect import Break, Masked, mask

DEFAULT_TRANSLATE_FIELDS = ("title", "summary", "description")

_OPAQUE_OPEN = re.compile(r"[ \t]*\{%-?\s*(raw|highlight|comment)\b.*?-?%\}", re.DOTALL)
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
# Block-level HTML tags: text on either side of them is a separate segment.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|br|caption|center|col|colgroup|dd|details|dialog|div|"
    "dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|iframe|legend|li|"
    "link|main|menu|nav|ol|optgroup|option|p|section|summary|table|tbody|td|tfoot|th|thead|"
    "title|tr|ul|video|audio|source|track|img|meta|script|style|pre|textarea|template|noscript"
)
_HTML_SPLIT = re.compile(rf"<!--.*?-->|</?(?:{_BLOCK_TAGS})\b[^<>]*>|\{{%.*?%\}}",
                         re.DOTALL | re.IGNORECASE)
_HTML_RAW = re.compile(r"<(script|style|pre|textarea)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_RAW_START = re.compile(r"\s*<(?:script|style|pre|textarea|\?|![A-Za-z]|!\[CDATA\[)",
                             re.IGNORECASE)
_EDGE_PIECE = r"(?:\s|<[^<>]*>|\{%.*?%\}|\{\{.*?\}\})"
_HTML_EDGE = re.compile(_EDGE_PIECE + "+", re.DOTALL)
_HTML_EDGE_END = re.compile(_EDGE_PIECE + "+$", re.DOTALL)
_HTML_BROKEN = re.compile(r"<[/!?A-Za-z][^<>]*(?=<|$)")  # a tag that never closes
_LEADING_MARKER = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|(\d{1,9})([.)])(?=\s|$)|"
                             r"=+\s*$|-+\s*$|\*{3,}|_{3,}|`{3,}|~{3,}|\||\[[^\]]*\]:|<(?=[A-Za-z/!?]))")


@dataclass(frozen=True)
class Policy:
    """How a page is segmented (from the site config; these are the defaults)."""

    translate_fields: tuple[str, ...] = DEFAULT_TRANSLATE_FIELDS
    """Front-matter keys whose string values are translated; all others are left as they are."""
    glossary: Glossary | None = None
    """Terms protected inside segments (kept, or rendered one fixed way per language)."""


@dataclass(frozen=True)
class Segment:
    """One translatable piece of a page."""

    id: str
    """Stable id: kind, hash of the normalised text, and occurrence (``p:3fa2…#2``)."""
    kind: str
    """heading, paragraph, list_item, blockquote, footnote, table_cell, html, front_matter."""
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
class _Slot:
    start: int
    end: int
    kind: str
    masked: Masked
    plain: str  # the source text as one normalised line: what the id hashes
    style: str | None = None  # YAML scalar style for front-matter values


@dataclass(frozen=True)
class SegmentedPage:
    """A page as skeleton text and segments; ``render`` puts translations into the skeleton."""

    text: str
    segments: tuple[Segment, ...]
    _parts: tuple[str | int, ...] = field(repr=False)
    _slots: tuple[_Slot, ...] = field(repr=False)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.segments]

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
                out.append(_fit(slot, translations[segment.id], lang))
            else:
                out.append(segment.source)
        return "".join(out)


def segment_page(text: str, policy: Policy | None = None) -> SegmentedPage:
    """Split a page (front matter and Markdown body) into segments and a skeleton."""
    policy = policy or Policy()
    page = parse_page(text)
    slots = list(_front_matter_slots(page, policy))
    body_offset = len(text) - len(page.body)
    slots.extend(_body_slots(page.body, body_offset, policy.glossary))
    return _assemble(text, slots)


def _assemble(text: str, slots: list[_Slot]) -> SegmentedPage:
    slots.sort(key=lambda s: s.start)
    parts: list[str | int] = []
    segments: list[Segment] = []
    kept: list[_Slot] = []
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
    return SegmentedPage(text, tuple(segments), tuple(parts), tuple(kept))


def _segment_id(slot: _Slot) -> str:
    digest = hashlib.blake2b(slot.plain.encode("utf-8"), digest_size=6).hexdigest()
    kind = {"heading": "h", "paragraph": "p", "list_item": "li", "blockquote": "q",
            "footnote": "fn", "table_cell": "td", "html": "html"}.get(slot.kind, slot.kind)
    return f"{kind}:{digest}"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in split_lines(text):
        starts.append(starts[-1] + len(line))
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


# --- front matter -------------------------------------------------------------------------

def _front_matter_slots(page: Page, policy: Policy) -> Iterator[_Slot]:
    if not page.has_front_matter or not policy.translate_fields:
        return
    try:
        root = yaml.compose(page.fm_text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    if not isinstance(root, yaml.MappingNode):
        return
    base = len(page.bom) + len(page.fm_open)
    for key_node, value in root.value:
        if key_node.value not in policy.translate_fields or not isinstance(value, yaml.ScalarNode):
            continue
        if value.tag != "tag:yaml.org,2002:str" or not value.value.strip():
            continue
        plain = " ".join(value.value.split())
        masked = mask(plain, policy.glossary)
        if masked.translatable:
            yield _Slot(base + value.start_mark.index, base + value.end_mark.index
                        - _trailing_newline(page.fm_text, value), f"fm.{key_node.value}",
                        masked, plain, value.style or "")


def _trailing_newline(fm_text: str, node: yaml.ScalarNode) -> int:
    """Block scalars' spans end after their last newline; keep that newline in the skeleton."""
    span = fm_text[node.start_mark.index : node.end_mark.index]
    return len(span) - len(span.rstrip("\r\n")) if node.style in ("|", ">") else 0


# --- body ---------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _parser(footnotes: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    if footnotes:  # footnote definitions only come out of the inline pass
        return md.use(footnote_plugin)
    return md.disable("inline")  # block maps are all we need: ~40% faster


def _body_slots(body: str, offset: int, glossary: Glossary | None) -> Iterator[_Slot]:
    lines = split_lines(body)
    for start, end in _markdown_chunks(lines):
        chunk_lines = lines[start:end]
        chunk_offset = offset + sum(len(x) for x in lines[:start])
        yield from _chunk_slots(chunk_lines, chunk_offset, glossary)


def _markdown_chunks(lines: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Line ranges outside Liquid raw/highlight/comment blocks (never shown to markdown-it)."""
    start = index = 0
    while index < len(lines):
        opening = _OPAQUE_OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        closing = re.compile(r"\{%-?\s*end" + opening.group(1) + r"\s*-?%\}")
        end = index
        while end < len(lines) and not closing.search(
                lines[end], opening.end() if end == index else 0):
            end += 1
        if end == len(lines):
            index += 1  # never closed: Liquid would fail too; treat the line as text
            continue
        if index > start:
            yield start, index
        start = index = end + 1
    if start < len(lines):
        yield start, len(lines)


def _chunk_slots(lines: list[str], offset: int, glossary: Glossary | None) -> Iterator[_Slot]:
    starts = [offset]
    for line in lines:
        starts.append(starts[-1] + len(line))
    source = "".join(lines)
    tokens = _parser("[^" in source).parse(source)
    containers: list[str] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.type.endswith("_open") and token.type not in (
                "paragraph_open", "heading_open"):
            containers.append(token.type)
        elif token.nesting == -1 and containers and token.type.endswith("_close") and (
                token.type not in ("paragraph_close", "heading_close")):
            containers.pop()
        if token.type != "inline" or token.map is None or index == 0:
            if token.type == "html_block" and token.map:
                yield from _html_slots(lines, starts, token.map, glossary)
            continue
        parent = tokens[index - 1].type
        if parent in ("th_open", "td_open"):
            continue
        if parent == "tr_open":
            continue
        kind = "heading" if parent == "heading_open" else _leaf_kind(containers)
        slot = _leaf_slot(lines, starts, token, kind, glossary)
        if slot is not None:
            yield slot
    yield from _table_slots(lines, starts, tokens, glossary)


def _leaf_kind(containers: Sequence[str]) -> str:
    for name in reversed(containers):
        if name == "list_item_open":
            return "list_item"
        if name == "blockquote_open":
            return "blockquote"
        if name == "footnote_open":
            return "footnote"
    return "paragraph"


def _locate(line: str, content: str) -> int | None:
    stripped = line.rstrip()
    if stripped.endswith(content):
        return len(stripped) - len(content)
    found = line.find(content)
    return found if found >= 0 else None


def _leaf_slot(lines: list[str], starts: list[int], token: MdToken, kind: str,
               glossary: Glossary | None) -> _Slot | None:
    assert token.map is not None
    first = token.map[0]
    contents = token.content.split("\n")
    if first + len(contents) > len(lines):
        return None
    pieces: list[str | Break] = []
    span_start = span_end = -1
    for i, content in enumerate(contents):
        text = content.strip()
        line = lines[first + i].rstrip("\r\n")
        pos = _locate(line, text) if text else None
        if pos is None:
            return None
        begin = starts[first + i] + pos
        if span_start < 0:
            span_start = begin
        elif _HARD_BREAK.search(lines[first + i - 1].rstrip("\r\n")):
            gap = "".join(lines[first + i - 1 : first + i + 1])
            pieces.append(Break(gap[span_end - starts[first + i - 1] : begin - starts[
                first + i - 1]]))
        else:
            pieces.append(" ")
        pieces.append(text)
        span_end = begin + len(text)
    masked = mask(pieces, glossary)
    if not masked.translatable:
        return None
    plain = " ".join(" ".join(p for p in pieces if isinstance(p, str)).split())
    return _Slot(span_start, span_end, kind, masked, plain)


def _table_slots(lines: list[str], starts: list[int], tokens: Sequence[MdToken],
                 glossary: Glossary | None) -> Iterator[_Slot]:
    row: int | None = None
    cursor = 0
    for index, token in enumerate(tokens):
        if token.type == "tr_open" and token.map:
            row, cursor = token.map[0], 0
        elif token.type == "inline" and row is not None and index > 0 and tokens[
                index - 1].type in ("th_open", "td_open"):
            line = lines[row].rstrip("\r\n")
            content = token.content.strip()
            pos = line.find(content, cursor) if content else -1
            if pos < 0:
                continue
            cursor = pos + len(content)
            masked = mask(content, glossary)
            if masked.translatable:
                yield _Slot(starts[row] + pos, starts[row] + cursor, "table_cell", masked,
                            " ".join(content.split()))


def _html_slots(lines: list[str], starts: list[int], span: Sequence[int],
                glossary: Glossary | None) -> Iterator[_Slot]:
    block = "".join(lines[span[0] : span[1]])
    if _HTML_RAW_START.match(block):
        return
    base = starts[span[0]]
    cursor = 0
    for sep_start, sep_end in _html_separators(block):
        if sep_start > cursor and not block[cursor:sep_start].isspace():
            yield from _html_run(block, cursor, sep_start, base, glossary)
        cursor = max(cursor, sep_end)
    if cursor < len(block) and not block[cursor:].isspace():
        yield from _html_run(block, cursor, len(block), base, glossary)


def _html_separators(block: str) -> list[tuple[int, int]]:
    """Spans of block-level tags, comments and Liquid tags, in order. A raw element (script,
    style, pre, textarea) is one separator: nothing inside it is ever sent."""
    raw = [m.span() for m in _HTML_RAW.finditer(block)] if "<" in block else []
    spans = [m.span() for m in _HTML_SPLIT.finditer(block)
             if not raw or not any(a <= m.start() < b for a, b in raw)]
    return sorted(spans + raw) if raw else spans


def _html_run(block: str, start: int, end: int, base: int,
              glossary: Glossary | None) -> Iterator[_Slot]:
    run = block[start:end]
    # Tags and Liquid at either end stay in the skeleton: an opening tag alone on its line is
    # what makes some HTML blocks HTML blocks.
    edge = _HTML_EDGE.match(run) if run[0] in "<{ \t\r\n" else None
    lead = edge.end() if edge else 0
    tail = _HTML_EDGE_END.search(run, lead) if run[-1] in ">} \t\r\n" else None
    core = run[lead : tail.start() if tail else len(run)]
    if not core.strip() or ("<" in core and _HTML_BROKEN.search(core)):
        return  # nothing to say, or a tag left open: too risky to touch
    lead += len(core) - len(core.lstrip())
    core = core.strip()
    plain = " ".join(core.split())
    masked = mask(plain, glossary)
    if masked.translatable:
        yield _Slot(base + start + lead, base + start + lead + len(core), "html", masked, plain)


# --- fitting a translation into its slot --------------------------------------------------

def _fit(slot: _Slot, translated: str, lang: str | None) -> str:
    """Engine output made safe for the slot's place in the page, then unmasked."""
    text = " ".join(translated.split())
    if slot.kind.startswith("fm."):
        value = slot.masked.unmask(text, lang)
        return format_scalar(value, slot.style if slot.style in ('"', "'") else None)
    if slot.kind == "table_cell":
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    elif slot.kind == "html":
        text = text.replace("<", "&lt;")
    elif slot.kind == "heading":
        text = re.sub(r"(\s)#+$", lambda m: m.group(1) + "\\" + m.group(0).strip(), text)
    if slot.kind not in ("html", "table_cell"):
        text = _escape_leading_marker(text)
    return slot.masked.unmask(text, lang)


def _escape_leading_marker(text: str) -> str:
    match = _LEADING_MARKER.match(text)
    if not match:
        return text
    if match.group(1):  # an ordered-list marker: escape its delimiter
        return f"{match.group(1)}\\{match.group(2)}{text[match.end():]}"
    return "\\" + text
