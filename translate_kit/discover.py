"""Discover: find the site's pages by the configured path patterns and read what the audit
needs from each (language, episode number, copied fields, segment ids, hashes).

Reading is the costly part; results are cached by (path, size, mtime) in the site's
``.translate-kit/`` folder so an unchanged site is audited without reading its pages again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .config import Config
from .errors import PageError
from .page import decode_page
from .segment import Policy, segment_page

log = logging.getLogger(__name__)

_SKIP_DIRS = {".git", ".hg", ".svn", ".translate-kit", "_site", "node_modules", ".jekyll-cache",
              ".sass-cache", "vendor", "__pycache__", ".venv"}
_CACHE_VERSION = 3


@dataclass(frozen=True)
class Problem:
    """A file that could not be used, and why (one line)."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else (
            f"{self.path}: {self.message}")


@dataclass(frozen=True)
class PageInfo:
    """What the audit knows about one page file."""

    path: str
    """Relative to the site root, with forward slashes."""
    role: str
    """'source' or 'variant'."""
    lang: str
    number: int | None
    size: int = 0
    mtime_ns: int = 0
    digest: str = ""
    """Hash of the file's exact bytes."""
    segment_ids: tuple[str, ...] = ()
    fields: tuple[tuple[str, Any], ...] = ()
    """Copied front-matter fields as loaded (dates as datetimes)."""
    fm_lang: str | None = None
    marker: str | None = None
    """Value of the draft-marker key, when present."""
    flags: tuple[str, ...] = ()
    error: Problem | None = None
    plain: str | None = field(default=None, compare=False)
    """Translatable text, for similarity; kept in memory only, never in the cache."""

    @property
    def valid(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Candidate:
    path: str
    role: str
    lang: str | None
    path_number: str | None


def compile_pattern(pattern: str, langs: Iterable[str]) -> re.Pattern[str]:
    """A regex that fully matches the relative paths a layout pattern describes."""
    alternatives = "|".join(re.escape(x) for x in sorted(set(langs), key=len, reverse=True))
    out = []
    for part in re.split(r"(\{\w+\}|\*\*/|\*\*|\*)", pattern):
        out.append({
            "{number}": r"(?P<number>[^/]+?)",
            "{lang}": f"(?P<lang>{alternatives})",
            "{date}": r"\d{4}-\d{2}-\d{2}",
            "{slug}": r"[^/]+?",
            "**/": r"(?:.*/)?",
            "**": r".*",
            "*": r"[^/]*",
        }.get(part, re.escape(part)))
    return re.compile("".join(out))


def _walk_root(pattern: str) -> str:
    literal = re.split(r"\{|\*", pattern, maxsplit=1)[0]
    return literal.rsplit("/", 1)[0] if "/" in literal else ""


def find_candidates(config: Config) -> tuple[list[Candidate], list[Problem]]:
    """Every file the layout claims, with its role; problems for what cannot be a page."""
    langs = (*config.languages, config.source_lang)
    variants = compile_pattern(config.layout.variants, langs)
    source = compile_pattern(config.layout.source.replace("{lang}", config.source_lang), langs)
    found: list[Candidate] = []
    problems: list[Problem] = []
    roots = sorted({_walk_root(config.layout.source), _walk_root(config.layout.variants)})
    seen: set[str] = set()
    for rel, is_dir in _walk(config.root, roots):
        if rel in seen:
            continue
        seen.add(rel)
        candidate = _classify(rel, variants, source, config.source_lang)
        if candidate is None:
            continue
        if is_dir:
            problems.append(Problem(rel, "is a folder, but its name matches the page pattern"))
            continue
        reason = _unsafe(config.root, rel)
        if reason:
            problems.append(Problem(rel, reason))
            continue
        found.append(candidate)
    return found, problems


def _classify(rel: str, variants: re.Pattern[str], source: re.Pattern[str],
              source_lang: str) -> Candidate | None:
    match = variants.fullmatch(rel)
    if match:
        lang = match.groupdict().get("lang")
        if lang is None or lang != source_lang:
            return Candidate(rel, "variant" if lang else "page", lang,
                             match.groupdict().get("number"))
    match = source.fullmatch(rel)
    if match:
        return Candidate(rel, "source", source_lang, match.groupdict().get("number"))
    return None


def _walk(root: Path, subdirs: Iterable[str]) -> Iterator[tuple[str, bool]]:
    for sub in subdirs:
        top = root / sub if sub else root
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
            rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
            prefix = "" if rel_folder == "." else rel_folder + "/"
            for name in dirs:
                yield prefix + name, True
            for name in sorted(files):
                yield prefix + name, False


def _unsafe(root: Path, rel: str) -> str | None:
    path = root / rel
    if path.is_symlink():
        target = os.path.realpath(path)
        if os.path.commonpath([target, os.path.realpath(root)]) != os.path.realpath(root):
            return "is a symlink that leads outside the site; not read"
        if not os.path.isfile(target):
            return "is a broken symlink"
    return None


class PageCache:
    """PageInfo by path, valid while size and mtime are unchanged (and the config is the same)."""

    def __init__(self, path: Path | None, key: str):
        self.path = path
        self.key = key
        self.entries: dict[str, PageInfo] = {}
        self.dirty = False
        if path is not None and path.is_file():
            try:
                with path.open("rb") as fh:
                    stored_key, entries = pickle.load(fh)
                if stored_key == key:
                    self.entries = entries
            except Exception:  # a damaged cache is only a slower run
                log.debug("ignoring unreadable cache %s", path)

    def get(self, rel: str, size: int, mtime_ns: int) -> PageInfo | None:
        info = self.entries.get(rel)
        if info is not None and info.size == size and info.mtime_ns == mtime_ns:
            return info
        return None

    def put(self, info: PageInfo) -> None:
        if info.error is None:
            self.entries[info.path] = _without_plain(info)
            self.dirty = True

    def save(self, keep: set[str]) -> None:
        if self.path is None or not (self.dirty or set(self.entries) - keep):
            return
        entries = {k: v for k, v in self.entries.items() if k in keep}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump((self.key, entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot write cache %s: %s", self.path, exc)


def _without_plain(info: PageInfo) -> PageInfo:
    from dataclasses import replace

    return replace(info, plain=None)


def cache_key(config: Config) -> str:
    parts = (_CACHE_VERSION, config.source_lang, config.languages, config.layout,
             config.translate_fields, config.copy_fields, config.marker)
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def discover(config: Config, use_cache: bool = True) -> tuple[list[PageInfo], list[Problem]]:
    """All pages of the site, read (or taken from the cache), and the problems met."""
    candidates, problems = find_candidates(config)
    cache = PageCache(config.state_dir / "cache" / "pages.pickle" if use_cache else None,
                      cache_key(config))
    policy = Policy(translate_fields=config.translate_fields)
    infos = []
    for candidate in candidates:
        path = config.root / candidate.path
        try:
            stat = path.stat()
        except OSError as exc:
            problems.append(Problem(candidate.path, f"cannot be read: {exc.strerror}"))
            continue
        info = cache.get(candidate.path, stat.st_size, stat.st_mtime_ns)
        if info is None:
            info = read_info(config, candidate, policy, stat.st_size, stat.st_mtime_ns)
            cache.put(info)
        if info.error is not None:
            problems.append(info.error)
        infos.append(info)
    cache.save({c.path for c in candidates})
    return infos, problems


def read_info(config: Config, candidate: Candidate, policy: Policy, size: int = 0,
              mtime_ns: int = 0) -> PageInfo:
    """Read one page file into a PageInfo; an unreadable page gives a PageInfo with ``error``."""
    lang = candidate.lang or config.source_lang
    base = PageInfo(candidate.path, candidate.role, lang, _int(candidate.path_number), size,
                    mtime_ns)
    try:
        raw = (config.root / candidate.path).read_bytes()
        page = decode_page(raw, candidate.path)
        data = page.data()
    except PageError as exc:
        return _failed(base, Problem(candidate.path, exc.message, exc.line))
    except OSError as exc:
        return _failed(base, Problem(candidate.path, f"cannot be read: {exc.strerror}"))
    flags: list[str] = []
    role, lang = _role(candidate, data, config)
    number, problem = _number(candidate, page.fm_text, data)
    if problem:
        return _failed(PageInfo(candidate.path, role, lang, None, size, mtime_ns), problem)
    if number is not None and candidate.path_number is not None and (
            _int(candidate.path_number) != number):
        flags.append("number-mismatch")
    fm_lang = data.get("lang")
    if candidate.lang and isinstance(fm_lang, str) and fm_lang.strip() != candidate.lang:
        flags.append("lang-mismatch")
    segmented = segment_page(page.text, policy)
    body = [s.plain for s in segmented.segments if s.key is None]
    marker = data.get(config.marker.key)
    return PageInfo(
        path=candidate.path, role=role, lang=lang, number=number, size=size, mtime_ns=mtime_ns,
        digest=hashlib.blake2b(raw, digest_size=16).hexdigest(),
        segment_ids=tuple(segmented.ids),
        fields=tuple((k, number if k == "number" else _freeze(data[k]))
                     for k in config.copy_fields if k in data),
        fm_lang=fm_lang if isinstance(fm_lang, str) else None,
        marker=str(marker) if marker is not None else None,
        flags=tuple(flags), plain="\n".join(body))


def _failed(base: PageInfo, problem: Problem) -> PageInfo:
    from dataclasses import replace

    return replace(base, error=problem)


def _role(candidate: Candidate, data: dict[str, Any], config: Config) -> tuple[str, str]:
    if candidate.role != "page":
        return candidate.role, candidate.lang or config.source_lang
    lang = data.get("lang")
    lang = lang.strip() if isinstance(lang, str) and lang.strip() else config.source_lang
    return ("source" if lang == config.source_lang else "variant"), lang


_NUMBER_LINE = re.compile(r"^number:[ \t]*([^\r\n]*?)[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)


def _number(candidate: Candidate, fm_text: str, data: dict[str, Any]) -> tuple[
        int | None, Problem | None]:
    """The episode number: front matter first (read as written: ``0123`` is 123, not YAML 1.1's
    octal 83), else the number in the path."""
    if "number" in data and data["number"] is not None:
        match = _NUMBER_LINE.search(fm_text)
        raw = match.group(1).strip("'\"") if match else str(data["number"])
        if not re.fullmatch(r"\d+", raw):
            return None, Problem(candidate.path, f"front matter 'number' is not a whole number: "
                                 f"{raw!r}", _line_of(fm_text, match))
        return int(raw), None
    if candidate.path_number is None:
        return None, Problem(candidate.path, "no episode number: no 'number:' in the front "
                             "matter and none in the path")
    if not re.fullmatch(r"\d+", candidate.path_number):
        return None, Problem(candidate.path, f"episode number in the path is not a whole number: "
                             f"{candidate.path_number!r}")
    return int(candidate.path_number), None


def _line_of(fm_text: str, match: re.Match[str] | None) -> int | None:
    return fm_text.count("\n", 0, match.start()) + 2 if match else None


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, datetime | date | str | int | float | bool) or value is None:
        return value
    return str(value)
