"""The console-script entry point. A plain ``status --format json`` (what pre-commit hooks and
CI run) is answered without the command line (typer, rich): when warm, from its kept document
before the config or any page is loaded; when not, by the status recipe itself. Everything else
goes to :mod:`.cli`."""

from __future__ import annotations

import gc
import sys

from .store.status_text import cached_output, plain_site


def main() -> None:
    """Console-script entry point."""
    # A run is short and builds many long-lived records (12,000 pages on a large site), so the
    # collector's default thresholds rescan them over and over for next to no garbage; mypy's
    # own command line sets the same.
    gc.set_threshold(200_000, 30, 30)
    site = plain_site(sys.argv[1:])
    if site is None:
        from .cli import app

        app()
        return
    output = cached_output(site)
    if output is None:
        sys.exit(plain_status(site))
    sys.stdout.write(output)
    sys.stdout.flush()


def plain_status(site: str) -> int:
    """``status SITE --format json`` as the command line runs it (same output, warnings and
    exit codes), without loading it; the exit code."""
    import logging
    import os
    from pathlib import Path

    from .errors import expected, failure

    # The command line's own logging set-up (its root callback) for a run without --verbose.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        from .commands.status import plain_json

        text, report = plain_json(Path(site))
    except (Exception, KeyboardInterrupt) as exc:
        if not expected(exc) and os.environ.get("TRANSLATE_KIT_DEBUG"):
            raise
        lines, code = failure(exc)
        sys.stderr.write("".join(f"{line}\n" for line in lines))
        return code
    sys.stdout.write(text)
    sys.stdout.flush()
    sys.stderr.write("".join(f"warning: {problem}\n" for problem in report.errors))
    return 0
