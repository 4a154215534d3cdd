"""The command line: parse options → one library call → render → exit code.

Exit codes (README, "Exit codes"): 0 done, 1 a gate failed, 2 usage or configuration error,
3 translate-kit itself failed.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rapidfuzz.distance import Indel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from . import __version__, recipes
from .check import gate_json, render_github
from .check import render_markdown as render_gate_markdown
from .check import render_text as render_gate_text
from .config import CONFIG_NAME
from .detect import config_text, detect
from .engines import describe
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
    qa: Annotated[bool, typer.Option("--qa", help="Also run the QA checks (flag 'qa').")] = False,
) -> None:
    """Show every episode × language: missing, stale, draft, current, untranslated…"""
    report = recipes.status(site, lang or (), episode or (), use_cache=not no_cache, qa=qa)
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


EngineOpt = Annotated[list[str] | None, typer.Option(
    "--engine-opt", help="Engine option KEY=VALUE (repeatable), e.g. url=http://host:5000/.")]


def _engine_options(values: list[str] | None) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values or []:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise UsageError(f"--engine-opt takes KEY=VALUE, not {value!r}")
        pairs.append((key.strip(), setting.strip()))
    return tuple(pairs)


def _run_draft(site: Path, lang: list[str] | None, episode: list[int] | None,
               engine: str | None, engine_opt: list[str] | None, workers: int | None,
               timeout: float | None, rate_limit: float | None, dry_run: bool, force: bool,
               allow_partial: bool, quiet: bool, sync: bool) -> None:
    options = recipes.DraftOptions(
        langs=tuple(lang or ()), numbers=tuple(episode or ()), engine=engine,
        engine_options=_engine_options(engine_opt), workers=workers, timeout=timeout,
        rate_limit=rate_limit, dry_run=dry_run, force=force, allow_partial=allow_partial)
    with progress_bar(quiet) as progress:
        report = recipes.draft(site, options, sync=sync, progress=progress)
    render_draft(report, quiet)
    if report.status is not None and not quiet:
        out.print(render_table(report.status))
    if not report.ok:
        raise typer.Exit(1)


@contextmanager
def progress_bar(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    bar = Progress(TextColumn("translating"), BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=err,
                   disable=quiet or not err.is_terminal, transient=True)
    task = bar.add_task("translate", total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update


def render_draft(report: recipes.DraftReport, quiet: bool) -> None:
    for o in report.outcomes:
        if o.action == "failed":
            err.print(f"failed {o.path}: {o.reason}", markup=False)
        elif not quiet and o.action == "planned":
            out.print(f"would draft {o.path} ({o.mode})" + (f": {o.reason}" if o.reason else ""),
                      markup=False)
        elif not quiet and o.action == "review":
            out.print(f"review {o.path}: {o.reason}; draft and sheet in {o.sheet}", markup=False)
        elif not quiet:
            out.print(f"drafted {o.path} ({o.mode}); review sheet {o.sheet}", markup=False)
    head = "would send" if report.dry_run else "needed"
    for bill in report.bills:
        out.print(f"{bill.lang}: {bill.pages} page(s); {head} {bill.engine_segments} segment(s), "
                  f"{bill.engine_chars} characters from {report.engine}; {bill.cached} from "
                  f"cache, {bill.memory} from memory, {bill.kept} unchanged kept, {bill.ui} "
                  "interface strings", markup=False)
    if not report.outcomes:
        out.print("nothing to draft", markup=False)
    elif not report.dry_run:
        out.print(f"{report.requests} engine request(s) made, {report.chars_sent} characters "
                  "sent", markup=False)


SiteOpt = Annotated[Path, typer.Argument(help="The site root.")]
EngineName = Annotated[str | None, typer.Option("--engine", help="Engine name (see 'engines').")]
Workers = Annotated[int | None, typer.Option("--workers", min=1, help="Requests in flight.")]
Timeout = Annotated[float | None, typer.Option("--timeout", min=0.1, help="Seconds per request "
                                               "before giving up (default 30).")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the bill; write nothing.")]
AllowPartial = Annotated[bool, typer.Option("--allow-partial", help="Write pages whose failed "
                                            "segments stay in the source language.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the bill.")]
RateLimit = Annotated[float | None, typer.Option("--rate-limit", min=0, help="Requests per "
                                                 "second at most (0: no limit).")]


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
    table = Table(title="Engines", title_justify="left")
    for column in ("engine", "ready", "needs (environment)", "options", "max chars"):
        table.add_column(column, overflow="fold")
    for spec, missing in describe():
        ready = ("yes (offline)" if spec.offline else "yes") if not missing \
            else f"no: set {', '.join(missing)}"
        needs = ", ".join([*spec.keys, *(f"{k} (optional)" for k in spec.optional_keys)])
        table.add_row(spec.name, ready, needs or "-", ", ".join(spec.options) or "-",
                      f"{spec.max_chars:,}")
    out.print(table)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    github = "github"


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
    specs = [_report_spec(value) for value in report or []]
    result = recipes.check(site, lang or (), fail_on, min_coverage, changed_from)
    for path in recipes.write_reports(result, specs):
        err.print(f"wrote {path}", markup=False)
    if format is CheckFormat.text:
        typer.echo(render_gate_text(result.gate, result.root), nl=False)
    elif format is CheckFormat.github:
        typer.echo(render_github(result.gate, result.root), nl=False)
    elif format is CheckFormat.markdown:
        typer.echo(render_gate_markdown(result.report, result.gate, result.root), nl=False)
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
    result = recipes.diff(site, episode, lang)
    out.print(f"{result.source} since {result.variant} was recorded ({result.recorded}, "
              f"status {result.status}); recorded text from: {result.origin}", markup=False)
    out.print(f"{len(result.changes)} change(s), {result.unchanged} segment(s) unchanged",
              markup=False)
    color = out.is_terminal and not os.environ.get("NO_COLOR")
    for change in result.changes:
        where = f"line {change.line}" if change.line else "removed"
        alike = f", {change.similarity:.0f}% alike" if change.similarity is not None else ""
        out.print(f"\n@@ {change.kind} ({where}{alike})", markup=False)
        if change.kind == "changed" and change.old is not None and change.new is not None:
            out.print(word_diff(change.old, change.new, color))
        else:
            if change.kind != "added":
                out.print(f"- {change.old or '(recorded text unavailable)'}", markup=False)
            if change.new is not None:
                out.print(f"+ {change.new}", markup=False)
        if change.translation is not None:
            out.print(f"  translation now: {change.translation}", markup=False)


def word_diff(old: str, new: str, color: bool) -> Text:
    """Old → new with changed words marked: colours on a terminal, [-…-]{+…+} otherwise."""
    a, b = old.split(), new.split()
    text = Text("~ ")
    gone: list[str] = []
    came: list[str] = []

    def flush() -> None:
        for words, mark, style in ((gone, "-", "red strike"), (came, "+", "green")):
            if words:
                chunk = " ".join(words)
                text.append(chunk if color else f"[{mark}{chunk}{mark}]" if mark == "-"
                            else f"{{+{chunk}+}}", style=style if color else "")
                text.append(" ")
        gone.clear()
        came.clear()

    # Indel reports a replacement as an insert beside a delete: show them as one change.
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            flush()
            text.append(" ".join(a[op.src_start:op.src_end]) + " ")
        else:
            gone.extend(a[op.src_start:op.src_end])
            came.extend(b[op.dest_start:op.dest_end])
    flush()
    text.rstrip()
    return text


@app.command()
@handle_errors
def report(
    site: SiteOpt = Path("."),
    html_dir: Annotated[Path, typer.Option("--html", help="Folder for index.html.")] = ...,  # type: ignore[assignment]
    lang: LangOpt = None,
) -> None:
    """Write an HTML dashboard (one self-contained file that works from file://)."""
    path = recipes.dashboard(site, html_dir, lang or ())
    out.print(f"wrote {path}", markup=False)


def _report_spec(value: str) -> tuple[str, Path]:
    kind, sep, path = value.partition("=")
    if not sep or kind not in recipes.REPORT_FORMATS or not path:
        raise UsageError(f"--report takes FORMAT=PATH with FORMAT one of "
                         f"{', '.join(recipes.REPORT_FORMATS)}, not {value!r}")
    return kind, Path(path)


glossary_app = typer.Typer(help="Check translations against the glossary; suggest terms.",
                           no_args_is_help=True, rich_markup_mode=None)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("check")
@handle_errors
def glossary_check(site: SiteOpt = Path("."), lang: LangOpt = None,
                   episode: EpisodeOpt = None) -> None:
    """QA every existing translation: glossary terms, untranslated or wrong-language text,
    markup and numbers, leftovers. Exit 1 when anything is found."""
    findings = recipes.glossary_check(site, lang or (), episode or ())
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
    suggestions = recipes.glossary_suggest(site, min_sources)
    if not suggestions:
        out.print("# no candidate terms", markup=False)
        return
    out.print("terms:", markup=False)
    for s in suggestions:
        kept = (f", unchanged in {s.kept_in}/{s.translations} translations" if s.translations
                else ", no translations yet")
        out.print(f"  - term: {json.dumps(s.term, ensure_ascii=False)}\n    keep: true  "
                  f"# {s.kind} in {s.sources} sources{kept}", markup=False)


def main() -> None:
    """Console-script entry point."""
    app()
