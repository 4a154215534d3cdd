"""Glossary suggestions: names and acronyms that recur across sources and stay unchanged in most
of their translations, and the episodes' guests.

Only what translators translate is looked at: the translated front-matter fields and the body.
Copied fields (dates such as ``Mon Sep 12 2022 … GMT-0700``, video ids, images) are the same in
every translation by construction, so they say nothing about whether a term is kept; the
``guests`` field is read for names instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import PageError
from .page import parse_page

DEFAULT_FIELDS = ("title", "summary", "description")
GUEST_FIELDS = ("guests", "guest")


@dataclass(frozen=True)
class Suggestion:
    """A candidate glossary term: how many sources use it, how many translations keep it."""

    term: str
    kind: str
    """'name' (capitalised words), 'acronym', or 'guest' (from the guests field)."""
    sources: int
    kept_in: int
    translations: int
    named: bool = True
    """False for a guest whose name is in no source's text (only in the guests field): there
    is nothing in the translations to count."""


# Words of a name are on one line: a heading, a title or a list item ends it (a name that a
# paragraph wraps across lines is missed, rather than "Title\nFirst Words" proposed).
_NAME = re.compile(r"\b[A-Z][\w’'&.-]*(?:[^\S\n]+(?:(?:of|the|de|and|&|for)[^\S\n]+)?"
                   r"[A-Z][\w’'&.-]*)+")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")
_LEADING = re.compile(r"^(?:(?:The|A|An|In|On|At|For|With|And|But|Our|This|That|When|Why|How|"
                      r"What|Dr|Mr|Ms|Mrs|I|I'm|I’m|It's|It’s)\s+)+")


def translatable_text(text: str, fields: Sequence[str] = DEFAULT_FIELDS) -> str:
    """A page's translated front-matter values and body, without the copied fields."""
    page = parse_page(text)
    try:
        data = page.data()
    except PageError:
        data = {}
    values = [str(data[k]) for k in fields if isinstance(data.get(k), str)]
    return "\n".join([*values, page.body])


def guests(text: str, fields: Sequence[str] = GUEST_FIELDS) -> list[str]:
    """The names in a page's guests field (a list, or one comma-separated string)."""
    try:
        data: dict[str, Any] = parse_page(text).data()
    except PageError:
        return []
    names: list[str] = []
    for key in fields:
        value = data.get(key)
        items = value if isinstance(value, list) else str(value).split(",") if value else []
        names += [" ".join(str(x).split()) for x in items if isinstance(x, str) and x.strip()]
    return names


def suggest_terms(sources: Mapping[int, str], translations: Mapping[int, Sequence[str]],
                  known: set[str], min_sources: int = 2,
                  fields: Sequence[str] = DEFAULT_FIELDS) -> list[Suggestion]:
    """Terms in at least ``min_sources`` sources (by episode), not ``known`` (casefolded), and
    kept verbatim in most of those episodes' translations when there are any; and every guest
    named in a source's guests field. Texts are whole pages (front matter and body)."""
    seen: dict[str, set[int]] = {}
    kinds: dict[str, str] = {}
    for number, text in sources.items():
        for term, kind in candidates(translatable_text(text, fields)):
            seen.setdefault(term, set()).add(number)
            kinds.setdefault(term, kind)
    words = {n: [translatable_text(t, fields) for t in texts]
             for n, texts in translations.items()}
    out = []
    for term, numbers in seen.items():
        if len(numbers) < min_sources or _covered(term, known):
            continue
        texts = [t for n in numbers for t in words.get(n, ())]
        kept = sum(_kept(term, t) for t in texts)
        if texts and kept * 2 <= len(texts):
            continue  # translated in half or more of them: not a term to keep
        out.append(Suggestion(term, kinds[term], len(numbers), kept, len(texts)))
    named = {s.term for s in out}
    texts_of = {n: translatable_text(t, fields) for n, t in sources.items()}
    out += [s for s in _guest_suggestions(sources, texts_of, words, known)
            if s.term not in named]
    return sorted(out, key=lambda s: (-s.sources, -s.kept_in, s.term))


def _guest_suggestions(sources: Mapping[int, str], texts_of: Mapping[int, str],
                       words: Mapping[int, Sequence[str]],
                       known: set[str]) -> Iterator[Suggestion]:
    episodes: dict[str, set[int]] = {}
    for number, text in sources.items():
        for name in guests(text):
            episodes.setdefault(name, set()).add(number)
    for name, numbers in episodes.items():
        if _covered(name, known):
            continue
        # Only translations of episodes whose source names the guest say whether it is kept.
        mentioned = [n for n in numbers if _kept(name, texts_of[n])]
        texts = [t for n in mentioned for t in words.get(n, ())]
        yield Suggestion(name, "guest", len(numbers), sum(_kept(name, t) for t in texts),
                         len(texts), named=bool(mentioned))


def _covered(term: str, known: set[str]) -> bool:
    """Known, or a shorter form of a known term ("Darren Pulsipher" of "Darren W
    Pulsipher")."""
    folded = term.casefold()
    if folded in known:
        return True
    words = folded.split()
    if len(words) < 2:
        return False
    pattern = re.compile(r"(?:^|\s)" + r"(?:\s+\S+)*?\s+".join(map(re.escape, words))
                         + r"(?:\s|$)")
    return any(pattern.search(k) for k in known if len(k.split()) > len(words))


def _kept(term: str, text: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(term)}(?![^\W_])", text) is not None


def candidates(text: str) -> Iterator[tuple[str, str]]:
    """Capitalised multi-word names (a leading article or pronoun dropped) and acronyms."""
    for match in _NAME.finditer(text):
        # A full stop after a word (not an initial such as "W.") ends a sentence, not a name.
        for piece in re.split(r"(?<=[^\s.]{2})\.\s+", match.group(0)):
            name = _LEADING.sub("", piece).strip(" .-&")
            if len(name.split()) >= 2:
                yield name, "name"
    for match in _ACRONYM.finditer(text):
        yield match.group(0), "acronym"


def known_terms(terms: Iterable[str]) -> set[str]:
    """Casefolded terms to leave out of suggestions."""
    return {t.casefold() for t in terms}
