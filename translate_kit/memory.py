"""Translation memory: the site's own existing translations, aligned with their sources.

Exact matches from trusted translations (reviewed, drafts, unchanged parts of stale ones) are
reused as they are; close matches (rapidfuzz) are offered in review sheets. Pairs come from
``align``: a translation whose structure a translator changed still teaches its confident 1:1
links. A stale translation is paired with the source it was made from (the snapshot in
``.translate-kit/sources``), so the previous translation of a changed paragraph is offered.

Fuzzy lookups never scan the memory: an inverted index of words finds the candidates that
share a word with the query, a length window rules out those that cannot reach the cut-off,
and rapidfuzz scores only what is left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .align import align
from .segment import SegmentedPage

TRUSTED = ("current", "draft", "stale")
_EXACT_CONFIDENCE = 0.6  # a link this sure may put a translation into a page unseen
_OFFER_CONFIDENCE = 0.4  # enough to show a reviewer as a suggestion
_WORD = re.compile(r"\w{4,}")
_COMMON = 3000  # a word in more entries than this narrows nothing


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
class _Index:
    """One language's fuzzy entries: sources, their matches, and a word index over them."""

    sources: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    words: dict[str, list[int]] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)

    def add(self, source: str, match: Match) -> None:
        known = self.seen.get(source)
        if known is not None:  # one entry per source text; a trusted one wins
            if match.trusted and not self.matches[known].trusted:
                self.matches[known] = match
            return
        index = len(self.sources)
        self.seen[source] = index
        self.sources.append(source)
        self.matches.append(match)
        for word in set(_WORD.findall(source.lower())):
            self.words.setdefault(word, []).append(index)

    def candidates(self, query: str, cutoff: float) -> list[int]:
        """Entries that share a word with ``query`` and whose length allows ``cutoff``."""
        found: set[int] = set()
        lists = sorted((self.words.get(w, []) for w in set(_WORD.findall(query.lower()))),
                       key=len)
        for postings in lists:
            if postings and (not found or len(postings) <= _COMMON):  # the rarest always
                found.update(postings)
        # fuzz.ratio = 2·common / (len a + len b): lengths far apart cannot reach the cut-off.
        low = len(query) * cutoff / (200 - cutoff) if cutoff < 200 else 0
        high = len(query) * (200 / cutoff - 1) if cutoff > 0 else float("inf")
        return [i for i in found if low <= len(self.sources[i]) <= high]


@dataclass
class Memory:
    """Exact and fuzzy lookups of source segments, per target language."""

    exact_entries: dict[tuple[str, str], Match] = field(default_factory=dict)
    indexes: dict[str, _Index] = field(default_factory=dict)

    def add(self, lang: str, source_plain: str, match: Match, exact: bool = True) -> None:
        """Remember a translation of ``source_plain``; ``exact=False`` only offers it."""
        key = (lang, source_plain)
        known = self.exact_entries.get(key)
        if exact and (known is None or (match.trusted and not known.trusted)):
            self.exact_entries[key] = match
        self.indexes.setdefault(lang, _Index()).add(source_plain, match)

    def exact(self, lang: str, source_plain: str) -> Match | None:
        """A trusted translation of exactly this text (normalised whitespace)."""
        match = self.exact_entries.get((lang, source_plain))
        return match if match is not None and match.trusted else None

    def fuzzy(self, lang: str, source_plain: str, cutoff: float) -> Match | None:
        """The closest translation of a similar text, at least ``cutoff`` % alike."""
        index = self.indexes.get(lang)
        if index is None:
            return None
        ids = index.candidates(source_plain, cutoff)
        if not ids:
            return None
        found = process.extractOne(source_plain, [index.sources[i] for i in ids],
                                   scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        _, score, position = found
        match = index.matches[ids[position]]
        return Match(match.text, match.plain, match.source, match.path, round(score, 1),
                     match.trusted)

    def __len__(self) -> int:
        return len(self.exact_entries)


def kinds(ids: Iterable[str]) -> list[str]:
    """The kind part of segment ids ('p', 'h', 'fm.title', …)."""
    return [i.split(":", 1)[0] for i in ids]


def aligned(source_ids: list[str], variant: SegmentedPage) -> bool:
    """True when a translation has the same sequence of segment kinds as a source."""
    return kinds(source_ids) == kinds(variant.ids)


def learn(memory: Memory, lang: str, path: str, source: SegmentedPage,
          recorded_ids: list[str] | None, variant: SegmentedPage, trusted: bool,
          old: SegmentedPage | None = None) -> int:
    """Add a translation's confidently aligned segments to memory; returns the pairs added.

    ``old`` is the source the translation was made from (its snapshot): every link teaches,
    changed paragraphs included, as old-source/translation pairs. Without it, ``recorded_ids``
    (from the lock) limit the pairs to segments whose source is unchanged.
    """
    base = old if old is not None else source
    unchanged = set(recorded_ids) if recorded_ids is not None and old is None else None
    added = 0
    for link in align(base, variant).links:
        if len(link.source) != 1 or len(link.target) != 1:
            continue
        original, translated = base.segments[link.source[0]], variant.segments[link.target[0]]
        if unchanged is not None and original.id not in unchanged:
            continue
        if link.confidence < _OFFER_CONFIDENCE or translated.plain == original.plain:
            continue  # a guess, or never translated
        memory.add(lang, original.plain, Match(translated.source, translated.plain,
                                               original.plain, path, 100.0, trusted),
                   exact=link.confidence >= _EXACT_CONFIDENCE)
        added += 1
    return added
