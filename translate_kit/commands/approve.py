"""``approve``: mark reviewed translations current: marker removed, lock record made against
today's source."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..audit import VariantStatus
from ..config import find_config
from ..discover import Candidate, read_info
from ..errors import PageError, UsageError
from ..lock import write_lock
from ..page import read_page
from ..site import Site, gather
from ..write import write_text_atomic
from .baseline import Outcome


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
    slots = {v.path: (e.number, v) for e in site.report.episodes for v in e.variants if v.path}
    outcomes = []
    writes: list[tuple[Path, str]] = []
    for file in files:
        rel = file.relative_to(root).as_posix()
        found = slots.get(rel)
        text, outcome = _approved_text(site, file, rel, found[1] if found else None, force)
        outcomes.append(outcome)
        if text is not None:
            writes.append((file, text))
    records = dict(site.records)
    for file, text in writes:  # gather first, write last
        write_text_atomic(file, text)
        rel = file.relative_to(root).as_posix()
        number, lang = slots[rel][0], slots[rel][1].lang
        source = site.page(number, site.config.source_lang)
        before = site.page(number, lang)
        assert source is not None and before is not None
        fresh = read_info(site.config, Candidate(rel, before.role, before.lang, None))
        records[rel] = site.record(source, rel, lang, number, "current", fresh.digest)
    write_lock(site.config.lock_path, records)
    site.store.save()
    return outcomes


def _approved_text(site: Site, file: Path, rel: str, variant: VariantStatus | None,
                   force: bool) -> tuple[str | None, Outcome]:
    """The page's text with the draft marker settled, or None and why not."""
    if variant is None:
        return None, Outcome(rel, "failed", "not a translation of this site's layout")
    refusal = _approve_refusal(variant.status, force)
    if refusal:
        return None, Outcome(rel, "failed", refusal)
    try:
        page = read_page(file, rel)
    except PageError as exc:
        return None, Outcome(rel, "failed", exc.message)
    marker = site.config.marker
    updated = page.delete(marker.key) if marker.reviewed is None else page.set(
        marker.key, marker.reviewed)
    return updated.text, Outcome(rel, "approved")


def _approve_refusal(status: str, force: bool) -> str | None:
    if status in ("invalid", "orphan", "missing"):
        return {"invalid": "cannot be read", "orphan": "has no source to approve against",
                "missing": "does not exist"}[status]
    if status == "untranslated" and not force:
        return "its text is still the source's; translate it first (or --force)"
    return None
