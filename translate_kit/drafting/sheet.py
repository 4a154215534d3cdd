"""What a draft run tells people: the review sheet of each draft and the bill of the run (per
language, what the engine was sent and what was free).

A review sheet has one section per segment (status, source, draft, notes), what needs a person
first: segments that could not be placed in the page, failed or untranslated ones, QA findings,
then the segments a re-draft changed (old and new source as a word diff, the previous
translation and the new draft), then the rest of the drafted text; unchanged segments are only
counted. Front-matter values are shown as text, never as YAML."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from ..diff import word_diff
from ..translate import Result
from ..yamledit import scalar_text
from .assemble import Draft, Note
from .plan import Job
from .run import Traffic


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
    traffic: Traffic | None = None
    """What this language's requests put on the wire: requests, characters, tokens and money
    at the configured price (a dry run: the estimate); None when the engine says nothing."""


def bills(jobs: list[Job], results: Mapping[tuple[str, str], Result] | None,
          cached: set[tuple[str, str]] | None = None,
          traffic: Mapping[str, Traffic] | None = None) -> tuple[Bill, ...]:
    """Per language: what goes to the engine (identical segments once), what is free, and
    (from ``traffic``) what its requests took."""
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
    return tuple(Bill(lang, **counts, traffic=_traffic(traffic, lang))
                 for lang, counts in by_lang.items())


def _traffic(traffic: Mapping[str, Traffic] | None, lang: str) -> Traffic | None:
    if traffic is None:
        return None
    return traffic.get(lang, Traffic())  # a language that sent nothing cost nothing


def review_sheet(draft: Draft, engine: str, written_to: str) -> str:
    """A Markdown sheet for the reviewer: one section per segment, what needs attention first."""
    gap = draft.gap
    ranked = sorted(enumerate(draft.notes, 1), key=lambda item: _rank(item[1]))
    shown = [(n, note) for n, note in ranked if note.origin != "kept"]
    kept = len(draft.notes) - len(shown)
    attention = sum(1 for _, note in shown if _rank(note) < 2)
    lines = [f"# Review: {gap.path} ({gap.lang})", "",
             f"- Source: `{gap.source.path}` (episode {gap.number})",
             f"- Draft written to: `{written_to}` ({_MODES.get(draft.mode, draft.mode)}; "
             f"engine: {engine})",
             f"- Segments: {len(draft.notes)}: {attention} need attention, "
             f"{len(shown) - attention} drafted, {kept} unchanged"]
    if draft.reason:
        lines.append(f"- Note: {draft.reason}")
    lines += ["", *_next_step(draft, written_to), ""]
    for number, note in shown:
        lines += _section(number, note)
    if kept:
        lines += [f"## Unchanged: {kept} segment(s)", "",
                  "Their source did not change: the page's existing translation is kept as it "
                  "was.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


_MODES = {"new": "new page", "redraft": "wholesale re-draft of an existing page",
          "incremental": "re-drafted in place",
          "review": "side draft: the page itself was not touched"}


def _next_step(draft: Draft, written_to: str) -> list[str]:
    path = draft.gap.path
    if draft.mode == "review":
        return [f"The page `{path}` still holds the old translation; do not approve it as it "
                "is. Bring the draft into it first: copy the sections below into the page (or, "
                f"if the translator's own structure can go, replace the page with `{written_to}`"
                f"), then review it and run `translate-kit approve {path}`."]
    if any(note.unplaced for note in draft.notes):
        return ["Some changed segments could not be placed in the page (first below): put "
                f"their drafts in by hand, then run `translate-kit approve {path}`."]
    return [f"When the draft reads well, run `translate-kit approve {path}`."]


def _rank(note: Note) -> int:
    """0: not in the page or not translated; 1: QA findings; 2: changed by a re-draft;
    3: drafted; 4: unchanged."""
    if note.unplaced or note.origin in ("failed", "kept-source", "none"):
        return 0
    if any(p.startswith("QA ") for p in note.problems):
        return 1
    if note.changed:
        return 2
    return 4 if note.origin == "kept" else 3


def _section(number: int, note: Note) -> list[str]:
    where = (f"`{note.key}` (front matter)" if note.key else
             f"line {note.line}, {_KINDS.get(note.kind, note.kind)}")
    lines = [f"## {number}. {where}", "", f"- Status: {_status(note)}"]
    if note.old_source is not None:
        lines.append("- Source (old → new): " + _inline(word_diff(note.old_source, note.source)))
    else:
        lines.append("- Source: " + _inline(note.source))
    if note.previous is not None:
        lines.append("- Previous translation: " + _inline(_as_text(note.previous, note.kind)))
    lines.append("- Draft: " + _inline(_as_text(note.draft, note.kind)))
    details = _notes(note)
    if details:
        lines.append("- Notes: " + _inline("; ".join(details)))
    return [*lines, ""]


_KINDS = {"paragraph": "paragraph", "heading": "heading", "list_item": "list item",
          "blockquote": "quotation", "footnote": "footnote", "table_cell": "table cell",
          "html": "HTML text", "front_matter": "front matter"}

_ORIGINS = {
    "engine": "machine translation", "cache": "machine translation (cached)",
    "memory": "reused from the site's translations", "kept": "unchanged: existing translation "
    "kept", "ui": "interface text from the locale", "none": "NEEDS TRANSLATION",
    "kept-source": "KEPT IN SOURCE LANGUAGE: markup could not be kept safe",
    "failed": "FAILED: kept in source language",
}


def _status(note: Note) -> str:
    origin = _ORIGINS.get(note.origin, note.origin)
    if note.unplaced:
        return f"NOT IN THE PAGE: {note.unplaced} ({origin})"
    if note.changed:
        return ("new in the source" if note.old_source is None else "changed in the source") + \
            f"; {origin}, in the page"
    return origin


def _notes(note: Note) -> list[str]:
    parts = []
    if note.terms:
        parts.append("glossary: " + ", ".join(dict.fromkeys(note.terms)))
    if note.retried:
        parts.append("tokens retried piece by piece")
    if note.suggestion is not None and note.suggestion.plain != note.previous:
        parts.append(f"memory {note.suggestion.score:.0f}% ({note.suggestion.path}, for "
                     f"\"{note.suggestion.source}\"): {note.suggestion.plain}")
    parts.extend(note.problems)
    return parts


def _as_text(text: str, kind: str) -> str:
    """A front-matter value as its text, not its YAML (quotes and escapes undone)."""
    if kind == "front_matter" and text[:1] in ("'", '"'):
        return scalar_text(text)
    return text


def _inline(text: str) -> str:
    """One value, wrapped at 100 columns under its list item (long lines stay readable)."""
    flat = " ".join(text.split())
    return "\n  ".join(textwrap.wrap(flat, 98, break_long_words=False,
                                     break_on_hyphens=False)) or "(empty)"
