"""Discover: find the site's pages by the configured path patterns and read what the audit
needs from each (language, episode number, copied fields, segment ids, hashes).

Reading is the costly part; results are cached by (path, size, mtime) in the site's
``.translate-kit/`` folder so an unchanged site is audited without reading its pages again.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import multiprocessing.context
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from itertools import repeat
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .config import Config
from .errors import PageError
from .glossary import Glossary
from .lock import file_digest
from .page import decode_page
from .qa import Finding, check_page
from .segment import Policy, SegmentedPage, segment_page
from .values import drifted_fields

PARALLEL_FROM = 400
"""Pages to read before the work is spread over processes (below it, start-up costs more)."""
MIN_SIMILARITY_WORDS = 8
"""Sources with fewer words than this are never called 'untranslated'."""

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
    """A file the layout claims: its role, and the language and number its path gives."""

    path: str
    role: str
    lang: str | None
    path_number: str | None
    size: int = 0
    mtime_ns: int = 0


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


def find_candidates(config: Config) -> tuple[list[Candidate], list[Problem]]:
    """Every file the layout claims, with its role; problems for what cannot be a page."""
    langs = (*config.languages, config.source_lang)
    variants = compile_pattern(config.layout.variants, langs)
    source = compile_pattern(config.layout.source.replace("{lang}", config.source_lang), langs)
    tails = tuple({_name_tail(config.layout.variants), _name_tail(config.layout.source)})
    found: list[Candidate] = []
    problems: list[Problem] = []
    real_root = os.path.realpath(config.root)
    for rel, entry in _walk(config.root, _walk_roots((config.layout.source,
                                                       config.layout.variants)), tails):
        candidate = _classify(rel, variants, source, config.source_lang)
        if candidate is None:
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
        found.append(Candidate(candidate.path, candidate.role, candidate.lang,
                               candidate.path_number, stat.st_size, stat.st_mtime_ns))
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


def _walk(root: Path, subdirs: Iterable[str], tails: tuple[str, ...]) -> Iterator[
        tuple[str, os.DirEntry[str]]]:
    """(relative path, entry) for the files and folders under ``subdirs`` whose name ends
    with one of ``tails``."""
    stack = [(str(root / sub) if sub else str(root), f"{sub}/" if sub else "") for sub in subdirs]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name.endswith(tails):
                        yield prefix + name, entry
                    if name not in _SKIP_DIRS and entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, prefix + name + "/"))
        except OSError:
            continue


def _unsafe(entry: os.DirEntry[str], real_root: str) -> str | None:
    target = os.path.realpath(entry.path)
    if os.path.commonpath([target, real_root]) != real_root:
        return "is a symlink that leads outside the site; not read"
    if not os.path.isfile(target):
        return "is a broken symlink"
    return None


class PageStore:
    """The site's pages as PageInfo, read once and cached by (path, size, mtime).

    Reading a page for the audit is cheap (bytes, hash, front matter, plain text). Segmenting
    it is not, so segment ids are computed only when asked for (a source whose hash differs
    from its lock record) and then cached too. Similarity scores are cached by both hashes.
    """

    def __init__(self, config: Config, use_cache: bool = True,
                 glossary: Glossary | None = None, glossary_key: str = ""):
        self.config = config
        self.policy = Policy(translate_fields=config.translate_fields)
        self.glossary = glossary
        self.glossary_key = glossary_key
        self.path = config.state_dir / "cache" / "pages.pickle" if use_cache else None
        self.key = cache_key(config)
        self.entries: dict[str, PageInfo] = {}
        self.ids: dict[str, tuple[str, ...]] = {}  # by digest
        self.scores: dict[tuple[str, str], float] = {}
        self.drifts: dict[tuple[str, str], tuple[str, ...]] = {}
        self.findings: dict[tuple[str, str, str], tuple[Finding, ...]] = {}
        self._segmented: dict[str, SegmentedPage] = {}
        self._split: dict[str, list[str]] = {}
        self.dirty = False
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if self.path is None or not self.path.is_file():
            return
        try:
            with self.path.open("rb") as fh:
                key, entries, ids, scores, drifts, findings = pickle.load(fh)
        except Exception:  # a damaged or old cache is only a slower run
            log.debug("ignoring unreadable cache %s", self.path)
            return
        if key == self.key:
            self.entries, self.ids, self.scores = entries, ids, scores
            self.drifts, self.findings = drifts, findings

    def scan(self, found: tuple[list[Candidate], list[Problem]] | None = None) -> tuple[
            list[PageInfo], list[Problem]]:
        """All pages of the site, read or taken from the cache, and the problems met."""
        self._load()
        candidates, problems = found or find_candidates(self.config)
        problems = list(problems)
        fresh = self._read_all([c for c in candidates if not self._cached(c)])
        infos = []
        for candidate in candidates:
            info = fresh.get(candidate.path) or self.entries[candidate.path]
            if info.error is not None:
                problems.append(info.error)
            infos.append(info)
        self._forget({c.path for c in candidates})
        return infos, problems

    def _cached(self, candidate: Candidate) -> bool:
        info = self.entries.get(candidate.path)
        return info is not None and (info.size, info.mtime_ns) == (candidate.size,
                                                                   candidate.mtime_ns)

    def _read_all(self, candidates: list[Candidate]) -> dict[str, PageInfo]:
        """Read pages, on every core when there are many (a cold start of a large site)."""
        workers = min(os.cpu_count() or 1, 8)
        if len(candidates) >= PARALLEL_FROM and workers > 1:
            chunk = max(64, len(candidates) // (workers * 4))
            with ProcessPoolExecutor(workers, mp_context=_fork_context()) as pool:
                infos = list(pool.map(read_info, repeat(self.config), candidates,
                                      chunksize=chunk))
        else:
            infos = [read_info(self.config, c) for c in candidates]
        for info in infos:
            if info.error is None:
                self.entries[info.path] = replace(info, plain=None)
                self.dirty = True
        return {info.path: info for info in infos}

    def segment_ids(self, info: PageInfo) -> tuple[str, ...]:
        """The page's segment ids (computed on first use, then cached by content hash)."""
        self._load()
        if info.digest not in self.ids:
            text = self.config.read_text(info.path)
            self.ids[info.digest] = tuple(segment_page(text, self.policy).ids)
            self.dirty = True
        return self.ids[info.digest]

    def similarity(self, source: PageInfo, variant: PageInfo) -> float:
        """rapidfuzz ratio (0-100) of the pages' words; 0 below the untranslated threshold."""
        key = (source.digest, variant.digest)
        if key not in self.scores:
            # Word-level: a translation shares names and numbers but few words in sequence.
            src, var = self._words(source), self._words(variant)
            cutoff = self.config.untranslated_threshold
            self.scores[key] = (fuzz.ratio(src, var, score_cutoff=cutoff)
                                if len(src) >= MIN_SIMILARITY_WORDS else 0.0)
            self.dirty = True
        return self.scores[key]

    def drift(self, source: PageInfo, variant: PageInfo) -> tuple[str, ...]:
        """Copied front-matter fields whose meaning differs (cached by both hashes)."""
        key = (source.digest, variant.digest)
        if key not in self.drifts:
            self.drifts[key] = drifted_fields(source.fields, variant.fields)
            self.dirty = True
        return self.drifts[key]

    def qa(self, source: PageInfo, variant: PageInfo) -> tuple[Finding, ...]:
        """QA findings for a translation against its source (cached by both hashes and the
        glossary)."""
        self._load()
        key = (source.digest, variant.digest, self.glossary_key)
        if key not in self.findings:
            policy = Policy(self.config.translate_fields, self.glossary)
            found = check_page(variant.path, self._segments(source, policy),
                               self._segments(variant, policy), variant.lang, self.glossary,
                               self.config.source_lang)
            self.findings[key] = tuple(found)
            self.dirty = True
        return self.findings[key]

    def _segments(self, info: PageInfo, policy: Policy) -> SegmentedPage:
        # A source is checked against each of its variants in turn: keep the last one.
        if info.digest not in self._segmented:
            text = self.config.read_text(info.path)
            if info.role == "source":
                self._segmented = {}
            self._segmented[info.digest] = segment_page(text, policy)
        return self._segmented[info.digest]

    def _words(self, info: PageInfo) -> list[str]:
        # The audit compares a source with each of its variants in turn: keep the last
        # source's words only (all pages' words would take hundreds of MB on a large site).
        if info.role == "source" and info.digest in self._split:
            return self._split[info.digest]
        plain = info.plain
        if plain is None:
            plain = read_info(self.config, Candidate(info.path, info.role, info.lang,
                                                     None)).plain or ""
        words = plain.split()
        if info.role == "source":
            self._split = {info.digest: words}
        return words

    def _forget(self, keep: set[str]) -> None:
        gone = set(self.entries) - keep
        for path in gone:
            del self.entries[path]
        if gone:
            digests = {i.digest for i in self.entries.values()}
            self.ids = {d: v for d, v in self.ids.items() if d in digests}
            self.scores = {k: v for k, v in self.scores.items()
                           if k[0] in digests and k[1] in digests}
            self.drifts = {k: v for k, v in self.drifts.items()
                           if k[0] in digests and k[1] in digests}
            self.findings = {k: v for k, v in self.findings.items()
                             if k[0] in digests and k[1] in digests}
            self.dirty = True

    def snapshot_key(self, candidates: list[Candidate], *others: Path) -> str:
        """A key that changes when any page, the config or one of ``others`` changes."""
        digest = hashlib.blake2b(self.key.encode(), digest_size=16)
        for path in others:
            try:
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            except OSError:
                digest.update(f"{path}\0-\n".encode())
        for c in candidates:
            digest.update(f"{c.path}\0{c.size}\0{c.mtime_ns}\n".encode())
        return digest.hexdigest()

    def load_snapshot(self, key: str) -> Any:
        """What ``save_snapshot`` stored under ``key``, or None."""
        path = self._snapshot_path()
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as fh:
                stored_key, value = pickle.load(fh)
        except Exception:  # a damaged snapshot is only a slower run
            return None
        return value if stored_key == key else None

    def save_snapshot(self, key: str, value: Any) -> None:
        path = self._snapshot_path()
        if path is not None:
            _dump(path, (key, value))

    def _snapshot_path(self) -> Path | None:
        return self.path.with_name("status.pickle") if self.path is not None else None

    def save(self) -> None:
        """Write the cache if anything changed (atomically; failure only costs speed)."""
        if self.path is None or not self.dirty:
            return
        _dump(self.path, (self.key, self.entries, self.ids, self.scores, self.drifts,
                          self.findings))
        self.dirty = False


def _dump(path: Path, value: Any) -> None:
    """Pickle ``value`` to ``path`` atomically; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("cannot write cache %s: %s", path, exc)


def _fork_context() -> multiprocessing.context.BaseContext | None:
    # fork starts workers in milliseconds; where it does not exist, the default is used.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else None


def code_digest() -> str:
    """A hash of translate-kit's own code: cached results from another version are not used."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(config: Config) -> str:
    parts = (_CACHE_VERSION, _CODE, config.source_lang, config.languages, config.layout,
             config.translate_fields, config.copy_fields, config.marker,
             config.untranslated_threshold)
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


_MARKUP = re.compile(r"\{[%{].*?[%}]\}|<[^<>]*>", re.DOTALL)


def plain_text(data: dict[str, Any], body: str, fields: tuple[str, ...]) -> str:
    """A page's words without Liquid and HTML: what 'untranslated' similarity compares."""
    values = [str(data[k]) for k in fields if isinstance(data.get(k), str)]
    return " ".join(values) + " " + _MARKUP.sub(" ", body)


def read_info(config: Config, candidate: Candidate) -> PageInfo:
    """Read one page file into a PageInfo; an unreadable page gives a PageInfo with ``error``."""
    lang = candidate.lang or config.source_lang
    size, mtime_ns = candidate.size, candidate.mtime_ns
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
    if problem:  # still paired by the path's number, if any, so its slot shows 'invalid'
        return _failed(replace(base, role=role, lang=lang), problem)
    if number is not None and candidate.path_number is not None and (
            _int(candidate.path_number) != number):
        flags.append("number-mismatch")
    fm_lang = data.get("lang")
    if candidate.lang and isinstance(fm_lang, str) and fm_lang.strip() != candidate.lang:
        flags.append("lang-mismatch")
    marker = data.get(config.marker.key)
    return PageInfo(
        path=candidate.path, role=role, lang=lang, number=number, size=size, mtime_ns=mtime_ns,
        digest=file_digest(raw),
        fields=tuple((k, number if k == "number" else _freeze(data[k]))
                     for k in config.copy_fields if k in data),
        fm_lang=fm_lang if isinstance(fm_lang, str) else None,
        marker=str(marker) if marker is not None else None,
        flags=tuple(flags), plain=plain_text(data, page.body, config.translate_fields))


def _failed(base: PageInfo, problem: Problem) -> PageInfo:
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
    value = data.get("number")
    if value is not None:
        match = _NUMBER_LINE.search(fm_text)
        raw = match.group(1).strip("'\"") if match else str(value)
        if isinstance(value, int) and not isinstance(value, bool) and raw.isdigit():
            return int(raw), None  # as written: 0123 → 123
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip()), None
        return None, Problem(candidate.path, f"front matter 'number' is not a whole number: "
                             f"{value!r}", _line_of(fm_text, match))
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


_CODE = code_digest()
