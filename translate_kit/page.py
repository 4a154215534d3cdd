"""The page model: the exact text of a file, split into front matter and body.

Reading values uses libyaml (``CSafeLoader``). Writing never re-serialises YAML: one scalar at a
time is spliced into the original front-matter text at the span ``yaml.compose`` reports, so
comments, quoting, key order, list indentation, CRLF, BOM and non-ASCII text survive.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import PageError

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

    @property
    def text(self) -> str:
        return self.bom + self.fm_open + self.fm_text + self.fm_close + self.body

    @property
    def has_front_matter(self) -> bool:
        return bool(self.fm_open)

    @property
    def newline(self) -> str:
        """The page's own line ending (of its first line), for text the tool adds."""
        match = re.search(r"\r\n|\r|\n", self.text)
        return match.group(0) if match else "\n"

    def data(self) -> dict[str, Any]:
        """Front-matter values (YAML 1.1 via libyaml); PageError when unreadable."""
        if not self.has_front_matter:
            return {}
        try:
            value = yaml.load(self.fm_text, Loader=_Loader)
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
        """The page with ``key`` set to ``value``; unchanged text when it already holds it."""
        node = _value_node(self.fm_text, key)
        if node is None:
            return self._append(key, value)
        start, end = node.start_mark.index, node.end_mark.index
        if isinstance(node, yaml.ScalarNode) and _same_scalar(self.fm_text[start:end], value):
            return self
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            new = _block_scalar(str(value), self.fm_text[start:end], self.newline)
        else:
            style = node.style if isinstance(node, yaml.ScalarNode) else None
            new = format_scalar(value, style)
        return replace(self, fm_text=self.fm_text[:start] + new + self.fm_text[end:])

    def raw(self, key: str) -> str | None:
        """Everything after ``key:`` up to the end of its value, exactly as written (the space
        or the newline and indentation before a block list included); None when absent."""
        span = _raw_span(self.fm_text, key)
        return None if span is None else self.fm_text[span[0] : span[1]]

    def set_raw(self, key: str, raw: str) -> Page:
        """The page with what follows ``key:`` replaced by ``raw`` (as ``raw()`` gives it, from
        another page: copied byte for byte); appended when the key is absent."""
        span = _raw_span(self.fm_text, key)
        if span is None:
            text = self.fm_text
            if text and not text.endswith(("\n", "\r")):
                text += self.newline
            end = "" if raw.endswith(("\n", "\r")) else self.newline
            return replace(self, fm_text=f"{text}{key}:{raw}{end}")
        start, stop = span
        old = self.fm_text[start:stop]
        old_nl, raw_nl = old.endswith(("\n", "\r")), raw.endswith(("\n", "\r"))
        if raw_nl and not old_nl:
            raw = raw.rstrip("\r\n")
        elif old_nl and not raw_nl:
            raw += self.newline
        return replace(self, fm_text=self.fm_text[:start] + raw + self.fm_text[stop:])

    def key_names(self) -> list[str]:
        """Top-level front-matter keys in order."""
        root = _compose(self.fm_text)
        return [str(k.value) for k, _ in root.value] if root is not None else []

    def delete(self, key: str) -> Page:
        """The page without ``key`` (its whole lines removed); unchanged when absent."""
        root = _compose(self.fm_text)
        if root is None:
            return self
        for key_node, value_node in root.value:
            if key_node.value == key:
                lines = split_lines(self.fm_text)
                first = key_node.start_mark.line
                last = value_node.end_mark.line
                # A value whose end mark sits at column 0 of the next line ends on the line before.
                if value_node.end_mark.column == 0 and last > first:
                    last -= 1
                kept = lines[:first] + lines[last + 1 :]
                return replace(self, fm_text="".join(kept))
        return self

    def _append(self, key: str, value: str | int | bool) -> Page:
        if not self.has_front_matter:
            nl = self.newline
            return replace(self, fm_open=f"---{nl}", fm_text=f"{key}: {format_scalar(value)}{nl}",
                           fm_close=f"---{nl}")
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
    return Page(bom, "", "", "", rest, _str(path))


def read_page(path: Path, display: str | None = None) -> Page:
    """Read and split a file; PageError (naming the file) for anything that is not a page."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
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
        raise PageError("has no front matter (expected a first line '---')", name, 1)
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
        return loaded.rstrip("\n") == value.rstrip("\n")
    return bool(type(loaded) is type(value) and loaded == value)


def _block_scalar(value: str, original: str, newline: str) -> str:
    header = split_lines(original)[0]
    indent = "  "
    body_lines = split_lines(original)[1:]
    for line in body_lines:
        if line.strip():
            indent = line[: len(line) - len(line.lstrip(" "))]
            break
    lines = value.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    trailer = newline if original.endswith(("\n", "\r")) else ""
    return header + newline.join(indent + line if line else "" for line in lines) + trailer


def _compose(fm_text: str) -> yaml.MappingNode | None:
    try:
        root = yaml.compose(fm_text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    return root if isinstance(root, yaml.MappingNode) else None


def _raw_span(fm_text: str, key: str) -> tuple[int, int] | None:
    root = _compose(fm_text)
    if root is None:
        return None
    for key_node, value_node in root.value:
        if key_node.value == key:
            colon = fm_text.index(":", key_node.end_mark.index) + 1
            return colon, value_node.end_mark.index
    return None


def _value_node(fm_text: str, key: str) -> yaml.Node | None:
    root = _compose(fm_text)
    if root is None:
        return None
    for key_node, value_node in root.value:
        if key_node.value == key:
            node: yaml.Node = value_node
            return node
    return None


def _str(path: str | Path | None) -> str | None:
    return None if path is None else str(path)
