"""Glossary of protected terms: kept verbatim, or rendered one fixed way per language.

Format (``glossary/*.yaml``)::

    terms:
      - term: Embracing Digital Transformation
        keep: true
      - term: generative AI
        translations: {fr: IA générative, de: generative KI}
        variants: [GenAI]          # other spellings matched as the same term
        case_sensitive: false      # default: true for kept terms, false otherwise
        whole_word: true           # default
        note: for translators

Shipped files are merged first, then the site's ``glossary/*.yaml`` and files its config names;
a later definition of the same term wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, TranslateKitError, collecting
from .sitefiles import inside, load_yaml_node, read_text, repository_of

_ALLOWED = {"term", "keep", "translations", "case_sensitive", "whole_word", "variants", "note"}


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    keep: bool = False
    translations: dict[str, str] = field(default_factory=dict)
    case_sensitive: bool = True
    whole_word: bool = True
    variants: tuple[str, ...] = ()
    note: str = ""
    origin: str = ""

    def rendering(self, lang: str | None) -> str | None:
        """The fixed text in ``lang`` (the term itself when kept); None when free to translate."""
        if self.keep:
            return self.term
        if lang is None:
            return None
        return self.translations.get(lang) or self.translations.get(lang.split("-")[0])


@dataclass(frozen=True)
class Glossary:
    """A merged set of terms with one compiled matcher."""

    terms: tuple[Term, ...] = ()

    def __post_init__(self) -> None:
        # Each term's spellings, lower-cased: a substring test rules most terms out cheaply
        # before the (much slower) regex with its word boundaries runs.
        needles = tuple(tuple({s.lower() for s in (t.term, *t.variants) if s})
                        for t in self.terms)
        object.__setattr__(self, "_needles", needles)
        object.__setattr__(self, "_patterns", {})

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """Non-overlapping occurrences of any term (longest first), as (start, end, term)."""
        lower = text.lower()
        needles: tuple[tuple[str, ...], ...] = self._needles  # type: ignore[attr-defined]
        present = tuple(i for i, spellings in enumerate(needles)
                        if any(s in lower for s in spellings))
        if not present:
            return []
        patterns: dict[tuple[int, ...], re.Pattern[str] | None] = \
            self._patterns  # type: ignore[attr-defined]
        if present not in patterns:
            patterns[present] = _compile([(i, self.terms[i]) for i in present])
        pattern = patterns[present]
        if pattern is None:
            return []
        return [(m.start(), m.end(), self.terms[int((m.lastgroup or "t0")[1:])])
                for m in pattern.finditer(text)]

    def merged(self, other: Glossary) -> Glossary:
        """This glossary with ``other``'s terms added; ``other`` wins for the same term."""
        keys = {t.term.casefold() for t in other.terms}
        kept = [t for t in self.terms if t.term.casefold() not in keys]
        return Glossary(tuple(kept) + other.terms)


def _compile(terms: Iterable[tuple[int, Term]]) -> re.Pattern[str] | None:
    parts = []
    for index, term in terms:
        spellings = sorted({term.term, *term.variants}, key=len, reverse=True)
        alternatives = "|".join(re.escape(s) for s in spellings if s)
        if not alternatives:
            continue
        body = f"(?:{alternatives})"
        if term.whole_word:
            body = rf"(?<![\w-]){body}(?![\w-])"
        if not term.case_sensitive:
            body = f"(?i:{body})"
        parts.append((max(len(s) for s in spellings), f"(?P<t{index}>{body})"))
    if not parts:
        return None
    parts.sort(key=lambda p: p[0], reverse=True)  # longest terms win at the same position
    return re.compile("|".join(p for _, p in parts))


def load_glossary_file(path: Path | str, text: str | None = None) -> Glossary:
    """Read and validate one glossary file; ConfigError lists every problem with its line."""
    name = str(path)
    if text is None:
        text = read_text(Path(path), name)
    problems: list[TranslateKitError] = []
    root, data = load_yaml_node(text, name)
    data = data or {}
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError([TranslateKitError("expected a top-level 'terms:' list", name, 1)])
    lines = _entry_lines(root)
    terms = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else None
        term = _term(entry, name, line, problems)
        if term is not None:
            terms.append(term)
    if problems:
        raise ConfigError(problems)
    return Glossary(tuple(terms))


def _entry_lines(root: yaml.Node | None) -> list[int]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "terms" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _term(entry: Any, name: str, line: int | None,
          problems: list[TranslateKitError]) -> Term | None:
    def problem(message: str) -> None:
        problems.append(TranslateKitError(message, name, line))

    if not isinstance(entry, dict):
        problem("each entry of 'terms' must be a mapping with a 'term' key")
        return None
    unknown = sorted(set(entry) - _ALLOWED)
    if unknown:
        problem(f"unknown key(s) {', '.join(map(str, unknown))}; allowed: "
                f"{', '.join(sorted(_ALLOWED))}")
    term = entry.get("term")
    if not isinstance(term, str) or not term.strip():
        problem("'term' must be a non-empty string")
        return None
    keep = entry.get("keep", False)
    translations = entry.get("translations") or {}
    if not isinstance(keep, bool):
        problem(f"'keep' of {term!r} must be true or false")
    if not isinstance(translations, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in translations.items()):
        problem(f"'translations' of {term!r} must map language codes to text")
        translations = {}
    if keep and translations:
        problem(f"{term!r} has both 'keep: true' and 'translations'; choose one")
    if not keep and not translations:
        problem(f"{term!r} needs 'keep: true' or 'translations'")
    variants = entry.get("variants") or []
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        problem(f"'variants' of {term!r} must be a list of strings")
        variants = []
    flags = {k: entry.get(k, keep if k == "case_sensitive" else True)
             for k in ("case_sensitive", "whole_word")}
    for key, flag in flags.items():
        if not isinstance(flag, bool):
            problem(f"'{key}' of {term!r} must be true or false")
    return Term(term=term, keep=bool(keep), translations=dict(translations),
                case_sensitive=bool(flags["case_sensitive"]), whole_word=bool(flags["whole_word"]),
                variants=tuple(variants), note=str(entry.get("note") or ""), origin=name)


def shipped_files(kind: str) -> list[Traversable]:
    """YAML files shipped with translate-kit: ``kind`` is 'glossary' or 'locales'.

    Installed, they are package data; in a source checkout they are the top-level folders.
    """
    try:
        folder: Traversable = resources.files(f"translate_kit.shipped_{kind}")
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent.parent / kind
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")),
                  key=lambda f: f.name)


def shipped_glossary() -> Glossary:
    """The glossary files that ship with translate-kit."""
    merged = Glossary()
    for item in shipped_files("glossary"):
        merged = merged.merged(load_glossary_file(item.name, item.read_text("utf-8")))
    return merged


def load_glossary(site: Path | None = None, extra: Iterable[Path] = (),
                  include_shipped: bool = True) -> Glossary:
    """Shipped terms, then the site's ``glossary/*.yaml``, then ``extra`` files (later wins)."""
    merged = shipped_glossary() if include_shipped else Glossary()
    files = sorted((site / "glossary").glob("*.yaml")) if site else []
    problems: list[TranslateKitError] = []
    repo = repository_of(site) if site else None
    for path in [*files, *extra]:
        with collecting(problems, path):
            if repo is not None:  # a symlink in glossary/ must not read /etc or $HOME
                inside(repo, path.absolute(), "the repository")
            merged = merged.merged(load_glossary_file(path))
    if problems:
        raise ConfigError(problems)
    return merged
