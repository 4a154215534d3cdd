"""Write and record: each draft page written atomically with its review sheet, each page's
record journalled before the page is written and folded into the lock (every second, at the end,
and by the next run after a kill), nothing recorded that was not written; and the recovery of
what an interrupted run left."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..lock import Ledger, file_digest, review_file
from ..site import Site
from ..sitefiles import unwritable
from ..wording import plural
from ..write import PageChanged, write_text_atomic
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
    return review_file(config.state_dir, path, suffix)


def write_drafts(site: Site, book: Ledger, drafts: list[Draft], engine: str,
                 allow_partial: bool) -> list[DraftOutcome]:
    """Write pages and their sheets. Each page's record is journalled before the page is
    written (so a kill at any moment loses no record) and folded into the lock every second and
    at the end, Ctrl-C included; a page that is not what the plan saw is left alone."""
    config = site.config
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
            why = unwritable(config.root, config.root / target) or unwritable(config.root, sheet)
            if why:  # a symlink out of the site, or a folder where the page would go
                outcomes.append(DraftOutcome(gap.path, gap.lang, gap.number, item.mode, "failed",
                                             None, why))
                continue
            if item.mode == "review":  # a side draft in .translate-kit/: nothing to record
                write_text_atomic(config.root / target, item.text)
            else:
                record = site.record(gap.source, target, gap.lang, gap.number, "draft",
                                     file_digest(item.text.encode("utf-8")), item.held)
                pending = True  # before the write: Ctrl-C right after it must still commit
                try:
                    book.write_page(record, item.text, gap.expect)
                except PageChanged as exc:
                    outcomes.append(DraftOutcome(gap.path, gap.lang, gap.number, item.mode,
                                                 "failed", reason=exc.message))
                    continue
            write_text_atomic(sheet, review_sheet(item, engine, target), sync=False)
            action = "review" if item.mode == "review" else "written"
            outcomes.append(DraftOutcome(gap.path, gap.lang, gap.number, item.mode, action,
                                         str(sheet.relative_to(config.root)), item.reason,
                                         len(item.notes), item.failed))
            if pending and time.monotonic() - saved > 1.0:  # others see the lock grow
                book.commit()
                pending, saved = False, time.monotonic()
    finally:
        if pending:
            book.commit()
    return outcomes


def recover(site: Site, book: Ledger) -> tuple[str, ...]:
    """Record pages that carry the draft marker but have no record (written by a run killed
    before it could record them, by an older version) as drafts of today's source, and remove
    temporary files killed runs left beside the site's pages; the paths recorded."""
    config = site.config
    pages = [p for e in site.episodes for p in (e.source, *e.variants.values()) if p]
    book.clean({(config.root / p.path).parent for p in pages} |
               {review_path(config, p.path).parent for p in pages if p.role != "source"})
    records = []
    for episode in site.report.episodes:
        source = site.page(episode.number, config.source_lang)
        for variant in episode.variants:
            page = site.page(episode.number, variant.lang)
            if variant.status == "unknown" and source is not None and source.valid and \
                    page is not None and page.number is not None and \
                    page.marker == config.marker.value:
                records.append(site.record(source, page.path, page.lang, page.number, "draft",
                                           page.digest))
    if records:
        book.note(records)
        book.commit()
    return tuple(r.path for r in records)


def _not_written(item: Draft) -> DraftOutcome:
    gap = item.gap
    why = next((n.problems[0] for n in item.notes if n.origin == "failed" and n.problems),
               "engine failed")
    return DraftOutcome(gap.path, gap.lang, gap.number, item.mode, "failed", None,
                        f"{plural(item.failed, 'segment')} could not be translated ({why}); "
                        "page not written (re-run, or --allow-partial)", len(item.notes),
                        item.failed)
