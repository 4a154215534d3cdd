"""Preflight: before any text is sent, every target language is checked against what the
engine knows (deep-translator's tables, DeepL's and Apertium's language lists, the locale's
codes). A problem is one line naming the language, the engine and the codes it knows."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import UsageError
from .base import Engine, Meter


def _known(code: str, codes: frozenset[str]) -> bool:
    folded = {c.casefold() for c in codes}
    return code.casefold() in folded


def preflight(engine: Engine, source: str, targets: Mapping[str, str], meter: Meter) -> None:
    """Raise UsageError (exit 2) for the first target language the engine cannot translate
    into; ``targets`` maps each site language to its engine code."""
    if engine.offline:
        return
    codes = engine.languages(source, meter)
    if codes is None:
        return  # the engine cannot say; its first answer will
    if not codes:
        raise UsageError(f"engine '{engine.name}' offers no language from source code "
                         f"'{source}'; check the source language and the engine's url")
    for lang, code in sorted(targets.items()):
        if not _known(code, codes):
            shown = ", ".join(sorted(codes, key=str.casefold))
            if len(shown) > 300:
                shown = shown[:300].rsplit(", ", 1)[0] + ", …"
            raise UsageError(
                f"engine '{engine.name}' cannot translate into {lang} (engine code '{code}', "
                f"from the locale; set engines: {{{engine.name}: CODE}} in locales/{lang}.yaml "
                f"or choose another engine); codes it knows: {shown}")
