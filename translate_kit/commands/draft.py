"""``draft`` and ``sync``: machine-draft the gaps, calling the drafting rooms in order:
plan → translate → assemble → write and record → report (see :mod:`translate_kit.drafting`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..audit import Report
from ..config import load_config
from ..discover import Problem
from ..drafting.assemble import assemble
from ..drafting.plan import Job, find_gaps, prepare_jobs, wanted_statuses
from ..drafting.record import DraftOutcome, recover, write_drafts
from ..drafting.run import (
    Traffic,
    cached_keys,
    check_languages,
    estimate,
    open_engine,
    settings,
    styles,
    summed,
    translate,
    units,
)
from ..drafting.sheet import Bill, bills
from ..engines import Engine, Meter
from ..glossary import Glossary
from ..locales import Locale, load_locales, locale_for
from ..lock import Ledger, check_writable
from ..progress import Snapshot
from ..retry import Settings
from ..runlock import run_lock
from ..segment import Policy
from ..site import gather, ledger, narrow, site_glossary
from ..translate import Progress
from .status import status


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
    recovered: tuple[str, ...] = ()
    """Drafts an interrupted run wrote without recording them, now recorded as drafts."""
    problems: tuple[Problem, ...] = ()
    """Files of the site that could not be used (each one line)."""
    traffic: Traffic | None = None
    """Tokens, retries, waits, money and why the run stopped early (or a dry run's estimate)."""

    @property
    def ok(self) -> bool:
        return not any(o.action == "failed" for o in self.outcomes)


@dataclass(frozen=True)
class _Inputs:
    """What a run reads besides the pages, read (and validated) before it takes the site."""

    engine_name: str
    engine: Engine
    locales: dict[str, Locale]
    policy: Policy
    glossary: Glossary
    settings: Settings


Watch = Callable[[Snapshot | str], None]
"""Told each step's name (for the spinner) and then the translate stage's snapshots."""


def draft(root: Path, options: DraftOptions, sync: bool = False,
          progress: Progress | None = None, watch: Watch | None = None) -> DraftReport:
    """Machine-draft the gaps: plan → check languages → translate → assemble → write and
    record → report.

    One drafting run per site at a time (SiteBusy, exit 2, names the other run); what an
    interrupted run left (journalled records, temporary files, drafts with no record) is
    recovered first. Bad input (config, lock, glossary, locales, engine) is found before the
    site is taken, so such a run leaves nothing behind.
    """
    (watch or (lambda name: None))("reading pages")
    config = load_config(root)
    ledger(config).records()  # an unreadable lock or journal: one line, before anything
    engine_name = options.engine or config.engine
    glossary = site_glossary(config)
    inputs = _Inputs(engine_name, open_engine(engine_name, config.engine_options,
                                              options.engine_options),
                     load_locales(config.root),
                     Policy(config.translate_fields, glossary, renderer=config.renderer),
                     glossary, settings(config, options.workers, options.timeout,
                                        options.rate_limit))
    if options.dry_run:
        return _draft(root, options, sync, progress, None, inputs, watch)
    check_writable(config.lock_path, config.state_dir)
    command = "sync" if sync else "draft"
    with run_lock(config.state_dir, command):
        book = ledger(config, command)
        book.recover()
        return _draft(root, options, sync, progress, book, inputs, watch)


def _draft(root: Path, options: DraftOptions, sync: bool, progress: Progress | None,
           book: Ledger | None, inputs: _Inputs, watch: Watch | None) -> DraftReport:
    step = watch or (lambda name: None)
    site = gather(root)
    recovered = recover(site, book) if book is not None else ()
    site = gather(root) if recovered else site
    config = site.config
    narrow(site.report, options.langs, options.numbers)  # validates the languages
    engine_name, engine, locales, policy = (inputs.engine_name, inputs.engine, inputs.locales,
                                            inputs.policy)
    source_locale = locale_for(locales, config.source_lang)
    step("planning")
    gaps, refused = find_gaps(site, options.langs, options.numbers,
                              wanted_statuses(options.force, sync))
    jobs = prepare_jobs(site, gaps, policy, locales, options.dry_run)
    todo = units(jobs, source_locale, engine_name)
    cache_path = config.state_dir / "cache.sqlite"
    not_drafted = [DraftOutcome(r.path, r.lang, r.number, "new", "failed", reason=r.reason)
                   for r in refused]
    meter = _preflight(engine, jobs, source_locale, engine_name, inputs.settings.timeout, step)
    if book is None:
        planned = tuple(DraftOutcome(j.gap.path, j.gap.lang, j.gap.number, j.mode, "planned",
                                     reason=j.reason, segments=len(j.source.segments))
                        for j in jobs)
        cached = cached_keys(todo, engine_name, cache_path)
        guess = estimate(engine, todo, cached)
        return DraftReport((*not_drafted, *planned), bills(jobs, None, cached, guess),
                           engine_name, meter.requests, meter.chars, dry_run=True,
                           traffic=summed(engine, guess) if guess is not None else None,
                           problems=site.report.errors)
    formality = dict((*config.engine_options, *options.engine_options)).get("formality")
    run = translate(engine, todo, inputs.settings, cache_path, progress,
                    styles=styles(jobs, formality), source_name=source_locale.name,
                    glossary=inputs.glossary, meter=meter, watch=watch)
    step("writing pages")
    drafts = [assemble(job, run.results, config, engine_name, options.allow_partial)
              for job in jobs]
    outcomes = not_drafted + write_drafts(site, book, drafts, engine_name, options.allow_partial)
    report = DraftReport(tuple(outcomes), bills(jobs, run.results, traffic=run.languages),
                         engine_name, run.requests, run.chars, recovered=recovered,
                         traffic=run.traffic, problems=site.report.errors)
    if sync:
        step("status")
        report = replace(report, status=status(root, options.langs, options.numbers))
    return report


def _preflight(engine: Engine, jobs: list[Job], source_locale: Locale, engine_name: str,
               timeout: float, step: Callable[[str], None]) -> Meter:
    """Every target language checked before any text is sent; the meter then counts the
    whole run (a language list is a request too)."""
    step(f"checking languages with {engine_name}")
    meter = Meter(timeout)
    check_languages(engine, jobs, source_locale, engine_name, meter)
    return meter
