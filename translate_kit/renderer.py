"""The site's Markdown renderer, and engine output made into inert text for it.

A Jekyll site runs Liquid over the whole page, then kramdown (GFM input by default); Hugo's
goldmark, MkDocs and plain CommonMark sites read CommonMark with GFM tables. What counts as
markup differs: kramdown starts a table at any ``|``, reads ``: x`` after a paragraph as a
definition, ``{: …}`` as attributes and ``$$…$$`` as math. Engine output is text, never markup:
``neutralise`` escapes or removes everything in it that either renderer (or Liquid, or a browser)
would read as structure, unless the source segment itself had it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from . import yamledit
from .errors import PageError
from .regular import read_bytes

KRAMDOWN = "kramdown"
COMMONMARK = "commonmark"
RENDERERS = (KRAMDOWN, COMMONMARK)
"""Renderer names accepted by the ``renderer:`` config key."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      r"\u2066-\u2069\ufeff\ufff9-\ufffb]")
_VALUE_MARKUP = "<|*`~$"
_SCHEME = re.compile(r"\b(javascript|vbscript|data|file|blob):", re.IGNORECASE)
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # `_` that is not inside a word
_LEADING = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|(\d{1,9})([.)])(?=\s|$)|=+(?=\s|$)|"
                      r"-{3,}|:(?=\s|$))")


def detect_renderer(root: Path, override: str | None = None) -> str:
    """The renderer a site's pages are built with: ``override`` (the config's ``renderer:``)
    when set; kramdown for a Jekyll site unless its ``_config.yml`` says ``markdown:
    CommonMark…``; CommonMark for Hugo and MkDocs sites; kramdown when nothing says."""
    if override:
        return override
    for folder in (root, root / "docs"):
        config = folder / "_config.yml"
        if config.is_file():
            markdown = str(_yaml_mapping(config).get("markdown", "kramdown")).lower()
            return COMMONMARK if markdown.startswith("commonmark") else KRAMDOWN
    others = ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "mkdocs.yml", "mkdocs.yaml")
    if any((root / name).is_file() for name in others):
        return COMMONMARK
    return KRAMDOWN


def _yaml_mapping(path: Path) -> dict[str, Any]:
    try:  # bounded like front matter: an alias bomb in _config.yml cannot hang a run
        data = yamledit.load(read_bytes(path, 1_000_000).decode("utf-8"), str(path))
    except (yaml.YAMLError, OSError, UnicodeDecodeError, PageError):
        return {}
    return data if isinstance(data, dict) else {}


def strip_controls(text: str, source: str) -> str:
    """``text`` without control characters, bidi controls and NUL that ``source`` lacks."""
    if not _CONTROL.search(text):
        return text
    allowed = set(_CONTROL.findall(source))
    return _CONTROL.sub(lambda m: m.group(0) if m.group(0) in allowed else "", text)


def neutralise(text: str, source: str, kind: str, renderer: str) -> str:
    """Engine text (placeholders included, one line) as inert text for a slot of ``kind``.

    ``html`` slots sit in raw HTML: only ``<``, Liquid and entities matter there. Markdown
    slots also get every inline and leading construct escaped (links, emphasis, code, math,
    tables, definitions, attribute lists), so the page's structure is the source's whatever
    the engine said. Escapes render as the character itself in both renderers.
    """
    text = strip_controls(text, source)
    text = _SCHEME.sub(lambda m: f"{m.group(1)}&#58;", text)
    if kind == "html":
        return text.replace("<", "&lt;").replace("{", "&#123;")
    text = re.sub(r"[\\`*\[\]~]", lambda m: "\\" + m.group(0), text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = text.replace("<", "&lt;").replace("{", "&#123;")
    text = text.replace("$$", "\\$\\$")
    if renderer == KRAMDOWN or kind == "table_cell":
        text = text.replace("|", "\\|")
    if kind == "heading":
        text = re.sub(r"(\s)#+$", lambda m: m.group(1) + "\\" + m.group(0).strip(), text)
    if kind != "table_cell":
        text = _escape_leading(text)
    return text


def neutralise_value(text: str, source: str) -> str:
    """A front-matter value from an engine: no controls, and no character the source lacked
    that a page printing the value (``{{ page.title }}`` in a layout, or in Markdown that the
    renderer then reads) would take for markup; those become entities, shown as themselves."""
    text = strip_controls(text, source)
    for char in _VALUE_MARKUP:
        if char in text and char not in source:
            text = text.replace(char, f"&#{ord(char)};")
    if "_" in text and "_" not in source:
        text = _UNDERSCORE.sub("&#95;", text)
    if re.search(r"\{[{%:]", text) and not re.search(r"\{[{%:]", source):
        text = re.sub(r"\{([{%:])", lambda m: "&#123;" + m.group(1).replace("{", "&#123;"),
                      text)
    if re.search(r"\]\s*[(\[]", text) and not re.search(r"\]\s*[(\[]", source):
        text = text.replace("[", "&#91;").replace("]", "&#93;")  # a link, not a bracket
    return text


def _escape_leading(text: str) -> str:
    match = _LEADING.match(text)
    if not match:
        return text
    if match.group(1):  # an ordered-list marker: escape its delimiter
        return f"{match.group(1)}\\{match.group(2)}{text[match.end():]}"
    return "\\" + text

