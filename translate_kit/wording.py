"""Small helpers for messages people read, and for the comma-separated lists of names they
type (``--only stale,missing``, ``--fail-on missing,qa``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import UsageError


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 episode', '2,000 episodes' (``words`` for an irregular plural)."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def split_names(value: str | Iterable[str]) -> tuple[str, ...]:
    """``stale, missing`` or ``["stale,missing", "draft"]`` → ('stale', 'missing', 'draft'):
    each name once, in the order given."""
    items = value.split(",") if isinstance(value, str) else [
        part for item in value for part in item.split(",")]
    return tuple(dict.fromkeys(x.strip() for x in items if x.strip()))


def refuse_unknown(names: Iterable[str], known: Sequence[str], option: str, noun: str = "",
                   also: str = "") -> None:
    """UsageError naming the ``names`` not in ``known`` and the choices (``also``: a further
    choice in words, e.g. 'none')."""
    unknown = [n for n in names if n not in known]
    if unknown:
        kind = f"{noun} " if noun else ""
        more = f" or {also}" if also else ""
        raise UsageError(f"{option}: unknown {kind}{', '.join(unknown)}; choose from "
                         f"{', '.join(known)}{more}")
