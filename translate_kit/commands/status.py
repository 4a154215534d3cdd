"""``status``: the audit of a site, reused from the snapshot when nothing it depends on changed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..audit import Report
from ..config import load_config
from ..discover import find_candidates
from ..lock import JOURNAL
from ..site import audit_site, narrow, open_store
from ..store.snapshot import Snapshot


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
    key = snapshot.key(found[0], config.lock_path, config.state_dir / JOURNAL, *glossaries,
                       *(config.root / g for g in config.glossary_files))
    key += f"-qa-{store.glossary_key}-{config.qa_severity}" if qa else ""
    report = snapshot.load(key)
    if report is None:
        report = audit_site(config, store, found, qa=qa).report
        snapshot.save(key, report)
    return narrow(report, langs, numbers)
