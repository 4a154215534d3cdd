"""Reading pages for the audit, and the facts the audit asks about them (segment ids,
similarity, front-matter drift, QA findings), each computed once and kept in the page cache.

Reading a page is cheap (bytes, hash, front matter, plain text). Segmenting it is not, so
segment ids are computed only when asked for (a source whose hash differs from its lock
record). Similarity, drift and findings are cached by both pages' hashes.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from typing import TYPE_CHECKING

from ..config import Config
from ..discover import Candidate, PageInfo, Problem, find_candidates, read_info
from ..findings import Finding, with_severities
from ..glossary import Glossary
from ..locales import Locale
from ..similarity import word_similarity

if TYPE_CHECKING:
    from ..segment import Policy, SegmentedPage
from ..values import drifted_fields
from .page_cache import PageCache

PARALLEL_FROM = 400
"""Pages to read before the work is spread over processes (below it, start-up costs more)."""
MIN_SIMILARITY_WORDS = 8
"""Sources with fewer words than this are never called 'untranslated'."""


class PageStore:
    """The site's pages as PageInfo, read once and cached by (path, size, mtime)."""

    def __init__(self, config: Config, use_cache: bool = True,
                 glossary: Glossary | None = None, glossary_key: str = "",
                 locales: Mapping[str, Locale] | None = None):
        self.config = config
        self.locales = locales
        self.glossary = glossary
        self.glossary_key = glossary_key
        self.cache = PageCache(config, use_cache)
        self._segmented: dict[str, SegmentedPage] = {}
        self._split: dict[str, list[str]] = {}

    def scan(self, found: tuple[list[Candidate], list[Problem]] | None = None) -> tuple[
            list[PageInfo], list[Problem]]:
        """All pages of the site, read or taken from the cache, and the problems met."""
        self.cache.load()
        candidates, problems = found or find_candidates(self.config)
        problems = list(problems)
        known = {c.path: self.cache.fresh(c.path, c.size, c.mtime_ns) for c in candidates}
        fresh = self._read_all([c for c in candidates if known[c.path] is None])
        infos = []
        for candidate in candidates:
            info = fresh.get(candidate.path) or known[candidate.path]
            assert info is not None
            if info.error is not None:
                problems.append(info.error)
            infos.append(info)
        self.cache.forget({c.path for c in candidates})
        return infos, problems

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
                self.cache.put(info)
        return {info.path: info for info in infos}

    def segment_ids(self, info: PageInfo) -> tuple[str, ...]:
        """The page's segment ids (computed on first use, then cached by content hash)."""
        self.cache.load()
        ids = self.cache.ids
        if info.digest not in ids:
            # The segmenter (and Markdown parser) only when a page needs segmenting: a warm
            # status never does.
            from ..segment import Policy, segment_page

            text = self.config.read_text(info.path)
            policy = Policy(self.config.translate_fields, renderer=self.config.renderer)
            ids[info.digest] = tuple(segment_page(text, policy).ids)
            self.cache.dirty = True
        return ids[info.digest]

    def similarity(self, source: PageInfo, variant: PageInfo) -> float:
        """rapidfuzz ratio (0-100) of the pages' words; 0 below the untranslated threshold."""
        key = (source.digest, variant.digest)
        scores = self.cache.scores
        if key not in scores:
            # Word-level: a translation shares names and numbers but few words in sequence.
            src, var = self._words(source), self._words(variant)
            cutoff = self.config.untranslated_threshold
            scores[key] = (word_similarity(src, var, cutoff)
                           if len(src) >= MIN_SIMILARITY_WORDS else 0.0)
            self.cache.dirty = True
        return scores[key]

    def drift(self, source: PageInfo, variant: PageInfo) -> tuple[str, ...]:
        """Copied front-matter fields whose meaning differs (cached by both hashes)."""
        key = (source.digest, variant.digest)
        drifts = self.cache.drifts
        if key not in drifts:
            drifts[key] = drifted_fields(source.fields, variant.fields)
            self.cache.dirty = True
        return drifts[key]

    def qa(self, source: PageInfo, variant: PageInfo) -> tuple[Finding, ...]:
        """QA findings for a translation against its source (cached by both hashes and the
        glossary and locales), at the site's severities."""
        self.cache.load()
        key = (source.digest, variant.digest, self.glossary_key)
        findings = self.cache.findings
        from ..qa import check_page
        from ..segment import Policy

        if key not in findings:
            policy = Policy(self.config.translate_fields, self.glossary,
                            renderer=self.config.renderer)
            found = check_page(variant.path, self._segments(source, policy),
                               self._segments(variant, policy), variant.lang, self.glossary,
                               self.config.source_lang, self.locales)
            findings[key] = tuple(found)
            self.cache.dirty = True
        # After the cache: a change of severity needs no new QA run.
        return tuple(with_severities(findings[key], dict(self.config.qa_severity)))

    def _segments(self, info: PageInfo, policy: Policy) -> SegmentedPage:
        # A source is checked against each of its variants in turn: keep the last one.
        if info.digest not in self._segmented:
            text = self.config.read_text(info.path)
            if info.role == "source":
                self._segmented = {}
            from ..segment import segment_page

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

    def save(self) -> None:
        """Write the page cache if anything changed (failure only costs speed)."""
        self.cache.save()


def _fork_context() -> multiprocessing.context.BaseContext | None:
    # fork starts workers in milliseconds; where it does not exist, the default is used.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else None
