"""``status``: the audit of a site, reused from the snapshot when nothing it depends on changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..audit import Report
from ..config import load_config
from ..discover import find_candidates
from ..lock import JOURNAL
from ..site import audit_site, narrow, open_store
from ..store.snapshot import Snapshot
from ..store.status_text import forget_output, observe, save_output


def status(root: Path, langs: Iterable[str] = (), numbers: Iterable[int] = (),
           use_cache: bool = True, qa: bool = False) -> Report:
    """The audit of a site, narrowed to some languages and episodes when asked; with QA
    findings (a 'qa' flag) when ``qa``.

    When no page, the lock (or its journal), the config or a glossary changed since the last
    run, the last report is reused as it was (git hints for 'unknown' variants included).
    """
    config = load_config(root)
    store = open_store(config, use_cache, qa)
    snapshot = Snapshot(config, use_cache)
    found = find_candidates(config)
    glossaries = sorted((config.root / "glossary").glob("*.yaml")) if qa else []
    key = snapshot.key(found, config.lock_path, config.state_dir / JOURNAL, *glossaries,
                       *(config.root / g for g in config.glossary_files))
    key += f"-qa-{store.glossary_key}-{config.qa_severity}" if qa else ""
    report = snapshot.load(key)
    if report is None:
        report = audit_site(config, store, found, qa=qa).report
        snapshot.save(key, report)
    return narrow(report, langs, numbers)


def keeper(root: Path) -> Callable[[Report, str], None]:
    """For a plain ``status --format json``: stats taken now, before the audit reads anything,
    and a function that keeps the printed document under them for the fast path
    (:mod:`..store.status_text`) when the run met no problem."""
    config = load_config(root)
    forget_output(config)  # whatever this run decides, the old document is no longer sure
    watched = (config.lock_path, config.state_dir / JOURNAL,
               *(config.root / g for g in config.glossary_files))
    stats = observe(config, tuple(str(p.absolute()) for p in watched))

    def keep(report: Report, output: str) -> None:
        if stats is not None and not report.errors:
            save_output(config, stats, output)
    return keep
