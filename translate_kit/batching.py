"""What the translate stage sends: units (one text for one language, with its page's
context), packed into batches of one language and page, the context each batch carries, and
the form in which an engine sees a unit (fixed renderings as words for engines that keep a
glossary themselves)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .engines import Context, Engine, GlossaryEntry
from .glossary import Glossary
from .protect import Masked


@dataclass(frozen=True)
class Episode:
    """The page a unit comes from, as context for the engine (source language)."""

    title: str = ""
    summary: str = ""


@dataclass(frozen=True)
class Style:
    """A target language's name and style, from its locale (and the config)."""

    name: str = ""
    formality: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    """One text to translate into one language (engine codes resolved)."""

    lang: str
    source_code: str
    target_code: str
    masked: Masked
    episode: Episode | None = None
    page: str | None = None
    """The page it belongs to (for progress: pages done)."""

    @property
    def key(self) -> tuple[str, str]:
        return self.lang, self.masked.text


_Group = tuple[str, str, str, Episode | None]


def pack(todo: list[Unit], engine: Engine, length: Callable[[Unit], int]) -> list[list[Unit]]:
    """Units of one language and page together, packed to the engine's batch limits."""
    groups: dict[_Group, list[Unit]] = {}
    for unit in todo:
        groups.setdefault((unit.lang, unit.source_code, unit.target_code, unit.episode),
                          []).append(unit)
    size = max(1, engine.batch_size)
    batches = []
    for members in groups.values():
        current: list[Unit] = []
        chars = 0
        for unit in members:
            count = length(unit)
            if current and (len(current) >= size or chars + count > engine.batch_chars):
                batches.append(current)
                current, chars = [], 0
            current.append(unit)
            chars += count
        if current:
            batches.append(current)
    return batches


def sent_form(unit: Unit, engine_glossary: bool) -> Masked:
    """The unit as the engine sees it: for engines that apply a glossary themselves, the
    fixed renderings go as the source's words (the glossary renders them), not tokens."""
    masked = unit.masked
    if not engine_glossary or not any(t.term is not None and not t.term.keep
                                      for t in masked.tokens):
        return masked
    inline = {t.placeholder: t.source for t in masked.tokens
              if t.term is not None and not t.term.keep and t.term.rendering(unit.lang)}
    text = masked.text
    for placeholder, source in inline.items():
        text = text.replace(placeholder, source)
    return Masked(text, tuple(t for t in masked.tokens if t.placeholder not in inline))


def pair_entries(glossary: Glossary | None, lang: str,
                 todo: list[Unit]) -> tuple[GlossaryEntry, ...]:
    """Every fixed rendering into ``lang`` (the whole glossary when known, else the terms
    this run meets), for engines that keep a glossary per language pair."""
    terms = list(glossary.terms) if glossary is not None else [
        t.term for u in todo if u.lang == lang for t in u.masked.tokens if t.term]
    entries: dict[str, GlossaryEntry] = {}
    for term in terms:
        rendering = None if term.keep else term.rendering(lang)
        if rendering:
            for spelling in (term.term, *term.variants):
                entries.setdefault(spelling, GlossaryEntry(spelling, rendering))
    return tuple(entries[k] for k in sorted(entries))


def context_for(units: Sequence[Unit], style: Style, source_name: str,
                pair_glossary: tuple[GlossaryEntry, ...]) -> Context:
    """The context of one batch: its languages, page, the glossary entries it contains."""
    first = units[0]
    seen: dict[str, GlossaryEntry] = {}
    for unit in units:
        for token in unit.masked.tokens:
            if token.term is not None and token.source not in seen:
                rendering = None if token.term.keep else token.term.rendering(unit.lang)
                seen[token.source] = GlossaryEntry(token.source, rendering, token.term.note)
    episode = first.episode or Episode()
    return Context(first.source_code, first.target_code, source_name, style.name,
                   episode.title, episode.summary, tuple(seen.values()), pair_glossary,
                   style.formality, style.notes)


def kept_terms(masked: Masked) -> tuple[tuple[str, str], ...]:
    """(placeholder, term) for the kept terms among the unit's tokens."""
    return tuple((t.placeholder, t.source) for t in masked.tokens
                 if t.term is not None and t.term.keep)
