"""TOML (``+++``) and JSON front matter (Hugo sites), read and edited byte-faithfully.

Detection and reading go through python-frontmatter's handler protocol: its ``JSONHandler``
and a ``TOMLHandler`` on the same ``BaseHandler`` (python-frontmatter's own needs the old
``toml`` package; this one uses the standard library's ``tomllib``). python-frontmatter would
re-serialise on writing, so edits never go through it: each top-level value's span is found
(``json``'s own decoder for JSON, a line scanner checked by ``tomllib`` for TOML) and one value
is spliced in at a time, the rest of the text untouched.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from frontmatter.default_handlers import BaseHandler, JSONHandler

from .errors import PageError

TOML, JSON = "toml", "json"
MAX_CHARS = 1_000_000


class TOMLHandler(BaseHandler):
    """python-frontmatter's handler shape for ``+++`` TOML front matter, on ``tomllib``."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


HANDLERS: dict[str, BaseHandler] = {TOML: TOMLHandler(), JSON: JSONHandler()}
_TOML_OPEN = re.compile(r"\+{3}[ \t]*(?:\r\n|\r|\n)")
_TOML_CLOSE = re.compile(r"^\+{3}[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
_JSON_CLOSE = re.compile(r"^\}[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
_TOML_KEY = re.compile(r"""^[ \t]*([A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')[ \t]*=[ \t]*""",
                       re.MULTILINE)
_TOML_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_TOML_SIMPLE = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s#,\[\]{}"']+)""")


def split(text: str) -> tuple[str, str, str, str, str] | None:
    """(format, opening, front matter, closing, body) for TOML or JSON front matter."""
    if HANDLERS[TOML].detect(text) and (opening := _TOML_OPEN.match(text)):
        close = _TOML_CLOSE.search(text, opening.end())
        if close:
            return (TOML, opening.group(0), text[opening.end() : close.start()],
                    close.group(0), text[close.end() :])
    if HANDLERS[JSON].detect(text) and text.startswith("{"):
        close = _JSON_CLOSE.search(text)
        if close:
            return JSON, "", text[: close.end()], "", text[close.end() :]
    return None


def load(fmt: str, fm_text: str, path: str | None) -> dict[str, Any]:
    """The values of TOML or JSON front matter; PageError when unreadable."""
    if len(fm_text) > MAX_CHARS:
        raise PageError(f"front matter is over {MAX_CHARS:,} characters", path, 2)
    try:
        value = HANDLERS[fmt].load(fm_text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        raise PageError(f"front matter is not valid {fmt.upper()}: {exc}", path) from exc
    if not isinstance(value, dict):
        raise PageError("front matter is not a mapping of keys to values", path, 2)
    return value


@dataclass(frozen=True)
class Entry:
    """A top-level key and the span of its value's text."""

    key: str
    start: int
    """Where the entry starts (its key, or its line for TOML)."""
    value_start: int
    value_end: int
    value: Any


def entries(fmt: str, fm_text: str) -> list[Entry]:
    """Top-level entries in order (TOML: those before the first table)."""
    return _json_entries(fm_text) if fmt == JSON else _toml_entries(fm_text)


def _json_entries(text: str) -> list[Entry]:
    decoder = json.JSONDecoder()
    space = re.compile(r"\s*")
    found: list[Entry] = []
    index = space.match(text).end() + 1  # type: ignore[union-attr]
    try:
        while True:
            index = space.match(text, index).end()  # type: ignore[union-attr]
            if text[index : index + 1] != '"':
                return found
            start = index
            key, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
            index = space.match(text, index).end() + 1  # type: ignore[union-attr]  # the ':'
            value_start = space.match(text, index).end()  # type: ignore[union-attr]
            value, index = decoder.raw_decode(text, value_start)
            found.append(Entry(key, start, value_start, index, value))
            index = space.match(text, index).end()  # type: ignore[union-attr]
            if text[index : index + 1] != ",":
                return found
            index += 1
    except (ValueError, IndexError):
        return found


def _toml_entries(text: str) -> list[Entry]:
    table = _TOML_TABLE.search(text)
    limit = table.start() if table else len(text)
    found: list[Entry] = []
    for match in _TOML_KEY.finditer(text, 0, limit):
        if found and match.start() < found[-1].value_end:
            continue  # inside the previous value (a multi-line string or array)
        key = match.group(1)
        if key[0] in "\"'":
            key = tomllib.loads(f"k = {key}")["k"] if key[0] == '"' else key[1:-1]
        span = _toml_value(text, match.end(), limit)
        if span is not None:
            found.append(Entry(key, match.start(), match.end(), span[0], span[1]))
    return found


def _toml_value(text: str, start: int, limit: int) -> tuple[int, Any] | None:
    """(end, value) of the TOML value at ``start``: the shortest text ``tomllib`` reads."""
    if text.startswith(('"""', "'''"), start) or text[start : start + 1] in "[{":
        end = start
        while end < limit:
            newline = text.find("\n", end + 1)
            end = limit if newline < 0 or newline > limit else newline
            try:
                value = tomllib.loads("k = " + text[start:end])["k"]
            except tomllib.TOMLDecodeError:
                continue
            candidate = text[start:end].rstrip()
            comment = re.search(r"\s*#[^\"'\]}]*$", candidate)
            return start + len(candidate) - (len(comment.group(0)) if comment else 0), value
        return None
    simple = _TOML_SIMPLE.match(text, start)
    if simple is None:
        return None
    try:
        return simple.end(), tomllib.loads("k = " + simple.group(0))["k"]
    except tomllib.TOMLDecodeError:
        return None


def scalar(fmt: str, value: str | int | bool, old: str = "") -> str:
    """``value`` written as the format wants it (a TOML literal string stays literal)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if fmt == TOML and old.startswith("'") and not old.startswith("'''") and not re.search(
            r"['\x00-\x08\x0a-\x1f\x7f]", value):
        return f"'{value}'"
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\x7f", "\\u007f") if fmt == TOML else text  # TOML forbids a raw DEL


def set_value(fmt: str, text: str, key: str, value: str | int | bool, newline: str) -> str:
    """``text`` with ``key`` set to ``value`` (appended when absent)."""
    found = [e for e in entries(fmt, text) if e.key == key]
    if not found:
        return _append(fmt, text, key, value, newline)
    entry = found[-1]
    if type(entry.value) is type(value) and entry.value == value:
        return text
    old = text[entry.value_start : entry.value_end]
    return text[: entry.value_start] + scalar(fmt, value, old) + text[entry.value_end :]


def _append(fmt: str, text: str, key: str, value: str | int | bool, newline: str) -> str:
    if fmt == TOML:
        name = key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)
        line = f"{name} = {scalar(fmt, value)}{newline}"
        table = _TOML_TABLE.search(text)
        at = table.start() if table else len(text)
        head = text[:at]
        if head and not head.endswith(("\n", "\r")):
            head += newline
        return head + line + text[at:]
    items = entries(fmt, text)
    pair = f"{json.dumps(key, ensure_ascii=False)}: {scalar(fmt, value)}"
    if not items:
        at = text.index("{") + 1
        return f"{text[:at]}{newline}    {pair}{newline}{text[at:].lstrip(chr(10) + chr(13))}"
    last = items[-1]
    line_start = max(text.rfind("\n", 0, last.start), text.rfind("\r", 0, last.start)) + 1
    indent = text[line_start : last.start] if not text[line_start : last.start].strip() else ""
    return f"{text[: last.value_end]},{newline}{indent}{pair}{text[last.value_end :]}"


def delete_key(fmt: str, text: str, key: str) -> str:
    """``text`` without ``key`` (unchanged when absent)."""
    items = entries(fmt, text)
    index = next((i for i in range(len(items) - 1, -1, -1) if items[i].key == key), None)
    if index is None:
        return text
    entry = items[index]
    if fmt == TOML:
        end = text.find("\n", entry.value_end)
        return text[: entry.start] + (text[end + 1 :] if end >= 0 else "")
    if index + 1 < len(items):
        return text[: entry.start] + text[items[index + 1].start :]
    if index > 0:
        return text[: items[index - 1].value_end] + text[entry.value_end :]
    return text[: entry.start] + text[entry.value_end :]


def raw_span(fmt: str, text: str, key: str) -> tuple[int, int] | None:
    """The span of ``key``'s value text (what follows ``=`` or ``:`` and its spaces)."""
    found = [e for e in entries(fmt, text) if e.key == key]
    return (found[-1].value_start, found[-1].value_end) if found else None
