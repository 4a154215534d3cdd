"""DeepL, first-party, through DeepL's official Python SDK (``deepl``).

- The key goes only in the ``Authorization: DeepL-Auth-Key`` header (the SDK's way); free keys
  (``…:fx``) go to the free endpoint, others to pro; the ``url`` option names another server
  (a proxy, a test server).
- Tokens are sent as XML with ``tag_handling=xml``: markup as empty ``<x i="n"/>`` elements,
  kept terms as ``<k i="n">Term</k>`` in ``ignore_tags`` (DeepL sees the word in its sentence
  but leaves it as written), so DeepL translates whole sentences and places the tags itself;
  the answer is turned back into tokens and verified as every engine's is.
- Fixed renderings go as a DeepL glossary, created once per language pair and content (its
  name carries a digest of the entries), reused by id, and replaced when the content changes;
  the terms themselves are sent as words so that DeepL inflects around them.
- ``formality`` from the locale or the option; ``context`` gets the episode title and summary.
- The SDK's own retries are off (``max_network_retries = 0``): the translate stage retries, and
  counts every request it makes.
"""

from __future__ import annotations

import hashlib
import html
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import EngineError
from .base import (
    Context,
    EngineAuthError,
    EngineBadReply,
    EngineBase,
    EngineRejected,
    EngineSpec,
    EngineUnavailable,
    Item,
    Meter,
    QuotaExceeded,
    RateLimited,
    register,
    short,
    url_check,
)

_TOKEN = re.compile(r"⟦(\d+)⟧")
_BACK = re.compile(r'<k i="(\d+)">.*?</k>|<x i="(\d+)"\s*/>|<x i="(\d+)"></x>', re.DOTALL)
_FORMALITY = {"more": "prefer_more", "less": "prefer_less", "formal": "prefer_more",
              "informal": "prefer_less"}
# DeepL refuses the bare codes for these targets; the locale can name another (PT-BR, EN-GB).
_TARGET = {"EN": "EN-US", "PT": "PT-PT", "ZH": "ZH-HANS"}


def to_xml(item: Item, fixed: Mapping[str, str] | None = None) -> str:
    """The item's text as DeepL XML: text escaped, tokens as elements. ``fixed`` (source →
    rendering, for a pair DeepL has no glossary for) puts each rendering in place of its term
    inside an ignored ``<g>`` element, so DeepL keeps it as written."""
    kept = dict(item.kept)
    out = []
    cursor = 0
    for match in _TOKEN.finditer(item.text):
        out.append(_text(item.text[cursor:match.start()], fixed))
        number = match.group(1)
        term = kept.get(match.group(0))
        out.append(f'<k i="{number}">{html.escape(term, quote=False)}</k>' if term is not None
                   else f'<x i="{number}"/>')
        cursor = match.end()
    out.append(_text(item.text[cursor:], fixed))
    return "".join(out)


def _text(text: str, fixed: Mapping[str, str] | None) -> str:
    if not fixed:
        return html.escape(text, quote=False)
    pattern = "|".join(rf"(?<![\w-]){re.escape(s)}(?![\w-])"
                       for s in sorted(fixed, key=len, reverse=True))
    parts = re.split(f"({pattern})", text)
    return "".join(f"<g>{html.escape(fixed[p], quote=False)}</g>" if p in fixed
                   else html.escape(p, quote=False) for p in parts)


def from_xml(text: str) -> str | None:
    """DeepL's XML answer back as text with tokens; None when an element came back broken."""
    restored = _BACK.sub(lambda m: f"⟦{next(g for g in m.groups() if g)}⟧", text)
    restored = re.sub(r"</?g>", "", restored)
    if re.search(r"</?[xkg][\s>/]", restored):
        return None
    return html.unescape(restored)


def target_code(code: str) -> str:
    upper = code.upper()
    return _TARGET.get(upper, upper)


class DeepLEngine(EngineBase):
    """DeepL API through the official SDK."""

    name = "deepl"
    max_chars = 30_000
    batch_size = 50  # DeepL takes up to 50 texts per request
    batch_chars = 30_000  # and about 128 KiB per request body
    glossary = True

    def __init__(self, key: str, options: Mapping[str, str]):
        import deepl

        deepl.http_client.max_network_retries = 0  # we retry, and count each request
        url = options.get("url") or None
        if url is None and options.get("pro") in ("yes", "no"):
            url = "https://api.deepl.com" if options["pro"] == "yes" else \
                "https://api-free.deepl.com"
        self._sdk = deepl.Translator(key, server_url=url, send_platform_info=False)
        self.formality = options.get("formality")
        self.use_glossary = options.get("glossary", "yes") != "no"
        # Without a DeepL glossary the translate stage keeps fixed renderings as tokens.
        self.glossary = self.use_glossary
        self.use_context = options.get("context", "yes") != "no"
        self._glossaries: dict[tuple[str, str, str], str | None] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # the SDK object holds the key in its headers
        return "DeepLEngine()"

    def translate(self, items: Sequence[Item], context: Context,
                  meter: Meter) -> list[str | None]:
        formality = context.formality or self.formality
        kwargs: dict[str, Any] = {
            "source_lang": context.source.upper().split("-")[0],
            "target_lang": target_code(context.target), "tag_handling": "xml",
            "ignore_tags": ["k"], "split_sentences": "nonewlines",
        }
        if formality and formality != "default":
            kwargs["formality"] = _FORMALITY.get(formality, formality)
        if self.use_context and context.episode:
            kwargs["context"] = context.episode  # not billed by DeepL
        glossary = self._glossary(context, meter) if self.use_glossary else None
        fixed = None
        if glossary:
            kwargs["glossary"] = glossary
        elif self.use_glossary and glossary_entries(context):
            # No DeepL glossary for this pair: the renderings go in place, kept as written.
            fixed = glossary_entries(context)
            kwargs["ignore_tags"] = ["k", "g"]
        texts = [to_xml(item, fixed) for item in items]
        with _mapped(self.name, meter, sum(map(len, texts))):
            results = self._sdk.translate_text(texts, **kwargs)
        if not isinstance(results, list) or len(results) != len(items):
            raise EngineBadReply(f"{self.name}: {len(items)} texts sent, a different number "
                                 "came back")
        return [from_xml(r.text) if isinstance(r.text, str) else None for r in results]

    def _glossary(self, context: Context, meter: Meter) -> str | None:
        """The id of the DeepL glossary holding this pair's fixed renderings (None: none)."""
        entries = glossary_entries(context)
        if not entries:
            return None
        source = context.source.upper().split("-")[0]
        target = context.target.upper().split("-")[0]
        digest = hashlib.sha256(repr(sorted(entries.items())).encode()).hexdigest()[:12]
        name = f"translate-kit {source}-{target} {digest}"
        with self._lock:
            if (source, target, digest) not in self._glossaries:
                try:
                    made: str | None = self._make_glossary(name, source, target, entries,
                                                           meter)
                except EngineRejected:  # DeepL has no glossaries for this language pair
                    made = None
                self._glossaries[(source, target, digest)] = made
            return self._glossaries[(source, target, digest)]

    def _make_glossary(self, name: str, source: str, target: str, entries: dict[str, str],
                       meter: Meter) -> str:
        """Reuse a glossary of this exact name, else create it; delete this pair's older
        translate-kit glossaries (their content changed)."""
        with _mapped(self.name, meter, 0):
            found = self._sdk.list_glossaries()
        reuse = None
        for info in found:
            if info.name == name and info.ready and reuse is None:
                reuse = info.glossary_id
            elif info.name.startswith(f"translate-kit {source}-{target} "):
                with _mapped(self.name, meter, 0):
                    self._sdk.delete_glossary(info.glossary_id)
        if reuse is not None:
            return str(reuse)
        with _mapped(self.name, meter, 0):
            info = self._sdk.create_glossary(name, source, target, entries)
        return str(info.glossary_id)

    def languages(self, source: str, meter: Meter) -> frozenset[str] | None:
        with _mapped(self.name, meter, 0):
            found = self._sdk.get_target_languages()
        codes = {str(lang.code).upper() for lang in found}
        return frozenset(codes | {c.split("-")[0] for c in codes if target_code(
            c.split("-")[0]) in codes})

    def about(self, meter: Meter) -> list[str]:
        with _mapped(self.name, meter, 0):
            usage = self._sdk.get_usage()
        character = usage.character
        if character.count is None:
            return ["usage: not reported by the server"]
        limit = f" of {character.limit:,}" if character.limit else ""
        return [f"usage: {character.count:,}{limit} characters this billing period"]


def glossary_entries(context: Context) -> dict[str, str]:
    """Fixed renderings as DeepL takes them: one line each, no tabs, no blanks, first wins."""
    entries: dict[str, str] = {}
    for entry in context.pair_glossary:
        source, target = entry.source.strip(), (entry.target or "").strip()
        if source and target and not re.search(r"[\t\r\n]", source + target):
            entries.setdefault(source, target)
    return entries


@contextmanager
def _mapped(name: str, meter: Meter, chars: int) -> Iterator[None]:
    """Count the request and turn the SDK's exceptions into translate-kit's (never chained:
    the SDK's messages can quote the server's reply)."""
    import deepl

    deepl.http_client.min_connection_timeout = meter.timeout or 30.0
    counted = True
    try:
        yield
    except deepl.ConnectionException as exc:
        counted = "timed out" in str(exc)
        raise EngineUnavailable(f"{name}: cannot connect or no answer ({short(exc)})") \
            from None
    except deepl.DeepLException as exc:
        raise _error(name, exc) from None
    except EngineError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise EngineBadReply(f"{name}: unreadable reply ({short(exc)})") from None
    finally:
        if counted:
            meter.sent(chars)


def _error(name: str, exc: Any) -> EngineError:
    import deepl

    status = getattr(exc, "http_status_code", None)
    text = str(exc)
    if isinstance(exc, deepl.AuthorizationException) and "legacy" in text.lower():
        return EngineAuthError(
            f"{name}: the server refused legacy authentication (key in the query string), "
            "which DeepL retired in January 2026; translate-kit sends the key in the "
            "Authorization header, so a proxy at the url option must pass that header on")
    if isinstance(exc, deepl.AuthorizationException) or status in (401, 403):
        return EngineAuthError(f"{name}: the key was refused (HTTP {status or 403}); check "
                               "DEEPL_API_KEY (free keys end in ':fx' and use the free API)")
    if isinstance(exc, deepl.QuotaExceededException) or status == 456:
        return QuotaExceeded(f"{name}: the character quota for this billing period is used "
                             "up (HTTP 456)")
    if isinstance(exc, deepl.TooManyRequestsException) or status == 429:
        return RateLimited(f"{name}: too many requests (HTTP 429)")
    if status is not None and status >= 500:
        return EngineUnavailable(f"{name}: server error (HTTP {status})", status)
    if status in (404, 405) and not isinstance(exc, deepl.GlossaryNotFoundException):
        return EngineAuthError(f"{name}: no DeepL API at the url option (HTTP {status})")
    detail = text.split("message: ", 1)[1] if "message: " in text else ""
    return EngineRejected(f"{name}: the request was refused (HTTP {status or '?'}"
                          f"{': ' + short(detail) if detail else ''})")


def _build(options: Mapping[str, str], keys: Mapping[str, str]) -> DeepLEngine:
    return DeepLEngine(keys["DEEPL_API_KEY"], options)


def _formality_check(value: str) -> str | None:
    known = ("default", "more", "less", "prefer_more", "prefer_less", "formal", "informal")
    return None if value in known else f"{value!r} is not one of {', '.join(known)}"


def _yes_no(value: str) -> str | None:
    return None if value in ("yes", "no") else f"{value!r} is not yes or no"


register(EngineSpec(
    "deepl", "DeepL API (official SDK; XML tags, glossaries, context, formality)", _build,
    keys=("DEEPL_API_KEY",), options=("url", "pro", "formality", "glossary", "context"),
    max_chars=DeepLEngine.max_chars, batch_size=DeepLEngine.batch_size, family="deepl",
    checks={"url": url_check, "formality": _formality_check, "pro": _yes_no,
            "glossary": _yes_no, "context": _yes_no}))
