"""``status``: the audit of a site, reused from the snapshot when nothing it depends on changed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..audit import Report
from ..config import Config, load_config
from ..discover import Watch, find_candidates
from ..history import state_files
from ..lock import JOURNAL
from ..site import audit_site, narrow, open_store
from ..store.snapshot import Snapshot
from ..store.status_text import Stamps, forget_output, save_output


def status(root: Path, langs: Iterable[str] = (), numbers: Iterable[int] = (),
           use_cache: bool = True, qa: bool = False, watch: Watch | None = None,
           config: Config | None = None) -> Report:
    """The audit of a site, narrowed to some languages and episodes when asked; with QA
    findings (a 'qa' flag) when ``qa``.

    When no page, the lock (or its journal), the config, a glossary or the git history
    changed since the last run, the last report is reused as it was (git hints for 'unknown'
    variants included).
    ``watch`` is told of what the page walk meets; ``config`` is the site's, when already
    loaded.
    """
    config = config or load_config(root)
    store = open_store(config, use_cache, qa)
    snapshot = Snapshot(config, use_cache)
    found = find_candidates(config, watch)
    glossaries = sorted((config.root / "glossary").glob("*.yaml")) if qa else []
    key = snapshot.key(found, *glossaries, *depends_on(config))
    key += f"-qa-{store.glossary_key}-{config.qa_severity}" if qa else ""
    report = snapshot.load(key)
    if report is None:
        report = audit_site(config, store, found, qa=qa).report
        snapshot.save(key, report)
    return narrow(report, langs, numbers)


def depends_on(config: Config) -> tuple[Path, ...]:
    """The files besides the pages and the config whose change can change the report: the
    lock, its journal, the extra glossary files and git's own (the hints of 'unknown'
    variants)."""
    return (config.lock_path, config.state_dir / JOURNAL,
            *(config.root / g for g in config.glossary_files), *state_files(config.root))


class Keeper:
    """For a plain ``status --format json``: the stamps of what the run depends on, taken
    before the audit reads it (the page walk adds its folders and files), and the document
    kept under them for the fast path (:mod:`..store.status_text`)."""

    def __init__(self, config: Config):
        self.config = config
        forget_output(config)  # whatever this run decides, the old document is not sure
        self.stamps = Stamps(config, tuple(str(p.absolute()) for p in depends_on(config)))

    def keep(self, report: Report, output: str) -> None:
        """Keep ``output`` when the run met no problem."""
        if not report.errors:
            save_output(self.config, self.stamps, output)


def plain_json(root: Path) -> tuple[str, Report]:
    """``status --format json`` with no option (what pre-commit hooks and CI run): the
    document, kept for the fast path when the run met no problem, and the report."""
    from ..report import render_json

    keeper = Keeper(load_config(root))
    report = status(root, watch=keeper.stamps, config=keeper.config)
    text = render_json(report)
    keeper.keep(report, text)
    return text, report
