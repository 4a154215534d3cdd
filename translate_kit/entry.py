"""The console-script entry point: a warm plain ``status --format json`` (what pre-commit hooks
and CI run) is answered from its kept document before the command line itself (typer, rich,
the config, the pages) is imported; everything else goes to :mod:`.cli`."""

from __future__ import annotations

import sys

from .store.status_text import cached_output, plain_site


def main() -> None:
    """Console-script entry point."""
    site = plain_site(sys.argv[1:])
    output = cached_output(site) if site is not None else None
    if output is not None:
        sys.stdout.write(output)
        sys.stdout.flush()
        return
    from .cli import app

    app()
