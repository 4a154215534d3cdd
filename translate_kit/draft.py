"""Plan and assemble drafts: which gaps to fill, what each needs translated, and the finished
page (front matter from the locale, human text kept where the source did not change)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import Config
from .discover import PageInfo
from .locales import Locale
from .lock import Record
from .memory import Match, Memory, aligned
from .page import parse_page
from .qa import align, check_segment
from .segment import Policy, Segment, SegmentedPage, segment_page
from .translate import Result

SYNC_STATUSES = ("missing", "stale")
FORCE_SYNC = ("untranslated",)
FORCE_DRAFT = ("untranslated", "unknown", "current", "draft")


@dataclass(frozen=True)
class Gap:
    """One (episode, language) to draft."""

    number: int
    lang: str
    status: str
    source: PageInfo
    path: str
    """Where the translation lives (or will)."""
    record: Record | None = None


@dataclass(frozen=True)
class Note:
    """What happened to one segment of a draft (a row of the review sheet)."""

    id: str
    kind: str
    source: str
    draft: str
    origin: str
    """engine, cache, memory, kept (unchanged human text), ui, none (left for a translator),
    kept-source (tokens could not be kept safe), failed."""
    terms: tuple[str, ...] = ()
    suggestion: Match | None = None
    retried: bool = False
    problems: tuple[str, ...] = ()


@dataclass
class Job:
    """A gap prepared for translation: the segments to send and what is already known."""

    gap: Gap
    mode: str
    """new, incremental, or review (the translation no longer lines up with its source)."""
    source: SegmentedPage
    locale: Locale
    variant_text: str | None = None
    keep: dict[str, str] = field(default_factory=dict)
    memory: dict[str, Match] = field(default_factory=dict)
    ui: dict[str, str] = field(default_factory=dict)
    todo: list[Segment] = field(default_factory=list)
    suggestions: dict[str, Match] = field(default_factory=dict)
    reason: str = ""
    policy: Policy = field(default_factory=Policy)
    conventions: dict[str, str] = field(default_factory=dict)
    """Front-matter values this site's pages in the language agree on (parent: Folgen)."""


@dataclass(frozen=True)
class Draft:
    """A finished draft, not yet written."""

    gap: Gap
    mode: str
    text: str
    notes: tuple[Note, ...]
    failed: int
    """Segments the engine could not translate (kept in the source language)."""
    reason: str = ""


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


def variant_path(config: Config, source: PageInfo, lang: str) -> str | None:
    """Where a new translation of ``source`` goes, by the layout's variant pattern."""
    from .discover import compile_pattern

    pattern = config.layout.variants
    langs = (*config.languages, config.source_lang)
    match = compile_pattern(config.layout.source.replace("{lang}", config.source_lang),
                            langs).fullmatch(source.path)
    groups = match.groupdict() if match else {}
    if "{lang}" not in pattern:  # front-matter layouts: a sibling file named for the language
        stem, dot, ext = source.path.rpartition(".")
        return f"{stem}-{lang}.{ext}" if dot else f"{source.path}-{lang}"
    values = {"lang": lang, "number": groups.get("number") or str(source.number),
              "date": groups.get("date"), "slug": groups.get("slug")}
    out = []
    for part in re.split(r"(\{\w+\}|\*\*/|\*\*|\*)", pattern):
        if part.startswith("{"):
            value = values.get(part[1:-1])
            if value is None:
                return None
            out.append(value)
        elif "*" in part:
            return None
        else:
            out.append(part)
    return "".join(out)


def prepare(gap: Gap, source: SegmentedPage, variant: SegmentedPage | None, policy: Policy,
            locale: Locale, memory: Memory, fuzzy_cutoff: float,
            conventions: dict[str, str] | None = None) -> Job:
    """What a gap needs: new drafts need everything; incremental ones only changed segments.
    ``source`` and ``variant`` are the pages segmented with ``policy``."""
    job = Job(gap, "new", source, locale, variant.text if variant else None, policy=policy,
              conventions=dict(conventions or {}))
    wanted = list(source.segments)
    if gap.status == "stale" and gap.record is not None and variant is not None:
        recorded = list(gap.record.segments)
        if aligned(recorded, variant):
            job.mode = "incremental"
            kept = dict(zip(recorded, variant.segments, strict=True))
            job.keep = {s.id: kept[s.id].source for s in source.segments if s.id in kept}
            wanted = [s for s in source.segments if s.id not in job.keep]
        else:
            job.mode = "review"
            job.reason = (f"the translation has {len(variant.segments)} segments where its "
                          f"recorded source had {len(recorded)}: structure no longer lines up")
    for segment in wanted:
        ui = locale.ui.get(segment.plain)
        if ui is not None and segment.kind in ("html", "heading", "paragraph"):
            job.ui[segment.id] = ui
            continue
        found = memory.exact(gap.lang, segment.plain)
        if found is not None:
            job.memory[segment.id] = found
            continue
        job.todo.append(segment)
        close = memory.fuzzy(gap.lang, segment.plain, fuzzy_cutoff) if fuzzy_cutoff else None
        if close is not None:
            job.suggestions[segment.id] = close
    return job


_NBSP = "\u00a0"


def typography(text: str, locale: Locale) -> str:
    """Locale punctuation spacing on engine text (tokens are untouched: they hold no spaces)."""
    marks = str(locale.typography.get("nbsp_before", ""))
    marks = "".join(m for m in marks if m in ":;?!»")
    if marks:
        text = re.sub(rf"(?<=[^\s⟦⟧])[ \u202f{_NBSP}]?([{re.escape(marks)}])(?=\s|$|⟦)",
                      _NBSP + r"\1", text)
    after = "".join(m for m in str(locale.typography.get("nbsp_after", "")) if m in "«")
    if after:
        text = re.sub(rf"([{re.escape(after)}])[ \u202f{_NBSP}]?(?=\S)", r"\1" + _NBSP, text)
    quotes = locale.typography.get("quotes")
    if isinstance(quotes, list) and len(quotes) == 2:
        # Straight double quotes around words become the locale's quotation marks.
        opening, closing = (str(q).strip() for q in quotes)
        inner_open = _NBSP if str(quotes[0]).endswith(" ") else ""
        inner_close = _NBSP if str(quotes[1]).startswith(" ") else ""
        text = re.sub(r'(?<![\w=])"([^"⟦⟧]+?)"(?!\w)',
                      lambda m: f"{opening}{inner_open}{m.group(1).strip()}{inner_close}{closing}",
                      text)
    return text


def assemble(job: Job, results: Mapping[tuple[str, str], Result], config: Config,
             engine_name: str, allow_partial: bool) -> Draft:
    """The finished page for a job, and a note per segment."""
    lang = job.gap.lang
    translations: dict[str, str] = {}
    raw: dict[str, str] = {**job.keep, **job.ui}
    raw.update({sid: m.text for sid, m in job.memory.items()})
    notes: list[Note] = []
    failed = 0
    for segment in job.source.segments:
        terms = tuple(t.source for t in segment.masked.tokens if t.term is not None)
        if segment.id in job.keep:
            notes.append(Note(segment.id, segment.kind, segment.plain,
                              _oneline(job.keep[segment.id]), "kept", terms))
            continue
        if segment.id in job.ui:
            notes.append(Note(segment.id, segment.kind, segment.plain, job.ui[segment.id],
                              "ui", terms))
            continue
        if segment.id in job.memory:
            match = job.memory[segment.id]
            notes.append(Note(segment.id, segment.kind, segment.plain, match.plain, "memory",
                              terms, match))
            continue
        result = results.get((lang, segment.text))
        suggestion = job.suggestions.get(segment.id)
        if result is None or not segment.masked.translatable:
            notes.append(Note(segment.id, segment.kind, segment.plain, segment.plain, "none",
                              terms, suggestion))
            continue
        if result.text is None:
            failed += 1
            notes.append(Note(segment.id, segment.kind, segment.plain, segment.plain, "failed",
                              terms, suggestion, problems=(result.error or "engine failed",)))
            continue
        if engine_name == "none":
            notes.append(Note(segment.id, segment.kind, segment.plain, segment.plain, "none",
                              terms, suggestion))
            continue
        origin = "kept-source" if result.kept_source else result.origin
        text = typography(result.text, job.locale)
        if not result.kept_source:
            translations[segment.id] = text
        shown = segment.masked.unmask(text, lang) if not result.kept_source else segment.plain
        notes.append(Note(segment.id, segment.kind, segment.plain, _oneline(shown), origin,
                          terms, suggestion, result.retried, result.problems))
    body = job.source.render(translations, lang=lang, raw=raw)
    text = front_matter(body, job, config)
    return Draft(job.gap, job.mode, text, tuple(_with_qa(notes, job, text, config)), failed,
                 job.reason)


def _with_qa(notes: list[Note], job: Job, text: str, config: Config) -> list[Note]:
    """Notes with the QA findings of the finished draft added to their segments."""
    pairs, _ = align(job.source, segment_page(text, job.policy))
    # Segments left in the source language on purpose are already marked as such.
    marked = {n.id for n in notes if n.origin in ("none", "failed", "kept-source")}
    by_id: dict[str, list[str]] = {}
    for src, tgt in pairs:
        for finding in check_segment(job.gap.path, src, tgt.source, tgt.line, job.gap.lang,
                                     job.policy.glossary, config.source_lang):
            if src.id not in marked or finding.check not in ("unchanged", "wrong-language"):
                by_id.setdefault(src.id, []).append(f"QA {finding.check}: {finding.message}")
    return [replace(n, problems=(*n.problems, *by_id.get(n.id, ()))) if n.id in by_id else n
            for n in notes]


def front_matter(text: str, job: Job, config: Config) -> str:
    """The draft's front matter. New pages: ``lang``, the permalink rule, per-language values
    for keys the source has (the site's own convention, else the locale's). Incremental drafts:
    every key the tool does not translate or copy keeps the page's own value (its permalink,
    navigation, tags…), so a re-draft never moves a published page. Both get the marker."""
    page = parse_page(text)
    data = parse_page(job.source.text).data()
    kept: set[str] = set()
    if job.mode == "incremental" and job.variant_text is not None:
        variant = parse_page(job.variant_text)
        managed = {*config.translate_fields, *config.copy_fields, config.marker.key}
        for key in variant.key_names():
            raw = variant.raw(key)
            if key not in managed and raw is not None:
                page = page.set_raw(key, raw)
                kept.add(key)
    if "lang" not in kept:
        page = page.set("lang", job.gap.lang)
    permalink = data.get("permalink")
    if isinstance(permalink, str) and "permalink" not in kept:
        page = page.set("permalink", job.locale.permalink_for(permalink, config.source_lang,
                                                              job.gap.number))
    for key, value in {**job.locale.front_matter, **job.conventions}.items():
        if key in data and key not in kept:
            page = page.set(key, value)
    return page.set(config.marker.key, config.marker.value).text


def _oneline(text: str) -> str:
    return " ".join(text.split())


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


def review_path(config: Config, path: str, suffix: str = ".review.md") -> Path:
    stem = path[:-3] if path.endswith(".md") else path
    return config.state_dir / "review" / f"{stem}{suffix}"
