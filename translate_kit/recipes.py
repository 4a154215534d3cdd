"""Recipes: the pipeline stages called in order, one short function per command.

Everything is gathered first (discover → pair → audit); writing comes last.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .audit import Report, audit
from .cache import Cache
from .check import (
    Gate,
    badges,
    evaluate,
    gate_json,
    parse_fail_on,
    render_junit,
    render_sarif,
)
from .check import render_markdown as render_gate_markdown
from .config import Config, find_config, load_config
from .dashboard import render_html
from .diff import SourceDiff, source_changes
from .discover import Candidate, PageInfo, PageStore, Problem, find_candidates, read_info
from .draft import (
    FORCE_DRAFT,
    FORCE_SYNC,
    SYNC_STATUSES,
    Bill,
    Draft,
    Gap,
    Job,
    assemble,
    bills,
    prepare,
    review_path,
    review_sheet,
    variant_path,
)
from .engines import get_spec
from .errors import PageError, UsageError
from .glossary import Glossary, load_glossary
from .history import History, changed_paths, find_version
from .locales import load_locales, locale_for
from .lock import Record, file_digest, load_source, read_lock, save_source, write_lock
from .memory import TRUSTED, Memory, learn
from .page import read_page
from .pair import Episode, pair
from .qa import Finding
from .segment import Policy, SegmentedPage, segment_page
from .suggest import Suggestion, suggest_terms
from .translate import Progress, Settings, Translator, Unit
from .write import write_text_atomic


@dataclass
class Site:
    """A site gathered for one command: config, pages paired into episodes, and the lock."""

    config: Config
    store: PageStore
    episodes: list[Episode]
    records: dict[str, Record]
    report: Report

    def page(self, number: int, lang: str) -> PageInfo | None:
        episode = next((e for e in self.episodes if e.number == number), None)
        if episode is None:
            return None
        return episode.source if lang == self.config.source_lang else episode.variants.get(lang)


def gather(root: Path, use_cache: bool = True, qa: bool = False) -> Site:
    """Discover, pair and audit a site (no writes, except the page cache)."""
    config = load_config(root)
    return _audit(config, _store(config, use_cache, qa), qa=qa)


def _store(config: Config, use_cache: bool, qa: bool) -> PageStore:
    if not qa:
        return PageStore(config, use_cache=use_cache)
    glossary = site_glossary(config)
    key = hashlib.blake2b(repr(glossary.terms).encode(), digest_size=12).hexdigest()
    return PageStore(config, use_cache=use_cache, glossary=glossary, glossary_key=key)


def site_glossary(config: Config) -> Glossary:
    """Shipped terms, then the site's glossary/*.yaml, then files the config names."""
    return load_glossary(config.root, [config.root / g for g in config.glossary_files])


def _audit(config: Config, store: PageStore,
           found: tuple[list[Candidate], list[Problem]] | None = None, qa: bool = False) -> Site:
    records = read_lock(config.lock_path)
    pages, problems = store.scan(found)
    episodes, pair_problems = pair(pages, config.languages)
    history = History(config.root)
    statuses = audit(config, episodes, records, store,
                     lambda s, v: history.hint(s.path, v.path), qa=qa)
    store.save()
    report = Report(config.source_lang, config.languages, tuple(statuses),
                    tuple(sorted(problems + pair_problems, key=lambda p: p.path)))
    return Site(config, store, episodes, records, report)


def status(root: Path, langs: Iterable[str] = (), numbers: Iterable[int] = (),
           use_cache: bool = True, qa: bool = False) -> Report:
    """The audit of a site, narrowed to some languages and episodes when asked; with QA
    findings (a 'qa' flag) when ``qa``.

    When no page, the lock, the config or a glossary changed since the last run, the last
    report is reused as it was (git hints for 'unknown' variants included).
    """
    config = load_config(root)
    store = _store(config, use_cache, qa)
    found = find_candidates(config)
    glossaries = sorted((config.root / "glossary").glob("*.yaml")) if qa else []
    key = store.snapshot_key(found[0], config.lock_path, *glossaries,
                             *(config.root / g for g in config.glossary_files))
    key += f"-qa-{store.glossary_key}" if qa else ""
    report = store.load_snapshot(key)
    if not isinstance(report, Report):
        report = _audit(config, store, found, qa=qa).report
        store.save_snapshot(key, report)
    return narrow(report, langs, numbers)


def narrow(report: Report, langs: Iterable[str], numbers: Iterable[int]) -> Report:
    """The report limited to ``langs`` and episode ``numbers`` (empty: no limit)."""
    langs, numbers = list(langs), set(numbers)
    unknown = [lang for lang in langs if lang not in report.languages]
    if unknown:
        raise UsageError(f"language(s) not configured: {', '.join(unknown)} (configured: "
                         f"{', '.join(report.languages)})")
    if not langs and not numbers:
        return report
    keep = tuple(langs) or report.languages
    episodes = []
    for episode in report.episodes:
        if numbers and episode.number not in numbers:
            continue
        variants = tuple(v for v in episode.variants if v.lang in keep)
        episodes.append(replace(episode, variants=variants))
    return replace(report, languages=keep, episodes=tuple(episodes))


# --- recording translations in the lock ---------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What a recording command did to one translation."""

    path: str
    action: str
    """'adopted', 'approved', 'skipped' or 'failed'."""
    reason: str = ""


def make_record(site: Site, source: PageInfo, variant: PageInfo, status: str) -> Record:
    assert variant.number is not None
    save_source(site.config.state_dir, source.digest, site.config.read_text(source.path))
    return Record(path=variant.path, lang=variant.lang, number=variant.number,
                  source=source.path, source_digest=source.digest,
                  segments=site.store.segment_ids(source), status=status,
                  variant_digest=variant.digest, recorded=date.today().isoformat())


def baseline(root: Path, langs: Iterable[str] = (), numbers: Iterable[int] = (),
             force: bool = False) -> list[Outcome]:
    """Adopt existing human translations as current: once, for variants with no record.

    ``force`` also re-adopts stale, draft and current ones against today's source (the team
    says they are up to date). Untranslated, invalid and orphan variants are never adopted.
    """
    site = gather(root)
    report = narrow(site.report, langs, numbers)
    adoptable = {"unknown"} | ({"stale", "draft", "current"} if force else set())
    outcomes = []
    records = dict(site.records)
    for episode in report.episodes:
        for variant in episode.variants:
            if variant.path is None:
                continue
            if variant.status not in adoptable:
                outcomes.append(Outcome(variant.path, "skipped", _why_not(variant.status)))
                continue
            source = site.page(episode.number, site.config.source_lang)
            page = site.page(episode.number, variant.lang)
            assert source is not None and page is not None
            drafted = page.marker == site.config.marker.value
            records[variant.path] = make_record(site, source, page,
                                                "draft" if drafted else "current")
            outcomes.append(Outcome(variant.path, "adopted"))
    write_lock(site.config.lock_path, records)
    site.store.save()
    return outcomes


def _why_not(status: str) -> str:
    return {
        "current": "already current",
        "draft": "a machine draft: review it and run 'approve'",
        "stale": "already recorded and the source changed since (use --force to re-adopt)",
        "untranslated": "its text is the source's: nothing to adopt",
        "invalid": "cannot be read",
        "orphan": "has no source",
    }.get(status, status)


def site_root_of(path: Path) -> Path:
    """The nearest folder at or above ``path`` that holds a translate-kit config."""
    for folder in [path if path.is_dir() else path.parent, *path.resolve().parents]:
        if find_config(folder) is not None:
            return folder
    raise UsageError(f"no translate-kit.yaml in any folder above {path}")


def approve(paths: Iterable[Path], force: bool = False) -> list[Outcome]:
    """Mark translations reviewed against their current source: marker removed, lock current."""
    outcomes = []
    by_root: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.is_file():
            outcomes.append(Outcome(str(path), "failed", "no such file"))
            continue
        by_root.setdefault(site_root_of(path).resolve(), []).append(path.resolve())
    for root, files in by_root.items():
        outcomes.extend(_approve_in_site(root, files, force))
    return outcomes


def _approve_in_site(root: Path, files: list[Path], force: bool) -> list[Outcome]:
    site = gather(root)
    by_path = {v.path: (e, v) for e in site.report.episodes for v in e.variants if v.path}
    records = dict(site.records)
    outcomes = []
    writes: list[tuple[Path, str]] = []
    for file in files:
        rel = file.relative_to(root).as_posix()
        found = by_path.get(rel)
        if found is None:
            outcomes.append(Outcome(rel, "failed", "not a translation of this site's layout"))
            continue
        episode, variant = found
        refusal = _approve_refusal(variant.status, force)
        if refusal:
            outcomes.append(Outcome(rel, "failed", refusal))
            continue
        try:
            page = read_page(file, rel)
        except PageError as exc:
            outcomes.append(Outcome(rel, "failed", exc.message))
            continue
        marker = site.config.marker
        updated = page.delete(marker.key) if marker.reviewed is None else page.set(
            marker.key, marker.reviewed)
        writes.append((file, updated.text))
        outcomes.append(Outcome(rel, "approved"))
    for file, text in writes:  # gather first, write last
        write_text_atomic(file, text)
        rel = file.relative_to(root).as_posix()
        episode, variant = by_path[rel]
        source = site.page(episode.number, site.config.source_lang)
        before = site.page(episode.number, variant.lang)
        assert source is not None and before is not None
        fresh = read_info(site.config, Candidate(rel, before.role, before.lang, None))
        records[rel] = make_record(site, source, replace(fresh, number=episode.number),
                                   "current")
    write_lock(site.config.lock_path, records)
    site.store.save()
    return outcomes


def _approve_refusal(status: str, force: bool) -> str | None:
    if status in ("invalid", "orphan", "missing"):
        return {"invalid": "cannot be read", "orphan": "has no source to approve against",
                "missing": "does not exist"}[status]
    if status == "untranslated" and not force:
        return "its text is still the source's; translate it first (or --force)"
    return None


# --- drafting -----------------------------------------------------------------------------

@dataclass(frozen=True)
class DraftOutcome:
    """One gap after a draft run."""

    path: str
    lang: str
    number: int
    mode: str
    action: str
    """written, review (draft written beside the page for a person to merge), failed, planned."""
    sheet: str | None = None
    reason: str = ""
    segments: int = 0
    failed: int = 0


@dataclass(frozen=True)
class DraftReport:
    """What a draft or sync run did (or, for a dry run, would do)."""

    outcomes: tuple[DraftOutcome, ...]
    bills: tuple[Bill, ...]
    engine: str
    requests: int = 0
    chars_sent: int = 0
    dry_run: bool = False
    status: Report | None = None

    @property
    def ok(self) -> bool:
        return not any(o.action == "failed" for o in self.outcomes)


@dataclass(frozen=True)
class DraftOptions:
    """Command-line choices for draft and sync (None: take the config's value)."""

    langs: tuple[str, ...] = ()
    numbers: tuple[int, ...] = ()
    engine: str | None = None
    engine_options: tuple[tuple[str, str], ...] = ()
    workers: int | None = None
    timeout: float | None = None
    rate_limit: float | None = None
    dry_run: bool = False
    force: bool = False
    allow_partial: bool = False


def draft(root: Path, options: DraftOptions, sync: bool = False,
          progress: Progress | None = None) -> DraftReport:
    """Machine-draft the gaps: plan → prepare → translate → assemble → write → record."""
    site = gather(root)
    config = site.config
    narrow(site.report, options.langs, options.numbers)  # validates the languages
    engine_name = options.engine or config.engine
    spec = get_spec(engine_name)
    engine = spec.create(dict(config.engine_options) | dict(options.engine_options))
    locales = load_locales(config.root)
    policy = Policy(config.translate_fields, site_glossary(config))
    gaps = plan(site, options, sync)
    pages = _Segmented(config, policy)  # memory and jobs segment the same pages: once each
    memory = build_memory(site, {g.lang for g in gaps}, pages) if gaps else Memory()
    conventions = {lang: site_conventions(site, lang, locale_for(locales, lang).front_matter)
                   for lang in {g.lang for g in gaps}}
    jobs = [prepare(g, pages(g.source.path), pages(g.path) if g.status != "missing" else None,
                    policy, locale_for(locales, g.lang), memory, config.memory_threshold,
                    conventions[g.lang])
            for g in gaps]
    source_locale = locale_for(locales, config.source_lang)
    units = [Unit(job.gap.lang, source_locale.engine_code(engine_name),
                  job.locale.engine_code(engine_name), s.masked)
             for job in jobs for s in job.todo]
    cache = Cache(None if options.dry_run else config.state_dir / "cache.sqlite")
    if options.dry_run:
        return _bill_only(jobs, units, engine_name, config, site)
    settings = Settings(workers=options.workers or config.workers,
                        timeout=options.timeout or config.timeout, retries=config.retries,
                        rate_limit=config.rate_limit if options.rate_limit is None
                        else options.rate_limit)
    translator = Translator(engine, cache, settings)
    try:
        results = translator.run(units, progress)
    finally:
        cache.close()
    drafts = [assemble(job, results, config, engine_name, options.allow_partial)
              for job in jobs]
    outcomes = _write(site, drafts, engine_name, options.allow_partial)
    report = DraftReport(tuple(outcomes), bills(jobs, results), engine_name,
                         translator.calls, translator.chars)
    if sync:
        report = replace(report, status=status(root, options.langs, options.numbers))
    return report


def plan(site: Site, options: DraftOptions, sync: bool) -> list[Gap]:
    """The gaps to fill, in episode and language order."""
    wanted = set(SYNC_STATUSES)
    if options.force:
        wanted |= set(FORCE_SYNC if sync else FORCE_DRAFT)
    report = narrow(site.report, options.langs, options.numbers)
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
            status_ = variant.status if variant.status in ("missing", "stale") else "redraft"
            gaps.append(Gap(episode.number, variant.lang, status_, source, path, record))
    return gaps


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


class _Segmented:
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


def _write(site: Site, drafts: list[Draft], engine: str, allow_partial: bool) -> list[
        DraftOutcome]:
    """Write pages atomically and their sheets; record each written page in the lock (saved
    at least every second, and at the end even on Ctrl-C), and nothing that was not written."""
    config = site.config
    records = dict(site.records)
    outcomes = []
    pending = False
    saved = time.monotonic()
    try:
        for item in drafts:
            gap = item.gap
            if item.failed and not allow_partial:
                why = next((n.problems[0] for n in item.notes if n.origin == "failed"
                            and n.problems), "engine failed")
                outcomes.append(DraftOutcome(gap.path, gap.lang, gap.number, item.mode,
                                             "failed", None, f"{item.failed} segment(s) could "
                                             f"not be translated ({why}); page not written "
                                             "(re-run, or --allow-partial)", len(item.notes),
                                             item.failed))
                continue
            target = gap.path if item.mode != "review" else str(
                review_path(config, gap.path, ".draft.md").relative_to(config.root))
            sheet = review_path(config, gap.path)
            write_text_atomic(config.root / target, item.text)
            write_text_atomic(sheet, review_sheet(item, engine, target))
            action = "review" if item.mode == "review" else "written"
            outcomes.append(DraftOutcome(gap.path, gap.lang, gap.number, item.mode, action,
                                         str(sheet.relative_to(config.root)), item.reason,
                                         len(item.notes), item.failed))
            if item.mode != "review":
                records[target] = _draft_record(site, item, target)
                pending = True
            if pending and time.monotonic() - saved > 1.0:  # bounds what a kill -9 leaves
                write_lock(config.lock_path, records)
                pending, saved = False, time.monotonic()
    finally:
        if pending:
            write_lock(config.lock_path, records)
    return outcomes


def _draft_record(site: Site, item: Draft, target: str) -> Record:
    gap = item.gap
    save_source(site.config.state_dir, gap.source.digest, site.config.read_text(gap.source.path))
    return Record(path=target, lang=gap.lang, number=gap.number, source=gap.source.path,
                  source_digest=gap.source.digest, segments=site.store.segment_ids(gap.source),
                  status="draft", variant_digest=file_digest(item.text.encode("utf-8")),
                  recorded=date.today().isoformat())


def _bill_only(jobs: list[Job], units: list[Unit], engine: str, config: Config,
               site: Site) -> DraftReport:
    path = config.state_dir / "cache.sqlite"
    cached: set[tuple[str, str]] = set()
    if path.is_file():
        cache = Cache(path)
        try:
            cached = {u.key for u in units
                      if cache.get(engine, u.source_code, u.target_code, u.masked.text)}
        finally:
            cache.close()
    outcomes = tuple(DraftOutcome(j.gap.path, j.gap.lang, j.gap.number, j.mode, "planned",
                                  reason=j.reason, segments=len(j.source.segments))
                     for j in jobs)
    return DraftReport(outcomes, bills(jobs, None, cached), engine, dry_run=True)


# --- glossary ---------------------------------------------------------------------------------

def glossary_check(root: Path, langs: Iterable[str] = (),
                   numbers: Iterable[int] = ()) -> list[Finding]:
    """QA findings on every existing translation (glossary files are validated on the way)."""
    report = status(root, langs, numbers, qa=True)
    return [f for e in report.episodes for v in e.variants for f in v.qa]


def glossary_suggest(root: Path, min_sources: int = 2) -> list[Suggestion]:
    """Capitalised multi-word names and acronyms that recur across sources and stay unchanged
    in existing translations, minus terms the glossary or the locales' UI strings have."""
    site = gather(root)
    known = {t.term.casefold() for t in site_glossary(site.config).terms}
    known |= {key.casefold() for loc in load_locales(site.config.root).values() for key in loc.ui}
    sources = {e.number: e.source.plain or site.config.read_text(e.source.path)
               for e in site.episodes if e.source is not None and e.source.valid}
    translations = {e.number: [site.config.read_text(v.path) for v in e.variants.values()
                               if v.valid] for e in site.episodes}
    return suggest_terms(sources, translations, known, min_sources)


# --- the CI gate ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckResult:
    """The audit ``check`` looked at, and its verdict."""

    report: Report
    gate: Gate
    root: Path


def check(root: Path, langs: Iterable[str] = (), fail_on: str | None = None,
          min_coverage: float | None = None, changed_from: str | None = None) -> CheckResult:
    """Audit the site (with QA when the gate asks for it) and judge it."""
    config = load_config(root)
    chosen = parse_fail_on(fail_on if fail_on is not None else config.fail_on)
    report = status(root, langs, (), qa="qa" in chosen)
    if changed_from is not None:
        changed = changed_paths(config.root, changed_from)
        keep = tuple(e for e in report.episodes
                     if e.source in changed or any(v.path in changed for v in e.variants))
        report = replace(report, episodes=keep)
    thresholds = dict(config.min_coverage)
    if min_coverage is not None:
        thresholds = {"*": min_coverage}
    return CheckResult(report, evaluate(report, chosen, thresholds), config.root)


REPORT_FORMATS = ("json", "markdown", "junit", "sarif", "badge")


def write_reports(result: CheckResult, specs: Iterable[tuple[str, Path]]) -> list[Path]:
    """Write each requested report; ``badge`` takes a folder and writes one file a language."""
    written = []
    for kind, path in specs:
        if kind == "badge":
            for lang, doc in badges(result.report).items():
                target = path / f"{lang}.json"
                write_text_atomic(target, json.dumps(doc) + "\n")
                written.append(target)
            continue
        text = {
            "json": lambda: json.dumps(gate_json(result.report, result.gate), indent=2,
                                       ensure_ascii=False) + "\n",
            "markdown": lambda: render_gate_markdown(result.report, result.gate, result.root),
            "junit": lambda: render_junit(result.report, result.gate, result.root),
            "sarif": lambda: render_sarif(result.gate, result.root),
        }[kind]()
        write_text_atomic(path, text)
        written.append(path)
    return written


# --- diff -------------------------------------------------------------------------------------

def diff(root: Path, number: int, lang: str) -> SourceDiff:
    """Segment by segment, the source's changes since the translation's lock record."""
    site = gather(root)
    narrow(site.report, [lang], [number])
    source, variant = site.page(number, site.config.source_lang), site.page(number, lang)
    if source is None or variant is None:
        raise UsageError(f"episode {number} has no {'source' if source is None else lang} page")
    record = site.records.get(variant.path)
    if record is None:
        raise UsageError(f"{variant.path} has no lock record to compare with; run 'baseline' "
                         "or 'approve' first")
    policy = Policy(site.config.translate_fields)
    old_text, origin = _recorded_source(site.config, record)
    changes, unchanged = source_changes(
        record.segments, segment_page(site.config.read_text(source.path), policy),
        segment_page(old_text, policy) if old_text is not None else None,
        segment_page(site.config.read_text(variant.path), policy))
    status_ = next((v.status for e in site.report.episodes if e.number == number
                    for v in e.variants if v.lang == lang), "unknown")
    return SourceDiff(number, lang, source.path, variant.path, status_, record.recorded,
                      origin, changes, unchanged)


def _recorded_source(config: Config, record: Record) -> tuple[str | None, str]:
    """The source text a record was made against: the local snapshot, else git history."""
    text = load_source(config.state_dir, record.source_digest)
    if text is not None:
        return text, "snapshot"
    found = find_version(config.root, record.source, record.source_digest)
    if found is not None:
        return found[1], f"git {found[0][:12]}"
    return None, "unavailable"


def dashboard(root: Path, outdir: Path, langs: Iterable[str] = ()) -> Path:
    """Write the self-contained HTML dashboard to ``outdir/index.html``."""
    config = load_config(root)
    report = status(root, langs)
    target = outdir / "index.html"
    write_text_atomic(target, render_html(report, config.root, outdir))
    return target
