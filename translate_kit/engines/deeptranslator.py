"""deep-translator's services (google, microsoft, libre, mymemory, yandex, baidu, papago, qcri).

This is the only module that imports deep-translator. It closes the library's gaps:

- no request timeout: every call runs under ``call_with_timeout``;
- scattered exceptions (raw ``requests`` errors, 429 as ``TooManyRequests`` or
  ``ServerException(429)``, ``StopIteration``/``KeyError``/``TypeError``/``None`` for empty or
  odd answers, MyMemory quota warnings returned as translations) mapped to translate-kit's
  errors: 400/413/422 rejected, 401/403 refused, quota exhausted, 429/5xx/timeouts retryable;
- Retry-After and the honest count: deep-translator drops the response, so a response hook
  sees every response of the run, records the last one on its thread (for Retry-After and the
  status behind an exception) and counts it on the meter of the call that made it;
- keys are passed explicitly and never put in a message; ``AuthorizationException`` (whose
  text is the key) is never chained, logged or printed.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
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
    call_with_timeout,
    register,
    short,
    url_check,
)
from .http import retry_after


class _Wire(threading.local):
    response: Any = None
    meter: Meter | None = None
    chars: int = 0


_wire = _Wire()


def _record_response(response: Any, *args: Any, **kwargs: Any) -> Any:
    _wire.response = response
    if _wire.meter is not None:
        _wire.meter.sent(_wire.chars)
    return response


_capture_lock = threading.Lock()
_capture_depth = 0
_originals: dict[tuple[Any, str], Any] = {}


@contextmanager
def response_capture() -> Iterator[None]:
    """While active (re-entrant, across threads): every requests Session records its responses
    on its thread, and the proxy settings are read from the environment once, not on every
    request (deep-translator makes a new session per request, and scanning the environment was
    a third of each request's CPU time)."""
    global _capture_depth
    with _capture_lock:
        if _capture_depth == 0:
            _install()
        _capture_depth += 1
    try:
        yield
    finally:
        with _capture_lock:
            _capture_depth -= 1
            if _capture_depth == 0:
                for (module, name), value in _originals.items():
                    setattr(module, name, value)
                _originals.clear()


def _install() -> None:
    import requests.hooks
    import requests.sessions
    import requests.utils

    # Session() looks default_hooks up in requests.sessions at construction time.
    _originals.update({
        (requests.sessions, "default_hooks"): requests.sessions.__dict__["default_hooks"],
        (requests.utils, "getproxies"): requests.utils.__dict__["getproxies"],
        (requests.utils, "proxy_bypass"): requests.utils.__dict__["proxy_bypass"]})

    def hooks() -> dict[str, list[Callable[..., Any]]]:
        found: dict[str, list[Callable[..., Any]]] = requests.hooks.default_hooks()
        found["response"].append(_record_response)
        return found

    proxies = _originals[(requests.utils, "getproxies")]()
    replacements = {"default_hooks": hooks, "getproxies": lambda: dict(proxies),
                    "proxy_bypass": functools.lru_cache(maxsize=64)(
                        _originals[(requests.utils, "proxy_bypass")])}
    for (module, name) in _originals:
        setattr(module, name, replacements[name])


@contextmanager
def mapped_errors(name: str) -> Iterator[None]:
    """Turn deep-translator's and requests' exceptions into translate-kit's EngineErrors."""
    import requests
    from deep_translator import exceptions as dt

    try:
        yield
    except EngineError:
        raise
    except dt.TooManyRequests as exc:
        raise RateLimited(f"{name}: too many requests (HTTP 429)", _retry_after()) from exc
    except dt.ServerException as exc:
        raise _by_status(name, _status_of(exc, dt.ServerException.errors)) from exc
    # "from None": AuthorizationException's text is the key itself.
    except (dt.AuthorizationException, dt.ApiKeyException):
        raise EngineAuthError(f"{name}: the key was refused or is missing; check its "
                              "environment variable") from None
    except dt.NotValidLength as exc:
        raise EngineRejected(f"{name}: text too long for this service") from exc
    except (dt.LanguageNotSupportedException, dt.InvalidSourceOrTargetLanguage) as exc:
        raise EngineRejected(f"{name}: language not supported ({short(exc)})") from exc
    except dt.RequestError as exc:
        raise _by_status(name, getattr(_wire.response, "status_code", None)) from exc
    except (dt.TranslationNotFound, dt.ElementNotFoundInGetRequest, StopIteration, KeyError,
            IndexError, TypeError, AttributeError) as exc:
        # TypeError/AttributeError: a reply of the wrong shape (a JSON list, a string).
        raise EngineBadReply(f"{name}: no translation in the reply") from exc
    # "from None": requests' own messages carry the request URL, which can hold a key.
    except requests.exceptions.Timeout:
        raise EngineUnavailable(f"{name}: timed out") from None
    except (requests.exceptions.ConnectionError, ConnectionError) as exc:
        raise EngineUnavailable(f"{name}: cannot connect ({short(exc)})") from None
    except requests.exceptions.RequestException as exc:
        raise EngineUnavailable(f"{name}: request failed ({short(exc)})") from None
    except ValueError as exc:  # a reply that is not JSON
        raise EngineBadReply(f"{name}: unreadable reply ({short(exc)})") from exc


def _by_status(name: str, status: int | None) -> EngineError:
    if status == 429:
        return RateLimited(f"{name}: too many requests (HTTP 429)", _retry_after())
    if status in (401, 403):
        return EngineAuthError(f"{name}: the key was refused (HTTP {status}); check its "
                               "environment variable")
    if status in (402, 456):
        return QuotaExceeded(f"{name}: the account's quota is used up (HTTP {status})")
    if status is not None and 400 <= status < 500:
        return EngineRejected(f"{name}: the text was refused (HTTP {status})")
    return EngineUnavailable(f"{name}: server error (HTTP {status or '?'})", status or 500)


def _retry_after() -> float | None:
    return retry_after(getattr(_wire.response, "headers", None))


def _status_of(exc: Exception, names: Mapping[int, str]) -> int | None:
    """The HTTP status behind a ServerException: from the response itself when seen, else from
    deep-translator's message for it (it keeps only the message)."""
    status = getattr(_wire.response, "status_code", None)
    if isinstance(status, int):
        return status
    message = str(exc.args[0]) if exc.args else ""
    return next((code for code, name in names.items() if name == message), None)


class DeepTranslatorEngine(EngineBase):
    """One deep-translator service, one text per request. Translator instances are per thread
    and per language pair (Google and MyMemory keep state while translating)."""

    def __init__(self, name: str, factory: Callable[[str, str], Any], max_chars: int,
                 codes: frozenset[str] | None, strips: bool = False,
                 base_url: str | None = None):
        self.name = name
        self.factory = factory
        self.max_chars = self.batch_chars = max_chars
        self.codes = codes
        self.strips = strips
        """The library strips the text before sending it (what the server receives)."""
        self.base_url = base_url
        self._local = threading.local()

    def languages(self, source: str, meter: Meter) -> frozenset[str] | None:
        return self.codes

    def _translator(self, source: str, target: str) -> Any:
        cache: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("by_pair", {})
        if (source, target) not in cache:
            with mapped_errors(self.name):
                translator = self.factory(source, target)
            if self.base_url:  # a mirror, a proxy, or a local page in tests
                translator._base_url = self.base_url
            cache[(source, target)] = translator
        return cache[(source, target)]

    def translate(self, items: Sequence[Item], context: Context,
                  meter: Meter) -> list[str | None]:
        return [self._one(item.text, context, meter) for item in items]

    def _one(self, text: str, context: Context, meter: Meter) -> str:
        def call() -> Any:
            _wire.response, _wire.meter, _wire.chars = None, meter, 0
            try:
                with mapped_errors(self.name):
                    translator = self._translator(context.source, context.target)
                    _wire.chars = len(text.strip() if self.strips else text)
                    return translator.translate(text)
            finally:
                _wire.meter = None

        with response_capture():
            result = call_with_timeout(call, meter.timeout)
        return _checked(self.name, text, result)


def _checked(name: str, text: str, result: Any) -> str:
    if result is None:
        # Google returns None when the answer equals a letter-free input ("!!!").
        if not any(c.isalpha() for c in text):
            return text
        raise EngineBadReply(f"{name} returned no translation")
    if not isinstance(result, str):
        raise EngineBadReply(f"{name} returned {type(result).__name__}, not text")
    if result.startswith(("MYMEMORY WARNING", "QUERY LENGTH LIMIT EXCEEDED")):
        raise QuotaExceeded(f"{name}: the daily quota is used up ({short(result[:60])})")
    if not result.strip() and text.strip():
        raise EngineBadReply(f"{name} returned an empty translation")
    return result


def _codes(table: str) -> frozenset[str] | None:
    from deep_translator import constants

    found = getattr(constants, table, None)
    return frozenset(str(c) for c in found.values()) if isinstance(found, dict) else None


def _deep(name: str, cls_name: str, description: str, keys: tuple[str, ...] = (),
          optional_keys: tuple[str, ...] = (), options: tuple[str, ...] = (),
          max_chars: int = 5000, table: str = "", strips: bool = False,
          kwargs: Callable[[Mapping[str, str], Mapping[str, str]], dict[str, Any]] =
          lambda o, k: {}) -> EngineSpec:
    def build(opts: Mapping[str, str], env: Mapping[str, str]) -> DeepTranslatorEngine:
        import deep_translator

        cls = getattr(deep_translator, cls_name)
        extra = kwargs(opts, env)
        url = opts.get("url") if name != "libre" else None

        def factory(source: str, target: str) -> Any:
            return cls(source=source, target=target, **extra)

        return DeepTranslatorEngine(name, factory, max_chars, _codes(table) if table else None,
                                    strips, base_url=url)

    checks = {"url": url_check} if "url" in options else {}
    return register(EngineSpec(name, description, build, keys, optional_keys, options,
                               max_chars, 1, family="deep-translator", checks=checks))


def _libre_kwargs(opts: Mapping[str, str], env: Mapping[str, str]) -> dict[str, Any]:
    url = opts.get("url", "https://libretranslate.com/")
    return {"api_key": env.get("LIBRE_API_KEY", "none"), "custom_url": url.rstrip("/") + "/",
            "use_free_api": False}


_deep("google", "GoogleTranslator", "Google Translate (web, no key)", options=("url",),
      max_chars=4999, table="GOOGLE_LANGUAGES_TO_CODES", strips=True)
_deep("microsoft", "MicrosoftTranslator", "Microsoft Translator", keys=("MICROSOFT_API_KEY",),
      options=("region",), max_chars=4999,
      kwargs=lambda o, k: {"api_key": k["MICROSOFT_API_KEY"], "region": o.get("region")})
_deep("libre", "LibreTranslator", "LibreTranslate (option url= for a self-hosted server)",
      optional_keys=("LIBRE_API_KEY",), options=("url",), max_chars=4999,
      table="LIBRE_LANGUAGES_TO_CODES", kwargs=_libre_kwargs)
_deep("mymemory", "MyMemoryTranslator", "MyMemory (no key; short texts; daily quota)",
      optional_keys=("MYMEMORY_EMAIL",), options=("url",), max_chars=499,
      table="MY_MEMORY_LANGUAGES_TO_CODES", strips=True,
      kwargs=lambda o, k: {"email": k.get("MYMEMORY_EMAIL")})
_deep("yandex", "YandexTranslator", "Yandex Translate", keys=("YANDEX_API_KEY",),
      kwargs=lambda o, k: {"api_key": k["YANDEX_API_KEY"]})
_deep("baidu", "BaiduTranslator", "Baidu Translate", keys=("BAIDU_APPID", "BAIDU_APPKEY"),
      table="BAIDU_LANGUAGE_TO_CODE",
      kwargs=lambda o, k: {"appid": k["BAIDU_APPID"], "appkey": k["BAIDU_APPKEY"]})
_deep("papago", "PapagoTranslator", "Naver Papago",
      keys=("PAPAGO_CLIENT_ID", "PAPAGO_SECRET_KEY"), table="PAPAGO_LANGUAGE_TO_CODE",
      kwargs=lambda o, k: {"client_id": k["PAPAGO_CLIENT_ID"],
                           "secret_key": k["PAPAGO_SECRET_KEY"]})
_deep("qcri", "QcriTranslator", "QCRI machine translation", keys=("QCRI_API_KEY",),
      options=("domain",), table="QCRI_LANGUAGE_TO_CODE",
      kwargs=lambda o, k: {"api_key": k["QCRI_API_KEY"]})
