"""``draft`` and ``sync``: machine-draft the gaps, calling the drafting rooms in order:
plan → translate → assemble → write and record → report (see :mod:`translate_kit.drafting`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..audit import Report
from ..drafting.assemble import assemble
from ..drafting.plan import find_gaps, prepare_jobs, wanted_statuses
from ..drafting.record import DraftOutcome, write_drafts
from ..drafting.run import cached_keys, open_engine, settings, translate, units
from ..drafting.sheet import Bill, bills
from ..locales import load_locales, locale_for
from ..segment import Policy
from ..site import gather, narrow, site_glossary
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

    @property
    def ok(self) -> bool:
        return not any(o.action == "failed" for o in self.outcomes)


def draft(root: Path, options: DraftOptions, sync: bool = False,
          progress: Progress | None = None) -> DraftReport:
    """Machine-draft the gaps: plan → translate → assemble → write and record → report."""
    site = gather(root)
    config = site.config
    narrow(site.report, options.langs, options.numbers)  # validates the languages
    engine_name = options.engine or config.engine
    engine = open_engine(engine_name, config.engine_options, options.engine_options)
    locales = load_locales(config.root)
    policy = Policy(config.translate_fields, site_glossary(config), renderer=config.renderer)
    gaps = find_gaps(site, options.langs, options.numbers,
                     wanted_statuses(options.force, sync))
    jobs = prepare_jobs(site, gaps, policy, locales, options.dry_run)
    todo = units(jobs, locale_for(locales, config.source_lang), engine_name)
    cache_path = config.state_dir / "cache.sqlite"
    if options.dry_run:
        planned = tuple(DraftOutcome(j.gap.path, j.gap.lang, j.gap.number, j.mode, "planned",
                                     reason=j.reason, segments=len(j.source.segments))
                        for j in jobs)
        return DraftReport(planned, bills(jobs, None, cached_keys(todo, engine_name, cache_path)),
                           engine_name, dry_run=True)
    run = translate(engine, todo, settings(config, options.workers, options.timeout,
                                           options.rate_limit), cache_path, progress)
    drafts = [assemble(job, run.results, config, engine_name, options.allow_partial)
              for job in jobs]
    outcomes = write_drafts(site, drafts, engine_name, options.allow_partial)
    report = DraftReport(tuple(outcomes), bills(jobs, run.results), engine_name, run.requests,
                         run.chars)
    if sync:
        report = replace(report, status=status(root, options.langs, options.numbers))
    return report
