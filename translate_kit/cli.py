"""The command line: parse options → one library call → render → exit code.

Exit codes (README, "Exit codes"): 0 done, 1 a gate failed, 2 usage or configuration error,
3 translate-kit itself failed.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from . import __version__
from .cli_options import (
    AllowPartial,
    CheckFormat,
    DryRun,
    EngineName,
    EngineOpt,
    EpisodeOpt,
    Format,
    LangOpt,
    Quiet,
    RateLimit,
    SiteArg,
    SiteOpt,
    Timeout,
    Workers,
    engine_options,
    report_spec,
)
from .config import CONFIG_NAME
from .errors import ConfigError, TranslateKitError, exit_code

# Each command imports its recipe when it runs, so `--help` loads no engine or Markdown parser.

app = typer.Typer(
    help="Translation workflow for multilingual static sites: audit, draft, review.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    pretty_exceptions_enable=False, pretty_exceptions_show_locals=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


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
    from .commands.init import detect_site, write_config

    target = site / CONFIG_NAME
    found = detect_site(site, force)
    if not yes:
        out.print(f"Source pages:   {found.source}\nTranslations:   {found.variants}")
        source_lang = typer.prompt("Source language", default=found.source_lang)
        langs = typer.prompt("Target languages", default=", ".join(found.languages))
        found = type(found)(source_lang, tuple(x.strip() for x in langs.split(",") if x.strip()),
                            found.source, found.variants, found.notes)
        if not typer.confirm(f"Write {target}?", default=True):
            raise typer.Exit(1)
    write_config(site, found)
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
    qa: Annotated[bool, typer.Option("--qa", help="Also run the QA checks (flag 'qa').")] = False,
) -> None:
    """Show every episode × language: missing, stale, draft, current, untranslated…"""
    from .commands.status import status as run_status
    from .report import RENDERERS, render_table

    report = run_status(site, lang or (), episode or (), use_cache=not no_cache, qa=qa)
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
    from .commands.baseline import baseline as run_baseline

    outcomes = run_baseline(site, lang or (), episode or (), force=force)
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
    from .commands.approve import approve as run_approve

    outcomes = run_approve(paths, force=force)
    failed = [o for o in outcomes if o.action == "failed"]
    for outcome in outcomes:
        line = f"{outcome.action} {outcome.path}" + (f": {outcome.reason}" if outcome.reason
                                                     else "")
        (err if outcome.action == "failed" else out).print(line, markup=False)
    if failed:
        raise typer.Exit(2)


def _run_draft(site: Path, lang: list[str] | None, episode: list[int] | None,
               engine: str | None, engine_opt: list[str] | None, workers: int | None,
               timeout: float | None, rate_limit: float | None, dry_run: bool, force: bool,
               allow_partial: bool, quiet: bool, sync: bool) -> None:
    from .commands.draft import DraftOptions
    from .commands.draft import draft as run_draft
    from .report import render_table
    from .ui import draft_lines, progress_bar

    options = DraftOptions(
        langs=tuple(lang or ()), numbers=tuple(episode or ()), engine=engine,
        engine_options=engine_options(engine_opt), workers=workers, timeout=timeout,
        rate_limit=rate_limit, dry_run=dry_run, force=force, allow_partial=allow_partial)
    with progress_bar(err, quiet) as progress:
        report = run_draft(site, options, sync=sync, progress=progress)
    for error, line in draft_lines(report, quiet):
        (err if error else out).print(line, markup=False)
    if report.status is not None and not quiet:
        out.print(render_table(report.status))
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@handle_errors
def draft(site: SiteOpt = Path("."), lang: LangOpt = None, episode: EpisodeOpt = None,
          engine: EngineName = None, engine_opt: EngineOpt = None, workers: Workers = None,
          timeout: Timeout = None, rate_limit: RateLimit = None, dry_run: DryRun = False,
          force: Annotated[bool, typer.Option(help="Also redraft untranslated, unknown, draft "
                                              "and current pages wholesale.")] = False,
          allow_partial: AllowPartial = False, quiet: Quiet = False) -> None:
    """Machine-draft the chosen gaps (missing and stale pages)."""
    _run_draft(site, lang, episode, engine, engine_opt, workers, timeout, rate_limit, dry_run,
               force, allow_partial, quiet, sync=False)


@app.command()
@handle_errors
def sync(site: SiteOpt = Path("."), lang: LangOpt = None, episode: EpisodeOpt = None,
         engine: EngineName = None, engine_opt: EngineOpt = None, workers: Workers = None,
         timeout: Timeout = None, rate_limit: RateLimit = None, dry_run: DryRun = False,
         force: Annotated[bool, typer.Option(help="Also redraft untranslated pages.")] = False,
         allow_partial: AllowPartial = False, quiet: Quiet = False) -> None:
    """The main job: audit, draft every missing and stale page, write review sheets, update the
    lock, show the status."""
    _run_draft(site, lang, episode, engine, engine_opt, workers, timeout, rate_limit, dry_run,
               force, allow_partial, quiet, sync=True)


@app.command()
@handle_errors
def engines() -> None:
    """List the engines, what each needs, and whether it is ready here."""
    from .ui import engines_table

    out.print(engines_table())


@app.command()
@handle_errors
def check(
    site: SiteOpt = Path("."),
    lang: LangOpt = None,
    fail_on: Annotated[str | None, typer.Option(
        "--fail-on", help="Comma list of statuses and flags that fail the check (missing, "
        "stale, unknown, untranslated, invalid, orphan, draft, metadata-drift, qa, …) or none. "
        "Default: the config's check.fail_on, else missing,stale,invalid.")] = None,
    min_coverage: Annotated[float | None, typer.Option(
        "--min-coverage", min=0, max=100, help="Fail when a checked language is below this "
        "coverage (percent); per-language thresholds go in the config.")] = None,
    changed_from: Annotated[str | None, typer.Option(
        "--changed-from", help="Only episodes whose source or translations changed since this "
        "git ref (for pull requests).")] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json, markdown "
                                                "or github (workflow annotations).")]
    = CheckFormat.text,
    report: Annotated[list[str] | None, typer.Option(
        "--report", help="FORMAT=PATH, repeatable: json, markdown, junit, sarif, badge "
        "(a folder: one shields.io endpoint file per language).")] = None,
) -> None:
    """The CI gate: exit 0 when the translations pass, 1 when they fail."""
    from .check import gate_json, render_github, render_markdown, render_text
    from .commands.check import check as run_check
    from .commands.check import write_reports

    specs = [report_spec(value) for value in report or []]
    result = run_check(site, lang or (), fail_on, min_coverage, changed_from)
    for path in write_reports(result, specs):
        err.print(f"wrote {path}", markup=False)
    if format is CheckFormat.text:
        typer.echo(render_text(result.gate, result.root), nl=False)
    elif format is CheckFormat.github:
        typer.echo(render_github(result.gate, result.root), nl=False)
    elif format is CheckFormat.markdown:
        typer.echo(render_markdown(result.report, result.gate, result.root), nl=False)
    else:
        typer.echo(json.dumps(gate_json(result.report, result.gate), indent=2,
                              ensure_ascii=False))
    if not result.gate.passed:
        raise typer.Exit(1)


@app.command()
@handle_errors
def diff(
    site: SiteOpt = Path("."),
    episode: Annotated[int, typer.Option("--episode", "-e", help="Episode number.")] = ...,  # type: ignore[assignment]
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the translation.")]
    = ...,  # type: ignore[assignment]
) -> None:
    """What changed in the source since a translation was recorded, segment by segment."""
    from .commands.diff import diff as run_diff
    from .ui import diff_lines

    color = out.is_terminal and not os.environ.get("NO_COLOR")
    for line in diff_lines(run_diff(site, episode, lang), color):
        out.print(line, markup=False)  # a str is not read as markup; a Text keeps its styles


@app.command()
@handle_errors
def report(
    site: SiteOpt = Path("."),
    html_dir: Annotated[Path, typer.Option("--html", help="Folder for index.html.")] = ...,  # type: ignore[assignment]
    lang: LangOpt = None,
) -> None:
    """Write an HTML dashboard (one self-contained file that works from file://)."""
    from .commands.report import dashboard

    path = dashboard(site, html_dir, lang or ())
    out.print(f"wrote {path}", markup=False)


glossary_app = typer.Typer(help="Check translations against the glossary; suggest terms.",
                           no_args_is_help=True, rich_markup_mode=None)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("check")
@handle_errors
def glossary_check(site: SiteOpt = Path("."), lang: LangOpt = None,
                   episode: EpisodeOpt = None) -> None:
    """QA every existing translation: glossary terms, untranslated or wrong-language text,
    markup and numbers, leftovers. Exit 1 when anything is found."""
    from .commands.glossary import glossary_check as run_glossary_check

    findings = run_glossary_check(site, lang or (), episode or ())
    for finding in findings:
        term = f" (term: {finding.term})" if finding.term else ""
        out.print(f"{finding}{term}", markup=False)
    out.print(f"{len(findings)} finding(s)", markup=False)
    if findings:
        raise typer.Exit(1)


@glossary_app.command("suggest")
@handle_errors
def glossary_suggest(site: SiteOpt = Path("."),
                     min_sources: Annotated[int, typer.Option(min=1, help="Sources a term must "
                                                              "appear in.")] = 2) -> None:
    """Propose glossary terms: names and acronyms that recur across sources and stay unchanged
    in translations. Prints YAML to paste into glossary/<name>.yaml."""
    from .commands.glossary import glossary_suggest as run_glossary_suggest
    from .ui import suggestions_yaml

    out.print(suggestions_yaml(run_glossary_suggest(site, min_sources)), markup=False)


def main() -> None:
    """Console-script entry point."""
    app()
