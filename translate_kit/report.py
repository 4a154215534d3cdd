"""Report: the audit rendered as a table (rich), JSON, Markdown or CSV. Returns, never prints."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .audit import COVERED, STATUSES, Report, VariantStatus

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
    "untranslated": "same text as the source",
    "missing": "no page",
    "orphan": "no source page",
    "invalid": "cannot be read",
}


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


def render_table(report: Report) -> RenderableType:
    """Episodes × languages matrix, per-language summary and a legend."""
    matrix = Table(title=f"Translations of {len(report.episodes)} episodes "
                   f"(source: {report.source_lang})", title_justify="left")
    matrix.add_column("episode", justify="right")
    matrix.add_column("source")
    for lang in report.languages:
        matrix.add_column(lang, justify="center")
    for episode in report.episodes:
        source = Text(episode.source or "— none (orphan)", style="" if episode.source else "red")
        if episode.flags:
            source.append(f"  [{', '.join(episode.flags)}]", style="red")
        matrix.add_row(str(episode.number), source,
                       *(cell(episode.variant(lang)) for lang in report.languages))
    summary = Table(title="Summary", title_justify="left")
    summary.add_column("lang")
    for status in STATUSES:  # symbols as headers keep the table inside 80 columns
        summary.add_column(SYMBOLS[status][0], justify="right", header_style=SYMBOLS[status][1])
    summary.add_column("coverage", justify="right")
    for lang, counts in report.summary().items():
        summary.add_row(lang, *(str(counts[s]) if counts[s] else "·" for s in STATUSES),
                        f"{counts['coverage']:.1f}%")
    legend = Text("Legend: ")
    for status, (symbol, style) in SYMBOLS.items():
        legend.append(symbol, style=style)
        legend.append(f" {status} ({MEANING[status]})  ")
    legend.append("*", style="bold")
    legend.append(" flagged (metadata-drift, duplicate, lang-mismatch, number-mismatch)")
    parts: list[RenderableType] = [matrix, summary, legend]
    if report.errors:
        errors = Text(f"\n{len(report.errors)} file(s) could not be used:\n", style="bold red")
        for problem in report.errors:
            errors.append(f"  {problem}\n")
        parts.append(errors)
    return Group(*parts)


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
    lines += ["", "| lang | " + " | ".join(STATUSES) + " | coverage |",
              "|---|" + "---:|" * (len(STATUSES) + 1)]
    for lang, counts in report.summary().items():
        lines.append(f"| {lang} | " + " | ".join(str(counts[s]) for s in STATUSES)
                     + f" | {counts['coverage']:.1f}% |")
    lines += ["", f"Coverage counts {', '.join(COVERED)} translations of episodes with a source."]
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
