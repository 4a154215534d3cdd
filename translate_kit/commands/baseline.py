"""``baseline``: adopt existing human translations as current, once, recording their source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..align import first_mismatch
from ..discover import PageInfo
from ..segment import Policy, segment_page
from ..site import Site, narrow, updating


@dataclass(frozen=True)
class Outcome:
    """What a recording command did to one translation."""

    path: str
    action: str
    """'adopted' (recorded as current), 'draft' (a machine draft, recorded as a draft awaiting
    review), 'approved', 'skipped' or 'failed'."""
    reason: str = ""


def baseline(root: Path, langs: Iterable[str] = (), numbers: Iterable[int] = (),
             force: bool = False) -> list[Outcome]:
    """Adopt existing human translations as current: once, for variants with no record.
    Pages that carry the draft marker are recorded as drafts awaiting review ('draft'), never
    as current.

    ``force`` also re-adopts stale, draft and current ones against today's source (the team
    says they are up to date). Untranslated, invalid and orphan variants are never adopted.
    """
    with updating(root, "baseline") as (site, book):
        report = narrow(site.report, langs, numbers)
        adoptable = {"unknown"} | ({"stale", "draft", "current"} if force else set())
        outcomes, records = [], []
        for episode in report.episodes:
            for variant in episode.variants:
                if variant.path is None:
                    continue
                if variant.status not in adoptable:
                    outcomes.append(Outcome(variant.path, "skipped", _why_not(variant.status)))
                    continue
                source = site.page(episode.number, site.config.source_lang)
                page = site.page(episode.number, variant.lang)
                assert source is not None and page is not None and page.number is not None
                if not source.valid:  # nothing to record the translation against
                    outcomes.append(Outcome(variant.path, "skipped", "its source page cannot "
                                            "be read"))
                    continue
                drafted = page.marker == site.config.marker.value
                records.append(site.record(source, page.path, page.lang, page.number,
                                           "draft" if drafted else "current", page.digest))
                outcomes.append(Outcome(variant.path, "draft" if drafted else "adopted",
                                        _structure(site, source, page)))
        book.note(records)
        book.commit()
    return outcomes


def _structure(site: Site, source: PageInfo, page: PageInfo) -> str:
    """Where an adopted translation's structure first differs from its source ('' if not):
    said at adoption, since later re-drafts and QA align the two by it."""
    kinds = [[i.split(":", 1)[0] for i in site.store.segment_ids(info)] for info in (source, page)]
    if kinds[0] == kinds[1]:
        return ""
    policy = Policy(site.config.translate_fields, renderer=site.config.renderer)
    where = first_mismatch(segment_page(site.config.read_text(source.path), policy),
                           segment_page(site.config.read_text(page.path), policy))
    return f"structure differs from the source: {where}" if where else ""


def _why_not(status: str) -> str:
    return {
        "current": "already current",
        "draft": "a machine draft: review it and run 'approve'",
        "stale": "already recorded and the source changed since (use --force to re-adopt)",
        "untranslated": "its text is the source's: nothing to adopt",
        "invalid": "cannot be read",
        "orphan": "has no source",
    }.get(status, status)
