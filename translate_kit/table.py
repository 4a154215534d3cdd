"""The status table: episodes × languages, a per-language summary and a legend (rich).
Returns, never prints."""

from __future__ import annotations

from collections.abc import Collection

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .audit import STATUSES, Report, VariantStatus
from .report import BIG_SITE, LIST_LIMIT, MEANING, SYMBOLS, matches, needs_attention, urgency
from .wording import plural


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
