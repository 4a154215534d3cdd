"""Discover: find the site's pages by the configured path patterns and read what the audit
needs from each (language, episode number, copied fields, segment ids, hashes).

Reading is the costly part: :mod:`translate_kit.store` keeps what was read, so an unchanged
site is audited without reading its pages again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any, Protocol

import yaml

from .config import Config
from .errors import PageError, PathError, one_line
from .lock import file_digest
from .page import Page, decode_page
from .regular import read_bytes
from .sitefiles import bounds_problem, inside

MAX_FRONT_MATTER_VALUES = 10_000
"""Values a page's front matter may expand to (aliases counted each time they are used)."""
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SKIP_DIRS = {".git", ".hg", ".svn", ".translate-kit", "_site", "node_modules", ".jekyll-cache",
              ".sass-cache", "vendor", "__pycache__", ".venv"}


@dataclass(frozen=True)
class Problem:
    """A file that could not be used, and why (one line)."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return one_line(f"{self.path}:{self.line}: {self.message}" if self.line else
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
    ctime_ns: int = 0
    """With size and mtime, what says the file is as it was read: an edit that keeps the size
    and puts the mtime back (``touch -r``, some sync tools) still moves the ctime."""
    digest: str = ""
    """Hash of the file's exact bytes."""
    fields: tuple[tuple[str, Any], ...] = ()
    """Copied front-matter fields as loaded (dates as datetimes)."""
    fm_lang: str | None = None
    marker: str | None = None
    """Value of the draft-marker key, when present."""
    flags: tuple[str, ...] = ()
    error: Problem | None = None

    @property
    def valid(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Candidate:
    """A file the layout claims: its role, and the language and number its path gives."""

    path: str
    role: str
    lang: str | None
    path_number: str | None
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0


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


def _walk_roots(patterns: Iterable[str]) -> list[str]:
    """The literal folders the patterns start in, without one inside another."""
    roots = set()
    for pattern in patterns:
        literal = re.split(r"\{|\*", pattern, maxsplit=1)[0]
        roots.add(literal.rsplit("/", 1)[0] if "/" in literal else "")
    return [r for r in sorted(roots)
            if not any(o != r and (o == "" or r.startswith(o + "/")) for o in roots)]


def _name_tail(pattern: str) -> str:
    """The literal end every matching file name has (``episode.md``, ``.md``): a cheap filter."""
    return re.split(r"\}|\*", pattern)[-1].rsplit("/", 1)[-1]


def _walk_plan(config: Config) -> tuple[list[str], tuple[str, ...]]:
    """The folders the page walk starts in and the name endings it looks for."""
    tails = tuple({_name_tail(config.layout.variants), _name_tail(config.layout.source)})
    return _walk_roots((config.layout.source, config.layout.variants)), tails


class Watch(Protocol):
    """Told of every folder and entry the page walk meets (the warm status's stamps)."""

    def folder(self, path: str) -> None:
        """A folder about to be listed (an absolute path)."""

    def entry(self, entry: os.DirEntry[str]) -> None:
        """An entry that is a symlink or whose name has a page file's ending."""


def find_candidates(config: Config, watch: Watch | None = None) -> tuple[list[Candidate],
                                                                          list[Problem]]:
    """Every file the layout claims, with its role; problems for what cannot be a page.
    ``watch`` is told of what the walk meets."""
    langs = (*config.languages, config.source_lang)
    variants = compile_pattern(config.layout.variants, langs)
    source = compile_pattern(config.layout.source.replace("{lang}", config.source_lang), langs)
    plan, tails = _walk_plan(config)
    found: list[Candidate] = []
    problems: list[Problem] = []
    real_root = os.path.realpath(config.root)
    roots = []
    for sub in plan:
        try:  # the layout's folder itself may be a symlink out of the site
            inside(config.root, config.root / sub)
            roots.append(sub)
        except PathError as exc:
            problems.append(Problem(exc.path or sub, exc.message.replace("; refused",
                                                                         "; not read")))
    for rel, entry in _walk(Path(os.path.abspath(config.root)), roots, tails, watch):
        claim = _classify(rel, variants, source, config.source_lang)
        if claim is None:
            continue
        if not rel.isascii() and not _utf8(rel):  # os.fsdecode's stand-ins for bad bytes
            problems.append(Problem(printable(rel), "its name is not valid UTF-8 (shown as "
                                    "\ufffd); not read"))
            continue
        if entry.is_dir():
            problems.append(Problem(rel, "is a folder, but its name matches the page pattern"))
            continue
        reason = _unsafe(entry, real_root) if entry.is_symlink() else None
        if reason:
            problems.append(Problem(rel, reason))
            continue
        try:
            stat = entry.stat()
        except OSError as exc:
            problems.append(Problem(rel, f"cannot be read: {exc.strerror}"))
            continue
        if not S_ISREG(stat.st_mode):  # reading a pipe would wait forever
            problems.append(Problem(rel, "is not a regular file (a pipe, socket or device); "
                                    "not read"))
            continue
        found.append(Candidate(rel, *claim, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
    return found, problems


def _classify(rel: str, variants: re.Pattern[str], source: re.Pattern[str],
              source_lang: str) -> tuple[str, str | None, str | None] | None:
    """(role, language, number) the layout gives a path, or None when it claims no page."""
    match = variants.fullmatch(rel)
    if match:
        lang = match.groupdict().get("lang")
        if lang is None or lang != source_lang:
            return "variant" if lang else "page", lang, match.groupdict().get("number")
    match = source.fullmatch(rel)
    if match:
        return "source", source_lang, match.groupdict().get("number")
    return None


def _walk(root: Path, subdirs: Iterable[str], tails: tuple[str, ...],
          watch: Watch | None = None) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(relative path, entry) for the files and folders under ``subdirs`` whose name ends
    with one of ``tails``."""
    stack = [(str(root / sub) if sub else str(root), f"{sub}/" if sub else "") for sub in subdirs]
    while stack:
        folder, prefix = stack.pop()
        if watch is not None:
            watch.folder(folder)
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    tail = name.endswith(tails)
                    if watch is not None and (tail or entry.is_symlink()):
                        watch.entry(entry)
                    if tail:
                        yield prefix + name, entry
                    if name not in SKIP_DIRS and entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, prefix + name + "/"))
        except OSError:
            continue


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(name: str) -> str:
    """A file name as it can be printed and stored: bytes that are not UTF-8 as U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _unsafe(entry: os.DirEntry[str], real_root: str) -> str | None:
    target = os.path.realpath(entry.path)
    if os.path.commonpath([target, real_root]) != real_root:
        return "is a symlink that leads outside the site; not read"
    if not os.path.isfile(target):
        return "is a broken symlink"
    return None


_MARKUP = re.compile(r"\{[%{].*?[%}]\}|<[^<>]*>", re.DOTALL)


def plain_text(data: dict[str, Any], body: str, fields: tuple[str, ...]) -> str:
    """A page's words without Liquid and HTML: what 'untranslated' similarity compares."""
    values = [str(data[k]) for k in fields if isinstance(data.get(k), str)]
    return " ".join(values) + " " + _MARKUP.sub(" ", body)


def read_page(config: Config, candidate: Candidate) -> tuple[PageInfo, str | None]:
    """One page file read: its PageInfo (with ``error`` when unreadable) and its translatable
    text for similarity (None when unreadable), which no record keeps."""
    lang = candidate.lang or config.source_lang
    size, mtime_ns, ctime_ns = candidate.size, candidate.mtime_ns, candidate.ctime_ns
    base = PageInfo(candidate.path, candidate.role, lang, _int(candidate.path_number), size,
                    mtime_ns, ctime_ns)
    try:
        raw = read_bytes(config.root / candidate.path)
        page = decode_page(raw, candidate.path)
        data = front_matter(page)
    except PageError as exc:
        return _failed(base, Problem(candidate.path, exc.message, exc.line)), None
    except OSError as exc:
        return _failed(base, Problem(candidate.path, f"cannot be read: {exc.strerror}")), None
    flags: list[str] = []
    role, lang = _role(candidate, data, config)
    number, problem = _number(candidate, page.fm_text, data)
    if problem:  # still paired by the path's number, if any, so its slot shows 'invalid'
        return _failed(replace(base, role=role, lang=lang), problem), None
    if number is not None and candidate.path_number is not None and (
            _int(candidate.path_number) != number):
        flags.append("number-mismatch")
    fm_lang = data.get("lang")
    if candidate.lang and isinstance(fm_lang, str) and fm_lang.strip() != candidate.lang:
        flags.append("lang-mismatch")
    marker = data.get(config.marker.key)
    return PageInfo(
        path=candidate.path, role=role, lang=lang, number=number, size=size, mtime_ns=mtime_ns,
        ctime_ns=ctime_ns,
        digest=file_digest(raw),
        fields=tuple((k, number if k == "number" else _freeze(data[k]))
                     for k in config.copy_fields if k in data),
        fm_lang=fm_lang if isinstance(fm_lang, str) else None,
        marker=str(marker) if marker is not None else None,
        flags=tuple(flags)), plain_text(data, page.body, config.translate_fields)


def front_matter(page: Page) -> dict[str, Any]:
    """A page's front-matter values; PageError for what YAML reads but Python cannot hold (a
    date like 2024-13-45, an integer of 5,000 digits, an alias bomb)."""
    if "&" in page.fm_text and "*" in page.fm_text:  # anchors and aliases: measure first
        try:
            node = yaml.compose(page.fm_text, Loader=_Loader)
        except yaml.YAMLError:
            node = None  # page.data() names the line
        problem = bounds_problem(node, MAX_FRONT_MATTER_VALUES) if node is not None else None
        if problem:
            raise PageError(f"front matter: {problem}", page.path, 2)
    try:
        return page.data()
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        why = ("a number of more than 4,300 digits" if "digits" in str(exc)
               else f"a date that does not exist ({exc})" if _bad_line(page.fm_text, exc)
               else f"a value YAML cannot build ({exc})")
        raise PageError(f"front matter holds {why}", page.path, _bad_line(page.fm_text, exc)) \
            from None


def _bad_line(fm_text: str, exc: BaseException) -> int | None:
    """The file line of the long number or impossible date YAML could not build, if found."""
    digits = "digits" in str(exc)
    for number, line in enumerate(fm_text.splitlines(), 2):
        if digits and re.search(r"\d{4301}", line):
            return number
        for found in [] if digits else re.findall(r"\b\d{4}-\d\d?-\d\d?\b", line):
            try:
                date(*map(int, found.split("-")))
            except ValueError:
                return number
    return None


def _failed(base: PageInfo, problem: Problem) -> PageInfo:
    return replace(base, error=problem)


def _role(candidate: Candidate, data: dict[str, Any], config: Config) -> tuple[str, str]:
    if candidate.role != "page":
        return candidate.role, candidate.lang or config.source_lang
    lang = data.get("lang")
    lang = lang.strip() if isinstance(lang, str) and lang.strip() else config.source_lang
    return ("source" if lang == config.source_lang else "variant"), lang


_MAX_DIGITS = 18
_WHOLE = re.compile(r"[0-9]{1,18}")  # not str.isdigit(): '²' is a digit to it, not to int()
_NUMBER_LINE = re.compile(r"^number:[ \t]*([^\r\n]*?)[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)


def _number(candidate: Candidate, fm_text: str, data: dict[str, Any]) -> tuple[
        int | None, Problem | None]:
    """The episode number: front matter first (read as written: ``0123`` is 123, not YAML 1.1's
    octal 83), else the number in the path."""
    value = data.get("number")
    if value is not None:
        match = _NUMBER_LINE.search(fm_text)
        raw = match.group(1).strip("'\"") if match else ""
        if isinstance(value, int) and not isinstance(value, bool):
            if _WHOLE.fullmatch(raw):
                return int(raw), None  # as written: 0123 → 123
            if abs(value) < 10**_MAX_DIGITS:
                return value, None
        if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
            return int(value.strip()), None
        shown = repr(value) if len(repr(value)) <= 40 else f"{repr(value)[:37]}…"
        return None, Problem(candidate.path, f"front matter 'number' is not a whole number of "
                             f"at most {_MAX_DIGITS} digits: {shown}", _line_of(fm_text, match))
    if candidate.path_number is None:
        return None, Problem(candidate.path, "no episode number: no 'number:' in the front "
                             "matter and none in the path")
    if not _WHOLE.fullmatch(candidate.path_number):
        return None, Problem(candidate.path, f"episode number in the path is not a whole number: "
                             f"{candidate.path_number!r}")
    return int(candidate.path_number), None


def _line_of(fm_text: str, match: re.Match[str] | None) -> int | None:
    return fm_text.count("\n", 0, match.start()) + 2 if match else None


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and _WHOLE.fullmatch(text) else None


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, datetime | date | str | int | float | bool) or value is None:
        return value
    return str(value)

