"""Plan a draft run: the gaps to fill (missing and stale pages, and more when forced), and for
each a Job: the segments to send, and what is already known (unchanged human text, interface
strings, the site's translation memory, the site's own front-matter conventions)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..config import Config
from ..discover import PageInfo, compile_pattern
from ..errors import UsageError
from ..locales import Locale, locale_for
from ..lock import Record
from ..memory import TRUSTED, Match, Memory, aligned, learn
from ..page import read_page
from ..segment import Policy, Segment, SegmentedPage, segment_page
from ..site import Site, narrow

SYNC_STATUSES = ("missing", "stale")
FORCE_SYNC = ("untranslated",)
FORCE_DRAFT = ("untranslated", "unknown", "current", "draft")


@dataclass(frozen=True)
class Gap:
    """One (episode, language) to draft."""

    number: int
    lang: str
    status: str
    source: PageInfo
    path: str
    """Where the translation lives (or will)."""
    record: Record | None = None


@dataclass
class Job:
    """A gap prepared for translation: the segments to send and what is already known."""

    gap: Gap
    mode: str
    """new, incremental, or review (the translation no longer lines up with its source)."""
    source: SegmentedPage
    locale: Locale
    variant_text: str | None = None
    keep: dict[str, str] = field(default_factory=dict)
    memory: dict[str, Match] = field(default_factory=dict)
    ui: dict[str, str] = field(default_factory=dict)
    todo: list[Segment] = field(default_factory=list)
    suggestions: dict[str, Match] = field(default_factory=dict)
    reason: str = ""
    policy: Policy = field(default_factory=Policy)
    conventions: dict[str, str] = field(default_factory=dict)
    """Front-matter values this site's pages in the language agree on (parent: Folgen)."""


def wanted_statuses(force: bool, sync: bool) -> set[str]:
    """The statuses a run drafts: missing and stale; more with ``--force``."""
    return set(SYNC_STATUSES) | (set(FORCE_SYNC if sync else FORCE_DRAFT) if force else set())


def find_gaps(site: Site, langs: Iterable[str], numbers: Iterable[int],
              wanted: set[str]) -> list[Gap]:
    """The gaps to fill, in episode and language order."""
    report = narrow(site.report, langs, numbers)
    gaps = []
    for episode in report.episodes:
        source = site.page(episode.number, site.config.source_lang)
        if source is None or not source.valid:
            continue
        for variant in episode.variants:
            if variant.status not in wanted:
                continue
            path = variant.path or variant_path(site.config, source, variant.lang)
            if path is None:
                raise UsageError(f"cannot name a new {variant.lang} page for {source.path} from "
                                 f"layout.variants '{site.config.layout.variants}'")
            record = site.records.get(path) if variant.status == "stale" else None
            status = variant.status if variant.status in ("missing", "stale") else "redraft"
            gaps.append(Gap(episode.number, variant.lang, status, source, path, record))
    return gaps


def variant_path(config: Config, source: PageInfo, lang: str) -> str | None:
    """Where a new translation of ``source`` goes, by the layout's variant pattern."""
    pattern = config.layout.variants
    langs = (*config.languages, config.source_lang)
    match = compile_pattern(config.layout.source.replace("{lang}", config.source_lang),
                            langs).fullmatch(source.path)
    groups = match.groupdict() if match else {}
    if "{lang}" not in pattern:  # front-matter layouts: a sibling file named for the language
        stem, dot, ext = source.path.rpartition(".")
        return f"{stem}-{lang}.{ext}" if dot else f"{source.path}-{lang}"
    values = {"lang": lang, "number": groups.get("number") or str(source.number),
              "date": groups.get("date"), "slug": groups.get("slug")}
    out = []
    for part in re.split(r"(\{\w+\}|\*\*/|\*\*|\*)", pattern):
        if part.startswith("{"):
            value = values.get(part[1:-1])
            if value is None:
                return None
            out.append(value)
        elif "*" in part:
            return None
        else:
            out.append(part)
    return "".join(out)


def prepare_jobs(site: Site, gaps: list[Gap], policy: Policy,
                 locales: dict[str, Locale]) -> list[Job]:
    """A Job for every gap, with the memory and conventions of the site's pages."""
    config = site.config
    pages = Segmented(config, policy)  # memory and jobs segment the same pages: once each
    langs = {g.lang for g in gaps}
    memory = build_memory(site, langs, pages) if gaps else Memory()
    conventions = {lang: site_conventions(site, lang, locale_for(locales, lang).front_matter)
                   for lang in langs}
    return [prepare(g, pages(g.source.path), pages(g.path) if g.status != "missing" else None,
                    policy, locale_for(locales, g.lang), memory, config.memory_threshold,
                    conventions[g.lang])
            for g in gaps]


def prepare(gap: Gap, source: SegmentedPage, variant: SegmentedPage | None, policy: Policy,
            locale: Locale, memory: Memory, fuzzy_cutoff: float,
            conventions: dict[str, str] | None = None) -> Job:
    """What a gap needs: new drafts need everything; incremental ones only changed segments.
    ``source`` and ``variant`` are the pages segmented with ``policy``."""
    job = Job(gap, "new", source, locale, variant.text if variant else None, policy=policy,
              conventions=dict(conventions or {}))
    wanted = list(source.segments)
    if gap.status == "stale" and gap.record is not None and variant is not None:
        recorded = list(gap.record.segments)
        if aligned(recorded, variant):
            job.mode = "incremental"
            kept = dict(zip(recorded, variant.segments, strict=True))
            job.keep = {s.id: kept[s.id].source for s in source.segments if s.id in kept}
            wanted = [s for s in source.segments if s.id not in job.keep]
        else:
            job.mode = "review"
            job.reason = (f"the translation has {len(variant.segments)} segments where its "
                          f"recorded source had {len(recorded)}: structure no longer lines up")
    for segment in wanted:
        ui = locale.ui.get(segment.plain)
        if ui is not None and segment.kind in ("html", "heading", "paragraph"):
            job.ui[segment.id] = ui
            continue
        found = memory.exact(gap.lang, segment.plain)
        if found is not None:
            job.memory[segment.id] = found
            continue
        job.todo.append(segment)
        close = memory.fuzzy(gap.lang, segment.plain, fuzzy_cutoff) if fuzzy_cutoff else None
        if close is not None:
            job.suggestions[segment.id] = close
    return job


def site_conventions(site: Site, lang: str, keys: Iterable[str], sample: int = 50) -> dict[
        str, str]:
    """For each key, the value most of the site's existing pages in ``lang`` use (a sample),
    so new pages follow the site rather than the shipped locale."""
    wanted = set(keys)
    counts: dict[str, Counter[str]] = {key: Counter() for key in wanted}
    pages = [e.variants[lang] for e in site.episodes
             if lang in e.variants and e.variants[lang].valid][:sample]
    for info in pages:
        data = read_page(site.config.root / info.path, info.path).data()
        for key in wanted:
            if isinstance(data.get(key), str):
                counts[key][data[key]] += 1
    return {key: found.most_common(1)[0][0] for key, found in counts.items() if found}


class Segmented:
    """Site pages segmented with one policy, each at most once per run."""

    def __init__(self, config: Config, policy: Policy):
        self.config, self.policy = config, policy
        self.pages: dict[str, SegmentedPage] = {}

    def __call__(self, rel: str) -> SegmentedPage:
        if rel not in self.pages:
            self.pages[rel] = segment_page(self.config.read_text(rel), self.policy)
        return self.pages[rel]


def build_memory(site: Site, langs: set[str], seg: Callable[[str], SegmentedPage]) -> Memory:
    """Translation memory from the site's existing translations in ``langs``."""
    memory = Memory()
    for episode in site.report.episodes:
        if episode.source is None:
            continue
        for variant in episode.variants:
            if variant.lang not in langs or variant.path is None or variant.status not in (
                    *TRUSTED, "unknown"):
                continue
            record = site.records.get(variant.path)
            trusted = variant.status in TRUSTED and record is not None
            learn(memory, variant.lang, variant.path, seg(episode.source),
                  list(record.segments) if trusted and record else None, seg(variant.path),
                  trusted)
    return memory
