"""Plan a draft run: the gaps to fill (missing and stale pages, and more when forced), and for
each a Job: the segments to send, and what is already known (unchanged human text, interface
strings, the site's translation memory, the site's own front-matter conventions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..align import first_mismatch
from ..config import Config
from ..discover import PageInfo
from ..errors import UsageError
from ..locales import Locale, locale_for
from ..lock import Record, load_source
from ..memory import Match
from ..page import parse_page, read_page
from ..pair import occupants, occupied_reason, slot_path
from ..redraft import Redraft, held_source, plan_redraft
from ..segment import Policy, Segment, SegmentedPage, segment_page
from ..site import Site, narrow
from ..values import locale_convention
from .sitememory import SiteMemory

SYNC_STATUSES = ("missing", "stale")
FORCE_SYNC = ("untranslated",)
FORCE_DRAFT = ("untranslated", "unknown", "current", "draft")


@dataclass(frozen=True)
class Gap:
    """One (episode, language) to draft."""

    number: int
    lang: str
    status: str
    """missing, stale, unknown (forced: an unrecorded page, drafted beside it, never over it)
    or redraft (forced: a recorded or untranslated page)."""
    source: PageInfo
    path: str
    """Where the translation lives (or will)."""
    record: Record | None = None
    expect: str | None = None
    """Digest of the file at ``path`` when the gap was planned (None: no file): the page is
    replaced only if it is still that file."""


@dataclass
class Job:
    """A gap prepared for translation: the segments to send and what is already known."""

    gap: Gap
    mode: str
    """new, redraft (forced: an existing page drafted again from the whole source),
    incremental, or review (the translation no longer lines up with its source)."""
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
    redraft: Redraft | None = None
    """For in-place re-drafts: where each changed segment goes in the translation."""
    variant: SegmentedPage | None = None
    """The translation as it stands (incremental re-drafts are spliced into it)."""
    held: tuple[str, tuple[str, ...]] | None = None
    """When changed segments cannot be placed: the source text (and ids) the page translates."""


def wanted_statuses(force: bool, sync: bool) -> set[str]:
    """The statuses a run drafts: missing and stale; more with ``--force``."""
    return set(SYNC_STATUSES) | (set(FORCE_SYNC if sync else FORCE_DRAFT) if force else set())


@dataclass(frozen=True)
class Refused:
    """A slot not drafted because the file at its path belongs to another episode (or is not a
    readable page): reported with both numbers, and the file left alone."""

    path: str
    lang: str
    number: int
    reason: str


def find_gaps(site: Site, langs: Iterable[str], numbers: Iterable[int],
              wanted: set[str]) -> tuple[list[Gap], list[Refused]]:
    """The gaps to fill, in episode and language order; and the slots refused."""
    report = narrow(site.report, langs, numbers)
    taken = occupants(site.episodes)
    gaps, refused = [], []
    for episode in report.episodes:
        source = site.page(episode.number, site.config.source_lang)
        if source is None or not source.valid:
            continue
        for variant in episode.variants:
            if variant.status not in wanted:
                continue
            path = variant.path or slot_path(site.config, source, variant.lang)
            if path is None:
                raise UsageError(f"cannot name a new {variant.lang} page for {source.path} from "
                                 f"layout.variants '{site.config.layout.variants}'")
            if variant.path is None and (site.config.root / path).exists():
                refused.append(Refused(path, variant.lang, episode.number, occupied_reason(
                    taken.get(path), episode.number, variant.lang)))
                continue
            page = site.page(episode.number, variant.lang)
            expect = page.digest if variant.path is not None and page is not None else None
            record = site.records.get(path) if variant.status == "stale" else None
            status = variant.status if variant.status in ("missing", "stale", "unknown") \
                else "redraft"
            gaps.append(Gap(episode.number, variant.lang, status, source, path, record, expect))
    return gaps, refused



def prepare_jobs(site: Site, gaps: list[Gap], policy: Policy, locales: dict[str, Locale],
                 dry_run: bool = False) -> list[Job]:
    """A Job for every gap, with the memory and conventions of the site's pages.

    A dry run only needs the bill: which segments changed is read from the lock's segment
    ids, so translations and source snapshots are not segmented or aligned, and no fuzzy
    suggestion is looked up."""
    config = site.config
    pages = Segmented(config, policy)  # memory and jobs segment the same pages: once each
    langs = {g.lang for g in gaps}
    memory = SiteMemory(site, pages)
    conventions = {lang: site_conventions(site, lang, locale_for(locales, lang).front_matter,
                                          locales=locales)
                   for lang in langs}
    jobs = []
    for gap in gaps:
        variant = old = None
        if gap.status != "missing" and not dry_run:
            variant = pages(gap.path)
            old = _recorded_source(site, gap, policy)
            memory.learn_own(gap.number, gap.lang, gap.path, pages(gap.source.path), variant,
                             list(gap.record.segments) if gap.record else None, old)
        values, notes = conventions[gap.lang]
        job = prepare(gap, pages(gap.source.path), variant, policy,
                      locale_for(locales, gap.lang), memory,
                      0 if dry_run else config.memory_threshold, values, old)
        if gap.status == "unknown":  # forced: a page with no record is never drafted over
            job.mode = "review"
            job.reason = ("the page has no lock record (a human translation?): the draft is "
                          "written beside it, not over it")
        elif notes and job.mode in ("new", "redraft") and any(
                k in parse_page(job.source.text).data() for k in values):
            job.reason = "; ".join(notes)  # said on the run's line for the page
        jobs.append(job)
    return jobs


def _recorded_source(site: Site, gap: Gap, policy: Policy) -> SegmentedPage | None:
    """The source a stale translation was made from (its snapshot), when it matches the
    record's segments."""
    if gap.record is None:
        return None
    text = load_source(site.config.state_dir, gap.record.source_digest)
    if text is None:
        return None
    old = segment_page(text, policy)
    return old if old.ids == list(gap.record.segments) else None


def prepare(gap: Gap, source: SegmentedPage, variant: SegmentedPage | None, policy: Policy,
            locale: Locale, memory: SiteMemory, fuzzy_cutoff: float,
            conventions: dict[str, str] | None = None,
            old: SegmentedPage | None = None) -> Job:
    """What a gap needs: new drafts need everything; in-place re-drafts only the changed
    segments. ``source``, ``variant`` and ``old`` (the recorded source) are segmented with
    ``policy``; a stale gap without ``variant`` (a dry run) is planned from the lock's ids."""
    # A forced re-draft replaces an existing page: said as such, not as a new page.
    mode = "redraft" if gap.status == "redraft" else "new"
    job = Job(gap, mode, source, locale, variant.text if variant else None, policy=policy,
              conventions=dict(conventions or {}))
    wanted = list(source.segments)
    if gap.status == "stale" and gap.record is not None:
        recorded = list(gap.record.segments)
        wanted = _stale_segments(job, source, variant, old, recorded)
    for segment in wanted:
        ui = locale.ui.get(segment.plain)
        if ui is not None and segment.kind in ("html", "heading", "paragraph"):
            job.ui[segment.id] = ui
            continue
        found = memory.exact(gap.lang, segment.plain, segment.id, gap.number)
        if found is not None:
            job.memory[segment.id] = found
            continue
        job.todo.append(segment)
        close = memory.fuzzy(gap.lang, segment.plain, fuzzy_cutoff) if fuzzy_cutoff else None
        if close is not None:
            job.suggestions[segment.id] = close
    return job


def _stale_segments(job: Job, source: SegmentedPage, variant: SegmentedPage | None,
                    old: SegmentedPage | None, recorded: list[str]) -> list[Segment]:
    """The segments a stale gap sends, and its mode: incremental when anything of the
    translation lines up with the recorded source, review (a side draft) otherwise."""
    job.mode = "incremental"
    if variant is None:  # a dry run: changed and new segments by id
        known = set(recorded)
        job.keep = {s.id: "" for s in source.segments if s.id in known}
        return [s for s in source.segments if s.id not in known]
    plan = plan_redraft(source, old, recorded, variant)
    if not plan.aligns:
        job.mode = "review"
        where = first_mismatch(old, variant) if old is not None else None
        job.reason = ("the translation's structure no longer lines up with its recorded source"
                      + (f" ({where})" if where else
                         f" ({len(variant.segments)} segments where the record has "
                         f"{len(recorded)})"))
        return list(source.segments)
    job.redraft, job.variant = plan, variant
    held = held_source(source, old, plan)
    if held is not None:
        job.held = (held, tuple(segment_page(held, job.policy).ids))
    todo = set(plan.todo)
    job.keep = {s.id: "" for k, s in enumerate(source.segments) if k not in todo}
    return [source.segments[k] for k in plan.todo]


def site_conventions(site: Site, lang: str, keys: Iterable[str], sample: int = 50,
                     locales: Mapping[str, Locale] | None = None) -> tuple[
                         dict[str, str], list[str]]:
    """For each key, the value most of the site's existing pages in ``lang`` use (a sample),
    so new pages follow the site rather than the shipped locale; unless that value is another
    locale's (``parent: Episódios`` on the Italian pages), then the locale's own, with a note
    saying so."""
    wanted = set(keys)
    counts: dict[str, Counter[str]] = {key: Counter() for key in wanted}
    pages = [e.variants[lang] for e in site.episodes
             if lang in e.variants and e.variants[lang].valid][:sample]
    for info in pages:
        data = read_page(site.config.root / info.path, info.path).data()
        for key in wanted:
            if isinstance(data.get(key), str):
                counts[key][data[key]] += 1
    values: dict[str, str] = {}
    notes: list[str] = []
    for key, found in sorted(counts.items()):
        value, note = locale_convention(found, lang, key, locales or {})
        if found and value is not None:
            values[key] = value
        if note:
            notes.append(note)
    return values, notes


class Segmented:
    """Site pages segmented with one policy, each at most once per run."""

    def __init__(self, config: Config, policy: Policy):
        self.config, self.policy = config, policy
        self.pages: dict[str, SegmentedPage] = {}

    def __call__(self, rel: str) -> SegmentedPage:
        if rel not in self.pages:
            self.pages[rel] = segment_page(self.config.read_text(rel), self.policy)
        return self.pages[rel]
