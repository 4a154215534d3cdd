"""Translation memory: the site's own existing translations, aligned with their sources by
structure. Exact matches from trusted translations (reviewed, drafts, unchanged parts of stale
ones) are reused as they are; close matches (rapidfuzz) are offered in review sheets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .segment import SegmentedPage

TRUSTED = ("current", "draft", "stale")


@dataclass(frozen=True)
class Match:
    """A translation found in memory for a source segment."""

    text: str
    """The translation as it stands in its page (markup included)."""
    plain: str
    """The translation as one line, for display."""
    source: str
    """The source text it translates."""
    path: str
    score: float
    trusted: bool


@dataclass
class Memory:
    """Exact and fuzzy lookups of source segments, per target language."""

    exact_entries: dict[tuple[str, str], Match] = field(default_factory=dict)
    fuzzy_sources: dict[str, list[str]] = field(default_factory=dict)
    fuzzy_matches: dict[str, list[Match]] = field(default_factory=dict)

    def add(self, lang: str, source_plain: str, match: Match) -> None:
        key = (lang, source_plain)
        known = self.exact_entries.get(key)
        if known is None or (match.trusted and not known.trusted):
            self.exact_entries[key] = match
        self.fuzzy_sources.setdefault(lang, []).append(source_plain)
        self.fuzzy_matches.setdefault(lang, []).append(match)

    def exact(self, lang: str, source_plain: str) -> Match | None:
        """A trusted translation of exactly this text (normalised whitespace)."""
        match = self.exact_entries.get((lang, source_plain))
        return match if match is not None and match.trusted else None

    def fuzzy(self, lang: str, source_plain: str, cutoff: float) -> Match | None:
        """The closest translation of a similar text, at least ``cutoff`` % alike."""
        choices = self.fuzzy_sources.get(lang)
        if not choices:
            return None
        found = process.extractOne(source_plain, choices, scorer=fuzz.ratio,
                                   score_cutoff=cutoff)
        if found is None:
            return None
        _, score, index = found
        match = self.fuzzy_matches[lang][index]
        return Match(match.text, match.plain, match.source, match.path, round(score, 1),
                     match.trusted)

    def __len__(self) -> int:
        return len(self.exact_entries)


def kinds(ids: Iterable[str]) -> list[str]:
    """The kind part of segment ids ('p', 'h', 'fm.title', …): what structure alignment uses."""
    return [i.split(":", 1)[0] for i in ids]


def aligned(source_ids: list[str], variant: SegmentedPage) -> bool:
    """True when a translation has the same sequence of segment kinds as a source."""
    return kinds(source_ids) == kinds(variant.ids)


def learn(memory: Memory, lang: str, path: str, source: SegmentedPage,
          recorded_ids: list[str] | None, variant: SegmentedPage, trusted: bool) -> int:
    """Add a translation's segments to memory when it lines up with its source; returns the
    number of pairs added. With ``recorded_ids`` (from the lock) only the segments whose source
    is unchanged are paired."""
    ids = recorded_ids if recorded_ids is not None else source.ids
    if not aligned(ids, variant):
        return 0
    by_id = {s.id: s for s in source.segments}
    added = 0
    for sid, translated in zip(ids, variant.segments, strict=True):
        original = by_id.get(sid)
        if original is None or translated.plain == original.plain:
            continue  # changed since, or never translated
        memory.add(lang, original.plain, Match(translated.source, translated.plain,
                                               original.plain, path, 100.0, trusted))
        added += 1
    return added
