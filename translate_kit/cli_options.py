"""The command line's shared options and the parsing of option values (``KEY=VALUE``,
``FORMAT=PATH``): what ``cli.py`` declares its commands with.

Values are parsed here, in plain words ("'x' is not a whole number", not a validation
library's wording), and every option shows a metavar that reads as a word (LANG, N, SECONDS).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_words import choice, decimal, language, limited, whole
from .errors import UsageError
from .limits import LIMITS


def _span(key: str) -> str:
    """'0.1 to 600' for ``key`` of LIMITS: help texts show the range the option checks."""
    return f"{LIMITS[key].low:g} to {LIMITS[key].high:g}"


FORMATS = ("table", "json", "markdown", "csv")
CHECK_FORMATS = ("text", "json", "markdown", "github")

SiteArg = Annotated[Path, typer.Argument(metavar="SITE", help="The site root (holds "
                                         "translate-kit.yaml).")]
SiteOpt = SiteArg
LangOpt = Annotated[list[str] | None, typer.Option(
    "--lang", "-l", metavar="LANG", parser=language, help="Only this language (repeatable).")]
EpisodeOpt = Annotated[list[int] | None, typer.Option(
    "--episode", "-e", metavar="N", parser=whole(0), help="Only this episode number "
    "(repeatable).")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Read every page again.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and the bill.")]
StatusFormat = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", parser=choice(FORMATS, "format"),
    help="table, json, markdown or csv.")]
CheckFormat = Annotated[str, typer.Option(
    "--format", "-f", metavar="FORMAT", parser=choice(CHECK_FORMATS, "format"),
    help="text, json, markdown or github (workflow annotations).")]
Only = Annotated[str | None, typer.Option(
    "--only", metavar="STATUS[,…]", help="Only episodes with a translation in one of these "
    "statuses (current, draft, stale, unknown, untranslated, missing, orphan, invalid).")]
Flagged = Annotated[bool, typer.Option("--flagged", help="Only episodes with a flag "
                                       "(metadata-drift, duplicate, lang/number-mismatch, qa).")]

EngineOpt = Annotated[list[str] | None, typer.Option(
    "--engine-opt", metavar="KEY=VALUE", help="Engine option (repeatable), e.g. "
    "url=http://host:5000/.")]
EngineName = Annotated[str | None, typer.Option(
    "--engine", metavar="NAME", show_default="the config's engine, else google",
    help="Engine name (see 'engines').")]
Workers = Annotated[int | None, typer.Option(
    "--workers", metavar="N", parser=limited("workers"),
    show_default="the config's workers, else 4", help=f"Requests in flight ({_span('workers')}).")]
Timeout = Annotated[float | None, typer.Option(
    "--timeout", metavar="SECONDS", parser=limited("timeout"),
    show_default="the config's timeout, else 30", help="Seconds per request before giving "
    f"up ({_span('timeout')}).")]
RateLimit = Annotated[float | None, typer.Option(
    "--rate-limit", metavar="N", parser=limited("rate_limit"), show_default="the config's "
    "rate_limit, else 0", help="Requests per second at most "
    f"({_span('rate_limit')}; 0: no limit).")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the bill; write nothing.")]
AllowPartial = Annotated[bool, typer.Option("--allow-partial", help="Write pages whose failed "
                                            "segments stay in the source language.")]
QaOpt = Annotated[bool, typer.Option("--qa", help="Also run the QA checks (flag 'qa').")]
InitForce = Annotated[bool, typer.Option("--force", help="Overwrite an existing "
                                         "translate-kit.yaml.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Accept what is detected; ask nothing "
                                   "(needed without a terminal).")]

FailOn = Annotated[str | None, typer.Option(
    "--fail-on", metavar="STATUS[,…]", show_default="the config's check.fail_on, else "
    "missing,stale,invalid", help="Statuses and flags that fail the check (missing, stale, "
    "unknown, untranslated, invalid, orphan, draft, metadata-drift, qa, …) or none.")]
MinCoverage = Annotated[float | None, typer.Option(
    "--min-coverage", metavar="PERCENT", parser=decimal(0, 100), help="Fail when a checked "
    "language is below this coverage; per-language thresholds go in the config.")]
ChangedFrom = Annotated[str | None, typer.Option(
    "--changed-from", metavar="GIT-REF", help="Only episodes whose source or translations "
    "changed since this git ref (for pull requests).")]
Reports = Annotated[list[str] | None, typer.Option(
    "--report", metavar="FORMAT=PATH", help="Also write a report, repeatable: json, markdown, "
    "junit, sarif, badge (a folder: a shields.io file per language); PATH - is standard "
    "output, instead of --format.")]
CheckQuiet = Annotated[bool, typer.Option("--quiet", "-q", help="Only what fails and the "
                                          "verdict.")]
HtmlPath = Annotated[Path, typer.Option(
    "--html", metavar="PATH", help="The page to write: an .html file, or a folder for "
    "index.html; - for standard output.")]
LinkBase = Annotated[str | None, typer.Option(
    "--link-base", metavar="URL", show_default="links relative to the page", help="Link cells "
    "to the repository: the URL of its root, e.g. https://github.com/OWNER/REPO/blob/main/.")]


def engine_options(values: list[str] | None) -> tuple[tuple[str, str], ...]:
    """``--engine-opt KEY=VALUE`` values as pairs."""
    pairs = []
    for value in values or []:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise UsageError(f"--engine-opt takes KEY=VALUE, not {value!r}")
        pairs.append((key.strip(), setting.strip()))
    return tuple(pairs)


def report_spec(value: str) -> tuple[str, Path | None]:
    """``--report FORMAT=PATH`` as (format, path); PATH ``-`` is standard output (None)."""
    from .commands.check import REPORT_FORMATS

    kind, sep, path = value.partition("=")
    if not sep or kind not in REPORT_FORMATS or not path:
        raise UsageError(f"--report takes FORMAT=PATH with FORMAT one of "
                         f"{', '.join(REPORT_FORMATS)} (PATH - for standard output), not "
                         f"{value!r}")
    if path == "-" and kind == "badge":
        raise UsageError("--report badge=PATH takes a folder (one file per language), not -")
    return kind, None if path == "-" else Path(path)


def report_specs(values: list[str] | None) -> list[tuple[str, Path | None]]:
    """Every ``--report`` value parsed; at most one may go to standard output (two would be
    one unreadable stream)."""
    specs = [report_spec(value) for value in values or []]
    to_stdout = [kind for kind, path in specs if path is None]
    if len(to_stdout) > 1:
        raise UsageError(f"only one --report can go to standard output (-), not "
                         f"{' and '.join(to_stdout)}; give the others a PATH")
    return specs
