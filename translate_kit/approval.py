"""What ``approve`` refuses to record as reviewed (unless forced): unfinished work.

A page is unfinished when a segment is still the source's text or in the wrong language (what a
FAILED or NEEDS TRANSLATION segment of a draft looks like until a person translates it), when a
segment is pseudo-localised text (accented filler used to test layouts, not a translation), or
when the page is stale and nobody touched it since its record, or when a re-draft could not place
some changed segments in it (they are only in the review sheet): approving it would call the old
translation current and lose the source's edit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .glossary import Glossary
from .lock import Record
from .qa import check_page
from .segment import Policy, Segment, SegmentedPage, segment_page
from .wording import plural

QA_CHECKS = ("unchanged", "wrong-language")
"""QA checks whose findings mean a segment was not translated."""
PSEUDO_SHARE = 0.4
"""Share of a segment's Latin letters carrying diacritics from which it reads as pseudo-text."""
PSEUDO_MIN_LETTERS = 12
_DIACRITIC_NORMAL = ("vi",)
"""Languages whose ordinary text has that many accented letters."""
_WRAPPED = re.compile(r"^\s*(\[!+|⟦|«!|\[\[).*(!+\]|⟧|!»|\]\])\s*$", re.DOTALL)
"""Pseudo-localisation's bracket markers around a whole segment: ``[!! Ŧêxţ !!]``."""
SHOWN = 5
"""Segments named in a refusal before 'and N more'."""


@dataclass(frozen=True)
class Unfinished:
    """One segment approve will not call reviewed, and why."""

    line: int | None
    segment: str | None
    why: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "the page"
        return f"{where}: {self.why}"


def untouched_since_record(status: str, record: Record | None, digest: str) -> str | None:
    """Why a stale page nobody edited since its record cannot be approved (None: it can)."""
    if status != "stale" or record is None or record.variant_digest != digest:
        return None
    return ("the source changed since this page was recorded and the page was not edited "
            "since: run 'sync' to redraft the changed segments, or edit the page, then approve "
            "(or --force)")


def not_placed(record: Record | None, source: SegmentedPage, sheet: str) -> str | None:
    """Why a page a re-draft left without some changed segments cannot be approved (None: it
    can): approving would record the changes as in the page while they are only in ``sheet``."""
    if record is None or record.status != "partial":
        return None
    held = set(record.segments)
    lines = [str(s.line) for s in source.segments if s.id not in held]
    where = f" (source line {', '.join(lines[:SHOWN])})" if lines else ""
    count = plural(len(lines), "changed source segment") if lines else \
        "some changed source segments"
    return (f"{count}{where} could not be placed in "
            f"the page by the last sync; their drafts are in {sheet}: bring them into the page, "
            "then approve --force")


def unfinished(path: str, source_text: str, page_text: str, lang: str, source_lang: str,
               policy: Policy, glossary: Glossary | None = None) -> list[Unfinished]:
    """The segments of a translation that are not finished, in page order."""
    source, page = segment_page(source_text, policy), segment_page(page_text, policy)
    found: dict[tuple[int | None, str], Unfinished] = {}
    for finding in check_page(path, source, page, lang, glossary, source_lang):
        if finding.check in QA_CHECKS:
            item = Unfinished(finding.line, finding.segment, finding.message)
            found.setdefault((finding.line, finding.message), item)
    for segment in page.segments:
        if pseudo_localised(segment, lang):
            found.setdefault((segment.line, "pseudo"), Unfinished(
                segment.line, segment.id, "pseudo-localised text, not a translation"))
    return sorted(found.values(), key=lambda u: (u.line or 0, u.why))


def pseudo_localised(segment: Segment, lang: str) -> bool:
    """True for accented filler (``Ŧĥê ƙêêƥêŕš``) or pseudo-localisation's brackets."""
    text = segment.plain
    if _WRAPPED.match(text):
        return True
    if lang.split("-")[0] in _DIACRITIC_NORMAL:
        return False
    latin = [c for c in text if c.isalpha() and "LATIN" in unicodedata.name(c, "")]
    if len(latin) < PSEUDO_MIN_LETTERS:
        return False
    marked = sum(1 for c in latin if not c.isascii())
    return marked / len(latin) >= PSEUDO_SHARE


def refusal_message(items: list[Unfinished]) -> str:
    """One line naming the unfinished segments (the first few, then how many more)."""
    shown = "; ".join(str(u) for u in items[:SHOWN])
    more = f"; and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return (f"not finished: {plural(len(items), 'segment')} — {shown}{more} (translate them, or "
            "approve --force)")
