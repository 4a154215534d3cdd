"""Detect a site's layout and languages for ``init``, and write a commented config."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME, DEFAULT_COPY, DEFAULT_TRANSLATE, jekyll_config, jekyll_languages
from .errors import PathError, UsageError
from .regular import read_bytes
from .sitefiles import inside

_SKIP = {".git", "_site", "node_modules", ".translate-kit", ".jekyll-cache", "vendor", ".venv"}
_MAX_FILES = 50_000
# ISO 639-1 codes, for sites whose _config.yml does not list its languages.
_ISO = frozenset(
    "aa ab af am ar as az be bg bn bo br bs ca cs cy da de dz el en eo es et eu fa fi fj fo fr "
    "fy ga gd gl gu he hi hr ht hu hy id is it ja jv ka kk km kn ko ku ky la lb lo lt lv mg mi "
    "mk ml mn mr ms mt my nb ne nl nn no oc pa pl ps pt qu ro ru rw sa sd si sk sl sm so sq sr "
    "sv sw ta te tg th tk tl tr tt ug uk ur uz vi wo xh yi yo zh zu"
    .split()
)
_DATE_SLUG = re.compile(r"^\d{4}-\d{2}-\d{2}-.+")


@dataclass(frozen=True)
class Detected:
    """What ``init`` found: languages, layout patterns and the evidence for them."""

    source_lang: str
    languages: tuple[str, ...]
    source: str
    variants: str
    notes: tuple[str, ...]


def detect(root: Path) -> Detected:
    """Guess the layout from the site's Markdown files; UsageError when nothing fits."""
    if not root.is_dir():
        raise UsageError(f"site folder does not exist: {root}")
    source_lang = _source_lang(root)
    listed = jekyll_languages(root)
    known = set(listed) | _ISO
    files = list(_markdown_files(root))
    shapes: Counter[str] = Counter()
    seen_langs: dict[str, Counter[str]] = {}
    for rel in files:
        shape, lang = _generalise(rel, known)
        if lang:
            shapes[shape] += 1
            seen_langs.setdefault(shape, Counter())[lang] += 1
    notes: list[str] = []
    if shapes:
        variants, count = shapes.most_common(1)[0]
        langs = seen_langs[variants]
        notes.append(f"{count} pages match {variants}")
        source = _source_pattern(root, files, variants, source_lang, known, notes)
        found = sorted(x for x in langs if x != source_lang)
    else:
        variants = source = _front_matter_pattern(root, files, notes)
        found = []
    languages = [x for x in listed if x != source_lang] or found
    if not languages:
        raise UsageError(f"no target languages found in {root}: add 'languages:' to _config.yml "
                         f"or write {CONFIG_NAME} by hand")
    return Detected(source_lang, tuple(languages), source, variants, tuple(notes))


def _source_lang(root: Path) -> str:
    data = jekyll_config(root)
    for key in ("defaultLang", "default_lang", "lang"):
        if isinstance(data.get(key), str):
            return str(data[key])
    return "en"


def _markdown_files(root: Path) -> list[str]:
    out: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP and not d.startswith("."))
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in sorted(files):
            if name.endswith((".md", ".markdown")) and not _leads_out(root, Path(folder, name)):
                out.append(name if rel == "." else f"{rel}/{name}")
                if len(out) >= _MAX_FILES:
                    return out
    return out


def _leads_out(root: Path, path: Path) -> bool:
    """A symlinked page that leads out of the site is not read to guess the layout."""
    try:
        inside(root, path)
    except PathError:
        return True
    return False


def _generalise(rel: str, known: set[str]) -> tuple[str, str | None]:
    """A path as a pattern: language folder or suffix → {lang}, numbers → {number}."""
    parts = rel.split("/")
    lang = None
    for i, part in enumerate(parts[:-1]):
        if lang is None and part in known:
            parts[i], lang = "{lang}", part
        else:
            parts[i] = re.sub(r"\d+", "{number}", part, count=1)
    name = parts[-1]
    suffix = re.match(r"^(.*)\.([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)\.(md|markdown)$", name)
    stem, _, ext = name.rpartition(".")
    if lang is None and suffix and suffix.group(2) in known:
        lang, name = suffix.group(2), f"{suffix.group(1)}.{{lang}}.{suffix.group(3)}"
    elif lang is None and stem in known:  # episodes/12/fr.md
        lang, name = stem, f"{{lang}}.{ext}"
    if _DATE_SLUG.match(name):
        name = re.sub(r"^\d{4}-\d{2}-\d{2}-.+?(\.\{lang\})?\.(md|markdown)$",
                      lambda m: "{date}-{slug}" + (m.group(1) or "") + "." + m.group(2), name)
    else:
        name = re.sub(r"\d+", "{number}", name, count=1)
    parts[-1] = name
    return "/".join(parts), lang


def _source_pattern(root: Path, files: list[str], variants: str, source_lang: str,
                    known: set[str], notes: list[str]) -> str:
    in_lang_slot = variants.replace("{lang}", source_lang)
    shapes = Counter(_generalise(f, known)[0] for f in files)
    without_lang = variants.replace("/{lang}/", "/").replace(".{lang}.", ".")
    legacy = sum(1 for f in files if _generalise(f, known) == (without_lang, None))
    own = sum(1 for f in files if _generalise(f, known) == (variants, source_lang))
    if own:
        notes.append(f"{own} {source_lang} pages sit beside the translations ({in_lang_slot}): "
                     "they are the translation source")
        if legacy:
            notes.append(f"{legacy} other pages match {without_lang} (older pages, not the "
                         "translation source; change layout.source to use them)")
        return in_lang_slot
    if shapes.get(without_lang):
        notes.append(f"{shapes[without_lang]} source pages match {without_lang}")
        return without_lang
    return in_lang_slot


def _front_matter_pattern(root: Path, files: list[str], notes: list[str]) -> str:
    with_lang = []
    for rel in files[:5000]:
        try:
            head = read_bytes(root / rel, 4096).decode("utf-8", "replace")
        except OSError:  # unreadable, or a pipe named like a page: not a sample
            continue
        if re.search(r"^lang:\s*\S", head, re.MULTILINE):
            with_lang.append(rel)
    if not with_lang:
        raise UsageError(f"cannot detect a layout in {root}: no language folders, no "
                         f".<lang>.md suffixes, no 'lang:' keys; write {CONFIG_NAME} by hand")
    top = os.path.commonpath([os.path.dirname(p) or "." for p in with_lang]).replace(os.sep, "/")
    notes.append(f"{len(with_lang)} pages carry a 'lang:' key under {top or 'the site root'}")
    return f"{top}/**/*.md" if top and top != "." else "**/*.md"


GITIGNORE_MARK = "# translate-kit: machine-local state"
# Everything under .translate-kit/ is machine-local (page caches, the translation cache, run
# and state locks, the lock journal) except the source snapshots, which let 'diff' show what
# changed on any machine, and the review sheets: a team may commit those two.
GITIGNORE_BLOCK = f"""{GITIGNORE_MARK} (caches, locks, the run journal); the source
# snapshots (sources/) and review sheets (review/) are a team's choice to commit.
/.translate-kit/*
!/.translate-kit/sources/
!/.translate-kit/review/
"""


def gitignore_text(existing: str | None) -> str | None:
    """The site's .gitignore with translate-kit's block added; None when it is there already."""
    if existing is not None and GITIGNORE_MARK in existing:
        return None
    if not existing:
        return GITIGNORE_BLOCK
    newline = "\r\n" if "\r\n" in existing else "\n"
    block = GITIGNORE_BLOCK.replace("\n", newline)
    return existing + ("" if existing.endswith(("\n", "\r")) else newline) + newline + block


def config_text(found: Detected) -> str:
    """A commented translate-kit.yaml for what was detected."""
    notes = "".join(f"#   - {n}\n" for n in found.notes)
    langs = ", ".join(found.languages)
    return f"""# translate-kit configuration (written by 'translate-kit init'; edit freely).
# What init found:
{notes}
# The language the site is written in; translations are made from its pages.
source_lang: {found.source_lang}

# Target languages, in the order reports show them.
languages: [{langs}]

# Where pages live, as patterns relative to this folder: {{number}} is the episode number,
# {{lang}} a language code, {{date}} YYYY-MM-DD, {{slug}} any name, * any text, ** any folders.
# Episodes are paired by the 'number:' front-matter key (the number in the path as fallback).
layout:
  source: "{found.source}"
  variants: "{found.variants}"

# Front-matter fields: 'translate' ones are sent to engines; 'copy' ones must mean the same
# as the source's (a different date format for the same instant is fine).
fields:
  translate: [{", ".join(DEFAULT_TRANSLATE)}]
  copy: [{", ".join(DEFAULT_COPY)}]

# A variant whose text is this similar (0-100, rapidfuzz ratio) to its source is 'untranslated'.
untranslated_threshold: 90

# The front-matter key that marks a machine draft awaiting review ('approve' removes it).
draft_marker:
  key: translation_status
  value: machine-draft
"""
