"""Inline protection: tokens survive, or the segment is retried, or kept and flagged."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from translate_kit.glossary import Glossary, Term
from translate_kit.protect import Break, mask, translate_verified, verify

TEXT = ("See **the [archive](https://example.org/a)** and `code`, "
        "{% include x.html %} or https://example.org/b.[^1] \\* Zero Trust ⟦odd⟧")


def test_everything_protected_comes_back_on_unmask() -> None:
    masked = mask(TEXT, Glossary((Term("Zero Trust", keep=True),)))
    assert masked.unmask() == TEXT
    sources = [t.source for t in masked.tokens]
    assert "`code`" in sources and "{% include x.html %}" in sources
    assert "https://example.org/b" in sources and "Zero Trust" in sources
    assert "\\*" in sources and "⟦" in sources and "⟧" in sources
    assert not re.search(r"archive\]|https|include|`", masked.text)


def test_adjacent_markup_is_one_token() -> None:
    masked = mask("**[word](https://x.org)**")
    assert masked.text == "⟦1⟧word⟦2⟧"


def test_breaks_are_tokens() -> None:
    masked = mask(["one", Break("  \n> "), "two"])
    assert masked.text == "one⟦1⟧two"
    assert masked.unmask() == "one  \n> two"


def test_fixed_rendering_per_language() -> None:
    glossary = Glossary((Term("generative AI", translations={"fr": "IA générative"},
                              case_sensitive=False),))
    masked = mask("We discuss Generative AI today.", glossary)
    assert masked.text == "We discuss ⟦1⟧ today."
    assert masked.unmask("Nous parlons de ⟦1⟧.", "fr") == "Nous parlons de IA générative."
    assert masked.unmask("Wir sprechen über ⟦1⟧.", "de") == "Wir sprechen über Generative AI."


@pytest.mark.parametrize(("answer", "problem"), [
    ("Voir ⟦1⟧ et ⟦2⟧", None),
    ("Voir ⟦1⟧", "missing"),
    ("Voir ⟦1⟧ ⟦1⟧ ⟦2⟧", "present 2 times"),
    ("Voir ⟦ 1⟧ et ⟦2⟧", "missing"),
    ("Voir ⟦1⟧ et ⟦2⟧ ⟦3⟧", "unknown token"),
    ("Voir [[1]] et ⟦2⟧", "damaged"),
])
def test_verify(answer: str, problem: str | None) -> None:
    masked = mask("See `a` and `b`")
    problems = verify(masked, answer)
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def fake(mangle: str) -> object:
    def translate(texts: Sequence[str]) -> list[str]:
        out = []
        for text in texts:
            if mangle == "drop" and "⟦" in text:
                text = re.sub(r"⟦\d+⟧", "", text)
            elif mangle == "respace":
                text = re.sub(r"⟦(\d+)⟧", r"⟦ \1 ⟧", text)
            elif mangle == "always":
                text = text + " ⟦"
            out.append(text.upper())
        return out

    return translate


def test_a_good_engine_passes_first_time() -> None:
    items = [mask("See `a` here"), mask("Plain words")]
    outcomes = translate_verified(items, fake("none"))  # type: ignore[arg-type]
    assert [o.text for o in outcomes] == ["SEE ⟦1⟧ HERE", "PLAIN WORDS"]
    assert not any(o.retried for o in outcomes)


@pytest.mark.parametrize("mangle", ["drop", "respace"])
def test_mangled_tokens_are_retried_piece_by_piece(mangle: str) -> None:
    item = mask("See `a` here and **there**")
    [outcome] = translate_verified([item], fake(mangle))  # type: ignore[arg-type]
    assert outcome.retried and not outcome.kept_source
    assert item.unmask(outcome.text) == "SEE `a` HERE AND **THERE**"
    assert outcome.problems


def test_hopeless_engine_keeps_the_source_and_flags_it() -> None:
    item = mask("See `a` here")
    [outcome] = translate_verified([item], fake("always"))  # type: ignore[arg-type]
    assert outcome.kept_source and outcome.retried
    assert item.unmask(outcome.text) == "See `a` here"


def test_nothing_to_translate_is_not_sent() -> None:
    sent: list[str] = []

    def spy(texts: Sequence[str]) -> list[str]:
        sent.extend(texts)
        return list(texts)

    translate_verified([mask("`only code`"), mask("https://x.org")], spy)
    assert sent == []


def test_a_closing_token_before_its_opening_one_is_a_problem() -> None:
    masked = mask("See [the archive](https://example.org) and <b>bold</b> text.")
    text = masked.text
    assert verify(masked, text) == []
    assert verify(masked, text.replace("⟦1⟧the archive⟦2⟧", "the archive⟦2⟧ ⟦1⟧"))
    assert verify(masked, text.replace("⟦3⟧bold⟦4⟧", "⟦4⟧bold⟦3⟧"))
    moved = text.replace("See ⟦1⟧the archive⟦2⟧ and ⟦3⟧bold⟦4⟧", "⟦3⟧Bold⟦4⟧ and ⟦1⟧archive⟦2⟧")
    assert verify(masked, moved) == []  # pairs may move, in order
