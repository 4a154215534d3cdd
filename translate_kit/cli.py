"""The command line: parse options → one library call → render → exit code.

Exit codes (README, "Exit codes"): 0 done, 1 a gate failed, 2 usage or configuration error,
3 translate-kit itself failed.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from . import __version__, recipes
from .config import CONFIG_NAME
from .detect import config_text, detect
from .errors import ConfigError, TranslateKitError, UsageError, exit_code
from .report import RENDERERS, render_table
from .write import write_text_atomic

app = typer.Typer(
    help="Translation workflow for multilingual static sites: audit, draft, review.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    pretty_exceptions_enable=False, pretty_exceptions_show_locals=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

SiteArg = Annotated[Path, typer.Argument(help="The site root (holds translate-kit.yaml).")]
LangOpt = Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this language "
                                                   "(repeatable).")]
EpisodeOpt = Annotated[list[int] | None, typer.Option("--episode", "-e", help="Only this "
                                                      "episode number (repeatable).")]


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


def handle_errors(func: F) -> F:
    """The one place that turns errors into messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except ConfigError as exc:
            for problem in exc.problems:
                err.print(f"error: {problem}", markup=False)
            raise typer.Exit(exc.exit_code) from None
        except TranslateKitError as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted", markup=False)
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get("TRANSLATE_KIT_DEBUG"):
                raise
            err.print(f"internal error: {type(exc).__name__}: {exc} (set TRANSLATE_KIT_DEBUG=1 "
                      "for a traceback)", markup=False)
            raise typer.Exit(exit_code(exc)) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def _root(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
@handle_errors
def version() -> None:
    """Print the version."""
    out.print(__version__)


@app.command()
@handle_errors
def init(
    site: SiteArg = Path("."),
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Accept what is detected; ask "
                                      "nothing.")] = False,
    force: Annotated[bool, typer.Option(help=f"Overwrite an existing {CONFIG_NAME}.")] = False,
) -> None:
    """Detect the site's layout and languages and write a commented translate-kit.yaml."""
    target = site / CONFIG_NAME
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to replace it")
    found = detect(site)
    if not yes:
        out.print(f"Source pages:   {found.source}\nTranslations:   {found.variants}")
        source_lang = typer.prompt("Source language", default=found.source_lang)
        langs = typer.prompt("Target languages", default=", ".join(found.languages))
        found = type(found)(source_lang, tuple(x.strip() for x in langs.split(",") if x.strip()),
                            found.source, found.variants, found.notes)
        if not typer.confirm(f"Write {target}?", default=True):
            raise typer.Exit(1)
    write_text_atomic(target, config_text(found))
    out.print(f"wrote {target}: {found.source_lang} → {', '.join(found.languages)}; "
              f"translations at {found.variants}", markup=False)


@app.command()
@handle_errors
def status(
    site: SiteArg = Path("."),
    lang: LangOpt = None,
    episode: EpisodeOpt = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="table, json, markdown or "
                                           "csv.")] = Format.table,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read every page again.")] = False,
) -> None:
    """Show every episode × language: missing, stale, draft, current, untranslated…"""
    report = recipes.status(site, lang or (), episode or (), use_cache=not no_cache)
    if format is Format.table:
        out.print(render_table(report))
    else:
        typer.echo(RENDERERS[format.value](report), nl=False)
    for problem in report.errors if format is not Format.table else ():
        err.print(f"warning: {problem}", markup=False)


@app.command()
@handle_errors
def baseline(
    site: SiteArg = Path("."),
    lang: LangOpt = None,
    episode: EpisodeOpt = None,
    force: Annotated[bool, typer.Option(help="Also re-adopt stale, draft and current "
                                        "translations against today's source.")] = False,
) -> None:
    """Adopt existing human translations as current (once), recording their source."""
    outcomes = recipes.baseline(site, lang or (), episode or (), force=force)
    adopted = [o for o in outcomes if o.action == "adopted"]
    for outcome in outcomes:
        if outcome.action != "adopted" and outcome.reason != "already current":
            err.print(f"skipped {outcome.path}: {outcome.reason}", markup=False)
    out.print(f"adopted {len(adopted)} translation(s) as current", markup=False)


@app.command()
@handle_errors
def approve(
    paths: Annotated[list[Path], typer.Argument(help="Translated pages a person reviewed.")],
    force: Annotated[bool, typer.Option(help="Approve even a page that is still the source's "
                                        "text.")] = False,
) -> None:
    """Mark reviewed translations as current: draft marker removed, lock updated."""
    outcomes = recipes.approve(paths, force=force)
    failed = [o for o in outcomes if o.action == "failed"]
    for outcome in outcomes:
        line = f"{outcome.action} {outcome.path}" + (f": {outcome.reason}" if outcome.reason
                                                     else "")
        (err if outcome.action == "failed" else out).print(line, markup=False)
    if failed:
        raise typer.Exit(2)


def main() -> None:
    """Console-script entry point."""
    app()
