"""Report: the audit rendered as a table (rich), JSON, Markdown or CSV. Returns, never prints."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from .audit import COVERED, STATUSES, EpisodeStatus, Report, VariantStatus
from .wording import plural, refuse_unknown, split_names

if TYPE_CHECKING:
    from rich.table import Table

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


def cell(variant: VariantStatus | None) -> Text:
    if variant is None:
        return Text("")
    symbol, style = SYMBOLS[variant.status]
    label = symbol
    if variant.status == "stale" and variant.changed_segments:
        label += str(variant.changed_segments)
    if variant.flags:
        label += "*"
    return Text(label, style=style)


def render_table(report: Report, only: Collection[str] = (), flags: bool = False,
                 limit: int = LIST_LIMIT) -> RenderableType:
    """Episodes × languages matrix, per-language summary and a legend. With ``only`` or
    ``flags`` the matrix lists the matching episodes; on a big site with neither, it lists
    those that need attention (at most ``limit``) and counts the rest."""
    total = len(report.episodes)
    asked = bool(only or flags)
    if asked:
        rows = [e for e in report.episodes if matches(e, only, flags)]
    elif total > BIG_SITE:
        rows = [e for e in report.episodes if needs_attention(e)]
    else:
        rows = list(report.episodes)
    shown = rows
    if not asked and len(rows) > limit:  # the most urgent, listed in episode order
        shown = sorted(sorted(rows, key=urgency)[:limit], key=lambda e: e.number)
    from rich.table import Table  # tables only when a table is drawn (not for JSON)

    matrix = Table(title=f"Translations of {plural(total, 'episode')} "
                   f"(source: {report.source_lang})", title_justify="left")
    matrix.add_column("episode", justify="right")
    matrix.add_column("source")
    for lang in report.languages:
        matrix.add_column(lang, justify="center")
    for episode in shown:
        source = Text(episode.source or "— none (orphan)", style="" if episode.source else "red")
        if episode.flags:
            source.append(f"  [{', '.join(episode.flags)}]", style="red")
        matrix.add_row(str(episode.number), source,
                       *(cell(episode.variant(lang)) for lang in report.languages))
    parts: list[RenderableType] = [matrix]
    note = _not_shown(total, len(rows), len(shown), asked)
    if note:
        parts.append(Text(note, style="dim"))
    parts += [_summary(report), _legend()]
    if report.errors:
        errors = Text(f"\n{plural(len(report.errors), 'file')} could not be used:\n",
                      style="bold red")
        for problem in report.errors:
            errors.append(f"  {problem}\n")
        parts.append(errors)
    return Group(*parts)


def _not_shown(total: int, matching: int, shown: int, asked: bool) -> str:
    if asked:
        verb = "matches" if shown == 1 else "match"
        return f"{plural(shown, 'episode')} of {total:,} {verb}." if shown != total else ""
    lines = []
    if matching > shown:
        lines.append(f"The {shown:,} most urgent of {plural(matching, 'episode')} that need "
                     f"attention;\nlist the rest with --only STATUS[,…], -l LANG or -f csv.")
    if total > matching:
        lines.append(f"Not listed: {plural(total - matching, 'episode')} with every translation "
                     "current (--only current).")
    return "\n".join(lines)


def _summary(report: Report) -> Table:
    from rich.table import Table

    summary = Table(title="Summary", title_justify="left")
    summary.add_column("lang")
    for status in STATUSES:  # symbols as headers keep the table inside 80 columns
        summary.add_column(SYMBOLS[status][0], justify="right", header_style=SYMBOLS[status][1])
    summary.add_column("up to date", justify="right")
    summary.add_column("coverage", justify="right")
    for lang, counts in report.summary().items():
        summary.add_row(lang, *(f"{counts[s]:,}" if counts[s] else "·" for s in STATUSES),
                        f"{counts['up_to_date']:.1f}%", f"{counts['coverage']:.1f}%")
    return summary


def _legend(columns: int = 2) -> Text:
    """The statuses in columns that fit 80 characters, then flags and the two percentages."""
    entries = [(symbol, style, f" {status}: {MEANING[status]}")
               for status, (symbol, style) in SYMBOLS.items()]
    width = max(len(symbol) + len(words) for symbol, _, words in entries) + 2
    legend = Text("Legend:")
    for i, (symbol, style, words) in enumerate(entries):
        legend.append("\n  " if i % columns == 0 else "")
        legend.append(symbol, style=style)
        legend.append(words.ljust(width - len(symbol)) if i % columns < columns - 1 else words)
    legend.append("\n  ")
    legend.append("*", style="bold")
    legend.append(" flagged: metadata-drift, duplicate, lang/number-mismatch, qa")
    legend.append("\n  up to date: current (reviewed, source unchanged); coverage: any translation")
    return legend


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
        lines += [f"- `{p.path}`: {p.message}" for p in report.errors]
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
