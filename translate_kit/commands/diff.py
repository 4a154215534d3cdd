"""``diff``: segment by segment, what changed in the source since a translation was recorded."""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..diff import SourceDiff, source_changes, structure
from ..errors import UsageError
from ..history import find_version
from ..lock import Record, load_source
from ..segment import Policy, segment_page
from ..site import gather, narrow


def diff(root: Path, number: int, lang: str) -> SourceDiff:
    """Segment by segment, the source's changes since the translation's lock record."""
    site = gather(root)
    narrow(site.report, [lang], [number])
    source, variant = site.page(number, site.config.source_lang), site.page(number, lang)
    if source is None or variant is None:
        raise UsageError(f"episode {number} has no {'source' if source is None else lang} page")
    record = site.records.get(variant.path)
    if record is None:
        raise UsageError(f"{variant.path} has no lock record to compare with; run 'baseline' "
                         "or 'approve' first")
    policy = Policy(site.config.translate_fields, renderer=site.config.renderer)
    old_text, origin = recorded_source(site.config, record)
    old = segment_page(old_text, policy) if old_text is not None else None
    translation = segment_page(site.config.read_text(variant.path), policy)
    changes, unchanged = source_changes(
        record.segments, segment_page(site.config.read_text(source.path), policy), old,
        translation)
    status = next((v.status for e in site.report.episodes if e.number == number
                   for v in e.variants if v.lang == lang), "unknown")
    return SourceDiff(number, lang, source.path, variant.path, status, record.recorded,
                      record.status, origin, changes, unchanged, structure(old, translation))


def recorded_source(config: Config, record: Record) -> tuple[str | None, str]:
    """The source text a record was made against: the local snapshot, else git history."""
    text = load_source(config.state_dir, record.source_digest)
    if text is not None:
        return text, "snapshot"
    found = find_version(config.root, record.source, record.source_digest)
    if found is not None:
        return found[1], f"git {found[0][:12]}"
    return None, "unavailable"
