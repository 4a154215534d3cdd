"""Inline protection: markup and glossary terms become numbered tokens an engine must return.

``mask`` turns a segment's text into the text an engine sees (``Hello ⟦1⟧world⟦2⟧``) plus the
tokens that restore it. ``verify`` checks an engine's answer: every token back exactly once, no
stray or re-spaced token. ``translate_verified`` runs an engine under that check: a failing
segment is retried with only the pieces between tokens sent, and failing that is kept in the
source language and flagged. A token is never lost or duplicated silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .glossary import Glossary, Term

OPEN, CLOSE = "⟦", "⟧"
_PLACEHOLDER = re.compile(r"⟦(\d+)⟧")
# Anything that looks like a token an engine bent: spaces inside, other brackets, lost halves.
_BENT = re.compile(r"[⟦⟧]|\[\[\s*\d+\s*\]\]|⟦\s+\d+\s*⟧|⟦\s*\d+\s+⟧")
_LETTER = re.compile(r"[^\W\d_]")

_LIQUID = r"\{%.*?%\}|\{\{.*?\}\}"
_LINK_DEST = (r"(?:<[^<>\n]*>|(?:\{\{.*?\}\}|\{%.*?%\}|[^\s()<>])*"
              r"(?:\((?:\{\{.*?\}\}|[^\s()])*\)[^\s()<>]*)*)")
_LINK_TITLE = r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?"""
# A shortcut or collapsed reference link: kept whole when its label is defined on the page.
_REF = (r"!?\[(?P<label>[^\[\]\\\n`*_<{^$&~][^\[\]\\\n`*_<{$&~]{0,998})"
        r"\](?P<collapsed>\[\])?(?![(\[])")
_RAW_ELEMENTS = "code|kbd|samp|var|tt|pre|script|style|textarea|math|svg"
_RULES: list[tuple[str, str]] = [
    ("liquid", r"\{%-?\s*(?P<block>raw|comment|highlight)\b.*?\{%-?\s*end(?P=block)\s*-?%\}"),
    ("liquid", _LIQUID),
    ("code", r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)"),
    ("math", r"\$\$.+?\$\$"),
    ("url", r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>"),
    ("html", rf"<(?P<raw>{_RAW_ELEMENTS})\b(?:{_LIQUID}|[^<>])*>.*?</(?P=raw)\s*>"),
    ("html", rf"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s(?:{_LIQUID}|[^<>])*?)?/?>"),
    ("html", r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"),
    ("footnote", r"\[\^[^\]\s]+\](?::)?"),
    ("ref", _REF),
    ("link", r"!?\[(?=[^\]]*\](?:\(|\[))"),
    ("link", rf"\]\(\s*{_LINK_DEST}{_LINK_TITLE}\s*\)|\]\[[^\]]*\]"),
    ("attr", r"\{:[^}\n]*\}|\{[#.][\w-]+(?:\s+[#.]?[\w-]+(?:=[^}\s]*)?)*\}"),
    ("url", r"\b(?:https?://|ftp://|www\.)[^\s<>\[\]()]*[^\s<>\[\]().,;:!?'\"]"),
    ("emphasis", r"~~|(?<![\w*_\\])[*_]{1,3}(?=[^\s*_])|(?<=[^\s*_\\])[*_]{1,3}(?![\w*_])"),
    ("escape", r"\\[!-/:-@\[-`{-~]"),
    ("bracket", r"[⟦⟧]"),
]
# The leading look-ahead lets the scan skip ordinary characters without trying every rule.
_MASK = re.compile(r"(?=[{`$<&!\[\]*_~\\⟦⟧hHfFwW])(?:"
                   + "|".join(f"(?P<r{i}>{rx})" for i, (_, rx) in enumerate(_RULES)) + ")",
                   re.DOTALL)
_MAYBE = re.compile(r"[{`$<&\[\]*_~\\⟦⟧]|://|www\.", re.IGNORECASE)


def normalise_label(label: str) -> str:
    """A reference label as renderers match it: case and inner whitespace ignored."""
    return " ".join(label.split()).casefold()


@dataclass(frozen=True)
class Token:
    """A protected piece: ``source`` is restored verbatim unless a fixed rendering applies."""

    number: int
    source: str
    kind: str
    term: Term | None = None

    @property
    def placeholder(self) -> str:
        return f"{OPEN}{self.number}{CLOSE}"

    def value(self, lang: str | None = None) -> str:
        if self.term is not None and not self.term.keep:
            return self.term.rendering(lang) or self.source
        return self.source  # kept terms come back as the source wrote them (variant spelling)


@dataclass(frozen=True)
class Break:
    """A piece of source text between two halves of a segment that must come back as it was."""

    source: str


@dataclass(frozen=True)
class Gap:
    """A line break (with the indentation around it) inside a segment: a space in the engine
    text, but kept as it was inside a construct that wraps over it (a code span keeps its
    newline, a Liquid tag its layout)."""

    source: str


@dataclass(frozen=True)
class Masked:
    """Engine text with placeholders, and the tokens that restore it."""

    text: str
    tokens: tuple[Token, ...]

    def unmask(self, text: str | None = None, lang: str | None = None) -> str:
        """``text`` (default: the engine text itself) with every placeholder restored."""
        by_number = {t.placeholder: t for t in self.tokens}
        source = self.text if text is None else text
        return _PLACEHOLDER.sub(lambda m: by_number[m.group(0)].value(lang)
                                if m.group(0) in by_number else m.group(0), source)

    def tighten(self, text: str) -> str:
        """``text`` without the spaces an engine put inside emphasis markers: where the source
        had an opening marker right before a word (or a closing one right after), so does the
        translation (``** bold **`` is not bold)."""
        for token in self.tokens:
            if token.kind != "emphasis" or token.placeholder not in text:
                continue
            mark = re.escape(token.placeholder)
            at = self.text.find(token.placeholder)
            after = self.text[at + len(token.placeholder) : at + len(token.placeholder) + 1]
            if after and not after.isspace():
                text = re.sub(mark + r"\s+", token.placeholder, text)
            if at > 0 and not self.text[at - 1].isspace():
                text = re.sub(r"\s+" + mark, token.placeholder, text)
        return text

    @property
    def translatable(self) -> bool:
        """True when a letter is left outside the tokens (something for an engine to do)."""
        text = _PLACEHOLDER.sub("", self.text) if self.tokens else self.text
        return bool(_LETTER.search(text))

    def terms(self) -> list[Term]:
        return [t.term for t in self.tokens if t.term is not None]


def mask(pieces: str | Iterable[str | Break | Gap], glossary: Glossary | None = None,
         labels: frozenset[str] = frozenset(), keep: re.Pattern[str] | None = None) -> Masked:
    """Protect markup, URLs, Liquid, code, footnotes and glossary terms in ``pieces``.

    ``labels`` are the page's reference-link labels (normalised): shortcut and collapsed
    references to them are kept whole. ``keep`` matches words kept as they are (kramdown
    abbreviations, whose definitions apply by exact text).
    """
    if isinstance(pieces, str) and glossary is None and keep is None and not _MAYBE.search(
            pieces):
        return Masked(pieces, ())  # the common case: plain words, nothing to protect
    out: list[str] = []
    tokens: list[Token] = []

    def add(source: str, kind: str, term: Term | None = None) -> None:
        last = tokens[-1] if tokens else None
        # Adjacent markup becomes one token: fewer places for an engine to go wrong.
        if (last is not None and term is None and last.term is None and out
                and out[-1] == last.placeholder):
            tokens[-1] = Token(last.number, last.source + source, last.kind)
            return
        token = Token(len(tokens) + 1, source, kind, term)
        tokens.append(token)
        out.append(token.placeholder)

    def text(fragment: str) -> None:
        if keep is None:
            _mask_terms(fragment, glossary, out, add)
            return
        cursor = 0
        for found in keep.finditer(fragment):
            _mask_terms(fragment[cursor : found.start()], glossary, out, add)
            add(found.group(0), "abbr")
            cursor = found.end()
        _mask_terms(fragment[cursor:], glossary, out, add)

    for item, gaps in _joined(pieces):
        if isinstance(item, Break):
            add(item.source, "break")
            continue
        cursor = 0
        for match in _MASK.finditer(item) if _MAYBE.search(item) else ():
            kind = _RULES[int((match.lastgroup or "r0")[1:])][0]
            if kind == "ref" and not match.group("collapsed") and normalise_label(
                    match.group("label")) not in labels:
                continue  # brackets around plain words: text (escaped on the way back)
            text(_spaced(item, gaps, cursor, match.start()))
            add(match.group(0), kind)
            cursor = match.end()
        text(_spaced(item, gaps, cursor, len(item)))
    return Masked("".join(out), tuple(tokens))


def _joined(pieces: str | Iterable[str | Break | Gap]
            ) -> list[tuple[str | Break, list[tuple[int, int]]]]:
    """Consecutive text pieces and gaps as one string, so a construct wrapped over lines is one
    match; with the spans of the gaps in it (outside matches they become spaces again)."""
    if isinstance(pieces, str):
        return [(pieces, [])]
    items: list[tuple[str | Break, list[tuple[int, int]]]] = []
    for piece in pieces:
        if isinstance(piece, Break):
            items.append((piece, []))
            continue
        if not items or isinstance(items[-1][0], Break):
            items.append(("", []))
        joined, gaps = items[-1]
        assert isinstance(joined, str)
        if isinstance(piece, Gap):
            gaps.append((len(joined), len(joined) + len(piece.source)))
            piece = piece.source
        items[-1] = (joined + piece, gaps)
    return items


def _spaced(item: str, gaps: list[tuple[int, int]], start: int, end: int) -> str:
    """``item[start:end]`` with every gap in it as one space."""
    if not gaps:
        return item[start:end]
    out, cursor = [], start
    for gap_start, gap_end in gaps:
        if gap_end <= start or gap_start >= end:
            continue
        out.append(item[cursor : max(cursor, gap_start)])
        out.append(" ")
        cursor = min(end, gap_end)
    out.append(item[cursor:end])
    return "".join(out)


def _mask_terms(text: str, glossary: Glossary | None, out: list[str],
                add: Callable[[str, str, Term | None], None]) -> None:
    if not text:
        return
    cursor = 0
    for start, end, term in glossary.find(text) if glossary else []:
        out.append(text[cursor:start])
        add(text[start:end], "term", term)
        cursor = end
    out.append(text[cursor:])


def verify(masked: Masked, translated: str) -> list[str]:
    """Problems with an engine's answer; empty when every token came back exactly once."""
    problems = []
    expected = {t.placeholder for t in masked.tokens}
    counts = Counter(m.group(0) for m in _PLACEHOLDER.finditer(translated))
    for token in masked.tokens:
        seen = counts.get(token.placeholder, 0)
        if seen != 1:
            what = "missing" if seen == 0 else f"present {seen} times"
            problems.append(f"token {token.placeholder} ({token.source!r}) {what}")
    problems.extend(f"unknown token {p}" for p in counts if p not in expected)
    leftover = _BENT.findall(_PLACEHOLDER.sub("", translated))
    if leftover:
        problems.append(f"damaged token text {''.join(leftover)!r}")
    if not problems:
        where = {m.group(0): m.start() for m in _PLACEHOLDER.finditer(translated)}
        problems.extend(f"token {b.placeholder} ({b.source!r}) comes before {a.placeholder} "
                        f"({a.source!r}), which it closes" for a, b in _pairs(masked)
                        if where[b.placeholder] < where[a.placeholder])
    return problems


_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)\b[^<>]*(?<!/)>")
_CLOSE_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


def _pairs(masked: Masked) -> list[tuple[Token, Token]]:
    """Tokens that open and close one construct (link brackets, an inline tag): an engine may
    move the pair, never put the closing one first."""
    pairs: list[tuple[Token, Token]] = []
    links: list[Token] = []
    tags: list[tuple[str, Token]] = []
    for token in masked.tokens:
        if token.kind == "link" and token.source.startswith("]") and links:
            pairs.append((links.pop(), token))
        elif token.kind == "link" and token.source.endswith("["):
            links.append(token)
        elif token.kind == "html" and (closing := _CLOSE_TAG.fullmatch(token.source)):
            name = closing.group(1).lower()
            if tags and tags[-1][0] == name:
                pairs.append((tags.pop()[1], token))
        elif token.kind == "html" and (opening := _OPEN_TAG.fullmatch(token.source)) and (
                opening.group(1).lower() not in _VOID):
            tags.append((opening.group(1).lower(), token))
    return pairs


@dataclass(frozen=True)
class Outcome:
    """What became of one masked segment: engine text to unmask, and what happened on the way."""

    text: str
    retried: bool = False
    kept_source: bool = False
    problems: tuple[str, ...] = ()


Translate = Callable[[Sequence[str]], Sequence[str]]


def translate_verified(items: Sequence[Masked], translate: Translate) -> list[Outcome]:
    """Translate masked segments with ``translate`` (a batch function), verifying every token."""
    todo = [i for i, m in enumerate(items) if m.translatable]
    outcomes = [Outcome(m.text) for m in items]
    first = list(translate([items[i].text for i in todo])) if todo else []
    retry = []
    for index, text in zip(todo, first, strict=True):
        problems = verify(items[index], text)
        if problems:
            retry.append((index, problems))
        else:
            outcomes[index] = Outcome(text)
    for index, result in zip([i for i, _ in retry],
                             _translate_pieces([items[i] for i, _ in retry], translate),
                             strict=True):
        problems = next(p for i, p in retry if i == index)
        if result is not None and not verify(items[index], result):
            outcomes[index] = Outcome(result, retried=True, problems=tuple(problems))
        else:
            outcomes[index] = Outcome(items[index].text, retried=True, kept_source=True,
                                      problems=tuple(problems))
    return outcomes


def _translate_pieces(items: Sequence[Masked], translate: Translate) -> list[str | None]:
    """The safer form: only the text between tokens goes out; tokens stay where they were."""
    split = [re.split(r"(⟦\d+⟧)", m.text) for m in items]
    wanted = sorted({p.strip() for parts in split for p in parts
                     if not _PLACEHOLDER.fullmatch(p) and _LETTER.search(p)})
    answers = dict(zip(wanted, translate(wanted), strict=True)) if wanted else {}
    results: list[str | None] = []
    for parts in split:
        out: list[str] = []
        for part in parts:
            core = part.strip()
            answer = answers.get(core) if core in answers else part
            if answer is None or (core in answers and (_BENT.search(answer)
                                                       or _PLACEHOLDER.search(answer))):
                break  # a piece came back empty or with token text in it: give up on this one
            if core in answers:
                lead = part[: len(part) - len(part.lstrip())]
                answer = lead + answer.strip() + part[len(part.rstrip()) :]
            out.append(answer)
        else:
            results.append("".join(out))
            continue
        results.append(None)
    return results
