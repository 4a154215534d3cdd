"""QA checks on a translation, human or machine: glossary terms, untranslated or wrong-language
segments, markup and number mismatches, suspicious lengths, structure, and leftovers of machine
or LLM translation. A clean draft produces no findings."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .align import first_mismatch
from .glossary import Glossary, Term
from .segment import Segment, SegmentedPage

CHECKS = ("term-missing", "term-altered", "rendering-not-used", "unchanged", "liquid", "html",
          "url", "code", "number", "link", "emphasis", "length", "segment-count",
          "wrong-language", "leftover")


@dataclass(frozen=True)
class Finding:
    """One QA problem: where it is, which check found it, and what to do."""

    path: str
    line: int | None
    segment: str | None
    check: str
    message: str
    term: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: [{self.check}] {self.message}"


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


# --- leftovers ------------------------------------------------------------------------------

_LEFTOVERS = re.compile(
    r"(?i)\b(?:translate (?:the following|this)(?: text)?(?: (?:in)?to \w+)?\s*:|"
    r"here(?:'s| is) the translation|traduisez ce qui suit|voici la traduction|"
    r"traduci quanto segue|ecco la traduzione|traduzca lo siguiente|aquí está la traducción|"
    r"traduza o seguinte|aqui está a tradução|übersetze(?:n sie)? (?:folgendes|den folgenden)|"
    r"hier ist die übersetzung|as an ai(?: language model)?|i cannot translate|"
    r"can be translated (?:(?:in)?to \w+ )?as\s*:|"
    r"^\s*(?:translation|traduction|übersetzung|traducción|traduzione|tradução)\s*:)")


# --- protected pieces -----------------------------------------------------------------------

_PIECES = {
    "liquid": re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL),
    "html": re.compile(r"</?[A-Za-z][A-Za-z0-9-]*\b[^<>]*>"),
    "url": re.compile(r"(?:https?|ftp)://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]"),
    "code": re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)"),
}
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?(?![\w])")
_LINK = re.compile(r"!?\[[^\]]*\]\(")
_STRONG = re.compile(r"\*\*|__")
_EM = re.compile(r"(?<![*\w])\*(?![*\s])|(?<=\S)\*(?![*\w])")


def _numbers(text: str) -> Counter[str]:
    clean = _PIECES["url"].sub(" ", _PIECES["liquid"].sub(" ", _PIECES["html"].sub(" ", text)))
    return Counter(re.sub(r"[.,\u202f\u00a0 ]", "", n) for n in _NUMBER.findall(clean))


# --- the checks -----------------------------------------------------------------------------

def check_page(path: str, source: SegmentedPage, translation: SegmentedPage, lang: str,
               glossary: Glossary | None = None, source_lang: str = "en") -> list[Finding]:
    """Every finding for a translated page against its source."""
    findings = []
    pairs, unpaired = align(source, translation)
    if unpaired:
        where = first_mismatch(source, translation)
        findings.append(Finding(path, None, None, "segment-count",
                                f"{unpaired} segment(s) do not line up with the source "
                                f"({len(source.segments)} segments there, "
                                f"{len(translation.segments)} here); first: "
                                f"{where or 'a block added, dropped, or of another kind'}"))
    for src, tgt in pairs:
        findings.extend(check_segment(path, src, tgt.source, tgt.line, lang, glossary,
                                      source_lang, tgt.id))
    return findings


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
    for kind, pattern in _PIECES.items():
        want, got = Counter(pattern.findall(src.source)), Counter(pattern.findall(translated))
        if kind == "code":
            want, got = Counter(_code(src.source)), Counter(_code(translated))
        if want != got:
            out.append(found(kind, _difference(kind, want, got)))
    if _numbers(src.source) != _numbers(translated):
        out.append(found("number", _difference("number", _numbers(src.source),
                                               _numbers(translated))))
    for kind, pattern in (("link", _LINK), ("emphasis", _STRONG), ("emphasis", _EM)):
        n_src, n_tgt = len(pattern.findall(src.source)), len(pattern.findall(translated))
        if n_src != n_tgt:
            out.append(found(kind, f"{n_src} {kind} mark(s) in the source, {n_tgt} here"))
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
    leftover = _LEFTOVERS.search(plain_tgt)
    if leftover and not _LEFTOVERS.search(plain_src):
        out.append(found("leftover", f"machine or LLM leftover: {leftover.group(0).strip()!r}"))
    return _dedupe(out)


def _code(text: str) -> list[str]:
    return [m.group(0) for m in _PIECES["code"].finditer(text)]


Make = Callable[..., Finding]


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
        if rendering is None:
            continue
        if _contains(tgt, rendering, term):
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


def _contains(text: str, wanted: str, term: Term) -> bool:
    flags = 0 if term.case_sensitive and term.keep else re.IGNORECASE
    spellings = [wanted, *term.variants] if term.keep else [wanted]
    return any(re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text, flags) for s in spellings)


def near_miss(text: str, term: str, cutoff: float = 80.0) -> str | None:
    """The words in ``text`` closest to ``term`` (same number of words), if close enough."""
    words = re.findall(r"[\w’'-]+", text)
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
    parts = []
    if missing:
        parts.append("missing " + ", ".join(repr(x) for x in list(missing.elements())[:3]))
    if extra:
        parts.append("unexpected " + ", ".join(repr(x) for x in list(extra.elements())[:3]))
    return f"{kind} differs from the source: {'; '.join(parts)}"


def _dedupe(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
