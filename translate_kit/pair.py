"""Pair: group the site's pages into episodes by episode number."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .config import Config
from .discover import PageInfo, Problem


@dataclass(frozen=True)
class Episode:
    """One episode number: its source page (None for an orphan) and a page per language."""

    number: int
    source: PageInfo | None
    variants: dict[str, PageInfo] = field(default_factory=dict)
    duplicates: dict[str, tuple[PageInfo, ...]] = field(default_factory=dict)
    """Pages that claim an occupied slot, by language ('' for a second source)."""


def pair(pages: Iterable[PageInfo], languages: Iterable[str]) -> tuple[list[Episode],
                                                                       list[Problem]]:
    """Episodes sorted by number; a problem line for every page that loses a contested slot."""
    wanted = set(languages)
    sources: dict[int, list[PageInfo]] = {}
    variants: dict[tuple[int, str], list[PageInfo]] = {}
    for page in pages:
        if page.number is None:
            continue  # already reported by discovery: nothing to pair it by
        if page.role == "source":
            sources.setdefault(page.number, []).append(page)
        elif page.lang in wanted:
            variants.setdefault((page.number, page.lang), []).append(page)
    problems: list[Problem] = []
    numbers = sorted(set(sources) | {n for n, _ in variants})
    episodes = []
    for number in numbers:
        claimed = _rank(sources.get(number, []), number)
        duplicates: dict[str, tuple[PageInfo, ...]] = {}
        if len(claimed) > 1:
            duplicates[""] = tuple(claimed[1:])
            problems.extend(_duplicate(p, claimed[0], number) for p in claimed[1:])
        slots = {}
        for lang in sorted(wanted):
            pages_here = _rank(variants.get((number, lang), []), number)
            if pages_here:
                slots[lang] = pages_here[0]
            if len(pages_here) > 1:
                duplicates[lang] = tuple(pages_here[1:])
                problems.extend(_duplicate(p, pages_here[0], number) for p in pages_here[1:])
        episodes.append(Episode(number, claimed[0] if claimed else None, slots, duplicates))
    return episodes, problems


def _rank(pages: list[PageInfo], number: int) -> list[PageInfo]:
    """The page that keeps a slot: readable first, path agreeing with the number, then by path."""
    if len(pages) < 2:
        return pages
    return sorted(pages, key=lambda p: (not p.valid, "number-mismatch" in p.flags, p.path))


def _duplicate(page: PageInfo, kept: PageInfo, number: int) -> Problem:
    return Problem(page.path, f"duplicate: episode {number} ({page.lang}) is already "
                   f"{kept.path}; this file is not audited")


_VALUES = {"number": r"[^/]+?", "date": r"\d{4}-\d{2}-\d{2}", "slug": r"[^/]+?"}
_PARTS = re.compile(r"(\{\w+\}|\*\*/|\*\*|\*)")


def slot_path(config: Config, source: PageInfo, lang: str) -> str | None:
    """Where a new ``lang`` translation of ``source`` goes by the layout's variant pattern:
    the source's own number, date and slug put into it (None when the pattern needs a part the
    source's path does not give, such as a ``*``)."""
    if "{lang}" not in config.layout.variants:  # front-matter layouts: a sibling named for it
        stem, dot, ext = source.path.rpartition(".")
        return f"{stem}-{lang}.{ext}" if dot else f"{source.path}-{lang}"
    values = _path_values(config.layout.source.replace("{lang}", config.source_lang),
                          source.path)
    values.setdefault("number", str(source.number) if source.number is not None else "")
    values["lang"] = lang
    out = []
    for part in _PARTS.split(config.layout.variants):
        if part.startswith("{"):
            value = values.get(part[1:-1])
            if not value:
                return None
            out.append(value)
        elif "*" in part:
            return None
        else:
            out.append(part)
    return "".join(out)


def _path_values(pattern: str, path: str) -> dict[str, str]:
    """The number, date and slug a source's path gives under its pattern ({} if none)."""
    regex, seen = [], set()
    for part in _PARTS.split(pattern):
        name = part[1:-1] if part.startswith("{") else ""
        if name in _VALUES and name in seen:
            regex.append(f"(?P={name})")  # the same part twice must be the same text
        elif name in _VALUES:
            seen.add(name)
            regex.append(f"(?P<{name}>{_VALUES[name]})")
        else:
            regex.append({"**/": r"(?:.*/)?", "**": r".*", "*": r"[^/]*"}.get(
                part, r"[^/]+?" if name else re.escape(part)))
    match = re.fullmatch("".join(regex), path)
    return {k: v for k, v in match.groupdict().items() if v} if match else {}


def occupants(episodes: Iterable[Episode]) -> dict[str, PageInfo]:
    """Every page of the site by path, whichever episode it was paired with."""
    return {p.path: p for e in episodes for p in (
        e.source, *e.variants.values(), *(d for ds in e.duplicates.values() for d in ds))
        if p is not None}


def occupied_reason(page: PageInfo | None, number: int, lang: str) -> str:
    """Why the file at a missing slot's path is not episode ``number``'s translation (and is
    never drafted over)."""
    if page is None or not page.valid or page.number is None:
        return (f"this is where episode {number}'s {lang} page goes, but the file there is "
                "not a readable page of it; left alone (fix or move it)")
    return (f"this is where episode {number}'s {lang} page goes, but the file says it is "
            f"episode {page.number} ({page.lang}); left alone: fix its 'number:' or move it")
