"""The site's translation memory, learned only as far as a run needs it.

A run drafting a few pages should not segment and align every translation of a large site.
The pages being re-drafted teach first (their translation against the source snapshot it was
made from: the previous translation of each edited paragraph). Other pages are learned only
when one of their source segments has exactly the text a job needs: the lock and page cache
already know every source's segment ids (hashes of their text), so finding those pages costs
a dictionary look-up, not a scan.
"""

from __future__ import annotations

from collections.abc import Callable

from ..audit import EpisodeStatus
from ..memory import TRUSTED, Match, Memory, learn
from ..segment import SegmentedPage
from ..site import Site


def _digest(segment_id: str) -> str:
    """The text hash of a segment id ('p:3fa2…#2' → '3fa2…'): the same text, any kind."""
    return segment_id.split(":", 1)[-1].split("#", 1)[0]


class SiteMemory:
    """Exact and fuzzy look-ups over the site's translations, learned lazily."""

    def __init__(self, site: Site, pages: Callable[[str], SegmentedPage]):
        self.site, self.pages = site, pages
        self.memory = Memory()
        self._owners: dict[str, set[int]] | None = None
        self._episodes = {e.number: e for e in site.report.episodes}
        self._learned: set[tuple[int, str]] = set()

    def learn_own(self, number: int, lang: str, path: str, source: SegmentedPage,
                  variant: SegmentedPage, recorded: list[str] | None,
                  old: SegmentedPage | None) -> None:
        """Learn a page being re-drafted: against its recorded source when known."""
        self._learned.add((number, lang))
        if recorded is not None:
            learn(self.memory, lang, path, source, recorded, variant, True, old=old)

    def exact(self, lang: str, plain: str, segment_id: str | None = None,
              episode: int | None = None) -> Match | None:
        """A trusted translation of exactly this text, from any page of the site (other than
        ``episode``'s own, whose source holds the text already)."""
        found = self.memory.exact(lang, plain)
        if found is not None or segment_id is None:
            return found
        for number in sorted(self._owners_of(segment_id) - {episode}):
            self._learn_page(number, lang)
        return self.memory.exact(lang, plain)

    def fuzzy(self, lang: str, plain: str, cutoff: float) -> Match | None:
        """The closest translation of a similar text among the pages learned so far."""
        return self.memory.fuzzy(lang, plain, cutoff)

    def _owners_of(self, segment_id: str) -> set[int]:
        if self._owners is None:
            self._owners = {}
            source_lang = self.site.config.source_lang
            for number in self._episodes:
                info = self.site.page(number, source_lang)
                if info is None or not info.valid:
                    continue
                for sid in self.site.store.segment_ids(info):
                    self._owners.setdefault(_digest(sid), set()).add(number)
        return self._owners.get(_digest(segment_id), set())

    def _learn_page(self, number: int, lang: str) -> None:
        if (number, lang) in self._learned:
            return
        self._learned.add((number, lang))
        episode: EpisodeStatus | None = self._episodes.get(number)
        variant = episode.variant(lang) if episode is not None else None
        if episode is None or episode.source is None or variant is None or (
                variant.path is None or variant.status not in (*TRUSTED, "unknown")):
            return
        record = self.site.records.get(variant.path)
        trusted = variant.status in TRUSTED and record is not None
        learn(self.memory, lang, variant.path, self.pages(episode.source),
              list(record.segments) if trusted and record else None, self.pages(variant.path),
              trusted)
