"""The HTML dashboard: one self-contained page (no CDN; works from file:// and as a CI
artifact) with a compact heatmap of episodes × languages, a filterable episode list in "needs
attention first" order, stacked coverage bars and per-language counts.

The episodes travel as one compact JSON document that the page's script turns into cells, so
2,000 episodes × 6 languages stay near half a megabyte; the counts, bars and errors are plain
HTML and read without script."""

from __future__ import annotations

import html
import json
import os
import posixpath
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .audit import STATUSES, EpisodeStatus, Report
from .errors import UsageError
from .report import ATTENTION, MEANING, SYMBOLS
from .wording import plural

COLOURS = {
    "current": "#2e7d32", "draft": "#0277bd", "stale": "#f9a825", "unknown": "#78909c",
    "untranslated": "#8e24aa", "missing": "#c62828", "orphan": "#6d4c41", "invalid": "#212121",
}
# The stacked bars: every status a source's translation can be in, finished work first.
BAR_ORDER = ("current", "draft", "stale", "unknown", "untranslated", "invalid", "missing")


@dataclass(frozen=True)
class Provenance:
    """When and from what the dashboard was made."""

    generated: str
    """UTC time, ISO 8601 to the minute."""
    commit: str | None = None
    """The site's git commit (short), with '+changes' when the work tree differs; None outside
    a repository."""


@dataclass(frozen=True)
class Links:
    """Where the cells link: ``base`` + a path relative to the site root."""

    base: str

    @classmethod
    def relative(cls, root: Path, outdir: Path) -> Links:
        """Links relative to the page's folder, for opening it where it was written."""
        rel = Path(os.path.relpath(root.resolve(), outdir.resolve())).as_posix()
        return cls("" if rel == "." else rel.rstrip("/") + "/")

    @classmethod
    def repository(cls, link_base: str, root: Path) -> Links:
        """Links into a repository browser: ``link_base`` names the repository root (e.g.
        ``https://github.com/OWNER/REPO/blob/main/``), the site's folder in it is added."""
        if not link_base.startswith(("https://", "http://")):
            raise UsageError(f"--link-base must be an http(s) URL, not {link_base!r}")
        return cls(link_base.rstrip("/") + "/" + _git(root, "rev-parse", "--show-prefix"))


def provenance(root: Path, now: datetime | None = None) -> Provenance:
    """The time and the site's git commit, asked of git once each."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    commit = _git(root, "rev-parse", "--short=12", "HEAD") or None
    if commit and _git(root, "status", "--porcelain", "--untracked-files=no", "--", "."):
        commit += "+changes"
    return Provenance(stamp, commit)


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def render_html(report: Report, root: Path, outdir: Path, title: str = "") -> str:
    """The dashboard for a page written to ``outdir``, linking to files relatively."""
    return render_dashboard(report, Links.relative(root, outdir), provenance(root), title=title)


def render_dashboard(report: Report, links: Links, made: Provenance,
                     titles: Mapping[int, str] | None = None, title: str = "") -> str:
    """The dashboard page. ``titles`` are the episodes' titles by number."""
    summary = report.summary()
    head = title or f"Translations ({report.source_lang} → {', '.join(report.languages)})"
    commit = f" from commit <code>{html.escape(made.commit)}</code>" if made.commit else ""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>{html.escape(head)}</title><style>{_css()}</style>",
        f"<script>{_asset('dashboard.js')}</script></head><body>",
        f"<h1>{html.escape(head)}</h1>",
        f"<div class='sub'>{plural(len(report.episodes), 'episode')} × "
        f"{plural(len(report.languages), 'language')} · generated {made.generated}{commit} by "
        f"translate-kit {__version__}</div>",
        _bars(summary), _summary_table(summary), _filters(report), _legend(),
        "<h2>Heatmap <span class='muted'>(one cell per episode and language, 100 episodes a "
        "band; a white dot: QA findings)</span></h2><div id='heat' class='heat'></div>",
        _list(report), _errors(report),
        "<noscript><p class='errors'>The heatmap and the episode list need JavaScript; the "
        "counts above do not.</p></noscript>",
        "<script type='application/json' id='tk-data'>", _data(report, links, titles or {}),
        "</script></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _asset(name: str) -> str:
    return resources.files("translate_kit").joinpath(f"assets/{name}").read_text("utf-8")


def _css() -> str:
    colours = "".join(f".s-{s}{{background:{c}}}" for s, c in COLOURS.items())
    return _asset("dashboard.css") + colours + ".s-none{background:#f1f1f1}"


def _data(report: Report, links: Links, titles: Mapping[int, str]) -> str:
    strings: dict[str, int] = {}
    episodes = [_episode(e, titles.get(e.number, ""), report.languages, strings)
                for e in report.episodes]
    doc = {"langs": list(report.languages), "statuses": list(STATUSES),
           "attention": list(ATTENTION), "symbols": {s: SYMBOLS[s][0] for s in STATUSES},
           "base": links.base, "strings": list(strings), "episodes": episodes}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, '<' could close the element or open a comment: keep it escaped.
    return text.replace("<", "\\u003c")


def _episode(episode: EpisodeStatus, title: str, langs: tuple[str, ...],
             strings: dict[str, int]) -> list[Any]:
    folder = posixpath.dirname(episode.source) + "/" if episode.source else None
    cells: list[Any] = []
    for lang in langs:
        variant = episode.variant(lang)
        if variant is None:
            cells.append(0)
            continue
        path = variant.path or ""
        if folder and path.startswith(folder):  # most translations sit beside their source
            path = "~/" + path[len(folder):]
        reason = variant.reason + (f" [{', '.join(variant.flags)}]" if variant.flags else "")
        cells.append([STATUSES.index(variant.status), path,
                      strings.setdefault(reason, len(strings)), variant.changed_segments or 0,
                      len(variant.qa), 1 if variant.flags else 0])
    return [episode.number, title, episode.source, cells, 1 if episode.flags else 0]


def _filters(report: Report) -> str:
    langs = "".join(f"<label><input type='checkbox' checked data-lang='{html.escape(lang)}'> "
                    f"{html.escape(lang)}</label>" for lang in report.languages)
    statuses = "".join(f"<label><i class='key s-{s}'></i><input type='checkbox' checked "
                       f"data-status='{s}'> {s}</label>" for s in STATUSES)
    return ("<form class='filters' onsubmit='return false'>"
            "<input type='search' id='q' placeholder='Episode number, 10-20, or title' "
            "aria-label='Search episodes by number or title'>"
            f"<fieldset><legend>Languages</legend>{langs}</fieldset>"
            f"<fieldset><legend>Statuses</legend>{statuses}</fieldset>"
            "<label><input type='checkbox' id='flagged'> flagged or QA findings only</label>"
            "<label>Order <select id='order'><option value='attention'>needs attention first"
            "</option><option value='number'>episode number</option></select></label></form>")


def _legend() -> str:
    items = "".join(f"<span><i class='s-{s}'></i>{SYMBOLS[s][0]} <b>{s}</b> "
                    f"{html.escape(MEANING[s])}</span>" for s in STATUSES)
    return (f"<div class='legend'>{items}<span>* flagged (metadata-drift, duplicate, "
            "lang/number-mismatch, qa)</span><span>⚠n QA findings</span></div>")


def _bars(summary: Mapping[str, Mapping[str, Any]]) -> str:
    rows = []
    for lang, counts in summary.items():
        sources = sum(counts[s] for s in BAR_ORDER)
        parts = "".join(
            f"<span class='s-{s}' style='width:{100 * counts[s] / sources:.2f}%' "
            f"title='{s}: {counts[s]:,} ({100 * counts[s] / sources:.1f}%)'></span>"
            for s in BAR_ORDER if counts[s] and sources)
        lang_ = html.escape(lang)
        rows.append(
            f"<div class='bar' data-col='{lang_}'><span class='lang'>{lang_}</span>"
            f"<span class='track'>{parts}</span><span class='pct'><b data-up-to-date='{lang_}'>"
            f"{counts['up_to_date']:.1f}%</b> up to date · <span data-coverage='{lang_}'>"
            f"{counts['coverage']:.1f}%</span> coverage</span></div>")
    return ("<h2>Coverage <span class='muted'>(up to date: current; coverage: any translation, "
            f"drafts and stale pages included)</span></h2><div class='bars'>{''.join(rows)}</div>")


def _summary_table(summary: Mapping[str, Mapping[str, Any]]) -> str:
    head = "".join(f"<th>{SYMBOLS[s][0]} {s}</th>" for s in STATUSES)
    rows = "".join(
        f"<tr data-col='{html.escape(lang)}'><td>{html.escape(lang)}</td>" + "".join(
            f"<td data-count='{html.escape(lang)}:{s}'>{int(counts[s])}</td>"
            for s in STATUSES) + f"<td>{counts['up_to_date']:.1f}%</td>"
        f"<td>{counts['coverage']:.1f}%</td></tr>"
        for lang, counts in summary.items())
    return (f"<table class='summary'><thead><tr><th>lang</th>{head}<th>up to date</th>"
            f"<th>coverage</th></tr></thead><tbody>{rows}</tbody></table>")


def _list(report: Report) -> str:
    head = "".join(f"<th data-col='{html.escape(lang)}'>{html.escape(lang)}</th>"
                   for lang in report.languages)
    return ("<h2>Episodes <span class='muted'><span id='shown'>0</span> match, "
            "<span id='listed'>0</span> listed</span></h2>"
            f"<table class='list'><thead><tr><th>#</th><th>title</th>{head}</tr></thead>"
            "<tbody id='rows'></tbody></table>"
            "<button type='button' id='more' class='more hide'>Show 100 more</button>")


def _errors(report: Report) -> str:
    if not report.errors:
        return ""
    items = "".join(f"<li><code>{html.escape(p.path)}</code>: {html.escape(p.message)}</li>"
                    for p in report.errors)
    return (f"<h2>{plural(len(report.errors), 'file')} could not be used</h2>"
            f"<ul class='errors'>{items}</ul>")
