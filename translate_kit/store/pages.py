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
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING

from ..config import Config
from ..discover import Candidate, PageInfo, Problem, find_candidates, read_page
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
    """The site's pages as PageInfo, read once and cached by (path, size, mtime, ctime)."""

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
        self._texts: dict[str, str] = {}  # pages read whose similarity is still to compute

    def scan(self, found: tuple[list[Candidate], list[Problem]] | None = None) -> tuple[
            list[PageInfo], list[Problem]]:
        """All pages of the site, read or taken from the cache, and the problems met."""
        self.cache.load()
        candidates, problems = found or find_candidates(self.config)
        problems = list(problems)
        known = {c.path: self.cache.fresh(c) for c in candidates}
        fresh = self._read_all(candidates, {c.path for c in candidates if known[c.path] is None})
        infos = []
        for candidate in candidates:
            info = fresh.get(candidate.path) or known[candidate.path]
            assert info is not None
            if info.error is not None:
                problems.append(info.error)
            infos.append(info)
        self.cache.forget({c.path for c in candidates})
        return infos, problems

    def _read_all(self, candidates: list[Candidate], stale: set[str]) -> dict[str, PageInfo]:
        """Read the ``stale`` pages, on every core when there are many (a cold start of a large
        site). Workers read an episode's pages together and score them against each other
        there, so the pages' text never travels back to this process."""
        workers = min(os.cpu_count() or 1, 8)
        cutoff = self.config.untranslated_threshold
        if len(stale) >= PARALLEL_FROM and workers > 1:
            tasks = _tasks(candidates, stale)
            chunk = max(8, len(tasks) // (workers * 16))
            with ProcessPoolExecutor(workers, mp_context=_fork_context()) as pool:
                done = list(pool.map(read_pages, repeat(self.config), tasks, repeat(cutoff),
                                     chunksize=chunk))
        else:
            done = [read_pages(self.config, (False, (c,)), cutoff)
                    for c in candidates if c.path in stale]
        infos = [info for reading in done for info in reading.infos]
        for reading in done:
            self._texts.update(reading.texts)
            self.cache.scores.update(reading.scores)
            self.cache.dirty = self.cache.dirty or bool(reading.scores)
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
            scores[key] = page_similarity(self._words(source), self._words(variant),
                                          self.config.untranslated_threshold)
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
        plain = self._texts.pop(info.path, None)
        if plain is None:  # read in an earlier run, or by a worker that scored it already
            plain = read_page(self.config, Candidate(info.path, info.role, info.lang,
                                                     None))[1] or ""
        words = plain.split()
        if info.role == "source":
            self._split = {info.digest: words}
        return words

    def save(self) -> None:
        """Write the page cache if anything changed (failure only costs speed)."""
        self.cache.save()


Task = tuple[bool, tuple[Candidate, ...]]
"""Pages a worker reads together: (scored together, the pages)."""


def _tasks(candidates: list[Candidate], stale: set[str]) -> list[Task]:
    """The stale pages as worker tasks: the pages whose path gives the same episode number,
    when all of them are to be read, go together (scored there); any other page alone, its
    text kept for the audit to score."""
    groups: dict[str, list[Candidate]] = {}
    tasks: list[Task] = []
    for candidate in candidates:
        if candidate.path_number is None:
            if candidate.path in stale:
                tasks.append((False, (candidate,)))
        else:
            groups.setdefault(candidate.path_number, []).append(candidate)
    for group in groups.values():
        if all(c.path in stale for c in group):
            tasks.append((True, tuple(group)))
        else:
            tasks.extend((False, (c,)) for c in group if c.path in stale)
    return tasks


@dataclass(frozen=True)
class Reading:
    """What a worker's task gave: the pages, the text of those it could not score (for the
    audit to score), and the scores (by source and translation digests) it could."""

    infos: list[PageInfo]
    texts: dict[str, str]
    scores: dict[tuple[str, str], float]


def read_pages(config: Config, task: Task, cutoff: float) -> Reading:
    """A worker's task: the pages read and, when they go together, every source scored against
    every translation of the same episode; the text of a page is kept when it goes alone or
    its own number differs from its path's (its partners are in another task)."""
    together, candidates = task
    read = [read_page(config, c) for c in candidates]
    infos = [info for info, _ in read]
    if not together:
        return Reading(infos, {i.path: text for i, text in read if text is not None}, {})
    words = {i.path: text.split() for i, text in read
             if text is not None and i.number is not None}
    valid = [i for i in infos if i.path in words]
    scores = {(s.digest, v.digest): page_similarity(words[s.path], words[v.path], cutoff)
              for s in valid if s.role == "source"
              for v in valid if v.role == "variant" and v.number == s.number}
    texts = {i.path: text for i, text in read if text is not None and "number-mismatch" in i.flags}
    return Reading(infos, texts, scores)


def page_similarity(source: list[str], variant: list[str], cutoff: float) -> float:
    """The untranslated score of a translation's words against its source's (0 for a source
    too short to tell)."""
    return word_similarity(source, variant, cutoff) if len(source) >= MIN_SIMILARITY_WORDS else 0.0


def _fork_context() -> multiprocessing.context.BaseContext | None:
    # fork starts workers in milliseconds; where it does not exist, the default is used.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else None
