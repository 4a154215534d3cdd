"""Byte-faithful edits of YAML front matter, and bounded reading.

Nothing is re-serialised: one value at a time is spliced into the original text at the span
``yaml.compose`` reports. The spans need care: an empty value has no span of its own, a block
collection ends where the next key starts, an alias shares its anchor's node (and marks), a
value may carry an anchor or tag before it, and a flow mapping (``{a: b}``) has no lines to
cut. An edit that would change another key's value (an anchor that other keys alias) is refused
with a PageError naming the key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import PageError

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_CHARS = 1_000_000
"""Front matter longer than this is refused (a page's metadata, not a data file)."""
MAX_VALUES = 100_000
"""Values a front matter may expand to through aliases (a 'billion laughs' stops here)."""

_PROPS = re.compile(r"(?:(?:&[^\s,\[\]{}]+|![^\s,\[\]{}]*)[ \t]*)+")
# The ':' after a key: on its line, or (explicit keys) after blank and comment lines.
_COLON = re.compile(r"(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))*[ \t]*:")
_ALIAS = re.compile(r"[ \t]*\*[^\s,\[\]{}]+")


def load(fm_text: str, path: str | None = None) -> Any:
    """The front matter's value; PageError when too long, an alias bomb, or invalid."""
    if len(fm_text) > MAX_CHARS:
        raise PageError(f"front matter is over {MAX_CHARS:,} characters", path, 2)
    if "*" in fm_text:
        _check_expansion(fm_text, path)
    try:
        return yaml.load(fm_text, Loader=Loader)
    except (ValueError, TypeError, OverflowError) as exc:  # a value its tag cannot construct
        raise PageError(f"front matter has a value YAML cannot build: {exc}", path, 2) from exc


def scalar_text(raw: str) -> str:
    """A YAML scalar as the text it stands for (quotes and escapes undone); ``raw`` itself when
    it is not one string. Never raises: the value may be an engine's or a hostile page's."""
    try:
        value = load(raw)
    except (PageError, yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return raw
    return value if isinstance(value, str) else raw


def _check_expansion(fm_text: str, path: str | None) -> None:
    """Count the values the document expands to, without expanding it (events only)."""
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = [(None, 0)]
    total = 0
    try:
        for event in yaml.parse(fm_text, Loader=Loader):
            if isinstance(event, yaml.CollectionEndEvent) and len(stack) > 1:
                anchor, size = stack.pop()
                if anchor:
                    sizes[anchor] = size
                stack[-1] = (stack[-1][0], stack[-1][1] + size)
                continue
            if isinstance(event, yaml.AliasEvent):
                grown = sizes.get(event.anchor or "", 1)
            elif isinstance(event, yaml.ScalarEvent):
                grown = 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append((event.anchor, 1))
                grown = 0
            else:
                continue
            stack[-1] = (stack[-1][0], stack[-1][1] + grown)
            total += grown
            if total > MAX_VALUES:
                raise PageError(f"front matter expands to over {MAX_VALUES:,} values through "
                                "YAML aliases (an alias bomb?)", path, 2)
    except yaml.YAMLError:
        return  # the load that follows reports it, with its line


@dataclass(frozen=True)
class Entry:
    """One top-level key of a block or flow mapping, and where its value is written."""

    key: yaml.Node
    value: yaml.Node
    colon: int
    """Index just after the ``:`` that ends the key (-1: an explicit key with no value; -2: a
    key written as an alias, which cannot be edited on its own)."""
    start: int
    """Where the value's own text starts (after anchors and tags)."""
    end: int
    """Where the value's text ends (block collections: the end of their last content line)."""
    head: int
    """Where the value's anchor and tag start (``start`` when it has none)."""
    anchor: str
    """The value's ``&anchor`` ('' when none): kept when the value is replaced (a tag is not:
    it belongs to the old value)."""
    alias: bool


def compose(fm_text: str) -> yaml.MappingNode | None:
    """The front matter's root mapping node, or None (invalid, empty, not a mapping)."""
    try:
        root = yaml.compose(fm_text, Loader=Loader)
    except yaml.YAMLError:
        return None
    return root if isinstance(root, yaml.MappingNode) else None


def entries(fm_text: str, root: yaml.MappingNode) -> list[Entry]:
    """The root's entries with their value spans."""
    found: list[Entry] = []
    last = root.start_mark.index
    for key_node, value_node in root.value:
        if found:
            last = max(last, found[-1].end, found[-1].key.end_mark.index)
        if key_node.start_mark.index < last:  # the key is an alias (``*k : v``): shared node
            found.append(Entry(key_node, value_node, -2, last, last, last, "", True))
            continue

        found_colon = _COLON.match(fm_text, key_node.end_mark.index)
        if found_colon is None:  # an explicit key with no value (``? a`` alone)
            end = key_node.end_mark.index
            found.append(Entry(key_node, value_node, -1, end, end, end, "", False))
            continue
        colon = found_colon.end()
        if value_node.start_mark.index < colon:  # an alias: the node is the anchor's
            alias = _ALIAS.match(fm_text, colon)
            end = alias.end() if alias else colon
            start = end - len(alias.group(0).lstrip()) if alias else colon
            found.append(Entry(key_node, value_node, colon, start, end, start, "", True))
            continue
        start, end = value_node.start_mark.index, value_node.end_mark.index
        if isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and not (
                value_node.style):  # an empty value: its marks may sit on the next line
            start = re.compile(r"[ \t]*").match(fm_text, colon).end()  # type: ignore[union-attr]
            props = _PROPS.match(fm_text, start) if fm_text[start : start + 1] in "&!" else None
            prop_text = props.group(0) if props else ""
            end = start + len(prop_text.rstrip()) if props else colon
            found.append(Entry(key_node, value_node, colon, end, end, start if props else end,
                               _anchor(prop_text), False))
            continue
        props = _PROPS.match(fm_text, start) if fm_text[start : start + 1] in "&!" else None
        prop_text = props.group(0) if props else ""
        if not isinstance(value_node, yaml.ScalarNode) and not value_node.flow_style:
            end = _content_end(fm_text, start, end)
        found.append(Entry(key_node, value_node, colon, start + len(prop_text), end, start,
                           _anchor(prop_text), False))
    return found


def _anchor(props: str) -> str:
    found = re.search(r"&[^\s,\[\]{}]+", props)
    return found.group(0) if found else ""


def _content_end(text: str, start: int, end: int) -> int:
    """The end of a block collection's last content line (its end mark is the next key's)."""
    lines = text[start:end].splitlines(keepends=True)
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return start + len("".join(lines).rstrip("\r\n"))


def find(fm_text: str, key: str, path: str | None = None
         ) -> tuple[yaml.MappingNode, Entry] | tuple[None, None]:
    """The root and the (last) entry of ``key``; PageError when the key is an alias."""
    root = compose(fm_text)
    if root is None:
        return None, None
    matches = [e for e in entries(fm_text, root) if e.key.value == key]
    if matches and matches[-1].colon == -2:
        raise PageError(f"cannot edit '{key}': the key is written through aliases (*…); edit "
                        "the front matter by hand", path)
    return (root, matches[-1]) if matches else (root, None)  # type: ignore[return-value]


def anchors_used_elsewhere(fm_text: str, start: int, end: int) -> list[str]:
    """Anchors defined in ``[start, end)`` that an alias outside that span refers to."""
    defined: set[str] = set()
    aliased: set[str] = set()
    try:
        for event in yaml.parse(fm_text, Loader=Loader):
            at = event.start_mark.index if event.start_mark else -1
            anchor = getattr(event, "anchor", None)
            if not anchor:
                continue
            if isinstance(event, yaml.AliasEvent):
                if not start <= at < end:
                    aliased.add(anchor)
            elif start <= at < end:
                defined.add(anchor)
    except yaml.YAMLError:
        return []
    return sorted(defined & aliased)


def refuse_if_aliased(fm_text: str, start: int, end: int, key: str, what: str,
                      path: str | None) -> None:
    used = anchors_used_elsewhere(fm_text, start, end)
    if used:
        names = ", ".join(f"&{a}" for a in used)
        raise PageError(f"cannot {what} '{key}': its value carries {names}, which other keys "
                        "reuse through aliases; edit the front matter by hand", path)


def in_flow(root: yaml.MappingNode) -> bool:
    return is_flow(root)


def is_flow(node: yaml.Node) -> bool:
    """True for a flow collection (``[a, b]``, ``{a: b}``)."""
    return bool(getattr(node, "flow_style", False))


def flow_scalar(value: str | int | bool) -> str:
    """A scalar that reads back the same inside a flow collection."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def delete_flow(fm_text: str, root: yaml.MappingNode, entry: Entry) -> str:
    """``fm_text`` without one entry of a flow mapping (and one comma)."""
    items = entries(fm_text, root)
    index = items.index(entry)
    start = entry.key.start_mark.index
    if fm_text[start - 1 : start] == "?":
        start -= 1
    end = entry.end
    after = re.compile(r"\s*,[ \t]*").match(fm_text, end)
    if after:
        end = after.end()
    elif index > 0:  # the last entry: take the comma before it instead
        start = items[index - 1].end
    return fm_text[:start] + fm_text[end:]


def append_flow(fm_text: str, root: yaml.MappingNode, key: str, value: str | int | bool) -> str:
    items = entries(fm_text, root)
    name = key if re.fullmatch(r"[A-Za-z_][\w-]*", key) else flow_scalar(key)
    pair = f"{name}: {flow_scalar(value)}"
    if items:
        at = items[-1].end
        return f"{fm_text[:at]}, {pair}{fm_text[at:]}"
    at = root.start_mark.index + 1
    return f"{fm_text[:at]}{pair}{fm_text[at:]}"
