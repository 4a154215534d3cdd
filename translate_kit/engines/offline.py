"""Offline engines: pseudo-localisation and none. Nothing goes on the wire, so nothing is
counted on the meter (their bill is 0 requests, 0 characters)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .base import Context, EngineBase, EngineSpec, Item, Meter, register

_PLACEHOLDER = re.compile(r"⟦\d+⟧")
_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")


def pseudo(text: str) -> str:
    """Accented letters, ~30% longer, in brackets; tokens untouched."""
    parts = re.split(r"(⟦\d+⟧)", text)
    body = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_ACCENTS) for p in parts)
    letters = sum(1 for c in _PLACEHOLDER.sub("", text) if c.isalpha())
    if not letters:
        return text
    # ~30% longer, as real translations often are: layouts that break show it.
    return f"[{body} {'~' * max(1, round(letters * 0.3))}]"


class PseudoEngine(EngineBase):
    """Pseudo-localisation (as Android/Windows pseudo-locales): deterministic; unprotected
    text or broken markup shows at a glance."""

    name = "pseudo"
    max_chars = 100_000
    batch_size = 200
    batch_chars = 1_000_000
    offline = True

    def translate(self, items: Sequence[Item], context: Context,
                  meter: Meter) -> list[str | None]:
        return [pseudo(item.text) for item in items]


class NoEngine(EngineBase):
    """No translation: the source text is kept and every segment is marked for a translator."""

    name = "none"
    max_chars = 1_000_000
    batch_size = 1000
    batch_chars = 10_000_000
    offline = True

    def translate(self, items: Sequence[Item], context: Context,
                  meter: Meter) -> list[str | None]:
        return [item.text for item in items]


register(EngineSpec("pseudo", "pseudo-localisation, offline (reveals unprotected text)",
                    lambda o, k: PseudoEngine(), offline=True, max_chars=100_000,
                    batch_size=200, family="offline"))
register(EngineSpec("none", "no translation: source text kept, every segment marked for a "
                    "human translator", lambda o, k: NoEngine(), offline=True,
                    max_chars=1_000_000, batch_size=1000, family="offline"))
