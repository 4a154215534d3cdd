"""``apertium``: a self-hosted Apertium APY server — free, offline, rule-based MT that a site
can run next to its CI (Debian: ``apt-get install apertium-apy apertium-eng-spa``, then
``apertium-apy -p 2737 /usr/share/apertium/modes``).

``GET /listPairs`` gives the pairs the server offers (three-letter codes, sometimes with a
variant such as ``por_BR``); ``POST /translate`` with ``langpair``, ``q``, ``markUnknown=no``
and ``format=txt`` translates one text. A pair the server lacks is covered through a pivot
(the ``pivot`` option, e.g. ``es`` for en→es→pt; without it, any language that joins the two).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from .base import (
    Context,
    EngineBadReply,
    EngineBase,
    EngineRejected,
    EngineSpec,
    Item,
    Meter,
    register,
    url_check,
)
from .http import Http

DEFAULT_URL = "http://127.0.0.1:2737"
# ISO 639-1 → 639-3 for the languages Apertium has pairs for; other codes pass as written.
_ISO3 = {
    "af": "afr", "an": "arg", "ar": "ara", "be": "bel", "bg": "bul", "br": "bre", "bs": "bos",
    "ca": "cat", "cs": "ces", "cy": "cym", "da": "dan", "de": "deu", "el": "ell", "en": "eng",
    "eo": "epo", "es": "spa", "eu": "eus", "fi": "fin", "fr": "fra", "ga": "gle", "gl": "glg",
    "hi": "hin", "hr": "hrv", "id": "ind", "is": "isl", "it": "ita", "kk": "kaz", "mk": "mkd",
    "ms": "msa", "mt": "mlt", "nb": "nob", "nl": "nld", "nn": "nno", "oc": "oci", "pl": "pol",
    "pt": "por", "ro": "ron", "ru": "rus", "se": "sme", "sk": "slk", "sl": "slv", "sq": "sqi",
    "sr": "srp", "sv": "swe", "tr": "tur", "tt": "tat", "uk": "ukr", "ur": "urd",
}
_ISO1 = {three: two for two, three in _ISO3.items()}


def iso3(code: str) -> str:
    """An Apertium code for ``code`` (pt → por, pt-BR → por_BR, spa → spa)."""
    base, _, region = code.replace("-", "_").partition("_")
    three = _ISO3.get(base.lower(), base.lower())
    return f"{three}_{region.upper()}" if region else three


def route(pairs: frozenset[tuple[str, str]], source: str, target: str,
          pivots: Sequence[str]) -> list[tuple[str, str]] | None:
    """The hops from ``source`` to ``target``: direct, else through a pivot (the configured
    ones first, then any language that joins the two); None when no route exists."""
    src, tgt = iso3(source), iso3(target)
    if (src, tgt) in pairs:
        return [(src, tgt)]
    middles = [iso3(p) for p in pivots] or sorted({b for a, b in pairs if a == src})
    for middle in middles:
        if (src, middle) in pairs and (middle, tgt) in pairs:
            return [(src, middle), (middle, tgt)]
    return None


class ApertiumEngine(EngineBase):
    """One APY server."""

    name = "apertium"
    max_chars = 4000
    batch_chars = 4000

    def __init__(self, options: Mapping[str, str]):
        self.url = options.get("url", DEFAULT_URL).rstrip("/")
        self.pivots = tuple(p.strip() for p in options.get("pivot", "").split(",")
                            if p.strip())
        self.http = Http(self.name)
        self._pairs: frozenset[tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def pairs(self, meter: Meter) -> frozenset[tuple[str, str]]:
        """The (source, target) pairs the server offers, asked once."""
        with self._lock:
            if self._pairs is None:
                body = self.http.request("GET", f"{self.url}/listPairs", meter)
                data = body.get("responseData") if isinstance(body, dict) else None
                if not isinstance(data, list):
                    raise EngineBadReply(f"{self.name}: /listPairs gave no list of pairs")
                self._pairs = frozenset(
                    (str(p["sourceLanguage"]), str(p["targetLanguage"])) for p in data
                    if isinstance(p, dict) and "sourceLanguage" in p
                    and "targetLanguage" in p)
            return self._pairs

    def languages(self, source: str, meter: Meter) -> frozenset[str] | None:
        pairs = self.pairs(meter)
        known = {t for (_, t) in pairs}
        reachable = {t for t in known if route(pairs, source, t, self.pivots)}
        return frozenset(reachable | {_ISO1[t] for t in reachable if t in _ISO1})

    def about(self, meter: Meter) -> list[str]:
        pairs = sorted(self.pairs(meter))
        return [f"pairs at {self.url}: " + ", ".join(f"{a}→{b}" for a, b in pairs)]

    def translate(self, items: Sequence[Item], context: Context,
                  meter: Meter) -> list[str | None]:
        hops = route(self.pairs(meter), context.source, context.target, self.pivots)
        if hops is None:
            raise EngineRejected(f"{self.name}: no pair {context.source}→{context.target} "
                                 "on the server, nor a pivot")
        out: list[str | None] = []
        for item in items:
            text = item.text
            for source, target in hops:
                text = self._hop(text, source, target, meter)
            out.append(text)
        return out

    def _hop(self, text: str, source: str, target: str, meter: Meter) -> str:
        body: Any = self.http.request(
            "POST", f"{self.url}/translate", meter, len(text),
            data={"langpair": f"{source}|{target}", "q": text, "markUnknown": "no",
                  "format": "txt"})
        data = body.get("responseData") if isinstance(body, dict) else None
        result = data.get("translatedText") if isinstance(data, dict) else None
        if not isinstance(result, str):
            raise EngineBadReply(f"{self.name}: no translatedText in the reply")
        return result


register(EngineSpec(
    "apertium", "a self-hosted Apertium APY server (free, offline, rule-based; option url, "
    "pivot)", lambda o, k: ApertiumEngine(o), options=("url", "pivot"), max_chars=4000,
    family="apertium", checks={"url": url_check}))
