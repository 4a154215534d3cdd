"""The gathered site: config, pages paired into episodes, the lock and the audit, as every
command starts from (discover → pair → audit). Gathering writes nothing but the page cache;
``Site.record`` keeps the source text a new lock record is made against."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from .audit import EpisodeStatus, Report, audit
from .config import Config, load_config
from .discover import Candidate, PageInfo, Problem
from .errors import UsageError
from .glossary import Glossary, load_glossary
from .history import History
from .locales import load_locales
from .lock import Ledger, Record, check_writable, file_digest, save_source
from .pair import Episode, pair
from .store.pages import PageStore


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

    def record(self, source: PageInfo, path: str, lang: str, number: int, status: str,
               variant_digest: str, held: tuple[str, tuple[str, ...]] | None = None) -> Record:
        """A lock record of the translation at ``path`` made against ``source`` as it is now
        (the source's text is kept, so a later ``diff`` can show what changed); with ``held``
        (a source text and its segment ids), a 'partial' record against that text instead."""
        text, digest, ids = self.config.read_text(source.path), source.digest, None
        if held is not None:
            text, ids = held
            digest, status = file_digest(text.encode("utf-8")), "partial"
        save_source(self.config.state_dir, digest, text)
        return Record(path=path, lang=lang, number=number, source=source.path,
                      source_digest=digest, segments=ids or self.store.segment_ids(source),
                      status=status, variant_digest=variant_digest,
                      recorded=date.today().isoformat())


def gather(root: Path, use_cache: bool = True, qa: bool = False) -> Site:
    """Discover, pair and audit a site (no writes, except the page cache)."""
    config = load_config(root)
    return audit_site(config, open_store(config, use_cache, qa), qa=qa)


def open_store(config: Config, use_cache: bool, qa: bool) -> PageStore:
    """The page store; with the site's glossary when QA runs (findings depend on it)."""
    if not qa:
        return PageStore(config, use_cache=use_cache)
    glossary = site_glossary(config)
    # Per-language front-matter values are judged against the site's locales too.
    locales = load_locales(config.root)
    values = sorted((code, sorted(loc.front_matter.items())) for code, loc in locales.items())
    key = hashlib.blake2b(repr((glossary.terms, values)).encode(), digest_size=12).hexdigest()
    return PageStore(config, use_cache=use_cache, glossary=glossary, glossary_key=key,
                     locales=locales)


def site_glossary(config: Config) -> Glossary:
    """Shipped terms, then the site's glossary/*.yaml, then files the config names."""
    return load_glossary(config.root, [config.root / g for g in config.glossary_files])


def ledger(config: Config, command: str = "update") -> Ledger:
    """The site's lock and its write-ahead journal (see :mod:`translate_kit.lock`)."""
    return Ledger(config.root, config.lock_path, config.state_dir, command)


@contextmanager
def updating(root: Path, command: str) -> Iterator[tuple[Site, Ledger]]:
    """The site gathered under its state lock, with its ledger, for one read-modify-write of
    the lock file (records a sync or another command makes meanwhile are kept). The lock and
    .translate-kit/ must be writable (checked before anything); the page cache is saved when
    the block ends."""
    config = load_config(root)
    check_writable(config.lock_path, config.state_dir)
    book = ledger(config, command)
    with book.locked():
        site = gather(root)
        yield site, book
        site.store.save()


def audit_site(config: Config, store: PageStore,
               found: tuple[list[Candidate], list[Problem]] | None = None,
               qa: bool = False) -> Site:
    """Pages read (or taken from the cache), paired and audited against the lock."""
    records = ledger(config).records()  # with what a killed run wrote and did not fold in
    pages, problems = store.scan(found)
    episodes, pair_problems = pair(pages, config.languages)
    history = History(config.root)
    statuses = audit(config, episodes, records, store,
                     lambda s, v: history.hint(s.path, v.path), qa=qa)
    store.save()
    report = Report(config.source_lang, config.languages, tuple(statuses),
                    tuple(sorted(problems + pair_problems, key=lambda p: p.path)))
    return Site(config, store, episodes, records, report)


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
    return replace(report, languages=keep, episodes=tuple(episodes),
                   errors=errors_within(report, episodes))


def errors_within(report: Report, episodes: Iterable[EpisodeStatus]) -> tuple[Problem, ...]:
    """The report's bad files, less those that belong to a page left out of ``episodes`` (an
    invalid German page is no business of ``check -l fr``); a bad file that belongs to no
    episode (its number unreadable) stays."""
    kept = {p for e in episodes for p in (e.source, *(v.path for v in e.variants)) if p}
    placed = {p for e in report.episodes for p in (e.source, *(v.path for v in e.variants)) if p}
    return tuple(p for p in report.errors if p.path in kept or p.path not in placed)
