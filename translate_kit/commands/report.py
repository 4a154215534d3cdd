"""``report --html``: the self-contained HTML dashboard."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..config import load_config
from ..dashboard import render_html
from ..write import write_text_atomic
from .status import status


def dashboard(root: Path, outdir: Path, langs: Iterable[str] = ()) -> Path:
    """Write the self-contained HTML dashboard to ``outdir/index.html``."""
    config = load_config(root)
    report = status(root, langs)
    target = outdir / "index.html"
    write_text_atomic(target, render_html(report, config.root, outdir))
    return target
