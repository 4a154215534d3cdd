"""The engine protocol, its errors, the meter that counts what goes on the wire, and the
registry of engine families.

An engine translates a *batch* of items (texts with ``⟦n⟧`` tokens) with a *context*: the
languages, the episode's title and summary, the glossary entries that occur in the batch and the
locale's style. What an engine can do is said by attributes (batch size, length limit, glossary
support, offline, keys), so that the translate stage plans batches without asking it.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ..errors import EngineError, UsageError
from .meter import Meter as Meter  # re-exported: the families import it from here

# --- errors ---------------------------------------------------------------------------------


class EngineUnavailable(EngineError):
    """The service could not be reached, timed out, or failed on its side (5xx): retried."""

    retryable = True

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status
        """The HTTP status when the service answered with an error; None when no answer."""


class RateLimited(EngineError):
    """The service asked us to slow down (HTTP 429): retried after its Retry-After."""

    retryable = True

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class EngineAuthError(EngineError):
    """The key is missing, wrong or not allowed, or the endpoint or model does not exist: no
    retry helps and every request would fail the same way, so the run stops (exit 2)."""

    exit_code = 2


class QuotaExceeded(EngineError):
    """The account's quota is used up (DeepL 456, OpenAI ``insufficient_quota``, MyMemory's
    daily limit): the run stops at once, keeping what was done (exit 1)."""

    exit_code = 1


class EngineRejected(EngineError):
    """The service refused this text (HTTP 400, 413, 422; too long; unsupported): not retried."""


class EngineBadReply(EngineError):
    """The service answered, but with no usable translation (retried within the budget)."""

    retryable = True


class EngineFailing(EngineError):
    """The run's retry budget is spent, or the service asks for a longer wait than allowed:
    the engine counts as failing and the run ends, keeping what was done (exit 1)."""

    exit_code = 1


# --- what an engine receives ------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryEntry:
    """A glossary term as the batch or the language pair needs it."""

    source: str
    """The term as the source text writes it."""
    target: str | None
    """The fixed rendering in the target language; None when the term is kept as written."""
    note: str = ""


@dataclass(frozen=True)
class Context:
    """Everything an engine may use beside the texts themselves."""

    source: str
    """Engine code of the source language."""
    target: str
    """Engine code of the target language."""
    source_name: str = ""
    """Human name of the source language (for prompts), e.g. "English"."""
    target_name: str = ""
    title: str = ""
    """The episode's title (source language), when the batch comes from one page."""
    summary: str = ""
    glossary: tuple[GlossaryEntry, ...] = ()
    """The glossary entries that occur in this batch."""
    pair_glossary: tuple[GlossaryEntry, ...] = ()
    """Every fixed rendering for this language pair (for engines that keep a glossary)."""
    formality: str | None = None
    """"more", "less" (or "prefer_more", "prefer_less", "default"); None when not set."""
    style: tuple[str, ...] = ()
    """Typography notes from the locale, e.g. 'quotation marks „…“'."""

    @property
    def episode(self) -> str:
        """Title and summary in one line (empty when neither is known)."""
        return ". ".join(p.strip().rstrip(".") for p in (self.title, self.summary)
                         if p.strip()) + ("." if self.title or self.summary else "")


@dataclass(frozen=True)
class Item:
    """One text of a batch: engine text with ``⟦n⟧`` tokens that must come back exactly once."""

    text: str
    kept: tuple[tuple[str, str], ...] = ()
    """(placeholder, term) for tokens that stand for kept terms: an engine that can show the
    word itself (DeepL, as an ignored XML tag) may; it must still return the placeholder."""


class Engine(Protocol):
    """A machine-translation engine.

    ``translate`` returns one answer per item, in order: the translation (tokens included), or
    None when the reply had no usable answer for that item (the caller retries it alone). It
    raises an EngineError when the request itself failed. It reports every request it makes on
    ``meter``. ``languages`` names the target codes the engine knows (None: it cannot say),
    ``about`` gives lines for ``translate-kit engines`` (account usage, pairs offered).
    """

    name: str
    max_chars: int
    """Longest text one item may be; longer segments are split at sentence boundaries."""
    batch_size: int
    """Items per request (1 for services that take one text per request)."""
    batch_chars: int
    """Characters per request at most (items are packed up to this)."""
    offline: bool
    """True when nothing goes over the network."""
    glossary: bool
    """True when the engine applies fixed renderings itself (the translate stage then sends
    those terms as words, not tokens, and lists them in ``Context.pair_glossary``)."""

    def translate(self, items: Sequence[Item], context: Context,
                  meter: Meter) -> list[str | None]: ...

    def languages(self, source: str, meter: Meter) -> frozenset[str] | None: ...

    def about(self, meter: Meter) -> list[str]: ...


class EngineBase:
    """Defaults for the capability attributes and the optional methods."""

    name = "engine"
    max_chars = 5000
    batch_size = 1
    batch_chars = 5000
    offline = False
    glossary = False

    def languages(self, source: str, meter: Meter) -> frozenset[str] | None:
        return None

    def about(self, meter: Meter) -> list[str]:
        return []


# --- the registry ----------------------------------------------------------------------------

Build = Callable[[Mapping[str, str], Mapping[str, str]], Engine]


@dataclass(frozen=True)
class EngineSpec:
    """A registered engine: how to build it and what it needs."""

    name: str
    description: str
    build: Build
    """(options, keys from the environment) → engine."""
    keys: tuple[str, ...] = ()
    """Environment variables that must be set."""
    optional_keys: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    max_chars: int = 5000
    batch_size: int = 1
    offline: bool = False
    family: str = ""
    """Which module implements it: deep-translator, deepl, llm, apertium, offline."""
    checks: Mapping[str, Callable[[str], str | None]] = field(default_factory=dict)
    """Option → a check returning a problem (None when the value is fine)."""

    def missing_keys(self, environ: Mapping[str, str] | None = None) -> list[str]:
        env = os.environ if environ is None else environ
        return [k for k in self.keys if not env.get(k)]

    def create(self, options: Mapping[str, str] | None = None,
               environ: Mapping[str, str] | None = None) -> Engine:
        """Build the engine; UsageError naming what is missing or wrong (never a key)."""
        options = {str(k): str(v) for k, v in (options or {}).items()}
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise UsageError(f"engine '{self.name}' has no option(s) {', '.join(unknown)}; "
                             f"options: {', '.join(self.options) or 'none'}")
        for option, check in self.checks.items():
            problem = check(options[option]) if option in options else None
            if problem:
                raise UsageError(f"engine '{self.name}': option {option}: {problem}")
        env = os.environ if environ is None else environ
        missing = self.missing_keys(env)
        if missing:
            raise UsageError(f"engine '{self.name}' needs the environment variable(s) "
                             f"{', '.join(missing)}")
        keys = {k: env[k] for k in (*self.keys, *self.optional_keys) if env.get(k)}
        return self.build(options, keys)


REGISTRY: dict[str, EngineSpec] = {}
RETIRED = {"chatgpt": "deep-translator's ChatGPT needs the removed openai<0.28 API; use "
           "engine 'llm' (any OpenAI-compatible endpoint; options url, model)"}


def register(spec: EngineSpec) -> EngineSpec:
    REGISTRY[spec.name] = spec
    return spec


def get_spec(name: str) -> EngineSpec:
    if name in RETIRED:
        raise UsageError(f"engine '{name}' is retired: {RETIRED[name]}")
    try:
        return REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown engine '{name}'; engines: {', '.join(sorted(REGISTRY))}") \
            from None


def describe(environ: Mapping[str, str] | None = None) -> list[tuple[EngineSpec, list[str]]]:
    """Every engine (offline ones first) with the environment variables it still lacks."""
    specs = sorted(REGISTRY.values(), key=lambda s: (not s.offline, s.name))
    return [(spec, spec.missing_keys(environ)) for spec in specs]


def number_check(low: float, high: float,
                 integer: bool = False) -> Callable[[str], str | None]:
    """An option check: a number (a whole one if ``integer``) within [low, high]."""
    def check(value: str) -> str | None:
        try:
            number = int(value) if integer else float(value)
        except ValueError:
            return f"{value!r} is not a {'whole ' if integer else ''}number"
        if not low <= number <= high:
            return f"{value} is out of range ({low:g} to {high:g})"
        return None
    return check


def url_check(value: str) -> str | None:
    if not re.match(r"https?://[^\s/]+", value):
        return f"{value!r} is not an http(s) URL"
    return None


# --- helpers shared by the families ----------------------------------------------------------

def short(exc: BaseException | str) -> str:
    """A message on one line, without query strings or key=… pairs: a request URL can carry
    the text sent and, for some services, the key."""
    text = " ".join(str(exc).split())
    text = re.sub(r"\?[^\s'\")]*", "?…", text)
    text = re.sub(r"(?i)\b(\w*(?:key|token|secret|auth)\w*)=[^&\s'\")]+", r"\1=…", text)
    text = re.sub(r"(?i)(bearer|deepl-auth-key)\s+\S+", r"\1 …", text)
    return text[:120] + ("…" if len(text) > 120 else "")


T = TypeVar("T")


def call_with_timeout(func: Callable[[], T], timeout: float | None) -> T:
    """Run ``func`` and give up after ``timeout`` seconds (for libraries that set no timeout;
    a hung request is left behind in a daemon thread, which never blocks the run's exit)."""
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
    result: T = box["value"]
    return result


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
