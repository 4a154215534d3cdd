"""Assemble drafts: the finished page of a job (translations put back into the source's
structure, locale typography, front matter from the locale and the site), and a note per segment
with the QA findings of the finished page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..config import Config
from ..locales import Locale
from ..memory import Match
from ..page import parse_page
from ..qa import align, check_segment
from ..redraft import apply_redraft
from ..segment import segment_page
from ..translate import Result
from ..values import same_meaning
from .plan import Gap, Job


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
    old_source: str | None = None
    """For a changed segment of a re-draft: the source text the translation was made from."""
    previous: str | None = None
    """For a changed segment of a re-draft: its translation as it stood in the page."""
    unplaced: str | None = None
    """Why a changed segment could not go into the page (it is only in the review sheet)."""
    changed: bool = False
    """True for the segments a re-draft changed or added (the ones a reviewer reads first)."""
    line: int = 0
    """Where the segment is in the source page."""
    key: str | None = None
    """The front-matter key, for front-matter values."""


@dataclass(frozen=True)
class Draft:
    """A finished draft, not yet written."""

    gap: Gap
    mode: str
    """The job's mode: new, redraft, incremental or review."""
    text: str
    notes: tuple[Note, ...]
    failed: int
    """Segments the engine could not translate (kept in the source language)."""
    reason: str = ""
    held: tuple[str, tuple[str, ...]] | None = None
    """The source text (and ids) the page translates when some changes are not in it."""


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
    notes = [replace(n, line=s.line, key=s.key)
             for n, s in zip(notes, job.source.segments, strict=True)]
    if job.redraft is not None and job.variant is not None:
        notes = _redraft_notes(job, notes)
        text = _in_place(job, translations, raw, config)
    else:
        body = job.source.render(translations, lang=lang, raw=raw)
        text = front_matter(body, job, config)
    return Draft(job.gap, job.mode, text, tuple(_with_qa(notes, job, text, config)), failed,
                 job.reason, job.held)


def _redraft_notes(job: Job, notes: list[Note]) -> list[Note]:
    """Each changed segment's note with its old source, previous translation and placement."""
    assert job.redraft is not None
    changes = {job.source.segments[c.index].id: c for c in job.redraft.changes}
    unplaced = {job.source.segments[u.index].id: u.reason for u in job.redraft.unplaced}
    out = []
    for note in notes:
        change = changes.get(note.id)
        if change is None:
            out.append(note)
            continue
        out.append(replace(note, old_source=change.old, previous=change.previous,
                           unplaced=unplaced.get(note.id), changed=True))
    return out


def _in_place(job: Job, translations: Mapping[str, str], raw: Mapping[str, str],
              config: Config) -> str:
    """The translation page with only the placed segments' spans replaced (every other byte
    as it was), the copied fields updated and the draft marker set."""
    assert job.redraft is not None and job.variant is not None
    lang = job.gap.lang
    texts: dict[int, str] = {}
    for index in job.redraft.todo:
        segment = job.source.segments[index]
        if segment.id in raw:
            texts[index] = raw[segment.id]
        elif segment.id in translations:
            texts[index] = job.source.fitted(index, translations[segment.id], lang)
        else:  # failed or left for a translator: the source text, flagged in the sheet
            texts[index] = segment.source
    page = parse_page(apply_redraft(job.variant, job.redraft, texts))
    source = parse_page(job.source.text)
    source_data, page_data = source.data(), page.data()
    for key in config.copy_fields:
        value = source.raw(key)
        # The same instant written in another zone is the translator's choice, not drift.
        if value is not None and (key not in page_data or not same_meaning(
                source_data.get(key), page_data[key])):
            page = page.set_raw(key, value)
    return page.set(config.marker.key, config.marker.value).text


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
    and forced re-drafts of an existing page: every key the tool does not translate or copy
    keeps the page's own value (its permalink, navigation, tags…), so a re-draft never moves a
    published page. All get the marker."""
    page = parse_page(text)
    data = parse_page(job.source.text).data()
    kept: set[str] = set()
    if job.mode in ("incremental", "redraft") and job.variant_text is not None:
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


