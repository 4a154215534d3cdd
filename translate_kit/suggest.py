"""Glossary suggestions: names and acronyms that recur across sources and stay unchanged in
their translations."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    """A candidate glossary term: how many sources use it, how many translations keep it."""

    term: str
    kind: str
    """'name' (capitalised words) or 'acronym'."""
    sources: int
    kept_in: int
    translations: int


_NAME = re.compile(r"\b[A-Z][\w’'&.-]*(?:\s+(?:of|the|de|and|&|for)?\s*[A-Z][\w’'&.-]*)+")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")
_LEADING = re.compile(r"^(?:(?:The|A|An|In|On|At|For|With|And|But|Our|This|That|When|Why|How|"
                      r"What|Dr|Mr|Ms|Mrs|I|I'm|I’m|It's|It’s)\s+)+")


def suggest_terms(sources: Mapping[int, str], translations: Mapping[int, Sequence[str]],
                  known: set[str], min_sources: int = 2) -> list[Suggestion]:
    """Terms in at least ``min_sources`` sources (by episode), not ``known`` (casefolded), and
    kept verbatim in at least one of those episodes' translations when there are any."""
    seen: dict[str, set[int]] = {}
    kinds: dict[str, str] = {}
    for number, text in sources.items():
        for term, kind in candidates(text):
            seen.setdefault(term, set()).add(number)
            kinds.setdefault(term, kind)
    out = []
    for term, numbers in seen.items():
        if len(numbers) < min_sources or term.casefold() in known:
            continue
        texts = [t for n in numbers for t in translations.get(n, ())]
        kept = sum(term in t for t in texts)
        if texts and not kept:
            continue  # translated everywhere: not a term to keep
        out.append(Suggestion(term, kinds[term], len(numbers), kept, len(texts)))
    return sorted(out, key=lambda s: (-s.sources, -s.kept_in, s.term))


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
