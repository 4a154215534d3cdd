"""The command line's shared options and the parsing of option values (``KEY=VALUE``,
``FORMAT=PATH``): what ``cli.py`` declares its commands with."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .errors import UsageError

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


EngineOpt = Annotated[list[str] | None, typer.Option(
    "--engine-opt", help="Engine option KEY=VALUE (repeatable), e.g. url=http://host:5000/.")]


def engine_options(values: list[str] | None) -> tuple[tuple[str, str], ...]:
    """``--engine-opt KEY=VALUE`` values as pairs."""
    pairs = []
    for value in values or []:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise UsageError(f"--engine-opt takes KEY=VALUE, not {value!r}")
        pairs.append((key.strip(), setting.strip()))
    return tuple(pairs)


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


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    github = "github"


def report_spec(value: str) -> tuple[str, Path]:
    """``--report FORMAT=PATH`` as (format, path)."""
    from .commands.check import REPORT_FORMATS

    kind, sep, path = value.partition("=")
    if not sep or kind not in REPORT_FORMATS or not path:
        raise UsageError(f"--report takes FORMAT=PATH with FORMAT one of "
                         f"{', '.join(REPORT_FORMATS)}, not {value!r}")
    return kind, Path(path)
