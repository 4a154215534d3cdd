"""Recipes: the pipeline stages called in order, one short function per command.

Everything is gathered first (discover → pair → audit); writing comes last.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .audit import Report, audit
from .config import Config, find_config, load_config
from .discover import Candidate, PageInfo, PageStore, Problem, find_candidates, read_info
from .errors import PageError, UsageError
from .history import History
from .lock import Record, read_lock, write_lock
from .page import read_page
from .pair import Episode, pair
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


def gather(root: Path, use_cache: bool = True) -> Site:
    """Discover, pair and audit a site (no writes, except the page cache)."""
    config = load_config(root)
    return _audit(config, PageStore(config, use_cache=use_cache))


def _audit(config: Config, store: PageStore,
           found: tuple[list[Candidate], list[Problem]] | None = None) -> Site:
    records = read_lock(config.lock_path)
    pages, problems = store.scan(found)
    episodes, pair_problems = pair(pages, config.languages)
    history = History(config.root)
    statuses = audit(config, episodes, records, store,
                     lambda s, v: history.hint(s.path, v.path))
    store.save()
    report = Report(config.source_lang, config.languages, tuple(statuses),
                    tuple(sorted(problems + pair_problems, key=lambda p: p.path)))
    return Site(config, store, episodes, records, report)


def status(root: Path, langs: Iterable[str] = (), numbers: Iterable[int] = (),
           use_cache: bool = True) -> Report:
    """The audit of a site, narrowed to some languages and episodes when asked.

    When no page, the lock or the config changed since the last run, the last report is
    reused as it was (git hints for 'unknown' variants included).
    """
    config = load_config(root)
    store = PageStore(config, use_cache=use_cache)
    found = find_candidates(config)
    key = store.snapshot_key(found[0], config.lock_path)
    report = store.load_snapshot(key)
    if not isinstance(report, Report):
        report = _audit(config, store, found).report
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
