"""Write and record: each draft page written atomically with its review sheet, and each page
written into the place of a translation recorded in the lock (saved at least every second, and
at the end even on Ctrl-C), nothing that was not written."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..lock import file_digest, write_lock
from ..site import Site
from ..write import write_text_atomic
from .assemble import Draft
from .sheet import review_sheet


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


def review_path(config: Config, path: str, suffix: str = ".review.md") -> Path:
    """Where the review sheet (or, with ``.draft.md``, the side draft) of ``path`` goes."""
    stem = path[:-3] if path.endswith(".md") else path
    return config.state_dir / "review" / f"{stem}{suffix}"


def write_drafts(site: Site, drafts: list[Draft], engine: str,
                 allow_partial: bool) -> list[DraftOutcome]:
    """Write pages and their sheets; record each written page in the lock."""
    config = site.config
    records = dict(site.records)
    outcomes = []
    pending = False
    saved = time.monotonic()
    try:
        for item in drafts:
            gap = item.gap
            if item.failed and not allow_partial:
                outcomes.append(_not_written(item))
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
                records[target] = site.record(gap.source, target, gap.lang, gap.number, "draft",
                                              file_digest(item.text.encode("utf-8")))
                pending = True
            if pending and time.monotonic() - saved > 1.0:  # bounds what a kill -9 leaves
                write_lock(config.lock_path, records)
                pending, saved = False, time.monotonic()
    finally:
        if pending:
            write_lock(config.lock_path, records)
    return outcomes


def _not_written(item: Draft) -> DraftOutcome:
    gap = item.gap
    why = next((n.problems[0] for n in item.notes if n.origin == "failed" and n.problems),
               "engine failed")
    return DraftOutcome(gap.path, gap.lang, gap.number, item.mode, "failed", None,
                        f"{item.failed} segment(s) could not be translated ({why}); page not "
                        "written (re-run, or --allow-partial)", len(item.notes), item.failed)
