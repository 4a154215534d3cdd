"""The command line: parse options → one library call → render → exit code.

Exit codes (README, "Exit codes"): 0 done, 1 a gate failed, 2 usage or configuration error,
3 translate-kit itself failed.
"""

from __future__ import annotations

import functools
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
    ChangedFrom,
    CheckFormat,
    CheckQuiet,
    DryRun,
    EngineName,
    EngineOpt,
    EpisodeOpt,
    FailOn,
    Flagged,
    HtmlPath,
    InitForce,
    LangOpt,
    LinkBase,
    MinCoverage,
    NoCache,
    Only,
    QaOpt,
    Quiet,
    RateLimit,
    Reports,
    SiteArg,
    StatusFormat,
    Timeout,
    Workers,
    Yes,
    engine_options,
    report_specs,
)
from .cli_words import (
    CONTEXT,
    Command,
    examples,
    help_when_bare,
    interactive,
    language,
    print_version,
    whole,
)
from .config import CONFIG_NAME
from .errors import expected, failure
from .wording import plural

# Each command imports its recipe when it runs, so `--help` loads no engine or Markdown parser.

app = typer.Typer(
    help="Translation workflow for multilingual static sites: audit, draft, review.",
    add_completion=True, rich_markup_mode=None, context_settings=CONTEXT,
    pretty_exceptions_enable=False, pretty_exceptions_show_locals=False,
)
out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """The one place that turns errors into messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            if not expected(exc) and os.environ.get("TRANSLATE_KIT_DEBUG"):
                raise
            lines, code = failure(exc)
            for line in lines:
                err.print(line, markup=False)
            raise typer.Exit(code) from None

    return wrapper  # type: ignore[return-value]


def command(name: str, summary: str, group: typer.Typer | None = None) -> Callable[[F], F]:
    """A command with a one-line summary for the command list and examples under its help."""
    return (group or app).command(name.split()[-1], cls=Command, short_help=summary,
                                  epilog=examples(name))


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    help_when_bare(ctx)


@command("version", "Print the version.")
@handle_errors
def version() -> None:
    """Print the version (also: translate-kit --version)."""
    out.print(__version__)


@command("init", "Detect the layout and languages; write translate-kit.yaml.")
@handle_errors
def init(
    site: SiteArg = Path("."),
    yes: Yes = False,
    force: InitForce = False,
) -> None:
    """Detect the site's layout and languages, write a commented translate-kit.yaml, and add
    translate-kit's machine-local state to the site's .gitignore."""
    from .commands.init import detect_site, write_config

    target = site / CONFIG_NAME
    found = detect_site(site, force)
    if not yes:
        out.print(f"Source pages:   {found.source}\nTranslations:   {found.variants}\n"
                  f"Languages:      {found.source_lang} → {', '.join(found.languages)}",
                  markup=False)
        if not interactive():
            err.print(f"error: no terminal to ask on; run 'translate-kit init {site} --yes' to "
                      f"write {target} with what was found", markup=False)
            raise typer.Exit(2)
        source_lang = typer.prompt("Source language", default=found.source_lang)
        langs = typer.prompt("Target languages", default=", ".join(found.languages))
        found = type(found)(source_lang, tuple(x.strip() for x in langs.split(",") if x.strip()),
                            found.source, found.variants, found.notes)
        if not typer.confirm(f"Write {target}?", default=True):
            raise typer.Exit(1)
    for path in write_config(site, found):
        out.print(f"wrote {path}" + (f": {found.source_lang} → {', '.join(found.languages)}; "
                                     f"translations at {found.variants}" if path == target
                                     else ": translate-kit's machine-local state ignored"),
                  markup=False)


@command("status", "Every episode × language: missing, stale, draft, current…")
@handle_errors
def status(site: SiteArg = Path("."), lang: LangOpt = None, episode: EpisodeOpt = None,
           only: Only = None, flagged: Flagged = False, format: StatusFormat = "table",
           no_cache: NoCache = False,
           qa: QaOpt = False) -> None:
    """Show every episode × language: missing, stale, draft, current, untranslated, orphan,
    invalid. On a big site the table lists what needs attention and counts the rest."""
    from .commands.status import plain_json
    from .commands.status import status as run_status
    from .report import RENDERERS, parse_only, select

    statuses = parse_only(only)
    if format == "json" and not (lang or episode or only or flagged or no_cache or qa):
        text, report = plain_json(site)  # the one entry.py answers without the command line
        typer.echo(text, nl=False)
    else:
        report = run_status(site, lang or (), episode or (), use_cache=not no_cache, qa=qa)
        if format == "table":
            from .table import render_table

            out.print(render_table(report, statuses, flagged))
        else:
            chosen = select(report, statuses, flagged, variants=format == "csv")
            typer.echo(RENDERERS[format](chosen), nl=False)
    for problem in report.errors if format != "table" else ():
        err.print(f"warning: {problem}", markup=False)


@command("baseline", "Adopt existing human translations as current, once.")
@handle_errors
def baseline(
    site: SiteArg = Path("."),
    lang: LangOpt = None,
    episode: EpisodeOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Also re-adopt stale, draft and current "
                                        "translations against today's source.")] = False,
) -> None:
    """Adopt existing human translations as current (once), recording their source."""
    from .commands.baseline import baseline as run_baseline
    from .ui import baseline_lines

    for error, line in baseline_lines(run_baseline(site, lang or (), episode or (), force=force)):
        (err if error else out).print(line, markup=False)


@command("approve", "Record reviewed translations as current.")
@handle_errors
def approve(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Translated pages a "
                                                "person reviewed.")],
    force: Annotated[bool, typer.Option(
        "--force", help="Approve even what looks unfinished: segments failed or left in the "
        "source language, pseudo-localised text, a stale page nobody touched.")] = False,
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
    from .table import render_table
    from .ui import with_display

    options = DraftOptions(
        langs=tuple(lang or ()), numbers=tuple(episode or ()), engine=engine,
        engine_options=engine_options(engine_opt), workers=workers, timeout=timeout,
        rate_limit=rate_limit, dry_run=dry_run, force=force, allow_partial=allow_partial)
    report, lines = with_display(err, quiet, lambda w: run_draft(site, options, sync, watch=w))
    for error, line in lines:
        (err if error else out).print(line, markup=False)
    if report.status is not None and not quiet:
        out.print(render_table(report.status))
    if not report.ok:
        raise typer.Exit(1)


@command("draft", "Machine-draft the chosen gaps (missing and stale pages).")
@handle_errors
def draft(site: SiteArg = Path("."), lang: LangOpt = None, episode: EpisodeOpt = None,
          engine: EngineName = None, engine_opt: EngineOpt = None, workers: Workers = None,
          timeout: Timeout = None, rate_limit: RateLimit = None, dry_run: DryRun = False,
          force: Annotated[bool, typer.Option(
              "--force", help="Also redraft untranslated, unknown, draft and current pages "
              "wholesale.")] = False,
          allow_partial: AllowPartial = False, quiet: Quiet = False) -> None:
    """Machine-draft the chosen gaps (missing and stale pages)."""
    _run_draft(site, lang, episode, engine, engine_opt, workers, timeout, rate_limit, dry_run,
               force, allow_partial, quiet, sync=False)


@command("sync", "The main job: draft every gap, write review sheets, show status.")
@handle_errors
def sync(site: SiteArg = Path("."), lang: LangOpt = None, episode: EpisodeOpt = None,
         engine: EngineName = None, engine_opt: EngineOpt = None, workers: Workers = None,
         timeout: Timeout = None, rate_limit: RateLimit = None, dry_run: DryRun = False,
         force: Annotated[bool, typer.Option("--force", help="Also redraft untranslated "
                                             "pages.")] = False,
         allow_partial: AllowPartial = False, quiet: Quiet = False) -> None:
    """The main job: audit, draft every missing and stale page, write review sheets, update the
    lock, show the status."""
    _run_draft(site, lang, episode, engine, engine_opt, workers, timeout, rate_limit, dry_run,
               force, allow_partial, quiet, sync=True)


@command("engines", "List the engines, what each needs, and whether it is ready.")
@handle_errors
def engines() -> None:
    """List the engines, what each needs, and whether it is ready here."""
    from .ui import engines_output
    out.print(*engines_output(Path(".")), sep="\n")


@command("check", "The CI gate: exit 0 when translations pass, 1 when they fail.")
@handle_errors
def check(
    site: SiteArg = Path("."),
    lang: LangOpt = None,
    episode: EpisodeOpt = None,
    fail_on: FailOn = None,
    min_coverage: MinCoverage = None,
    changed_from: ChangedFrom = None,
    format: CheckFormat = "text",
    report: Reports = None,
    no_cache: NoCache = False,
    quiet: CheckQuiet = False,
) -> None:
    """The CI gate: exit 0 when the translations pass, 1 when they fail, 2 for a usage or
    configuration error."""
    from .commands.check import check as run_check
    from .commands.check import write_reports
    from .ui import gate_text

    specs = report_specs(report)
    result = run_check(site, lang or (), fail_on, min_coverage, changed_from, episode or (),
                       use_cache=not no_cache)
    written, shown = write_reports(result, specs)
    for path in written:
        err.print(f"wrote {path}", markup=False)
    for text in shown:
        typer.echo(text, nl=False)
    text = gate_text(result, format, quiet)
    if shown:  # standard output holds the reports; the verdict goes beside them
        err.print(text, end="", markup=False)
    else:
        typer.echo(text, nl=False)
    if not result.gate.passed:
        raise typer.Exit(1)


@command("diff", "What changed in the source since a translation was recorded.")
@handle_errors
def diff(
    site: SiteArg = Path("."),
    episode: Annotated[int, typer.Option("--episode", "-e", metavar="N", parser=whole(0),
                                         help="Episode number.")] = ...,  # type: ignore[assignment]
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="LANG", parser=language,
                                      help="Language of the translation.")]
    = ...,  # type: ignore[assignment]
) -> None:
    """What changed in the source since a translation was recorded, segment by segment."""
    from .commands.diff import diff as run_diff
    from .ui import diff_lines

    color = out.is_terminal and not os.environ.get("NO_COLOR")
    for line in diff_lines(run_diff(site, episode, lang), color):
        out.print(line, markup=False)  # a str is not read as markup; a Text keeps its styles


@command("report", "Write the HTML dashboard (one self-contained file).")
@handle_errors
def report(
    site: SiteArg = Path("."),
    html: HtmlPath = ...,  # type: ignore[assignment]
    lang: LangOpt = None,
    link_base: LinkBase = None,
) -> None:
    """Write the HTML dashboard: one self-contained page (no CDN), for file:// or CI artifacts."""
    from .commands.report import dashboard

    written, problems = dashboard(site, html, lang or (), link_base)
    for problem in problems:
        err.print(f"warning: {problem}", markup=False)
    if isinstance(written, str):  # --html -: standard output holds the page alone
        typer.echo(written, nl=False)
    else:
        out.print(f"wrote {written}", markup=False)


glossary_app = typer.Typer(help="Check translations against the glossary; suggest terms.",
                           rich_markup_mode=None, context_settings=CONTEXT)
app.add_typer(glossary_app, name="glossary", short_help="Check translations against the "
              "glossary; suggest terms.")
glossary_app.callback(invoke_without_command=True)(help_when_bare)


@command("glossary check", "QA every translation; exit 1 when anything is found.", glossary_app)
@handle_errors
def glossary_check(site: SiteArg = Path("."), lang: LangOpt = None,
                   episode: EpisodeOpt = None) -> None:
    """QA every existing translation: glossary terms, untranslated or wrong-language text,
    markup and numbers, leftovers. Exit 1 when anything is found."""
    from .commands.glossary import glossary_check as run_glossary_check

    findings = run_glossary_check(site, lang or (), episode or ())
    for finding in findings:
        term = f" (term: {finding.term})" if finding.term else ""
        out.print(f"{finding}{term}", markup=False)
    out.print(plural(len(findings), "finding"), markup=False)
    if findings:
        raise typer.Exit(1)


@command("glossary suggest", "Propose glossary terms, as YAML to paste.", glossary_app)
@handle_errors
def glossary_suggest(site: SiteArg = Path("."),
                     min_sources: Annotated[int, typer.Option(
                         metavar="N", parser=whole(1), help="Sources a term must appear in, at "
                         "least 1.")] = 2) -> None:
    """Propose glossary terms: names and acronyms that recur across sources and stay unchanged
    in translations. Prints YAML to paste into glossary/NAME.yaml."""
    from .commands.glossary import glossary_suggest as run_glossary_suggest
    from .ui import suggestions_yaml

    out.print(suggestions_yaml(run_glossary_suggest(site, min_sources)), markup=False)
