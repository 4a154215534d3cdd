"""Command-line conventions in plain words: option values parsed with messages a person reads
("'x' is not a whole number", not a validation library's wording), help that shows metavars as
words (LANG, N, PATH) instead of Python types, and an example for every command."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer.core import TyperCommand

from . import __version__
from .limits import LIMITS, is_language_code

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def whole(low: int | None = None, high: int | None = None) -> Callable[[str], int]:
    """A parser for a whole number, optionally at least ``low`` and at most ``high``."""

    def parse(value: str | int) -> int:
        if isinstance(value, int):
            return value
        try:
            number = int(value.strip())
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a whole number") from None
        _bounds(number, low, high)
        return number

    return parse


def decimal(low: float | None = None, high: float | None = None,
            above: float | None = None) -> Callable[[str], float]:
    """A parser for a finite number, at least ``low`` (or more than ``above``), at most
    ``high``."""

    def parse(value: str | float) -> float:
        if isinstance(value, float | int):
            return float(value)
        try:
            number = float(value.strip())
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a number") from None
        if not math.isfinite(number):
            raise typer.BadParameter(f"{value!r} is not a finite number")
        if above is not None and number <= above:
            raise typer.BadParameter(f"{value} must be more than {above:g}")
        _bounds(number, low, high)
        return number

    return parse


def _bounds(number: float, low: float | None, high: float | None) -> None:
    if low is not None and number < low:
        raise typer.BadParameter(f"{number:g} is too small: at least {low:g}")
    if high is not None and number > high:
        raise typer.BadParameter(f"{number:g} is too large: at most {high:g}")


def limited(key: str) -> Callable[[str], float]:
    """A parser for a number the config also sets (``timeout``, ``rate_limit``, ``workers``):
    the same range as the config's, from :data:`translate_kit.limits.LIMITS`."""
    limit = LIMITS[key]
    base = whole() if limit.whole else decimal()

    def parse(value: str | float) -> float:
        number = base(value)  # type: ignore[arg-type]
        if number != limit.off:
            _bounds(number, limit.low, limit.high)
        return number

    return parse


def language(value: str) -> str:
    """A parser for a language code (``fr``, ``pt-BR``): nothing that could name another
    folder or hold a newline."""
    if not is_language_code(value):
        raise typer.BadParameter(f"{value!r} is not a language code like 'fr' or 'pt-BR'")
    return value


def choice(choices: Sequence[str], what: str = "value") -> Callable[[str], str]:
    """A parser for one of ``choices``."""

    def parse(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"{value!r} is not a {what}; choose {_or(choices)}")
        return value

    return parse


def _or(items: Sequence[str]) -> str:
    return ", ".join(items[:-1]) + f" or {items[-1]}" if len(items) > 1 else items[0]


class Command(TyperCommand):
    """A command whose help lists arguments by their metavar alone (``SITE``, ``PATH...``),
    without the Python type typer appends (``<Path>``, ``<list[Path]>``)."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                args.append((re.sub(r" <[^<>]*>$", "", record[0]), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)




EXAMPLES = {
    "init": ("translate-kit init docs", "translate-kit init docs --yes   # in CI or a script"),
    "status": ("translate-kit status docs", "translate-kit status docs --only stale,missing -l fr",
               "translate-kit status docs -f json > status.json"),
    "baseline": ("translate-kit baseline docs", "translate-kit baseline docs -l de -e 12"),
    "approve": ("translate-kit approve docs/episodes/ep-12/fr/episode.md",),
    "draft": ("translate-kit draft docs -l fr -e 12 --dry-run",
              "translate-kit draft docs --engine deepl --workers 8"),
    "sync": ("translate-kit sync docs", "translate-kit sync docs --engine pseudo -q"),
    "engines": ("translate-kit engines",),
    "check": ("translate-kit check docs --fail-on missing,stale --min-coverage 80",
              "translate-kit check docs -f github --report markdown=summary.md",
              "translate-kit check docs --report json=- > status.json"),
    "diff": ("translate-kit diff docs -e 12 -l fr",),
    "report": ("translate-kit report docs --html dashboard.html",
               "translate-kit report docs --html site-report/ "
               "--link-base https://github.com/OWNER/REPO/blob/main/"),
    "glossary check": ("translate-kit glossary check docs -l de",),
    "glossary suggest": ("translate-kit glossary suggest docs --min-sources 3",),
    "version": ("translate-kit version",),
}


def examples(command: str) -> str:
    """The command's examples as a help epilog (click's ``\\b`` keeps their lines)."""
    lines = EXAMPLES[command]
    return f"\b\nExample{'s' if len(lines) > 1 else ''}:\n" + "\n".join(f"  {x}" for x in lines)


def print_version(value: bool) -> None:
    """``--version``: print and stop."""
    if value:
        typer.echo(f"translate-kit {__version__}")
        raise typer.Exit()


def interactive() -> bool:
    """Whether a person can answer questions: standard input is a terminal."""
    return sys.stdin.isatty()


def help_when_bare(ctx: typer.Context) -> None:
    """A group called with no command shows its help and succeeds (as git and gh do)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
