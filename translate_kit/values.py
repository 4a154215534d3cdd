"""Meaning of copied front-matter values, so that format differences are not reported as drift;
and per-language values (``parent``, ``grand_parent``) that belong to another locale.

The same instant is written many ways on real sites: ``2024-08-20``, ``2024-08-20T07:00:00.000Z``,
``Mon Aug 19 2024 17:00:00 GMT-0700 (Pacific Daylight Time)``. A date-only value names a day,
which a full timestamp matches when it falls on that day in its own zone or in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from .locales import Locale, locale_for

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_JS_DATE = re.compile(
    r"^(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2}),?\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:GMT|UTC)?\s*([+-]\d{2}:?\d{2})?(?:\s*\(.*\))?$")
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*"
                  r"(Z|[+-]\d{2}:?\d{2})?)?$")


def parse_instant(value: Any) -> date | datetime | None:
    """A date (day only) or an aware datetime for anything that reads as one, else None."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return _parse(value.strip())
    except ValueError:  # '2024-13-45' reads as a date but is none: it is text
        return None


def _parse(text: str) -> date | datetime | None:
    match = _ISO.match(text)
    if match:
        day, clock, zone = match.groups()
        if not clock:
            return date.fromisoformat(day)
        return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=_zone(zone))
    match = _JS_DATE.match(text)
    if match and match.group(1).lower() in _MONTHS:
        mon, day, year, hour, minute, second, zone = match.groups()
        return datetime(int(year), _MONTHS[mon.lower()], int(day), int(hour), int(minute),
                        int(second or 0), tzinfo=_zone(zone))
    return None


def _zone(text: str | None) -> timezone:
    if not text or text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def same_meaning(a: Any, b: Any) -> bool:
    """True when two copied values mean the same (instants, numbers, lists, trimmed text)."""
    if type(a) is type(b) and a == b:  # the common case, without parsing anything
        return True
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same_meaning(x, y) for x, y in zip(a, b, strict=True))
    ta, tb = parse_instant(a), parse_instant(b)
    if ta is not None and tb is not None:
        return _same_instant(ta, tb)
    return bool(_scalar(a) == _scalar(b))


def _same_instant(a: date | datetime, b: date | datetime) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return bool(a == b)
    if isinstance(a, datetime):
        a, b = b, a
    if isinstance(b, datetime):  # a is a day
        return a in (b.date(), b.astimezone(UTC).date())
    return bool(a == b)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    text = " ".join(str(value).split())
    try:
        return float(text)
    except ValueError:
        return text


def drifted_fields(source: Iterable[tuple[str, Any]], variant: Iterable[tuple[str, Any]]
                   ) -> tuple[str, ...]:
    """Copied fields missing from the variant or differing from the source in meaning."""
    theirs = dict(variant)
    return tuple(key for key, value in source
                 if key not in theirs or not same_meaning(value, theirs[key]))


# --- per-language values ----------------------------------------------------------------------

def foreign_values(data: Mapping[str, Any], lang: str, locales: Mapping[str, Locale]
                   ) -> Iterator[tuple[str, str, str, str | None]]:
    """Per-language front-matter values that belong to another locale: (key, value, the locale
    it belongs to, this language's own value or None). A value no locale claims is the site's
    own choice and is left alone."""
    base = lang.split("-")[0]
    own = locale_for(dict(locales), lang).front_matter
    keys = sorted({key for locale in locales.values() for key in locale.front_matter})
    for key in keys:
        value = data.get(key)
        if not isinstance(value, str) or value == own.get(key) or value in own.values():
            continue
        owners = [code for code, locale in sorted(locales.items())
                  if code != base and locale.front_matter.get(key) == value]
        if owners:
            yield key, value, owners[0], own.get(key)


def locale_convention(counts: Mapping[str, int], lang: str, key: str,
                      locales: Mapping[str, Locale]) -> tuple[str | None, str | None]:
    """The value a new ``lang`` page gets for a per-language ``key``, from how many of the
    site's ``lang`` pages use each value (``counts``): the most used one, unless it is another
    locale's, then this locale's own value. Returns (value, a note saying why when the site's
    value was not followed)."""
    own = locale_for(dict(locales), lang).front_matter.get(key)
    if not counts:
        return own, None
    value = max(counts, key=lambda v: (counts[v], v == own))
    foreign = next(foreign_values({key: value}, lang, locales), None)
    if foreign is None or own is None:
        return value, None
    return own, (f"{key}: the site's {lang} pages use {value!r}, the {foreign[2]} value; "
                 f"new pages get {own!r}")
