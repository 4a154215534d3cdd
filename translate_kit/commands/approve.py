"""``approve``: mark reviewed translations current: marker removed, lock record made against
today's source. Unfinished work is refused unless forced (see :mod:`translate_kit.approval`);
the page and its record are written through the lock's journal under the site's state lock."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..approval import not_placed, refusal_message, unfinished, untouched_since_record
from ..audit import VariantStatus
from ..config import find_config
from ..discover import PageInfo
from ..errors import PageError, UsageError
from ..lock import Ledger, Record, file_digest, review_file
from ..page import read_page
from ..segment import Policy, segment_page
from ..site import Site, site_glossary, updating
from ..write import PageChanged
from .baseline import Outcome


def site_root_of(path: Path) -> Path:
    """The nearest folder at or above ``path`` that holds a translate-kit config (by the
    path as given: a page that is a symlink belongs to the site it is named in)."""
    start = path.absolute()
    for folder in [start if start.is_dir() else start.parent, *start.parent.parents]:
        if find_config(folder) is not None:
            return folder
    raise UsageError(f"no translate-kit.yaml in any folder above {path}")


def approve(paths: Iterable[Path], force: bool = False) -> list[Outcome]:
    """Mark translations reviewed against their current source: marker removed, lock current."""
    outcomes = []
    by_root: dict[Path, list[Path]] = {}
    for path in paths:
        why = _not_a_page(path)
        root = site_root_of(path).resolve() if why is None else None
        if root is not None and not path.resolve().is_relative_to(root):
            why = f"leads outside the site (to {path.resolve()}); not approved"
        if root is None or why is not None:
            outcomes.append(Outcome(str(path), "failed", why or "no such file"))
            continue
        by_root.setdefault(root, []).append(path.resolve())
    for root, files in by_root.items():
        outcomes.extend(_approve_in_site(root, files, force))
    return outcomes


def _not_a_page(path: Path) -> str | None:
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "is a folder, not a page"
    return None if path.is_file() else "is not a regular file (a pipe, socket or device)"


def _approve_in_site(root: Path, files: list[Path], force: bool) -> list[Outcome]:
    # a sync running meanwhile writes its next page after this
    with updating(root, "approve") as (site, book):
        slots = {v.path: (e.number, v) for e in site.report.episodes for v in e.variants
                 if v.path}
        outcomes = []
        writes: list[tuple[Record, str, str]] = []
        for file in files:
            rel = file.relative_to(root).as_posix()
            found = slots.get(rel)
            planned = _approval(site, rel, *found, force) if found else Outcome(
                rel, "failed", "not a translation of this site's layout")
            if isinstance(planned, Outcome):
                outcomes.append(planned)
                continue
            writes.append(planned)
        try:
            for record, text, expect in writes:  # gather first, write last
                outcomes.append(_write(book, record, text, expect))
        finally:  # Ctrl-C included: what was written is recorded
            book.commit()
    return outcomes


def _write(book: Ledger, record: Record, text: str, expect: str) -> Outcome:
    try:
        book.write_page(record, text, expect)
    except PageChanged as exc:  # edited by another program between the read and the write
        return Outcome(record.path, "failed", exc.message)
    return Outcome(record.path, "approved")


def _approval(site: Site, rel: str, number: int, variant: VariantStatus,
              force: bool) -> Outcome | tuple[Record, str, str]:
    """The approved page's record, its text and the digest of the file it replaces; or why
    it is not approved."""
    source = site.page(number, site.config.source_lang)
    before = site.page(number, variant.lang)
    refusal = _approve_refusal(variant.status, force)
    if refusal is None and (source is None or not source.valid):
        refusal = "its source page cannot be read; fix it first"
    if refusal is None and not force and source is not None and before is not None:
        record = site.records.get(rel)
        refusal = _not_placed(site, source, record) or untouched_since_record(
            variant.status, record, before.digest) or _unfinished(site, source, before)
    if refusal:
        return Outcome(rel, "failed", refusal)
    try:
        page = read_page(site.config.root / rel, rel)
    except PageError as exc:
        return Outcome(rel, "failed", exc.message)
    assert source is not None and before is not None
    marker = site.config.marker
    updated = page.delete(marker.key) if marker.reviewed is None else page.set(
        marker.key, marker.reviewed)
    record = site.record(source, rel, variant.lang, number, "current",
                         file_digest(updated.text.encode("utf-8")))
    return record, updated.text, before.digest


def _not_placed(site: Site, source: PageInfo, record: Record | None) -> str | None:
    if record is None or record.status != "partial":
        return None
    config = site.config
    policy = Policy(config.translate_fields, renderer=config.renderer)  # as the lock's ids
    sheet = review_file(config.state_dir, record.path).relative_to(config.root).as_posix()
    return not_placed(record, segment_page(config.read_text(source.path), policy), sheet)


def _unfinished(site: Site, source: PageInfo, page: PageInfo) -> str | None:
    """Why the page is not finished (segments named), or None."""
    config = site.config
    glossary = site_glossary(config)
    policy = Policy(config.translate_fields, glossary, renderer=config.renderer)
    found = unfinished(page.path, config.read_text(source.path), config.read_text(page.path),
                       page.lang, config.source_lang, policy, glossary)
    return refusal_message(found) if found else None


def _approve_refusal(status: str, force: bool) -> str | None:
    if status in ("invalid", "orphan", "missing"):
        return {"invalid": "cannot be read", "orphan": "has no source to approve against",
                "missing": "does not exist"}[status]
    if status == "untranslated" and not force:
        return "its text is still the source's; translate it first (or --force)"
    return None
