"""``glossary check`` and ``glossary suggest``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..findings import Finding
from ..locales import load_locales
from ..site import gather, site_glossary
from ..suggest import Suggestion, suggest_terms
from .status import status


def glossary_check(root: Path, langs: Iterable[str] = (),
                   numbers: Iterable[int] = ()) -> list[Finding]:
    """QA findings on every existing translation (glossary files are validated on the way)."""
    report = status(root, langs, numbers, qa=True)
    return [f for e in report.episodes for v in e.variants for f in v.qa]


def glossary_suggest(root: Path, min_sources: int = 2) -> list[Suggestion]:
    """Capitalised multi-word names and acronyms that recur across sources and stay unchanged
    in most existing translations, and the episodes' guests; minus terms (and variants) the
    glossary or the locales' UI strings have."""
    site = gather(root)
    config = site.config
    known = {s.casefold() for t in site_glossary(config).terms for s in (t.term, *t.variants)}
    known |= {key.casefold() for loc in load_locales(config.root).values() for key in loc.ui}
    # Whole pages: suggest_terms reads the translated fields and the guests, not the copied
    # fields (dates such as "… GMT-0700" are the same in every translation by construction).
    sources = {e.number: config.read_text(e.source.path)
               for e in site.episodes if e.source is not None and e.source.valid}
    translations = {e.number: [config.read_text(v.path) for v in e.variants.values()
                               if v.valid] for e in site.episodes}
    return suggest_terms(sources, translations, known, min_sources, config.translate_fields)
