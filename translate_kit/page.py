"""The page model: the exact text of a file, split into front matter and body.

Reading values uses libyaml (``CSafeLoader``). Writing never re-serialises YAML: one scalar at a
time is spliced into the original front-matter text at the span ``yaml.compose`` reports, so
comments, quoting, key order, list indentation, CRLF, BOM and non-ASCII text survive.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from . import fmformats, yamledit
from .errors import PageError
from .regular import read_bytes

BOM = "\ufeff"
_FM_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")

# libyaml is bundled with PyYAML wheels (~9x faster than the pure-Python loader).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_lines(text: str) -> list[str]:
    """Lines with their endings, by markdown-it's own line rule (not ``str.splitlines``)."""
    return _LINE.findall(text)


@dataclass(frozen=True)
class Page:
    """A page's exact text in parts; ``text`` joins them back byte for byte."""

    bom: str
    fm_open: str
    fm_text: str
    fm_close: str
    body: str
    path: str | None = None
    format: str = "yaml"
    """The front matter's language: yaml (``---``), toml (``+++``) or json (``{ … }``)."""

    @property
    def text(self) -> str:
        return self.bom + self.fm_open + self.fm_text + self.fm_close + self.body

    @property
    def has_front_matter(self) -> bool:
        return bool(self.fm_open) or self.format == fmformats.JSON

    @property
    def newline(self) -> str:
        """The page's own line ending (of its first line), for text the tool adds."""
        match = re.search(r"\r\n|\r|\n", self.text)
        return match.group(0) if match else "\n"

    def data(self) -> dict[str, Any]:
        """Front-matter values (YAML 1.1 via libyaml); PageError when unreadable, too long or
        an alias bomb."""
        if not self.has_front_matter:
            return {}
        if self.format != "yaml":
            return fmformats.load(self.format, self.fm_text, self.path)
        try:
            value = yamledit.load(self.fm_text, self.path)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None
            problem = getattr(exc, "problem", None) or "malformed YAML"
            raise PageError(f"front matter is not valid YAML: {problem}", self.path, line) from exc
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise PageError("front matter is not a mapping of keys to values", self.path, 2)
        return value

    def set(self, key: str, value: str | int | bool) -> Page:
        """The page with ``key`` set to ``value``; unchanged text when it already holds it.
        PageError when the value carries an anchor other keys alias (they would change too)."""
        text = self.fm_text
        if self.format != "yaml":
            return replace(self, fm_text=fmformats.set_value(self.format, text, key, value,
                                                              self.newline))
        root, entry = yamledit.find(text, key, self.path)
        if root is None or entry is None:
            return self._append(key, value, root)
        node, flow = entry.value, yamledit.in_flow(root)
        new = yamledit.flow_scalar(value) if flow else format_scalar(value)
        if entry.colon < 0:  # ``? key`` alone: its value goes on a line of its own
            line = f"{self.newline}: {new}" if not flow else f": {new}"
            return replace(self, fm_text=text[: entry.end] + line + text[entry.end :])
        if entry.alias:
            return replace(self, fm_text=text[: entry.start] + new + text[entry.end :])
        span = text[entry.start : entry.end]
        if isinstance(node, yaml.ScalarNode) and _same_scalar(span, value) and (span or not str(
                value)):
            return self
        yamledit.refuse_if_aliased(text, node.start_mark.index, entry.end, key, "change",
                                   self.path)
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            new = _block_scalar(str(value), span, self.newline)
        elif isinstance(node, yaml.ScalarNode) and not flow:
            new = format_scalar(value, node.style)
        anchor = f"{entry.anchor} " if entry.anchor else ""
        if (entry.start == entry.end and not span) or (
                not isinstance(node, yaml.ScalarNode) and not yamledit.is_flow(node)):
            # An empty value or a block collection: the new value goes right after the colon.
            return replace(self, fm_text=f"{text[: entry.colon]} {anchor}{new}{text[entry.end :]}")
        return replace(self, fm_text=text[: entry.head] + anchor + new + text[entry.end :])

    def raw(self, key: str) -> str | None:
        """Everything after ``key:`` up to the end of its value, exactly as written (the space
        or the newline and indentation before a block list included); None when absent."""
        span = self._raw_span(key)
        return None if span is None else self.fm_text[span[0] : span[1]]

    def _raw_span(self, key: str) -> tuple[int, int] | None:
        if self.format != "yaml":
            return fmformats.raw_span(self.format, self.fm_text, key)
        return _raw_span(self.fm_text, key)

    def set_raw(self, key: str, raw: str) -> Page:
        """The page with what follows ``key:`` replaced by ``raw`` (as ``raw()`` gives it, from
        another page: copied byte for byte); appended when the key is absent."""
        span = self._raw_span(key)
        if span is None and self.format != "yaml":
            return self  # a value written in another front-matter language cannot be copied
        if span is None:
            text = self.fm_text
            if text and not text.endswith(("\n", "\r")):
                text += self.newline
            end = "" if raw.endswith(("\n", "\r")) else self.newline
            return replace(self, fm_text=f"{text}{key}:{raw}{end}")
        start, stop = span
        yamledit.refuse_if_aliased(self.fm_text, start, stop, key, "replace", self.path)
        old = self.fm_text[start:stop]
        old_nl, raw_nl = old.endswith(("\n", "\r")), raw.endswith(("\n", "\r"))
        if raw_nl and not old_nl:
            raw = raw.rstrip("\r\n")
        elif old_nl and not raw_nl:
            raw += self.newline
        return replace(self, fm_text=self.fm_text[:start] + raw + self.fm_text[stop:])

    def key_names(self) -> list[str]:
        """Top-level front-matter keys in order."""
        if self.format != "yaml":
            return [e.key for e in fmformats.entries(self.format, self.fm_text)]
        root = yamledit.compose(self.fm_text)
        return [str(k.value) for k, _ in root.value] if root is not None else []

    def delete(self, key: str) -> Page:
        """The page without ``key`` (its whole lines, or its place in a flow mapping);
        unchanged when absent. PageError when other keys alias an anchor in its value."""
        text = self.fm_text
        if self.format != "yaml":
            return replace(self, fm_text=fmformats.delete_key(self.format, text, key))
        root, entry = yamledit.find(text, key, self.path)
        if root is None or entry is None:
            return self
        if not entry.alias:
            yamledit.refuse_if_aliased(text, entry.key.start_mark.index, entry.end, key,
                                       "delete", self.path)
        if yamledit.in_flow(root):
            return replace(self, fm_text=yamledit.delete_flow(text, root, entry))
        lines = split_lines(text)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        first = entry.key.start_mark.line
        last = bisect.bisect_right(starts, max(entry.end, entry.colon, 1) - 1) - 1
        return replace(self, fm_text="".join(lines[:first] + lines[last + 1 :]))

    def _append(self, key: str, value: str | int | bool,
                root: yaml.MappingNode | None = None) -> Page:
        if not self.has_front_matter:
            nl = self.newline
            return replace(self, fm_open=f"---{nl}", fm_text=f"{key}: {format_scalar(value)}{nl}",
                           fm_close=f"---{nl}")
        if root is not None and yamledit.in_flow(root):
            return replace(self, fm_text=yamledit.append_flow(self.fm_text, root, key, value))
        text = self.fm_text
        if text and not text.endswith(("\n", "\r")):
            text += self.newline
        # Real pages quote their sentences and leave identifiers (lang, permalink) plain.
        quoted_text = re.search(r'^\w+: "', text, re.MULTILINE)
        quote = '"' if quoted_text and isinstance(value, str) and " " in value else None
        line = f"{key}: {format_scalar(value, quote)}{self.newline}"
        return replace(self, fm_text=text + line)


def parse_page(text: str, path: str | Path | None = None) -> Page:
    """Split a page's text into parts. Text without front matter is all body."""
    bom = BOM if text.startswith(BOM) else ""
    rest = text[len(bom) :]
    opening = _FM_OPEN.match(rest)
    if opening:
        close = _FM_CLOSE.search(rest, opening.end())
        if close:
            return Page(bom, opening.group(0), rest[opening.end() : close.start()],
                        close.group(0), rest[close.end() :], _str(path))
    other = fmformats.split(rest) if rest[:1] in "+{" else None
    if other is not None:
        fmt, fm_open, fm_text, fm_close, body = other
        return Page(bom, fm_open, fm_text, fm_close, body, _str(path), fmt)
    return Page(bom, "", "", "", rest, _str(path))


def read_page(path: Path, display: str | None = None) -> Page:
    """Read and split a file; PageError (naming the file) for anything that is not a page."""
    name = display or str(path)
    try:
        raw = read_bytes(path)
    except IsADirectoryError as exc:
        raise PageError("is a folder, not a page", name) from exc
    except OSError as exc:
        raise PageError(f"cannot be read: {exc.strerror or exc}", name) from exc
    return decode_page(raw, name)


def decode_page(raw: bytes, name: str) -> Page:
    """Decode bytes as UTF-8 (newlines untouched) and split them; PageError when not text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PageError(f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                        f"{exc.start})", name, line) from exc
    if not text.strip():
        raise PageError("is empty", name)
    page = parse_page(text, name)
    if not page.has_front_matter:
        raise PageError("has no front matter (expected a first line '---', '+++' or '{')",
                        name, 1)
    return page


def format_scalar(value: str | int | bool, style: str | None = None) -> str:
    """A YAML scalar for ``value`` in ``style`` ('"', "'" or plain) that reads back the same."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and _plain_safe(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain_safe(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value or value.startswith(("'", '"')):
        return False
    try:
        return bool(yaml.load(f"k: {value}", Loader=_Loader) == {"k": value})
    except yaml.YAMLError:
        return False


def _same_scalar(span: str, value: str | int | bool) -> bool:
    try:
        loaded = yaml.load(span, Loader=_Loader)
    except yaml.YAMLError:
        return False
    if isinstance(loaded, str) and isinstance(value, str):
        return loaded == value
    return bool(type(loaded) is type(value) and loaded == value)


def _block_scalar(value: str, original: str, newline: str) -> str:
    """``value`` in the original's block style, its chomping set so it reads back exactly."""
    trailer = newline if original.endswith(("\n", "\r")) else ""
    if not value.strip("\n"):  # no content line: following indented lines would become it
        return json.dumps(value) + trailer
    header = split_lines(original)[0]
    found = re.match(r"([|>])([1-9]?)[+-]?([1-9]?)(.*)", header.strip())
    assert found is not None
    style = found.group(1) if "\n" not in value.rstrip("\n") else "|"  # folding joins lines
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    indent = "  "
    for line in split_lines(original)[1:]:
        if line.strip():
            indent = line[: len(line) - len(line.lstrip(" "))] or "  "
            break
    indicator = str(len(indent)) if body[:1] in (" ", "\t") else ""
    rest = found.group(4)
    lines = body.split("\n") + [""] * max(0, trailing - 1)
    text = newline.join(indent + line if line else "" for line in lines)
    head = f"{header[: len(header) - len(header.lstrip())]}{style}{indicator}{chomp}{rest}"
    return head.rstrip() + newline + text + trailer


def _raw_span(fm_text: str, key: str) -> tuple[int, int] | None:
    _, entry = yamledit.find(fm_text, key)
    return None if entry is None or entry.colon < 0 else (entry.colon, entry.end)


def _str(path: str | Path | None) -> str | None:
    return None if path is None else str(path)
