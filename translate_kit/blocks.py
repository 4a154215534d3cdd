"""Body segmentation: a page body's translatable blocks, found the way its renderer reads them.

markdown-it-py block tokens and their line maps find the blocks, but markdown-it never sees the
raw text: it parses a *shadow* of the same length, line for line, in which Liquid tags are
opaque letters (so ``[docs]: {{ site.url }}/docs`` is a link definition and a tag wrapped over
two lines stays in its paragraph) and, for kramdown, attribute lists and abbreviation
definitions are blank (so they stay on their own lines, never sent). Offsets found in the shadow
are offsets in the page. Liquid ``raw``/``highlight``/``comment`` blocks, kramdown
``{::comment}``/``{::nomarkdown}`` extensions and ``$$`` math blocks are cut out first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .glossary import Glossary
from .page import split_lines
from .protect import Break, Gap, Masked, mask, normalise_label
from .renderer import KRAMDOWN


@dataclass(frozen=True)
class Slot:
    """A span of the page that is one segment, with its masked text."""

    start: int
    end: int
    kind: str
    masked: Masked
    plain: str  # the source text as one normalised line: what the id hashes
    style: str | None = None  # YAML scalar style for front-matter values


@dataclass(frozen=True)
class Context:
    """What every block of one page is masked with."""

    glossary: Glossary | None
    renderer: str
    labels: frozenset[str] = frozenset()
    keep: re.Pattern[str] | None = None

    def mask(self, pieces: str | list[str | Break | Gap]) -> Masked:
        return mask(pieces, self.glossary, self.labels, self.keep)


_OPAQUE = {
    "liquid": re.compile(r"[ \t]*\{%-?\s*(raw|highlight|comment)\b.*?-?%\}", re.DOTALL),
    "kramdown": re.compile(r" {0,3}\{::(comment|nomarkdown)\b[^}\n]*\}"),
    "math": re.compile(r" {0,3}\$\$[ \t]*(?:\r\n|\r|\n|$)"),
}
_LIQUID = re.compile(r"\{%-?\s*(raw|comment)\b.*?\{%-?\s*end\1\s*-?%\}|\{%.*?%\}|\{\{.*?\}\}",
                     re.DOTALL)
_KRAMDOWN_LINE = re.compile(r"^(?:[ \t]*\{:[^\n\r]*\}|[ \t]*\{::[^\n\r]*/\}|"
                            r" {0,3}\*\[[^\]\n\r]+\]:[^\n\r]*)[ \t]*$", re.MULTILINE)
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\\n\r]|\\.){1,999})\]:", re.MULTILINE)
_ABBREVIATION = re.compile(r"^ {0,3}\*\[([^\]\n\r]+)\]:", re.MULTILINE)
_LIQUID_LINE = re.compile(r"[ \t]*(?:(?:\{%.*?%\}|\{\{.*?\}\})[ \t]*)+")
_TASK_BOX = re.compile(r"\[[ xX]\][ \t]+(?=\S)")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_QUOTE_PREFIX = re.compile(r"(?:[ \t]*>)+[ \t]?")
# Block-level HTML tags: text on either side of them is a separate segment.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|br|caption|center|col|colgroup|dd|details|dialog|div|"
    "dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|iframe|legend|li|"
    "link|main|menu|nav|ol|optgroup|option|p|section|summary|table|tbody|td|tfoot|th|thead|"
    "title|tr|ul|video|audio|source|track|img|meta|script|style|pre|textarea|template|noscript"
)
_HTML_SPLIT = re.compile(rf"<!--.*?-->|</?(?:{_BLOCK_TAGS})\b(?:\{{%.*?%\}}|\{{\{{.*?\}}\}}|"
                         rf"[^<>])*>|\{{%.*?%\}}", re.DOTALL | re.IGNORECASE)
_HTML_RAW = re.compile(r"<(script|style|pre|textarea|math|svg)\b.*?</\1\s*>",
                       re.DOTALL | re.IGNORECASE)
_HTML_RAW_START = re.compile(r"\s*<(?:script|style|pre|textarea|\?|![A-Za-z]|!\[CDATA\[)",
                             re.IGNORECASE)
# An inline code element is text-like: it is masked inside its run, never an edge.
_EDGE_PIECE = r"(?:\s|<(?!(?:code|kbd|samp|var|tt)\b)[^<>]*>|\{%.*?%\}|\{\{.*?\}\})"
_HTML_EDGE = re.compile(_EDGE_PIECE + "+", re.DOTALL)
_HTML_EDGE_END = re.compile(_EDGE_PIECE + "+$", re.DOTALL)
_HTML_BROKEN = re.compile(r"<[/!?A-Za-z][^<>]*(?=<|$)")  # a tag that never closes


def context(body: str, glossary: Glossary | None, renderer: str) -> Context:
    """The page-wide masking context: its reference labels and (kramdown) abbreviations."""
    shadow = _shadow(body, renderer)
    labels = frozenset(normalise_label(m.group(1)) for m in _DEFINITION.finditer(shadow)
                       if not m.group(1).startswith("^"))
    keep = None
    if renderer == KRAMDOWN:
        words = sorted({m.group(1).strip() for m in _ABBREVIATION.finditer(body)}, key=len,
                       reverse=True)
        if words := [w for w in words if w]:
            keep = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    return Context(glossary, renderer, labels, keep)


def body_slots(body: str, offset: int, ctx: Context) -> Iterator[Slot]:
    """The segments of a page body that starts at ``offset`` in the page."""
    lines = split_lines(body)
    for start, end in _markdown_chunks(lines, ctx.renderer):
        chunk_offset = offset + sum(len(x) for x in lines[:start])
        yield from _chunk_slots(lines[start:end], chunk_offset, ctx)


def _shadow(text: str, renderer: str) -> str:
    """``text`` with Liquid as letters and kramdown-only lines blank; same length and lines."""
    def letters(match: re.Match[str]) -> str:
        return re.sub(r"[^\r\n]", "L", match.group(0))

    text = _LIQUID.sub(letters, text) if "{" in text else text
    if renderer == KRAMDOWN and ("{:" in text or "*[" in text):
        text = _KRAMDOWN_LINE.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _markdown_chunks(lines: Sequence[str], renderer: str) -> Iterator[tuple[int, int]]:
    """Line ranges outside opaque blocks (never shown to markdown-it, never sent)."""
    start = index = 0
    while index < len(lines):
        end = _opaque_end(lines, index, renderer)
        if end is None:
            index += 1
            continue
        if index > start:
            yield start, index
        start = index = end + 1
    if start < len(lines):
        yield start, len(lines)


def _opaque_end(lines: Sequence[str], index: int, renderer: str) -> int | None:
    """The last line of an opaque block opening at ``lines[index]``, or None."""
    line = lines[index]
    opening = _OPAQUE["liquid"].match(line)
    if opening:
        closing = re.compile(r"\{%-?\s*end" + opening.group(1) + r"\s*-?%\}")
    elif renderer != KRAMDOWN:
        return None
    elif opening := _OPAQUE["kramdown"].match(line):
        closing = re.compile(r"\{:/(?:" + opening.group(1) + r")?\}")
    elif opening := _OPAQUE["math"].match(line):
        closing = re.compile(r"\$\$[ \t]*$")
    else:
        return None
    for end in range(index, len(lines)):
        found = closing.search(lines[end].rstrip("\r\n"), opening.end() if end == index else 0)
        if found is None:
            continue
        if end == index and lines[end][found.end():].strip():
            return None  # opened and closed inside a line of text: an inline construct
        return end
    return None  # never closed: Liquid would fail too; treat the line as text


@lru_cache(maxsize=4)
def _parser(footnotes: bool, definitions: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    if definitions:  # kramdown's definition lists (`term` then `: definition`)
        md = md.use(deflist_plugin)
    if footnotes:  # footnote definitions only come out of the inline pass
        return md.use(footnote_plugin)
    return md.disable("inline")  # block maps are all we need: ~40% faster


@dataclass(frozen=True)
class _Chunk:
    lines: list[str]
    shadow: list[str]
    starts: list[int]
    ctx: Context


def _chunk_slots(lines: list[str], offset: int, ctx: Context) -> Iterator[Slot]:
    starts = [offset]
    for line in lines:
        starts.append(starts[-1] + len(line))
    source = "".join(lines)
    shadow = _shadow(source, ctx.renderer)
    chunk = _Chunk(lines, split_lines(shadow), starts, ctx)
    kramdown = ctx.renderer == KRAMDOWN
    tokens = _parser("[^" in source, kramdown and ":" in source).parse(shadow)
    containers: list[str] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.type not in ("paragraph_open", "heading_open"):
            containers.append(token.type)
        elif token.nesting == -1 and containers and token.type not in (
                "paragraph_close", "heading_close"):
            containers.pop()
        if token.type == "html_block" and token.map:
            yield from _html_slots(chunk, token.map, "blockquote_open" in containers)
        if token.type != "inline" or token.map is None or index == 0:
            continue
        parent = tokens[index - 1].type
        if parent in ("th_open", "td_open", "tr_open"):
            continue
        kind = "heading" if parent == "heading_open" else _leaf_kind(containers)
        slot = _leaf_slot(chunk, token, kind)
        if slot is not None:
            yield slot
    yield from _table_slots(chunk, tokens)


def _leaf_kind(containers: Sequence[str]) -> str:
    kinds = {"list_item_open": "list_item", "blockquote_open": "blockquote",
             "footnote_open": "footnote", "dt_open": "term", "dd_open": "definition"}
    for name in reversed(containers):
        if name in kinds:
            return kinds[name]
    return "paragraph"


def _locate(line: str, content: str) -> int | None:
    stripped = line.rstrip()
    if stripped.endswith(content):
        return len(stripped) - len(content)
    found = line.find(content)
    return found if found >= 0 else None


def _leaf_slot(chunk: _Chunk, token: MdToken, kind: str) -> Slot | None:
    assert token.map is not None
    first, lines, starts = token.map[0], chunk.lines, chunk.starts
    contents = token.content.split("\n")
    if first + len(contents) > len(lines):
        return None
    rows = _text_rows(lines, first, len(contents))
    pieces: list[str | Break | Gap] = []
    span_start = span_end = -1
    for i in rows:
        shadow = contents[i].strip()
        pos = _locate(chunk.shadow[first + i].rstrip("\r\n"), shadow) if shadow else None
        if pos is None:
            return None
        text = lines[first + i][pos : pos + len(shadow)]
        if span_start < 0 and kind == "list_item" and (box := _TASK_BOX.match(text)):
            pos, text = pos + box.end(), text[box.end() :]  # a task-list box stays markup
        begin = starts[first + i] + pos
        if span_start < 0:
            span_start = begin
        else:
            gap = "".join(lines[first + i - 1 : first + i + 1])[
                span_end - starts[first + i - 1] : begin - starts[first + i - 1]]
            hard = _HARD_BREAK.search(lines[first + i - 1].rstrip("\r\n"))
            pieces.append(Break(gap) if hard else Gap(gap))
        pieces.append(text)
        span_end = begin + len(text)
    masked = chunk.ctx.mask(pieces)
    if not masked.translatable:
        return None
    plain = " ".join(" ".join(p for p in pieces if isinstance(p, str)).split())
    return Slot(span_start, span_end, kind, masked, plain)


def _text_rows(lines: list[str], first: int, count: int) -> range:
    """The block's rows without whole Liquid-tag lines at either end: those stay on their own
    lines (an include there renders as an HTML block of its own)."""
    low, high = 0, count
    while low < high and _LIQUID_LINE.fullmatch(lines[first + low].rstrip("\r\n")):
        low += 1
    while high > low and _LIQUID_LINE.fullmatch(lines[first + high - 1].rstrip("\r\n")):
        high -= 1
    return range(low, high)


def _table_slots(chunk: _Chunk, tokens: Sequence[MdToken]) -> Iterator[Slot]:
    row: int | None = None
    cursor = 0
    for index, token in enumerate(tokens):
        if token.type == "tr_open" and token.map:
            row, cursor = token.map[0], 0
        elif token.type == "inline" and row is not None and index > 0 and tokens[
                index - 1].type in ("th_open", "td_open"):
            line = chunk.shadow[row].rstrip("\r\n")
            content = token.content.strip()
            pos = line.find(content, cursor) if content else -1
            if pos < 0:
                continue
            cursor = pos + len(content)
            text = chunk.lines[row][pos:cursor]
            masked = chunk.ctx.mask(text)
            if masked.translatable:
                yield Slot(chunk.starts[row] + pos, chunk.starts[row] + cursor, "table_cell",
                           masked, " ".join(text.split()))


def _html_slots(chunk: _Chunk, span: Sequence[int], quoted: bool) -> Iterator[Slot]:
    if quoted:  # each line keeps its `>` markers: runs never cross a line
        for row in range(span[0], min(span[1], len(chunk.lines))):
            line = chunk.lines[row]
            prefix = _QUOTE_PREFIX.match(line)
            lead = prefix.end() if prefix else 0
            yield from _html_text(line[lead:], chunk.starts[row] + lead, chunk.ctx)
        return
    yield from _html_text("".join(chunk.lines[span[0] : span[1]]), chunk.starts[span[0]],
                          chunk.ctx)


def _html_text(block: str, base: int, ctx: Context) -> Iterator[Slot]:
    if _HTML_RAW_START.match(block):
        return
    cursor = 0
    for sep_start, sep_end in _html_separators(block):
        if sep_start > cursor and not block[cursor:sep_start].isspace():
            yield from _html_run(block, cursor, sep_start, base, ctx)
        cursor = max(cursor, sep_end)
    if cursor < len(block) and not block[cursor:].isspace():
        yield from _html_run(block, cursor, len(block), base, ctx)


def _html_separators(block: str) -> list[tuple[int, int]]:
    """Spans of block-level tags, comments and Liquid tags, in order. A raw element (script,
    style, pre, …) is one separator: nothing inside it is ever sent."""
    raw = [m.span() for m in _HTML_RAW.finditer(block)] if "<" in block else []
    spans = [m.span() for m in _HTML_SPLIT.finditer(block)
             if not raw or not any(a <= m.start() < b for a, b in raw)]
    return sorted(spans + raw) if raw else spans


def _html_run(block: str, start: int, end: int, base: int, ctx: Context) -> Iterator[Slot]:
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
    masked = ctx.mask(plain)
    if masked.translatable:
        yield Slot(base + start + lead, base + start + lead + len(core), "html", masked, plain)
