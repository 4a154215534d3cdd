"""Translate: each unique (language, text) once, cache first, then the engine on worker threads,
with retries, a rate limit, a per-call timeout, length splitting and token verification."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from .cache import Cache
from .engines import (
    Engine,
    EngineAuthError,
    EngineUnavailable,
    RateLimited,
    call_with_timeout,
    response_capture,
    split_for_limit,
)
from .errors import EngineError
from .protect import Masked, translate_verified

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Result:
    """What became of one unique text for one language."""

    text: str | None
    """Engine text (tokens included), or None when the engine failed."""
    origin: str
    """'cache' or 'engine' (or 'failed')."""
    retried: bool = False
    kept_source: bool = False
    problems: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class Settings:
    """How hard and how fast to push the engine (from config, command-line options win)."""

    workers: int = 4
    timeout: float = 30.0
    """Seconds before one call is given up (and retried)."""
    retries: int = 4
    """Further tries after a retryable failure (429, 5xx, timeout, connection error)."""
    backoff: float = 1.0
    """First wait between tries, doubled each time (plus jitter) unless Retry-After says."""
    max_wait: float = 60.0
    rate_limit: float = 0.0
    """Requests per second across all workers; 0 for no limit."""
    give_up_after: int = 12
    """Connection failures or timeouts in a row after which the engine counts as unreachable."""


class RateLimiter:
    """At most ``rate`` calls per second across threads (evenly spaced)."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            time.sleep(start - now)


@dataclass(frozen=True)
class Unit:
    """One text to translate into one language (engine codes resolved)."""

    lang: str
    source_code: str
    target_code: str
    masked: Masked

    @property
    def key(self) -> tuple[str, str]:
        return self.lang, self.masked.text


Progress = Callable[[int, int], None]


class Translator:
    """Runs units through cache and engine; the calling thread alone touches the cache."""

    def __init__(self, engine: Engine, cache: Cache, settings: Settings,
                 sleep: Callable[[float], None] = time.sleep):
        self.engine = engine
        self.cache = cache
        self.settings = settings
        self.limiter = RateLimiter(settings.rate_limit)
        self.sleep = sleep
        self.calls = 0
        self.chars = 0
        self._count_lock = threading.Lock()
        self._down = 0
        self._unreachable: EngineUnavailable | None = None

    def run(self, units: Iterable[Unit], progress: Progress | None = None) -> dict[
            tuple[str, str], Result]:
        """A result for every unit (by language and engine text)."""
        unique = {u.key: u for u in units if u.masked.translatable}
        results: dict[tuple[str, str], Result] = {}
        todo = []
        for key, unit in unique.items():
            cached = self.cache.get(self.engine.name, unit.source_code, unit.target_code,
                                    unit.masked.text)
            if cached is not None:
                results[key] = Result(cached, "cache")
            else:
                todo.append(unit)
        total, done = len(todo), 0
        if progress:
            progress(0, total)
        if not todo:
            return results
        with response_capture(), ThreadPoolExecutor(max(1, self.settings.workers),
                                                    thread_name_prefix="translate-kit") as pool:
            pending: dict[Future[Result], Unit] = {pool.submit(self._one, u): u for u in todo}
            try:
                for future in as_completed(pending):
                    unit = pending[future]
                    result = future.result()
                    results[unit.key] = result
                    if result.text is not None and not result.kept_source:
                        self.cache.put(self.engine.name, unit.source_code, unit.target_code,
                                       unit.masked.text, result.text)
                    done += 1
                    if progress:
                        progress(done, total)
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
            finally:
                self.cache.flush()
        return results

    def _one(self, unit: Unit) -> Result:
        """Translate one unit, verifying tokens; never raises except for a refused key."""
        failure: list[str] = []

        def batch(texts: Sequence[str]) -> list[str]:
            out = []
            for text in texts:
                try:
                    out.append(self._translate_text(text, unit))
                except EngineAuthError:
                    raise
                except EngineError as exc:
                    failure.append(exc.message)
                    out.append(text)
            return out

        [outcome] = translate_verified([unit.masked], batch)
        if failure:
            return Result(None, "failed", error=failure[0])
        return Result(outcome.text, "engine", outcome.retried, outcome.kept_source,
                      outcome.problems)

    def _translate_text(self, text: str, unit: Unit) -> str:
        pieces = split_for_limit(text, self.engine.max_chars)
        return " ".join(self._call(piece, unit) for piece in pieces)

    def _call(self, text: str, unit: Unit) -> str:
        attempt = 0
        while True:
            if self._unreachable is not None:
                raise self._unreachable  # the engine is down: do not wait on every segment
            self.limiter.wait()
            with self._count_lock:
                self.calls += 1
                self.chars += len(text)
            try:
                answer = call_with_timeout(
                    lambda: self.engine.translate(text, unit.source_code, unit.target_code),
                    None if self.engine.offline else self.settings.timeout)
                self._down = 0
                return answer
            except EngineError as exc:
                self._note_failure(exc)
                if not exc.retryable or attempt >= self.settings.retries:
                    raise
                delay = self._delay(exc, attempt)
                log.info("%s: %s; retrying in %.1f s", self.engine.name, exc.message, delay)
                self.sleep(delay)
                attempt += 1

    def _note_failure(self, exc: EngineError) -> None:
        """Trip when the engine cannot be reached many times in a row (no answer at all, as
        opposed to a 429 or a 5xx): the rest of the run then fails at once, not after every
        segment's retries."""
        if not isinstance(exc, EngineUnavailable) or exc.status is not None:
            self._down = 0
            return
        with self._count_lock:
            self._down += 1
            if self._down >= self.settings.give_up_after and self._unreachable is None:
                self._unreachable = EngineUnavailable(
                    f"{self.engine.name} unreachable: {self._down} requests in a row failed "
                    f"({exc.message}); stopped")

    def _delay(self, exc: EngineError, attempt: int) -> float:
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            return min(exc.retry_after, self.settings.max_wait)
        base = self.settings.backoff * (2 ** attempt)
        return float(min(base * (1 + random.random() / 2), self.settings.max_wait))
