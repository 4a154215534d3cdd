"""Term matching as a reader does it: a rendering or a kept term is "there" when any inflected,
compounded, hyphenated, elided or differently cased form of it is there.

``Datenmanagements``, ``Gesundheitsdatenmanagement`` and ``Datenmanagementsystemen`` are forms
of ``Datenmanagement``; ``maschinellen Lernen`` and ``maschinelle Lernmodell`` of ``maschinelles
Lernen``; ``DevOps-Gemeinschaft`` holds ``DevOps``; ``l'IA générative`` holds ``IA générative``;
``gestión segura de datos`` is ``gestión de datos`` with an adjective in between. Words are
compared by their Snowball stems (the same algorithm on both sides), so the match does not depend
on knowing the language's grammar, only on its stemmer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from .glossary import Term

# Snowball algorithm per language code (snowballstemmer 3.x names).
_ALGORITHMS = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish",
    "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian",
    "id": "indonesian", "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch",
    "no": "norwegian", "nb": "norwegian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil", "tr": "turkish",
}
# Languages that write compounds as one word: a term may sit inside a longer word there.
_COMPOUNDING = frozenset({"de", "nl", "da", "sv", "no", "nb", "fi", "is"})
# Scripts written without spaces between words: match by substring.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Connecting words inside multi-word renderings ("gestión de datos", "gestione dei dati"):
# any one of them, or none, may stand in their place.
_LINKS = frozenset(
    "a à al au aux da dal das de degli dei del dell della delle des di do dos du d el em en "
    "het il la le les lo na no of per the van der die den dem des zu zum zur".split())
_WORD = re.compile(r"[^\W_]+")
# Words of a rendering may be this many words apart ("gestion sécurisée des données").
_GAP = 3
# A compound holds a term's stem only when the stem is long enough not to occur by chance.
_MIN_INSIDE = 4


@dataclass(frozen=True)
class _Word:
    text: str
    folded: str
    stem: str


@lru_cache(maxsize=64)
def _stemmer(lang: str) -> Callable[[str], str]:
    algorithm = _ALGORITHMS.get(lang.split("-")[0].lower())
    if algorithm is None:
        return lambda word: word
    stemmer = snowballstemmer.stemmer(algorithm)
    # Pure-Python stemming is the cost of QA; a page's vocabulary repeats, so each word is
    # stemmed once.
    return lru_cache(maxsize=65536)(lambda word: str(stemmer.stemWord(word)))


@lru_cache(maxsize=1024)
def words(text: str, lang: str) -> tuple[_Word, ...]:
    """The words of ``text`` (hyphens and apostrophes split them) with their stems."""
    stem = _stemmer(lang)
    out = []
    for match in _WORD.finditer(text):
        folded = match.group(0).casefold()
        out.append(_Word(match.group(0), folded, stem(folded)))
    return tuple(out)


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _same(want: _Word, got: _Word, lang: str, kept: bool) -> bool:
    if _acronym(want.text):
        # "AI" is not Italian "ai", "API" not "api": acronyms keep their case, plural -s aside.
        return got.text in (want.text, want.text + "s", want.text + "S")
    if got.folded == want.folded:
        return True
    compounding = lang.split("-")[0] in _COMPOUNDING and len(want.folded) >= _MIN_INSIDE
    if kept:
        # A name is not stemmed ("Valdore" is not "Valdora"); it may take a plural or
        # genitive ending, or head a compound.
        return got.folded in (want.folded + "s", want.folded + "es") or (
            compounding and want.folded in got.folded)
    if got.stem == want.stem:
        return True
    return compounding and len(want.stem) >= _MIN_INSIDE and want.stem in got.folded


def _sequence(want: Sequence[_Word], got: Sequence[_Word], lang: str, kept: bool) -> bool:
    core = [w for w in want if w.folded not in _LINKS] or list(want)
    for start, word in enumerate(got):
        if not _same(core[0], word, lang, kept):
            continue
        at, matched = start, 1
        for part in core[1:]:
            found = next((i for i in range(at + 1, min(at + 1 + _GAP, len(got)))
                          if _same(part, got[i], lang, kept)), None)
            if found is None:
                break
            at, matched = found, matched + 1
        if matched == len(core):
            return True
    return False


def has_form(text: str, wanted: str, lang: str, kept: bool = False) -> bool:
    """True when ``text`` holds ``wanted`` in any form a reader takes for it (``kept``: a name
    or kept term, compared without stemming)."""
    if (_UNSPACED.search(wanted) or _UNSPACED.search(text)) and \
            wanted.casefold() in text.casefold():
        return True
    want = words(wanted, lang)
    if not want:
        return wanted in text
    if _sequence(want, words(text, lang), lang, kept):
        return True
    # "Daten-Management" for "Datenmanagement".
    if len(want) != 1 or "-" not in text:
        return False
    return _sequence(want, words(re.sub(r"(?<=\w)-(?=\w)", "", text), lang), lang, kept)


def term_present(text: str, term: Term, lang: str) -> bool:
    """Whether the translation ``text`` has the term's required form: its rendering in
    ``lang``, or for a kept term the term itself or one of its variants."""
    rendering = term.rendering(lang)
    if rendering is None:
        return True
    spellings = [rendering, *term.variants] if term.keep else [rendering]
    return any(has_form(text, s, lang, term.keep) for s in spellings if s)
