"""Audit: a status for every (episode, target language), from pages, the lock and similarity."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .config import Config
from .discover import PageInfo, Problem
from .findings import Finding
from .lock import Record, changed_segments, review_file
from .pair import Episode, occupants, occupied_reason, slot_path
from .wording import plural

STATUSES = ("current", "draft", "stale", "unknown", "untranslated", "missing", "orphan",
            "invalid")
FLAGS = ("metadata-drift", "duplicate", "lang-mismatch", "number-mismatch", "qa")
# A variant counts toward coverage when a real translation exists, however old; only a
# reviewed translation of today's source counts as up to date.
COVERED = ("current", "draft", "stale", "unknown")
UP_TO_DATE = ("current",)


@dataclass(frozen=True)
class VariantStatus:
    """The state of one episode in one target language."""

    lang: str
    status: str
    path: str | None
    flags: tuple[str, ...] = ()
    changed_segments: int | None = None
    similarity: float | None = None
    drift: tuple[str, ...] = ()
    """Copied fields whose meaning differs from the source's."""
    hint: str | None = None
    reason: str = ""
    """Why the variant is in this state, in one sentence."""
    qa: tuple[Finding, ...] = ()
    """QA findings (when the audit ran with QA)."""


@dataclass(frozen=True)
class EpisodeStatus:
    """One episode: its source page and its variants in the configured language order."""

    number: int
    source: str | None
    flags: tuple[str, ...]
    variants: tuple[VariantStatus, ...]

    def variant(self, lang: str) -> VariantStatus | None:
        return next((v for v in self.variants if v.lang == lang), None)


@dataclass(frozen=True)
class Report:
    """The audit of a site: what ``status`` shows and ``check`` gates on."""

    source_lang: str
    languages: tuple[str, ...]
    episodes: tuple[EpisodeStatus, ...]
    errors: tuple[Problem, ...]
    counted: tuple[EpisodeStatus, ...] | None = None
    """What the summary counts when ``episodes`` is only a listing's selection (``status
    --only``): all the episodes, so the counts and percentages stay the site's."""

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per language: a count per status, ``coverage`` (percent of sources with a real
        translation, however old) and ``up_to_date`` (percent whose translation is current)."""
        out: dict[str, dict[str, Any]] = {}
        episodes = self.episodes if self.counted is None else self.counted
        for lang in self.languages:
            counts: dict[str, Any] = dict.fromkeys(STATUSES, 0)
            for episode in episodes:
                variant = episode.variant(lang)
                if variant is not None:
                    counts[variant.status] += 1
            sources = sum(1 for e in episodes if e.source is not None)
            covered = sum(counts[s] for s in COVERED)
            current = sum(counts[s] for s in UP_TO_DATE)
            counts["coverage"] = round(100.0 * covered / sources, 1) if sources else 100.0
            counts["up_to_date"] = round(100.0 * current / sources, 1) if sources else 100.0
            out[lang] = counts
        return out

    def to_json(self) -> dict[str, Any]:
        """The documented status document (see README, 'Status JSON')."""
        return {
            "version": 1,
            "source_lang": self.source_lang,
            "languages": list(self.languages),
            "episodes": [{
                "number": e.number,
                "source": e.source,
                "flags": list(e.flags),
                "variants": {v.lang: {
                    "status": v.status, "path": v.path, "flags": list(v.flags),
                    "changed_segments": v.changed_segments, "drift": list(v.drift),
                    "similarity": v.similarity, "hint": v.hint, "reason": v.reason,
                    "qa": [{"line": f.line, "segment": f.segment, "check": f.check,
                            "message": f.message, "term": f.term,
                            "severity": f.severity} for f in v.qa],
                } for v in e.variants},
            } for e in self.episodes],
            "summary": self.summary(),
            "errors": [{"path": p.path, "line": p.line, "message": p.message}
                       for p in self.errors],
        }


class Pages(Protocol):
    """What the audit asks of the page store beyond each page's PageInfo."""

    def segment_ids(self, info: PageInfo) -> tuple[str, ...]: ...

    def similarity(self, source: PageInfo, variant: PageInfo) -> float: ...

    def drift(self, source: PageInfo, variant: PageInfo) -> tuple[str, ...]: ...

    def qa(self, source: PageInfo, variant: PageInfo) -> tuple[Finding, ...]: ...


Hint = Callable[[PageInfo, PageInfo], str | None]


def audit(config: Config, episodes: list[Episode], records: Mapping[str, Record],
          pages: Pages, hint: Hint | None = None, qa: bool = False) -> list[EpisodeStatus]:
    """Statuses for every episode and target language (with QA findings when ``qa``)."""
    out = []
    taken = occupants(episodes)
    for episode in episodes:
        variants = []
        for lang in config.languages:
            page = episode.variants.get(lang)
            if page is None and episode.source is None:
                continue
            status = _variant_status(config, episode, lang, page, records, pages, hint)
            if status.status == "missing" and episode.source is not None:
                status = _slot_taken(config, episode, status, taken)
            if qa and page is not None and episode.source is not None and \
                    episode.source.valid and status.status in (
                    "current", "draft", "stale", "unknown", "untranslated"):
                findings = pages.qa(episode.source, page)
                if findings:
                    status = replace(status, flags=(*status.flags, "qa"), qa=findings)
            variants.append(status)
        flags = ("duplicate",) if "" in episode.duplicates else ()
        out.append(EpisodeStatus(episode.number, episode.source.path if episode.source else None,
                                 flags, tuple(variants)))
    return out


def _slot_taken(config: Config, episode: Episode, status: VariantStatus,
                taken: Mapping[str, PageInfo]) -> VariantStatus:
    """A missing translation whose place is held by another episode's page says so, with both
    numbers (sync leaves that file alone)."""
    assert episode.source is not None
    path = slot_path(config, episode.source, status.lang)
    if path is None or path not in taken:
        return status
    return replace(status, reason=occupied_reason(taken[path], episode.number, status.lang))


def _variant_status(config: Config, episode: Episode, lang: str, page: PageInfo | None,
                    records: Mapping[str, Record], pages: Pages,
                    hint: Hint | None) -> VariantStatus:
    source = episode.source
    if page is None:
        return VariantStatus(lang, "missing", None, reason=f"no {lang} page for this episode")
    flags = list(page.flags)
    if lang in episode.duplicates:
        flags.append("duplicate")
    if not page.valid:
        reason = page.error.message if page.error else "cannot be read"
        return VariantStatus(lang, "invalid", page.path, tuple(flags), reason=reason)
    if source is None:
        return VariantStatus(lang, "orphan", page.path, tuple(flags),
                             reason=f"no {config.source_lang} source page with this number")
    if not source.valid:
        return VariantStatus(lang, "unknown", page.path, tuple(flags),
                             reason="the source page cannot be read")
    drift = pages.drift(source, page)
    if drift:
        flags.append("metadata-drift")
    score = round(pages.similarity(source, page), 1) or None
    status, changed, why, note = _judge(config, source, page, records.get(page.path), pages,
                                        score)
    if status == "unknown" and hint is not None:
        note = hint(source, page)
    return VariantStatus(lang, status, page.path, tuple(flags), changed, score, drift, note, why)


def _judge(config: Config, source: PageInfo, page: PageInfo, record: Record | None,
           pages: Pages, score: float | None) -> tuple[str, int | None, str, str | None]:
    """(status, changed segments, reason, hint) of a readable variant of a readable source."""
    if score is not None and score >= config.untranslated_threshold:
        return "untranslated", None, f"{score:.0f}% the same words as the source", None
    if record is None or record.lang != page.lang:
        return ("unknown", None, "no record of the source it was made from (run 'baseline' to "
                "adopt it)", None)
    changed = 0 if record.source_digest == source.digest else changed_segments(
        record.segments, pages.segment_ids(source))
    if changed and record.status == "partial":
        return "stale", changed, partial_reason(config, record, changed), None
    if changed:
        why = f"{plural(changed, 'source segment')} changed since {record.recorded}"
        return "stale", changed, why, None
    if record.status == "draft" or page.marker == config.marker.value:
        return "draft", 0, "machine draft awaiting review", None
    return "current", 0, f"reviewed; source unchanged since {record.recorded}", None


def partial_reason(config: Config, record: Record, changed: int) -> str:
    """Why a page a re-draft could not bring fully up to date is stale, and where to look."""
    sheet = review_file(config.state_dir, record.path).relative_to(config.root).as_posix()
    return (f"{plural(changed, 'source segment')} not in the page: the re-draft of "
            f"{record.recorded} could not place them; their drafts are in {sheet}")
