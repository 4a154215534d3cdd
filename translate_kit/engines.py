"""Machine-translation engines behind one small protocol and a registry keyed by name.

This is the only module that imports deep-translator. It closes the library's gaps:

- no request timeout: every call runs in a daemon thread that is abandoned after ``timeout``;
- scattered exceptions (raw ``requests`` errors, 429 as ``TooManyRequests`` or
  ``ServerException(429)``, ``StopIteration``/``KeyError``/``None`` for empty answers, MyMemory
  quota warnings returned as translations): all mapped to translate-kit's own EngineError kinds;
- Retry-After: deep-translator drops the response, so a response hook records the last one seen
  on each thread and a RateLimited error carries its Retry-After;
- keys are read from the environment here, passed explicitly, and never put in a message.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

from .errors import EngineError, UsageError

_PLACEHOLDER = re.compile(r"⟦\d+⟧")


# --- errors ---------------------------------------------------------------------------------

class EngineUnavailable(EngineError):
    """The service could not be reached, timed out, or failed on its side (5xx)."""

    retryable = True

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status
        """The HTTP status when the service answered with an error; None when no answer."""


class RateLimited(EngineError):
    """The service asked us to slow down (HTTP 429 or a quota message)."""

    retryable = True

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class EngineAuthError(EngineError):
    """The key is missing, wrong or not allowed: no retry helps; fix the environment."""

    exit_code = 2


class EngineRejected(EngineError):
    """The service refused this text or language (too long, unsupported): not retried."""


class EngineBadReply(EngineError):
    """The service answered, but with no usable translation."""

    retryable = True


# --- the protocol and the registry ------------------------------------------------------------

class Engine(Protocol):
    """Something that translates text between two engine language codes.

    ``translate`` takes one text and returns its translation, or raises an EngineError.
    Capabilities are attributes so that callers can plan batches and report limits.
    """

    name: str
    max_chars: int
    """Longest text one call accepts; longer segments are split at sentence boundaries."""
    batch_size: int
    """How many texts a worker takes at a time."""
    offline: bool
    """True when no network is involved."""

    def translate(self, text: str, source: str, target: str) -> str: ...


@dataclass(frozen=True)
class EngineSpec:
    """A registered engine: how to build it and what it needs."""

    name: str
    description: str
    build: Callable[[Mapping[str, str], Mapping[str, str]], Engine]
    """(options, keys from the environment) → engine."""
    keys: tuple[str, ...] = ()
    """Environment variables that must be set."""
    optional_keys: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    max_chars: int = 5000
    batch_size: int = 20
    offline: bool = False

    def missing_keys(self, environ: Mapping[str, str] | None = None) -> list[str]:
        env = os.environ if environ is None else environ
        return [k for k in self.keys if not env.get(k)]

    def create(self, options: Mapping[str, str] | None = None,
               environ: Mapping[str, str] | None = None) -> Engine:
        """Build the engine; UsageError naming what is missing (never a key's value)."""
        options = dict(options or {})
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise UsageError(f"engine '{self.name}' has no option(s) {', '.join(unknown)}; "
                             f"options: {', '.join(self.options) or 'none'}")
        env = os.environ if environ is None else environ
        missing = self.missing_keys(env)
        if missing:
            raise UsageError(f"engine '{self.name}' needs the environment variable(s) "
                             f"{', '.join(missing)}")
        keys = {k: env[k] for k in (*self.keys, *self.optional_keys) if env.get(k)}
        return self.build(options, keys)


REGISTRY: dict[str, EngineSpec] = {}


def register(spec: EngineSpec) -> EngineSpec:
    REGISTRY[spec.name] = spec
    return spec


def get_spec(name: str) -> EngineSpec:
    try:
        return REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown engine '{name}'; engines: {', '.join(sorted(REGISTRY))}") \
            from None


# --- offline engines ------------------------------------------------------------------------

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")


@dataclass
class PseudoEngine:
    """Pseudo-localisation (as Android/Windows pseudo-locales): accented letters, ~30% longer,
    in brackets. Deterministic; unprotected text or broken markup shows at a glance."""

    name: str = "pseudo"
    max_chars: int = 100_000
    batch_size: int = 200
    offline: bool = True

    def translate(self, text: str, source: str, target: str) -> str:
        parts = re.split(r"(⟦\d+⟧)", text)
        body = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_ACCENTS) for p in parts)
        letters = sum(1 for c in _PLACEHOLDER.sub("", text) if c.isalpha())
        if not letters:
            return text
        # ~30% longer, as real translations often are: layouts that break show it.
        return f"[{body} {'~' * max(1, round(letters * 0.3))}]"


@dataclass
class NoEngine:
    """No translation: the source text is kept and every segment is marked for a translator."""

    name: str = "none"
    max_chars: int = 1_000_000
    batch_size: int = 1000
    offline: bool = True

    def translate(self, text: str, source: str, target: str) -> str:
        return text


register(EngineSpec("pseudo", "pseudo-localisation, offline (reveals unprotected text)",
                    lambda o, k: PseudoEngine(), offline=True, max_chars=100_000,
                    batch_size=200))
register(EngineSpec("none", "no translation: source text kept, every segment marked for a "
                    "human translator", lambda o, k: NoEngine(), offline=True,
                    max_chars=1_000_000, batch_size=1000))


# --- deep-translator services ---------------------------------------------------------------

@dataclass
class DeepTranslatorEngine:
    """One deep-translator service. Instances of the translator class are per thread and per
    language pair (Google and MyMemory keep state while translating)."""

    name: str
    factory: Callable[[str, str], Any]
    max_chars: int = 5000
    batch_size: int = 20
    offline: bool = False
    base_url: str | None = None
    _local: threading.local = field(default_factory=threading.local, repr=False)

    def _translator(self, source: str, target: str) -> Any:
        cache: dict[tuple[str, str], Any] = self._local.__dict__.setdefault("by_pair", {})
        if (source, target) not in cache:
            with mapped_errors(self.name):
                translator = self.factory(source, target)
            if self.base_url:  # a mirror, a proxy, or a local page in tests
                translator._base_url = self.base_url
            cache[(source, target)] = translator
        return cache[(source, target)]

    def translate(self, text: str, source: str, target: str) -> str:
        translator = self._translator(source, target)
        _last_response.value = None
        with mapped_errors(self.name):
            result = translator.translate(text)
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
        raise RateLimited(f"{name}: quota message instead of a translation ({result[:60]}…)")
    if not result.strip() and text.strip():
        raise EngineBadReply(f"{name} returned an empty translation")
    return result


class _LastResponse(threading.local):
    value: Any = None


_last_response = _LastResponse()


def _record_response(response: Any, *args: Any, **kwargs: Any) -> Any:
    _last_response.value = response
    return response


@contextmanager
def response_capture() -> Iterator[None]:
    """For the length of a run: every requests Session records its last response on its
    thread, so that a 429 raised by deep-translator (which drops the response) can honour
    Retry-After; and the proxy settings are read from the environment once, not on every
    request (deep-translator makes a new session per request, and scanning the environment was
    a third of each request's CPU time)."""
    import requests.hooks
    import requests.sessions
    import requests.utils

    # Session() looks default_hooks up in requests.sessions at construction time.
    originals = {(requests.sessions, "default_hooks"): requests.sessions.__dict__["default_hooks"],
                 (requests.utils, "getproxies"): requests.utils.__dict__["getproxies"],
                 (requests.utils, "proxy_bypass"): requests.utils.__dict__["proxy_bypass"]}

    def hooks() -> dict[str, list[Callable[..., Any]]]:
        found: dict[str, list[Callable[..., Any]]] = requests.hooks.default_hooks()
        found["response"].append(_record_response)
        return found

    proxies = originals[(requests.utils, "getproxies")]()
    replacements = {"default_hooks": hooks, "getproxies": lambda: dict(proxies),
                    "proxy_bypass": functools.lru_cache(maxsize=64)(
                        originals[(requests.utils, "proxy_bypass")])}
    for (module, name) in originals:
        setattr(module, name, replacements[name])
    try:
        yield
    finally:
        for (module, name), value in originals.items():
            setattr(module, name, value)


def _retry_after() -> float | None:
    response = _last_response.value
    value = getattr(response, "headers", {}).get("Retry-After") if response is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(UTC)).total_seconds())


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
        status = _status_of(exc, dt.ServerException.errors)
        if status == 429:
            raise RateLimited(f"{name}: too many requests (HTTP 429)", _retry_after()) from exc
        if status in (401, 403):
            raise EngineAuthError(f"{name}: the key was refused (HTTP {status}); check its "
                                  "environment variable") from exc
        raise EngineUnavailable(f"{name}: server error (HTTP {status or '?'})",
                                status or 500) from exc
    except (dt.AuthorizationException, dt.ApiKeyException) as exc:
        raise EngineAuthError(f"{name}: the key was refused or is missing; check its "
                              "environment variable") from exc
    except dt.NotValidLength as exc:
        raise EngineRejected(f"{name}: text too long for this service") from exc
    except (dt.LanguageNotSupportedException, dt.InvalidSourceOrTargetLanguage) as exc:
        raise EngineRejected(f"{name}: language not supported ({_short(exc)})") from exc
    except dt.RequestError as exc:
        status = getattr(_last_response.value, "status_code", None)
        if status == 429:
            raise RateLimited(f"{name}: too many requests (HTTP 429)", _retry_after()) from exc
        if status in (401, 403):
            raise EngineAuthError(f"{name}: the key was refused (HTTP {status})") from exc
        raise EngineUnavailable(f"{name}: request failed (HTTP {status or '?'})",
                                status or 500) from exc
    except (dt.TranslationNotFound, dt.ElementNotFoundInGetRequest, StopIteration, KeyError,
            IndexError) as exc:
        raise EngineBadReply(f"{name}: no translation in the reply") from exc
    # "from None": requests' own messages carry the request URL, which can hold a key.
    except requests.exceptions.Timeout:
        raise EngineUnavailable(f"{name}: timed out") from None
    except (requests.exceptions.ConnectionError, ConnectionError) as exc:
        raise EngineUnavailable(f"{name}: cannot connect ({_short(exc)})") from None
    except requests.exceptions.RequestException as exc:
        raise EngineUnavailable(f"{name}: request failed ({_short(exc)})") from None
    except ValueError as exc:  # a reply that is not JSON
        raise EngineBadReply(f"{name}: unreadable reply ({_short(exc)})") from exc


def _status_of(exc: Exception, names: Mapping[int, str]) -> int | None:
    """The HTTP status behind a ServerException: from the response itself when seen, else from
    deep-translator's message for it (it keeps only the message)."""
    status = getattr(_last_response.value, "status_code", None)
    if isinstance(status, int):
        return status
    message = str(exc.args[0]) if exc.args else ""
    return next((code for code, name in names.items() if name == message), None)


def _short(exc: BaseException) -> str:
    """An exception's message, one line, without query strings: a request URL can carry the
    text sent and, for some services, the key (DeepL's auth_key)."""
    text = " ".join(str(exc).split())
    text = re.sub(r"\?[^\s'\")]*", "?…", text)
    text = re.sub(r"(?i)\b(\w*(?:key|token|secret)\w*)=[^&\s'\")]+", r"\1=…", text)
    return text[:120] + ("…" if len(text) > 120 else "")


def call_with_timeout(func: Callable[[], str], timeout: float | None) -> str:
    """Run ``func`` and give up after ``timeout`` seconds (deep-translator sets no timeout; a
    hung request is left behind in a daemon thread, which never blocks the run or its exit)."""
    if not timeout:
        return func()
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, daemon=True, name="translate-kit-call").start()
    if not done.wait(timeout):
        raise EngineUnavailable(f"no answer within {timeout:g} s (--timeout)")
    if "error" in box:
        raise box["error"]
    return str(box["value"])


def _deep(name: str, cls_name: str, description: str, keys: tuple[str, ...] = (),
          optional_keys: tuple[str, ...] = (), options: tuple[str, ...] = (),
          max_chars: int = 5000, batch_size: int = 20,
          kwargs: Callable[[Mapping[str, str], Mapping[str, str]], dict[str, Any]] =
          lambda o, k: {}) -> EngineSpec:
    def build(opts: Mapping[str, str], env: Mapping[str, str]) -> Engine:
        import deep_translator

        cls = getattr(deep_translator, cls_name)
        extra = kwargs(opts, env)
        url = opts.get("url") if name != "libre" else None

        def factory(source: str, target: str) -> Any:
            return cls(source=source, target=target, **extra)

        return DeepTranslatorEngine(name, factory, max_chars, batch_size, base_url=url)

    return register(EngineSpec(name, description, build, keys, optional_keys, options,
                               max_chars, batch_size))


def _libre_kwargs(opts: Mapping[str, str], env: Mapping[str, str]) -> dict[str, Any]:
    url = opts.get("url", "https://libretranslate.com/")
    return {"api_key": env.get("LIBRE_API_KEY", "none"), "custom_url": url.rstrip("/") + "/",
            "use_free_api": False}


_deep("google", "GoogleTranslator", "Google Translate (web, no key)", options=("url",),
      max_chars=4999)
_deep("deepl", "DeeplTranslator", "DeepL API", keys=("DEEPL_API_KEY",), options=("pro", "url"),
      max_chars=4999, kwargs=lambda o, k: {"api_key": k["DEEPL_API_KEY"],
                                           "use_free_api": o.get("pro", "no") != "yes"})
_deep("microsoft", "MicrosoftTranslator", "Microsoft Translator", keys=("MICROSOFT_API_KEY",),
      options=("region",), max_chars=4999,
      kwargs=lambda o, k: {"api_key": k["MICROSOFT_API_KEY"], "region": o.get("region")})
_deep("libre", "LibreTranslator", "LibreTranslate (option url= for a self-hosted server)",
      optional_keys=("LIBRE_API_KEY",), options=("url",), max_chars=4999,
      kwargs=_libre_kwargs)
_deep("mymemory", "MyMemoryTranslator", "MyMemory (no key; short texts; daily quota)",
      optional_keys=("MYMEMORY_EMAIL",), options=("url",), max_chars=499, batch_size=10,
      kwargs=lambda o, k: {"email": k.get("MYMEMORY_EMAIL")})
_deep("chatgpt", "ChatGptTranslator", "OpenAI ChatGPT", keys=("OPENAI_API_KEY",),
      options=("model",), max_chars=4000, batch_size=5,
      kwargs=lambda o, k: {"api_key": k["OPENAI_API_KEY"],
                           "model": o.get("model", "gpt-3.5-turbo")})
_deep("yandex", "YandexTranslator", "Yandex Translate", keys=("YANDEX_API_KEY",),
      kwargs=lambda o, k: {"api_key": k["YANDEX_API_KEY"]})
_deep("baidu", "BaiduTranslator", "Baidu Translate", keys=("BAIDU_APPID", "BAIDU_APPKEY"),
      kwargs=lambda o, k: {"appid": k["BAIDU_APPID"], "appkey": k["BAIDU_APPKEY"]})
_deep("papago", "PapagoTranslator", "Naver Papago",
      keys=("PAPAGO_CLIENT_ID", "PAPAGO_SECRET_KEY"),
      kwargs=lambda o, k: {"client_id": k["PAPAGO_CLIENT_ID"],
                           "secret_key": k["PAPAGO_SECRET_KEY"]})
_deep("qcri", "QcriTranslator", "QCRI machine translation", keys=("QCRI_API_KEY",),
      options=("domain",), kwargs=lambda o, k: {"api_key": k["QCRI_API_KEY"]})


def split_for_limit(text: str, limit: int) -> list[str]:
    """``text`` cut at sentence ends (then spaces) into pieces of at most ``limit`` characters,
    never inside a token; the pieces joined with single spaces give the text back."""
    if len(text) <= limit:
        return [text]
    sentences = re.split(r"(?<=[.!?…。！？])\s+", text)
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        for part in _hard_split(sentence, limit):
            candidate = f"{current} {part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    pieces.append(current)
                current = part
    if current:
        pieces.append(current)
    return pieces


def _hard_split(sentence: str, limit: int) -> list[str]:
    if len(sentence) <= limit:
        return [sentence]
    words = re.split(r"\s+", sentence)  # tokens contain no spaces, so they stay whole
    out, current = [], ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    return out


def describe(environ: Mapping[str, str] | None = None) -> list[tuple[EngineSpec, list[str]]]:
    """Every engine (offline ones first) with the environment variables it still lacks."""
    specs = sorted(REGISTRY.values(), key=lambda s: (not s.offline, s.name))
    return [(spec, spec.missing_keys(environ)) for spec in specs]
