"""``report --html``: the self-contained HTML dashboard."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..audit import Report
from ..config import Config, load_config
from ..dashboard import Links, provenance, render_dashboard
from ..discover import Problem, front_matter
from ..errors import PageError, UsageError
from ..page import read_page
from .check import refuse_site_file, write_output
from .status import status


def dashboard_path(target: Path) -> Path:
    """Where ``--html TARGET`` writes: TARGET itself when it names an .html file (new or
    existing), else ``TARGET/index.html``."""
    if target.suffix.lower() in (".html", ".htm") and not target.is_dir():
        return target
    if target.exists() and not target.is_dir():
        raise UsageError(f"--html takes a folder or an .html file; {target} is another file")
    return target / "index.html"


def dashboard(root: Path, target: Path, langs: Iterable[str] = (),
              link_base: str | None = None) -> tuple[Path | str, tuple[Problem, ...]]:
    """Write the dashboard to ``target`` (a file or a folder for index.html); the file written
    and the site's files that could not be used. With ``target`` ``-`` the page itself is
    returned instead of written, its links relative to the working directory (where
    ``> dashboard.html`` puts it). Cells link to ``link_base`` + the file's path in the
    repository when given, else relative to the page."""
    config = load_config(root)
    page = dashboard_path(target) if str(target) != "-" else None
    links = (Links.repository(link_base, config.root) if link_base is not None
             else Links.relative(config.root, page.parent if page else Path.cwd()))
    report = status(root, langs)
    text = render_dashboard(report, links, provenance(config.root), titles(config, report))
    if page is None:
        return text, report.errors
    refuse_site_file(report, config.root, page, f"--html {target}")
    write_output(page, text)
    return page, report.errors


def titles(config: Config, report: Report) -> dict[int, str]:
    """Each episode's title, from its source page (a page that cannot be read has none)."""
    out = {}
    for episode in report.episodes:
        if episode.source is None:
            continue
        try:
            page = read_page(config.root / episode.source, episode.source)
            value = front_matter(page).get("title")
        except PageError:
            continue
        if value is not None:
            out[episode.number] = str(value)
    return out
