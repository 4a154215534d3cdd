"""QA checks on a translation, human or machine: glossary terms, untranslated or wrong-language
segments, markup and number mismatches, suspicious lengths, structure, leftovers of machine or
LLM translation, and per-language front-matter values. A clean draft produces no findings.

Terms are matched by form (qa_terms), numbers as locales write them (qa_numbers), leftovers as
patterns in every shipped language (qa_leftovers). Every check has a severity (error, warning,
info); a site's ``qa: {severity: {check: level}}`` overrides it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .findings import CHECKS as CHECKS
from .findings import DEFAULT_SEVERITY as DEFAULT_SEVERITY
from .findings import SEVERITIES as SEVERITIES
from .findings import Finding as Finding
from .findings import parse_severities as parse_severities
from .findings import with_severities as with_severities
from .glossary import Glossary
from .locales import Locale, load_locales
from .page import parse_page
from .qa_leftovers import find_leftover, leftover_kinds, wrapped
from .qa_numbers import compare as compare_numbers
from .qa_terms import term_present
from .segment import Segment, SegmentedPage
from .values import foreign_values
from .wording import plural
from .yamledit import scalar_text

# The record and the severities live in findings.py (cheap to import); re-exported here.

Make = Callable[..., Finding]


# --- languages ------------------------------------------------------------------------------

STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": "the and of to in is that it for on with as was are be this by at from or have an "
          "but not they we you he she which their has were been would will what when there can "
          "about if so our more also into than its who how these",
    "fr": "le la les et des du de un une est que qui dans pour sur pas au aux par avec ce cette "
          "il elle nous vous ils sont ont être mais ou plus se sa son ses leur leurs comme "
          "très aussi entre dont en à ne y on tout sans",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem wir sie es "
          "ich auch wie bei oder aus nach wird werden sind hat haben einer einem noch über nur "
          "kann diese",
    "es": "el la los las y de del en que es un una por con para no se su sus al lo como más "
          "pero este esta son está han ha también entre muy sobre cuando nos hay a o e u ya",
    "it": "il lo la gli le e di del della in che è un una per con non si sono da dei delle al "
          "alla come più ma anche questo questa nel nella ha hanno essere molto tra a ad su",
    "pt": "o a os as e de do da dos das em que é um uma para com não se por no na mais como "
          "mas ao sua seu são foi também muito entre sobre pelo pela nos",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er ook als bij of door "
          "maar om naar wordt hebben deze dit nog",
    "pl": "i w na z się nie do to że jest jak o co ale po tak od przez dla być są jego jej "
          "też już może tym",
}.items()}
_SCRIPTS = {"ja": r"[\u3040-\u30ff]", "zh": r"[\u4e00-\u9fff]", "ko": r"[\uac00-\ud7af]",
            "ru": r"[\u0400-\u04ff]", "ar": r"[\u0600-\u06ff]", "hi": r"[\u0900-\u097f]"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def guess_language(text: str) -> tuple[str | None, float]:
    """The most likely language by stopwords (Latin scripts) or by script; (None, 0) if unsure."""
    letters = [c for c in text if c.isalpha()]
    for lang, pattern in _SCRIPTS.items():
        if letters and len(re.findall(pattern, text)) / len(letters) > 0.3:
            return lang, 1.0
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 8:  # headings and short lines say too little
        return None, 0.0
    scores = {lang: sum(w in stop for w in words) / len(words)
              for lang, stop in STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < 0.12 or ranked[0] < ranked[1] * 1.5:
        return None, ranked[0]
    return best, ranked[0]


# --- protected pieces -----------------------------------------------------------------------

_PIECES = {
    "liquid": re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL),
    "html": re.compile(r"</?[A-Za-z][A-Za-z0-9-]*\b[^<>]*>"),
    "url": re.compile(r"(?:https?|ftp)://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]"),
    "code": re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)"),
}
_LINK = re.compile(r"!?\[[^\]]*\]\(")
_STRONG = re.compile(r"\*\*|__")
_EM = re.compile(r"(?<![*\w])\*(?![*\s])|(?<=\S)\*(?![*\w])")


def _without_markup(text: str) -> str:
    return _PIECES["url"].sub(" ", _PIECES["liquid"].sub(" ", _PIECES["html"].sub(" ", text)))


# --- the checks -----------------------------------------------------------------------------

def check_page(path: str, source: SegmentedPage, translation: SegmentedPage, lang: str,
               glossary: Glossary | None = None, source_lang: str = "en",
               locales: Mapping[str, Locale] | None = None) -> list[Finding]:
    """Every finding for a translated page against its source (``locales``: the site's, to
    judge per-language front-matter values; the shipped ones by default)."""
    findings = locale_value_findings(path, translation.text, lang,
                                     shipped_locales() if locales is None else locales)
    pairs, unpaired = align(source, translation)
    if unpaired:
        from .align import first_mismatch  # the aligner only when structure differs

        where = first_mismatch(source, translation)
        findings.append(Finding(path, None, None, "segment-count",
                                f"{plural(unpaired, 'segment')} "
                                f"{'does' if unpaired == 1 else 'do'} not line up with the source "
                                f"({len(source.segments)} segments there, "
                                f"{len(translation.segments)} here); first: "
                                f"{where or 'a block added, dropped, or of another kind'}"))
    for src, tgt in pairs:
        findings.extend(check_segment(path, src, tgt.source, tgt.line, lang, glossary,
                                      source_lang, tgt.id))
    return findings


@lru_cache(maxsize=1)
def shipped_locales() -> dict[str, Locale]:
    """The locales translate-kit ships (read once)."""
    return load_locales(None)


def locale_value_findings(path: str, text: str, lang: str,
                          locales: Mapping[str, Locale]) -> list[Finding]:
    """Per-language front-matter values (``parent``, ``grand_parent``, …) that are another
    locale's: ``parent: Episódios`` (Portuguese) on an Italian page."""
    try:
        data = parse_page(text, path).data()
    except Exception:  # an unreadable page is reported by the audit, not here
        return []
    out = []
    for key, value, owner, expected in foreign_values(data, lang, locales):
        want = f"; {lang} pages use {expected!r}" if expected else ""
        out.append(Finding(path, _key_line(text, key), f"fm.{key}", "locale-value",
                           f"{key} is {value!r}, the {owner} value{want}"))
    return out


def _key_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return number
    return None


def align(source: SegmentedPage, translation: SegmentedPage) -> tuple[
        list[tuple[Segment, Segment]], int]:
    """Source and translation segments paired by kind sequence; and how many stayed single."""
    a = [s.id.split(":", 1)[0] for s in source.segments]
    b = [s.id.split(":", 1)[0] for s in translation.segments]
    pairs: list[tuple[Segment, Segment]] = []
    unpaired = 0
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            pairs.extend(zip(source.segments[op.src_start:op.src_end],
                             translation.segments[op.dest_start:op.dest_end], strict=True))
        else:
            unpaired += max(op.src_end - op.src_start, op.dest_end - op.dest_start)
    return pairs, unpaired


def check_segment(path: str, src: Segment, translated: str, line: int | None, lang: str,
                  glossary: Glossary | None = None, source_lang: str = "en",
                  segment_id: str | None = None) -> list[Finding]:
    """Findings for one segment's translation (its final text, markup included)."""
    sid = segment_id or src.id
    plain_src, plain_tgt = src.plain, " ".join(translated.split())

    def found(check: str, message: str, term: str | None = None) -> Finding:
        return Finding(path, line, sid, check, message, term)

    out = list(_term_findings(glossary, plain_src, plain_tgt, lang, found))
    if plain_tgt == plain_src and _worth_translating(plain_src, glossary):
        out.append(found("unchanged", "same as the source: not translated"))
    out.extend(_markup_findings(src.source, translated, found))
    missing, extra = compare_numbers(_without_markup(src.source), source_lang,
                                     _without_markup(translated), lang)
    if missing or extra:
        out.append(found("number", _listed("number differs from the source", missing, extra)))
    ratio = len(plain_tgt) / len(plain_src) if plain_src else 1.0
    low = 0.15 if lang.split("-")[0] in ("ja", "zh", "ko") else 0.4
    if len(plain_src) >= 40 and not low <= ratio <= 2.5:
        out.append(found("length", f"{ratio:.1f}× the source's length: missing or extra text?"))
    guessed, _ = guess_language(_PIECES["url"].sub(" ", plain_tgt))
    expected = lang.split("-")[0]
    # Neighbour languages share short words: a third language needs a longer sample.
    sure = guessed == source_lang or len(_WORD.findall(plain_tgt)) >= 12
    if guessed is not None and guessed != expected and plain_tgt != plain_src and sure:
        name = "the source language" if guessed == source_lang else guessed
        out.append(found("wrong-language", f"written in {name} ({guessed}), not {expected}"))
    out.extend(_leftover_findings(plain_src, plain_tgt, found))
    if src.kind == "front_matter":  # YAML's quotes are syntax, not the engine's
        wrapper = wrapped(plain_src, scalar_text(translated))
    else:
        wrapper = wrapped(src.source, translated)
    if wrapper:
        out.append(found("leftover", "machine or LLM leftover: the whole segment is wrapped "
                         f"in {wrapper}"))
    return _dedupe(out)


def _markup_findings(source: str, translated: str, found: Make) -> Iterator[Finding]:
    for kind, pattern in _PIECES.items():
        want, got = Counter(pattern.findall(source)), Counter(pattern.findall(translated))
        if kind == "code":
            want, got = Counter(_code(source)), Counter(_code(translated))
        if want != got:
            yield found(kind, _difference(kind, want, got))
    for kind, marks in (("link", (_LINK,)), ("emphasis", (_STRONG, _EM))):
        # One finding for "**bold**" lost, though its marks count as strong and as em.
        counts = [(len(m.findall(source)), len(m.findall(translated))) for m in marks]
        differ = [(a, b) for a, b in counts if a != b]
        if differ:
            n_src, n_tgt = differ[0]
            yield found(kind, f"{n_src} {kind} mark(s) in the source, {n_tgt} here")


def _leftover_findings(source: str, target: str, found: Make) -> Iterator[Finding]:
    leftover = find_leftover(target)
    # A source that itself discusses translation ("Translation: …") may be rendered so.
    if leftover and leftover[0] not in leftover_kinds(source):
        yield found("leftover", f"machine or LLM leftover ({leftover[0]}): {leftover[1]!r}")


def _code(text: str) -> list[str]:
    return [m.group(0) for m in _PIECES["code"].finditer(text)]



def _term_findings(glossary: Glossary | None, src: str, tgt: str, lang: str,
                   make: Make) -> Iterator[Finding]:
    if glossary is None:
        return
    seen: set[str] = set()
    for _, _, term in glossary.find(src):
        if term.term in seen:
            continue
        seen.add(term.term)
        rendering = term.rendering(lang)
        if rendering is None or term_present(tgt, term, lang):
            continue
        if term.keep:
            near = near_miss(tgt, term.term)
            if near:
                yield make("term-altered", f"kept term {term.term!r} altered to {near!r}",
                           term.term)
            else:
                yield make("term-missing", f"kept term {term.term!r} is missing",
                           term.term)
        else:
            yield make("rendering-not-used", f"{term.term!r} should read {rendering!r} in "
                       f"{lang}", term.term)


def near_miss(text: str, term: str, cutoff: float = 80.0) -> str | None:
    """The words in ``text`` closest to ``term`` (same number of words), if close enough."""
    words = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text)  # "Valdorra-Archiv": two words
    size = len(term.split())
    best, best_score = None, cutoff
    for i in range(len(words) - size + 1):
        candidate = " ".join(words[i:i + size])
        score = fuzz.ratio(candidate.lower(), term.lower())
        if score >= best_score and candidate != term:
            best, best_score = candidate, score
    return best


def _worth_translating(text: str, glossary: Glossary | None) -> bool:
    """False for names, numbers, code and very short text, which may rightly stay the same."""
    stripped = text
    if glossary is not None:
        for start, end, _ in reversed(glossary.find(text)):
            stripped = stripped[:start] + stripped[end:]
    words = _WORD.findall(_PIECES["url"].sub(" ", stripped))
    if len(words) < 3 or len(stripped) < 20:
        return False
    lower = [w for w in words if not w[0].isupper()]
    return len(lower) >= 2  # "Ada Marin and Bo Li" is names; sentences have lower-case words


def _difference(kind: str, want: Counter[str], got: Counter[str]) -> str:
    missing, extra = want - got, got - want
    return _listed(f"{kind} differs from the source", list(missing.elements()),
                   list(extra.elements()))


def _listed(what: str, missing: list[str], extra: list[str]) -> str:
    parts = []
    if missing:
        parts.append("missing " + ", ".join(repr(x) for x in missing[:3]))
    if extra:
        parts.append("unexpected " + ", ".join(repr(x) for x in extra[:3]))
    return f"{what}: {'; '.join(parts)}"


def _dedupe(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
