"""What the tool accepts as numbers and language codes, in one place for the config and the
command line: a value outside these would hang a run (``rate_limit: 1e-9``), overflow
(``timeout: 1e308``), mean nothing (``memory_threshold: 1e9``) or put a newline or a slash
into a folder name (``"fr\\n"``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_LANG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")
"""A language code (BCP 47 shape: ``fr``, ``pt-BR``, ``zh_Hant``), matched whole."""


@dataclass(frozen=True)
class Limit:
    """The range a number of the config (or its command-line option) must lie in."""

    low: float
    high: float
    whole: bool = False
    unit: str = ""
    off: float | None = None
    """A value outside the range that is still allowed, meaning 'off' (0 for rate_limit)."""


LIMITS = {
    "workers": Limit(1, 64, whole=True),
    "timeout": Limit(0.1, 600, unit="seconds"),
    "retries": Limit(0, 10, whole=True),
    "rate_limit": Limit(0.01, 1000, unit="requests per second", off=0),
    "memory_threshold": Limit(0, 100, unit="percent"),
    "untranslated_threshold": Limit(1, 100, unit="percent"),
    # The translate stage's own settings (retry.Settings; not in the config today).
    "backoff": Limit(0, 60, unit="seconds"),
    "max_wait": Limit(0, 600, unit="seconds"),
    "give_up_after": Limit(1, 1000, whole=True),
    "segment_retries": Limit(0, 100, whole=True),
    "run_retries": Limit(0, 100_000, whole=True),
}
"""Ranges of every number the tool takes, defined once: the config, the command-line options
that override it (``--timeout``, ``--workers``, ``--rate-limit``) and the translate stage's
Settings all check against these. A value outside them would hang the run
(``rate_limit: 1e-9``), overflow (``timeout: 1e308``) or mean nothing
(``memory_threshold: 1e9``)."""


def range_problem(key: str, value: Any) -> str | None:
    """Why ``value`` is not allowed for ``key`` of LIMITS (None when it is)."""
    limit = LIMITS[key]
    if (not isinstance(value, bool) and isinstance(value, int | float)
            and (value == limit.off or limit.low <= value <= limit.high)
            and (not limit.whole or float(value).is_integer())):
        return None
    return f"{key} must be {describe(key)}, not {value!r}"


def describe(key: str) -> str:
    """What ``key`` takes, in words: 'a number from 0.1 to 600 seconds'."""
    limit = LIMITS[key]
    kind = "a whole number" if limit.whole else "a number"
    unit = f" {limit.unit}" if limit.unit else ""
    off = f" (or {limit.off:g} for no limit)" if limit.off is not None else ""
    return f"{kind} from {limit.low:g} to {limit.high:g}{unit}{off}"


def is_language_code(code: object) -> bool:
    """Whether ``code`` is a language code (``fr``, ``pt-BR``): no spaces, slashes or newlines,
    so it is safe in a folder or file name."""
    return isinstance(code, str) and _LANG.fullmatch(code) is not None


def yaml_hint(value: object) -> str:
    """For a language code YAML read as true or false (``no`` is Norwegian; unquoted ``no``,
    ``off``, ``yes`` and ``on`` are booleans to YAML), how to write it; else ''."""
    items = value if isinstance(value, list) else [value]
    if not any(isinstance(x, bool) for x in items):
        return ""
    return (" (YAML reads unquoted no, off, yes and on as false or true: quote the code, as "
            "'no')")
