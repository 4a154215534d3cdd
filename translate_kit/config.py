"""Site configuration: ``translate-kit.yaml`` at the site root, or ``[tool.translate-kit]`` in a
``pyproject.toml`` there. Every problem is reported at once, each with its file and line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, PathError, TranslateKitError
from .limits import is_language_code, range_problem, yaml_hint
from .renderer import KRAMDOWN, RENDERERS, detect_renderer
from .sitefiles import (
    inside,
    links_out,
    load_yaml,
    page_text,
    read_text,
    repository_of,
    toml_key_lines,
    yaml_key_lines,
)

CONFIG_NAME = "translate-kit.yaml"
LOCK_NAME = "translate-kit.lock"
STATE_DIR = ".translate-kit"

DEFAULT_COPY = ("number", "date", "video", "guests", "img", "image")
DEFAULT_TRANSLATE = ("title", "summary", "description")
_PLACEHOLDERS = {"number", "lang", "date", "slug"}


@dataclass(frozen=True)
class Layout:
    """Where pages live, as path patterns relative to the site root.

    Placeholders: ``{number}`` (the episode number), ``{lang}`` (a language code),
    ``{date}`` (YYYY-MM-DD), ``{slug}`` (any file-name text), ``*`` (any text within one folder),
    ``**`` (any folders). A pattern without ``{lang}`` takes the language from the page's
    ``lang:`` front-matter key (absent means the source language).
    """

    source: str
    """Pattern of the English (source) pages; ``{lang}`` in it stands for the source language."""
    variants: str
    """Pattern of the translated pages."""


@dataclass(frozen=True)
class DraftMarker:
    """The front-matter key and value that mark a machine draft awaiting review."""

    key: str = "translation_status"
    value: str = "machine-draft"
    reviewed: str | None = None
    """Value written by ``approve``; None removes the key instead."""


@dataclass(frozen=True)
class Config:
    """A site's translate-kit configuration, with defaults filled in."""

    root: Path
    source_lang: str
    languages: tuple[str, ...]
    """Target languages, in display order."""
    layout: Layout
    translate_fields: tuple[str, ...] = DEFAULT_TRANSLATE
    """Front-matter keys translated by engines."""
    copy_fields: tuple[str, ...] = DEFAULT_COPY
    """Front-matter keys copied verbatim from the source; a difference in meaning is drift."""
    untranslated_threshold: float = 90.0
    """rapidfuzz similarity (0-100) of a variant's text to its source above which it is
    'untranslated'."""
    marker: DraftMarker = field(default_factory=DraftMarker)
    glossary_files: tuple[str, ...] = ()
    """Extra glossary files (relative to the site) merged after ``glossary/*.yaml``."""
    engine: str = "google"
    """The engine drafts use unless --engine says otherwise."""
    engine_options: tuple[tuple[str, str], ...] = ()
    """Options for the engine (for example url for a self-hosted LibreTranslate)."""
    workers: int = 4
    """Engine requests in flight at once."""
    timeout: float = 30.0
    """Seconds before an engine request is given up and retried."""
    retries: int = 4
    """Further tries after a 429, a 5xx, a timeout or a connection error."""
    rate_limit: float = 0.0
    """Engine requests per second at most (0: no limit)."""
    memory_threshold: float = 75.0
    """rapidfuzz similarity (0-100) from which a close translation is offered in review sheets;
    0 turns fuzzy suggestions off."""
    fail_on: tuple[str, ...] | None = None
    """What ``check`` fails on (statuses and flags); None: missing, stale, invalid."""
    min_coverage: tuple[tuple[str, float], ...] = ()
    """``check``'s coverage thresholds by language ('*' for every language)."""
    badge: str = "up_to_date"
    """What a badge's number and colour follow: 'up_to_date' (current only) or 'coverage'."""
    qa_severity: tuple[tuple[str, str], ...] = ()
    """Per-check QA severities overriding the defaults (``qa: {severity: {check: level}}``)."""
    path: Path | None = None
    """The file the configuration was read from."""
    renderer: str = KRAMDOWN
    """The site's Markdown renderer (kramdown or commonmark): the ``renderer:`` key, else what
    the site's own configuration says (``renderer.detect_renderer``)."""

    def read_text(self, rel: str) -> str:
        """A site file's text, UTF-8, line endings untouched; PageError naming the file when it
        is not UTF-8 or leads out of the site."""
        return page_text(self.root, rel)

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK_NAME

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR


_KEYS = {"source_lang", "languages", "layout", "fields", "untranslated_threshold",
         "draft_marker", "glossary", "engine", "engine_options", "workers", "timeout", "retries",
         "rate_limit", "memory_threshold", "check", "qa", "renderer"}


def find_config(root: Path) -> Path | None:
    """The config file of a site: ``translate-kit.yaml``, else a pyproject.toml with the table."""
    candidate = root / CONFIG_NAME
    if candidate.exists() and not candidate.is_dir():  # a pipe too: reading it says why not
        return candidate
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and b"[tool.translate-kit]" in pyproject.read_bytes():
        return pyproject
    return None


def load_config(root: Path) -> Config:
    """Read and validate a site's configuration; ConfigError lists every problem."""
    if not root.is_dir():
        raise ConfigError([TranslateKitError("site folder does not exist", root)])
    path = find_config(root)
    if path is None:
        raise ConfigError([TranslateKitError(
            f"no {CONFIG_NAME} here; run 'translate-kit init {root}' to detect the layout", root)])
    text = read_text(path, within=repository_of(root))  # a shared config: from the repo only
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(text).get("tool", {}).get("translate-kit", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError([TranslateKitError(f"not valid TOML: {exc}", path)]) from exc
        lines = toml_key_lines(text)
    else:
        data = load_yaml(text, str(path)) or {}
        lines = yaml_key_lines(text)
    config = parse_config(root, data, path, lines)
    # every run writes the lock and .translate-kit/ (sheets, sources): none may lead out
    state = config.state_dir
    problems = links_out(config.root, (config.lock_path, state, state / "review",
                                       state / "sources", state / "cache"))
    if problems:
        raise ConfigError(problems)
    return config


def parse_config(root: Path, data: Any, path: Path | None = None,
                 lines: dict[str, int] | None = None) -> Config:
    """Validate a configuration mapping (as read from a file) into a Config."""
    problems: list[TranslateKitError] = []
    lines = lines or {}

    def problem(key: str, message: str) -> None:
        problems.append(TranslateKitError(message, path or root, lines.get(key)))

    if not isinstance(data, dict):
        raise ConfigError([TranslateKitError("configuration must be a mapping", path, 1)])
    for key in sorted(set(data) - _KEYS):
        problem(key, f"unknown key '{key}'; known keys: {', '.join(sorted(_KEYS))}")

    source_lang = data.get("source_lang", "en")
    if not is_language_code(source_lang):
        problem("source_lang",
                f"source_lang must be a language code like 'en', not {source_lang!r}"
                f"{yaml_hint(source_lang)}")
        source_lang = "en"
    languages = _languages(root, data.get("languages"), source_lang, problem)
    layout = _layout(data.get("layout"), problem)
    translate, copy = _fields(data.get("fields") or {}, problem)
    marker = _marker(data.get("draft_marker"), problem)
    glossary = _glossary(root, data.get("glossary", []), problem)
    engine = data.get("engine", "google")
    if not isinstance(engine, str):
        problem("engine", "engine must be an engine name (see 'translate-kit engines')")
        engine = "google"
    options = data.get("engine_options") or {}
    if not isinstance(options, dict) or not all(
            isinstance(v, str | int | float | bool) for v in options.values()):
        problem("engine_options", "engine_options must be a mapping of option: value (text "
                "or numbers)")
        options = {}
    numbers = {key: _number(data, key, default, problem) for key, default in _DEFAULTS.items()}
    fail_on, min_coverage = _check(data.get("check"), problem)
    renderer = _renderer(root, data.get("renderer"), problem)
    badge = _badge(data.get("check"), problem)
    qa_severity = _qa(data.get("qa"), problem)
    if problems:
        raise ConfigError(problems)
    assert layout is not None
    return Config(root=root, source_lang=source_lang, languages=languages, layout=layout,
                  translate_fields=tuple(translate), copy_fields=tuple(copy),
                  untranslated_threshold=numbers["untranslated_threshold"], marker=marker,
                  glossary_files=tuple(glossary), engine=engine,
                  engine_options=tuple(sorted((str(k), str(v)) for k, v in options.items())),
                  workers=int(numbers["workers"]), timeout=float(numbers["timeout"]),
                  retries=int(numbers["retries"]), rate_limit=float(numbers["rate_limit"]),
                  memory_threshold=float(numbers["memory_threshold"]), fail_on=fail_on,
                  min_coverage=min_coverage, badge=badge, qa_severity=qa_severity, path=path,
                  renderer=renderer)


def _fields(fields: Any, problem: Any) -> tuple[list[str], list[str]]:
    """``fields: {translate: [...], copy: [...]}`` (defaults for what is left out)."""
    if not isinstance(fields, dict):
        problem("fields", "fields must be a mapping with 'translate' and 'copy' lists")
        fields = {}
    translate = _str_list(fields.get("translate", list(DEFAULT_TRANSLATE)), "fields.translate",
                          problem)
    copy = _str_list(fields.get("copy", list(DEFAULT_COPY)), "fields.copy", problem)
    for both in sorted(set(translate) & set(copy)):
        problem("fields", f"field '{both}' cannot be both translated and copied")
    return translate, copy


def _renderer(root: Path, value: Any, problem: Any) -> str:
    """``renderer:`` (kramdown or commonmark), else the one the site's files say."""
    if value is not None and value not in RENDERERS:
        problem("renderer", f"renderer must be one of {', '.join(RENDERERS)}, not {value!r}")
        value = None
    return detect_renderer(root, value)


def _check(value: Any, problem: Any) -> tuple[tuple[str, ...] | None,
                                               tuple[tuple[str, float], ...]]:
    """``check: {fail_on: [...], min_coverage: 80 | {'*': 80, fr: 95}}``."""
    if value is None:
        return None, ()
    if not isinstance(value, dict):
        problem("check", "check must be a mapping with fail_on and min_coverage")
        return None, ()
    fail_on = value.get("fail_on")
    if fail_on is not None:
        if isinstance(fail_on, str):
            fail_on = [x.strip() for x in fail_on.split(",")]
        if not isinstance(fail_on, list) or not all(isinstance(x, str) for x in fail_on):
            problem("check", "check.fail_on must be a list of statuses and flags")
            fail_on = None
    coverage = value.get("min_coverage", {})
    if isinstance(coverage, int | float) and not isinstance(coverage, bool):
        coverage = {"*": coverage}
    if not isinstance(coverage, dict) or not all(
            isinstance(v, int | float) and 0 <= v <= 100 for v in coverage.values()):
        problem("check", "check.min_coverage must be a percentage or a mapping of language "
                "to percentage")
        coverage = {}
    return (tuple(fail_on) if fail_on is not None else None,
            tuple(sorted((str(k), float(v)) for k, v in coverage.items())))


BADGE_METRICS = ("up_to_date", "coverage")


def _badge(value: Any, problem: Any) -> str:
    """``check: {badge: up_to_date | coverage}``: what the badges' number follows."""
    badge = value.get("badge", BADGE_METRICS[0]) if isinstance(value, dict) else BADGE_METRICS[0]
    if badge not in BADGE_METRICS:
        problem("check", f"check.badge must be {' or '.join(BADGE_METRICS)}, not {badge!r}")
        return BADGE_METRICS[0]
    return str(badge)


def _qa(value: Any, problem: Any) -> tuple[tuple[str, str], ...]:
    """``qa: {severity: {check: level}}``; QA names the checks and levels."""
    from .findings import parse_severities

    levels, problems = parse_severities(value)
    for message in problems:
        problem("qa", message)
    return levels


_DEFAULTS = {key: getattr(Config, key) for key in (
    "workers", "timeout", "retries", "rate_limit", "memory_threshold", "untranslated_threshold")}
"""The numbers a config may set, with Config's own defaults."""


def _number(data: dict[str, Any], key: str, default: float, problem: Any) -> float:
    value = data.get(key, default)
    why = range_problem(key, value)
    if why:
        problem(key, why)
        return default
    return float(value)


def _languages(root: Path, value: Any, source_lang: str, problem: Any) -> tuple[str, ...]:
    if value is None:
        value = [x for x in jekyll_languages(root) if x != source_lang]
        if not value:
            problem("languages", "no target languages: set 'languages:' (or Jekyll _config.yml "
                    "'languages:')")
            return ()
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        problem("languages", "languages must be a list of language codes" + yaml_hint(value))
        return ()
    bad = [x for x in value if not is_language_code(x)]
    if bad:
        problem("languages", f"not language codes: {', '.join(map(repr, bad))}")
    if source_lang in value:
        problem("languages", f"languages must not include the source language '{source_lang}'")
    return tuple(dict.fromkeys(x for x in value if x != source_lang))


def jekyll_config(root: Path) -> dict[str, Any]:
    """A Jekyll ``_config.yml`` at the site root or in ``docs/`` ({} when none is readable)."""
    for candidate in (root / "_config.yml", root / "docs" / "_config.yml"):
        if candidate.is_file():
            try:
                text = read_text(candidate, within=repository_of(root))
                data = load_yaml(text, str(candidate)) or {}
            except ConfigError:  # Jekyll's file, not ours: no hints from it
                continue
            if isinstance(data, dict):
                return data
    return {}


def jekyll_languages(root: Path) -> list[str]:
    """``languages:`` of the site's Jekyll config."""
    langs = jekyll_config(root).get("languages")
    return [str(x).strip() for x in langs] if isinstance(langs, list) else []


def _layout(value: Any, problem: Any) -> Layout | None:
    if not isinstance(value, dict) or not isinstance(value.get("variants"), str):
        problem("layout", "layout needs 'variants:' (a path pattern such as "
                "'episodes/{number}/{lang}.md') and optionally 'source:'")
        return Layout("", "")
    variants = value["variants"]
    source = value.get("source", variants)
    given = [("variants", variants)] + ([("source", source)] if "source" in value else [])
    for name, pattern in given:
        if not isinstance(pattern, str) or not pattern.strip():
            problem("layout", f"layout.{name} must be a path pattern")
            continue
        names = re.findall(r"\{(\w+)\}", pattern)
        twice = sorted({n for n in names if n in ("number", "lang") and names.count(n) > 1})
        if twice:
            problem("layout", f"layout.{name}: {', '.join('{' + t + '}' for t in twice)} may "
                    "appear only once")
        unknown = set(names) - _PLACEHOLDERS
        if unknown:
            problem("layout", f"layout.{name}: unknown placeholder(s) "
                    f"{', '.join('{' + u + '}' for u in sorted(unknown))}; "
                    "use {number}, {lang}, {date}, {slug}, * or **")
        if pattern.startswith("/") or ".." in Path(pattern).parts:
            problem("layout", f"layout.{name} must be relative to the site, inside it")
    return Layout(source=str(source), variants=variants)


def _glossary(root: Path, value: Any, problem: Any) -> list[str]:
    """Extra glossary files: relative to the site, and inside the repository that holds it."""
    files = _str_list(value, "glossary", problem)
    repo = repository_of(root)
    for entry in files:
        try:
            inside(repo, (root / entry).absolute(), "the repository")
        except PathError as exc:
            problem("glossary", f"glossary entry {entry!r} {exc.message}")
    return files


def _marker(value: Any, problem: Any) -> DraftMarker:
    if value is None:
        return DraftMarker()
    if not isinstance(value, dict) or not all(isinstance(value.get(k, ""), str)
                                               for k in ("key", "value")):
        problem("draft_marker", "draft_marker must be a mapping with 'key' and 'value' strings")
        return DraftMarker()
    reviewed = value.get("reviewed")
    return DraftMarker(key=value.get("key", "translation_status"),
                       value=value.get("value", "machine-draft"),
                       reviewed=str(reviewed) if reviewed is not None else None)


def _str_list(value: Any, key: str, problem: Any) -> list[str]:
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return value
    problem(key.split(".")[0], f"{key} must be a list of strings")
    return []
