"""What a draft run tells people: the review sheet of each draft (per segment the source, the
draft and notes) and the bill of the run (per language, what the engine was sent and what was
free)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..translate import Result
from .assemble import Draft, Note
from .plan import Job


@dataclass(frozen=True)
class Bill:
    """What a language costs: segments and characters for the engine, and what is free."""

    lang: str
    pages: int = 0
    engine_segments: int = 0
    engine_chars: int = 0
    cached: int = 0
    memory: int = 0
    kept: int = 0
    ui: int = 0


def bills(jobs: list[Job], results: Mapping[tuple[str, str], Result] | None,
          cached: set[tuple[str, str]] | None = None) -> tuple[Bill, ...]:
    """Per language: what goes to the engine (identical segments once) and what is free."""
    by_lang: dict[str, dict[str, int]] = {}
    sent: set[tuple[str, str]] = set()
    for job in jobs:
        bill = by_lang.setdefault(job.gap.lang, dict.fromkeys(
            ("pages", "engine_segments", "engine_chars", "cached", "memory", "kept", "ui"), 0))
        bill["pages"] += 1
        bill["memory"] += len(job.memory)
        bill["kept"] += len(job.keep)
        bill["ui"] += len(job.ui)
        for segment in job.todo:
            key = (job.gap.lang, segment.text)
            if not segment.masked.translatable:
                continue
            from_cache = (cached is not None and key in cached) or (
                results is not None and key in results and results[key].origin == "cache")
            if from_cache:
                bill["cached"] += 1
            elif key not in sent:  # identical segments are sent once
                sent.add(key)
                bill["engine_segments"] += 1
                bill["engine_chars"] += len(segment.text)
    return tuple(Bill(lang, **counts) for lang, counts in by_lang.items())


def review_sheet(draft: Draft, engine: str, written_to: str) -> str:
    """A Markdown sheet for the reviewer: per segment the source, the draft and notes."""
    gap = draft.gap
    counts: dict[str, int] = {}
    for note in draft.notes:
        counts[note.origin] = counts.get(note.origin, 0) + 1
    summary = ", ".join(f"{n} {origin}" for origin, n in sorted(counts.items()))
    lines = [
        f"# Review: {gap.path} ({gap.lang})", "",
        f"- Source: `{gap.source.path}` (episode {gap.number})",
        f"- Draft written to: `{written_to}` ({draft.mode}; engine: {engine})",
        f"- Segments: {summary or 'none'}",
    ]
    if draft.reason:
        lines.append(f"- Note: {draft.reason}")
    lines += ["", "When the draft reads well, run `translate-kit approve " + gap.path + "`.", "",
              "| # | source | draft | notes |", "|---:|---|---|---|"]
    for index, note in enumerate(draft.notes, 1):
        lines.append(f"| {index} | {_cell(note.source)} | {_cell(note.draft)} | "
                     f"{_cell(_describe(note))} |")
    return "\n".join(lines) + "\n"


_ORIGINS = {
    "engine": "machine translation", "cache": "machine translation (cached)",
    "memory": "reused from the site's translations", "kept": "unchanged: existing translation "
    "kept", "ui": "interface text from the locale", "none": "NEEDS TRANSLATION",
    "kept-source": "KEPT IN SOURCE LANGUAGE: markup could not be kept safe",
    "failed": "FAILED: kept in source language",
}


def _describe(note: Note) -> str:
    parts = [_ORIGINS.get(note.origin, note.origin)]
    if note.terms:
        parts.append("glossary: " + ", ".join(dict.fromkeys(note.terms)))
    if note.retried:
        parts.append("tokens retried piece by piece")
    if note.suggestion is not None:
        parts.append(f"memory {note.suggestion.score:.0f}% ({note.suggestion.path}): "
                     f"{note.suggestion.plain}")
    parts.extend(note.problems)
    return "; ".join(parts)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


