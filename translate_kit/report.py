"""Report: the audit rendered as JSON, Markdown or CSV, and what every rendering shares (the
symbols, the filters, the order of urgency). Returns, never prints; the table is in
:mod:`.table` (rich is loaded only when a table is drawn)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Iterable
from dataclasses import replace

from .audit import COVERED, STATUSES, EpisodeStatus, Report, VariantStatus
from .errors import one_line
from .wording import refuse_unknown, split_names

SYMBOLS = {
    "current": ("✓", "green"),
    "draft": ("✎", "cyan"),
    "stale": ("↻", "yellow"),
    "unknown": ("?", "blue"),
    "untranslated": ("≡", "magenta"),
    "missing": ("✗", "red"),
    "orphan": ("⊘", "red"),
    "invalid": ("!", "bold red"),
}
MEANING = {
    "current": "reviewed, source unchanged",
    "draft": "machine draft to review",
    "stale": "source changed (n segments)",
    "unknown": "no record of its source",
    "untranslated": "same text as source",
    "missing": "no page",
    "orphan": "no source page",
    "invalid": "cannot be read",
}


# Most urgent first: what a reader can act on comes before what merely waits for review.
ATTENTION = ("invalid", "missing", "stale", "untranslated", "unknown", "draft", "orphan",
             "current")
BIG_SITE = 40
"""Episodes from which the table lists only what needs attention (and counts the rest)."""
LIST_LIMIT = 100
"""Rows the table lists at most when no filter was asked for."""


def parse_only(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """``stale,missing`` → ('stale', 'missing'); UsageError naming an unknown status."""
    if value is None:
        return ()
    names = split_names(value)
    refuse_unknown(names, STATUSES, "--only", "status")
    return names


def flagged(episode: EpisodeStatus) -> bool:
    return bool(episode.flags) or any(v.flags for v in episode.variants)


def matches(episode: EpisodeStatus, only: Collection[str] = (), flags: bool = False) -> bool:
    """Whether an episode has a variant in one of ``only`` (any, when empty) and, with
    ``flags``, carries a flag."""
    if flags and not flagged(episode):
        return False
    return not only or any(v.status in only for v in episode.variants)


def needs_attention(episode: EpisodeStatus) -> bool:
    return flagged(episode) or any(v.status != "current" for v in episode.variants)


def urgency(episode: EpisodeStatus) -> tuple[int, int, int]:
    """A sort key: the most urgent variant's rank, then fewer finished variants, then number."""
    ranks = [ATTENTION.index(v.status) for v in episode.variants] or [len(ATTENTION)]
    bonus = 0 if flagged(episode) else 1
    return min(ranks) * 2 + bonus, -sum(r < ATTENTION.index("draft") for r in ranks), \
        episode.number


def select(report: Report, only: Collection[str] = (), flags: bool = False,
           variants: bool = False) -> Report:
    """The report limited to the episodes that match ``only`` and ``flags``; with
    ``variants``, each keeps only its matching variants (for one-row-per-variant formats)."""
    if not only and not flags:
        return report
    kept = tuple(e for e in report.episodes if matches(e, only, flags))
    if variants:
        kept = tuple(replace(e, variants=tuple(
            v for v in e.variants if (not only or v.status in only) and (not flags or v.flags
                                                                            or e.flags)))
            for e in kept)
    return replace(report, episodes=kept, counted=report.counted or report.episodes)


def render_json(report: Report) -> str:
    """The status document, one episode per line: readable, diff-friendly and fast to write."""
    doc = report.to_json()

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = ["{"]
    for key, value in doc.items():
        if key in ("episodes", "errors") and value:
            assert isinstance(value, list)
            items = ",\n".join(f"    {dump(item)}" for item in value)
            lines.append(f'  "{key}": [\n{items}\n  ],')
        elif key == "summary":
            assert isinstance(value, dict)
            items = ",\n".join(f"    {dump(k)}: {dump(v)}" for k, v in value.items())
            lines.append(f'  "summary": {{\n{items}\n  }},')
        else:
            lines.append(f"  {dump(key)}: {dump(value)},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}\n"


def render_markdown(report: Report) -> str:
    """A matrix and a summary as GitHub-flavoured Markdown tables."""
    lines = [f"## Translation status ({report.source_lang} → {', '.join(report.languages)})", "",
             "| episode | " + " | ".join(report.languages) + " |",
             "|---:|" + ":---:|" * len(report.languages)]
    for episode in report.episodes:
        cells = []
        for lang in report.languages:
            variant = episode.variant(lang)
            cells.append(_md_cell(variant))
        number = f"{episode.number}" + ("" if episode.source else " (orphan)")
        lines.append(f"| {number} | " + " | ".join(cells) + " |")
    lines += ["", "| lang | up to date | coverage | " + " | ".join(STATUSES) + " |",
              "|---|" + "---:|" * (len(STATUSES) + 2)]
    for lang, counts in report.summary().items():
        lines.append(f"| {lang} | {counts['up_to_date']:.1f}% | {counts['coverage']:.1f}% | "
                     + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    lines += ["", f"Up to date counts current translations (reviewed, source unchanged); "
              f"coverage counts {', '.join(COVERED)} translations of episodes with a source."]
    if report.errors:
        lines += ["", "### Files that could not be used", ""]
        lines += [one_line(f"- `{p.path}`: {p.message}") for p in report.errors]
    return "\n".join(lines) + "\n"


def _md_cell(variant: VariantStatus | None) -> str:
    if variant is None:
        return ""
    text = variant.status
    if variant.status == "stale":
        text += f" ({variant.changed_segments})"
    if variant.flags:
        text += " ⚑ " + ", ".join(variant.flags)
    return text


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["episode", "lang", "status", "path", "source", "changed_segments", "flags",
                     "reason"])
    for episode in report.episodes:
        for v in episode.variants:
            writer.writerow([episode.number, v.lang, v.status, v.path or "", episode.source or "",
                             "" if v.changed_segments is None else v.changed_segments,
                             " ".join(v.flags), v.reason])
    return out.getvalue()


RENDERERS = {"json": render_json, "markdown": render_markdown, "csv": render_csv}
