"""Locales: per-language facts a draft needs (engine codes, permalink rule, front-matter values,
UI strings, typography, direction). Shipped in ``locales/*.yaml``; a site's own
``locales/<code>.yaml`` is merged over the shipped one (or adds a language)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, TranslateKitError, collecting
from .glossary import shipped_files
from .limits import is_language_code
from .sitefiles import inside, load_yaml, read_text

_KEYS = {"code", "name", "native_name", "direction", "engines", "permalink", "front_matter",
         "ui", "typography", "formality"}


@dataclass(frozen=True)
class Locale:
    """One language as drafts use it."""

    code: str
    name: str = ""
    native_name: str = ""
    direction: str = "ltr"
    engines: dict[str, str] = field(default_factory=dict)
    """The code each engine uses for this language (default: ``code``)."""
    permalink: str = "{base}-{lang}"
    """Rule for a draft's permalink: {permalink} is the source's, {base} the source's without a
    trailing -<source lang>, {lang} this code, {number} the episode number."""
    front_matter: dict[str, str] = field(default_factory=dict)
    """Values set in a draft's front matter for keys the source page has (parent, …)."""
    ui: dict[str, str] = field(default_factory=dict)
    """Fixed translations of interface text found in pages ("Podcast Transcript")."""
    typography: dict[str, Any] = field(default_factory=dict)
    formality: str = ""
    """Register for engines that take one (DeepL, llm): "more", "less" or "" (the engine's
    default); the engine option ``formality`` wins."""

    def engine_code(self, engine: str) -> str:
        return self.engines.get(engine, self.code)

    def permalink_for(self, source_permalink: str, source_lang: str, number: int | None) -> str:
        suffix = f"-{source_lang}"
        base = source_permalink[: -len(suffix)] if source_permalink.endswith(suffix) \
            else source_permalink
        return self.permalink.format(permalink=source_permalink, base=base, lang=self.code,
                                     number=number if number is not None else "")


def _read(name: str, text: str) -> dict[str, Any]:
    data = load_yaml(text, name) or {}
    problems = []
    if not isinstance(data, dict):
        raise ConfigError([TranslateKitError("a locale file must be a mapping", name, 1)])
    for key in sorted(set(data) - _KEYS):
        problems.append(TranslateKitError(f"unknown key '{key}'; known: "
                                          f"{', '.join(sorted(_KEYS))}", name, _line(text, key)))
    for key in ("engines", "front_matter", "ui", "typography"):
        if key in data and not isinstance(data[key], dict):
            problems.append(TranslateKitError(f"'{key}' must be a mapping", name,
                                              _line(text, key)))
    code = data.get("code", Path(name).stem)
    if not is_language_code(code):
        problems.append(TranslateKitError(f"'code' must be a language code like 'fr' or "
                                          f"'pt-BR', not {code!r}", name, _line(text, "code")))
    if data.get("formality", "") not in ("", "default", "more", "less", "prefer_more",
                                         "prefer_less"):
        problems.append(TranslateKitError("'formality' must be more, less, prefer_more, "
                                          "prefer_less or default", name,
                                          _line(text, "formality")))
    if data.get("direction", "ltr") not in ("ltr", "rtl"):
        problems.append(TranslateKitError("'direction' must be ltr or rtl", name,
                                          _line(text, "direction")))
    if problems:
        raise ConfigError(problems)
    return data


def _line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def load_locales(site: Path | None = None) -> dict[str, Locale]:
    """Shipped locales, each merged with the site's ``locales/<code>.yaml`` when present."""
    raw: dict[str, dict[str, Any]] = {}
    problems: list[TranslateKitError] = []
    sources: list[tuple[str, str]] = [(f.name, f.read_text("utf-8"))
                                      for f in shipped_files("locales")]
    if site is not None and (site / "locales").is_dir():
        for path in sorted((site / "locales").glob("*.yaml")):
            with collecting(problems, path):
                sources.append((str(path), read_text(inside(site, path), str(path))))
    for name, text in sources:
        try:
            data = _read(name, text)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        code = str(data.get("code") or Path(name).stem)
        raw[code] = _merge(raw.get(code, {}), {**data, "code": code})
    if problems:
        raise ConfigError(problems)
    return {code: Locale(**{k: v for k, v in data.items() if k in _KEYS})
            for code, data in raw.items()}


def locale_for(locales: dict[str, Locale], code: str) -> Locale:
    """The locale of ``code`` (a bare default when neither shipped nor defined by the site)."""
    return locales.get(code) or locales.get(code.split("-")[0]) or Locale(code)
