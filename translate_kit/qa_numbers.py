"""Numbers as locales write them, so that a number is "missing" only when no form of it is there.

``1,000`` (en), ``1.000`` (de, es, it, pt), ``1 000`` (fr, with a space or a no-break space) are
one number; ``2.5`` and ``2,5`` too. Ordinals and suffixes (``12th``, ``12e``, ``12º``, ``2nd``,
``90er``, ``1990s``) keep their number. A decade may lose or gain its century (``the 1990s``,
``années 90``, ``the nineties``). Number words count where that is cheap (``nineties``,
``twelve``, ``douze``, ``zwölf``): a word in one text accepts the digits in the other, but is
never reported itself (``one`` is as often a pronoun as a number).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_NUMBER = re.compile(
    r"(?:(?<![\w'’])(?P<apos>['’])|(?<![\w.,]))"  # '90s, but not nell'80
    r"(?P<raw>\d{1,3}(?:[\u202f\u00a0 '’]\d{3}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
    r"(?P<suffix>['’]?[^\W\d_]{0,4})(?!\w)")
_ISO_DAY = re.compile(r"\b(\d{4})-\d{1,2}-(\d{1,2})\b")
_DECADE_SUFFIX = re.compile(r"^(?:['’]?s|er|ern|ers|ies)$", re.IGNORECASE)
# Words before a number that make it a decade ("années 90", "anni '90", "los años 80").
_DECADE_WORDS = frozenset("années annees anni años anos jaren jahre década decada decennio "
                          "decade décennie lata".split())
_WORDS_BEFORE = re.compile(r"([^\W\d_]+)\W+$")

_EN = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
       "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
       "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
       "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
       "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
       "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
       "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "twelfth": 12, "dozen": 12}
# Other languages' words for 2-12, the tens and 100/1000 (articles such as "un", "ein" are left
# out: they would make every "1" look present).
_OTHER = {
    "de": "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig "
          "fünfzig sechzig siebzig achtzig neunzig hundert tausend",
    "es": "dos tres cuatro cinco seis siete ocho nueve diez once doce veinte treinta cuarenta "
          "cincuenta sesenta setenta ochenta noventa cien mil",
    "fr": "deux trois quatre cinq six sept huit neuf dix onze douze vingt trente quarante "
          "cinquante soixante septante quatre-vingt nonante cent mille",
    "it": "due tre quattro cinque sei sette otto nove dieci undici dodici venti trenta quaranta "
          "cinquanta sessanta settanta ottanta novanta cento mille",
    "pt": "dois três quatro cinco seis sete oito nove dez onze doze vinte trinta quarenta "
          "cinquenta sessenta setenta oitenta noventa cem mil",
    "nl": "twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig "
          "vijftig zestig zeventig tachtig negentig honderd duizend",
}
_SERIES = [*range(2, 13), *range(20, 100, 10), 100, 1000]
_WORD_VALUES: dict[str, dict[str, int]] = {
    lang: dict(zip(words.split(), _SERIES, strict=True)) for lang, words in _OTHER.items()}
_WORD_VALUES["en"] = _EN
_EN_DECADES = {f"{w[:-1]}ies": v for w, v in _EN.items() if w.endswith("ty")}


@dataclass(frozen=True)
class Number:
    """One number in a text: how it is written and every value it may stand for."""

    written: str
    keys: frozenset[str]


def _canonical(integer: str, fraction: str = "") -> str:
    fraction = fraction.rstrip("0")
    return f"{int(integer)}.{fraction}" if fraction else str(int(integer))


def _values(raw: str) -> set[str]:
    """Every reading of ``raw``: separators as thousands marks, or the last one as a decimal
    mark (``1.000`` is 1000 in German and 1 in English)."""
    parts = re.split(r"[.,\u202f\u00a0 '’]", raw)
    seps = re.findall(r"[.,\u202f\u00a0 '’]", raw)
    if not seps:
        return {_canonical(raw)}
    out = set()
    if all(len(p) == 3 for p in parts[1:]) and len(set(seps)) == 1:
        out.add(_canonical("".join(parts)))
    if seps[-1] in ".," and all(len(p) == 3 for p in parts[1:-1]) and (
            len(seps) == 1 or seps[-1] not in seps[:-1]):
        out.add(_canonical("".join(parts[:-1]), parts[-1]))
    if not out:  # "10.30" a time, "2024.08" a version: its pieces, read one by one
        out = {_canonical(p) for p in parts}
    return out


def _decade(keys: set[str]) -> set[str]:
    more = set(keys)
    for key in keys:
        if key.isdigit() and len(key) == 2 and key.endswith("0"):
            more |= {f"19{key}", f"20{key}"}
        elif key.isdigit() and len(key) == 4 and key.endswith("0"):
            more.add(key[2:])
    return more


def numbers(text: str) -> Iterator[Number]:
    """Numbers written with digits."""
    text = _ISO_DAY.sub(r"\1 \2", text)  # the month of 2024-08-20 is often a word elsewhere
    for match in _NUMBER.finditer(text):
        keys = _values(match.group("raw"))
        before = _WORDS_BEFORE.search(text[:match.start()][-30:])
        if match.group("apos") or _DECADE_SUFFIX.match(match.group("suffix")) or (
                before and before.group(1).casefold() in _DECADE_WORDS):
            keys = _decade(keys)
        yield Number(match.group(0).strip("'’"), frozenset(keys))


def number_words(text: str, lang: str) -> Iterator[Number]:
    """Numbers written as words (a short list per language)."""
    table = _WORD_VALUES.get(lang.split("-")[0], {})
    for match in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)?", text):
        word = match.group(0).casefold()
        if word in table:
            yield Number(match.group(0), frozenset({str(table[word])}))
        elif lang.startswith("en") and word in _EN_DECADES:
            yield Number(match.group(0), frozenset(_decade({str(_EN_DECADES[word])})))


def compare(source: str, source_lang: str, target: str, target_lang: str) -> tuple[
        list[str], list[str]]:
    """Numbers written with digits in one text and in no form in the other: (missing from the
    target, unexpected in the target), as written."""
    src, tgt = list(numbers(source)), list(numbers(target))
    src_keys = set().union(*(n.keys for n in src), *(
        n.keys for n in number_words(source, source_lang)))
    tgt_keys = set().union(*(n.keys for n in tgt), *(
        n.keys for n in number_words(target, target_lang)))
    missing = [n.written for n in src if not n.keys & tgt_keys]
    unexpected = [n.written for n in tgt if not n.keys & src_keys]
    return list(dict.fromkeys(missing)), list(dict.fromkeys(unexpected))
