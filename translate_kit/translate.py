"""Translate: each unique (language, text) once, cache first, then the engine in batches on
worker threads, with the episode's context, retries within budgets, a rate limit, length
splitting, token verification and the scrubbing of replies.

A batch that comes back with some units wrong (a token lost, an id missing) costs only those
units a second request, alone; a unit that fails alone is tried once more in pieces (the text
between its tokens) and then kept in the source language and flagged. Terminal errors (the
text refused, the key refused, the quota used up) are never retried; when the run's retry
budget is spent or the engine keeps failing, the run ends, keeping everything it received.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from .batching import Episode, Style, Unit, context_for, kept_terms, pack, pair_entries, sent_form
from .cache import Cache
from .engines import (
    REGISTRY,
    Context,
    Engine,
    EngineAuthError,
    EngineBadReply,
    EngineFailing,
    EngineRejected,
    EngineUnavailable,
    GlossaryEntry,
    Item,
    Meter,
    QuotaExceeded,
    RateLimited,
    response_capture,
    split_for_limit,
)
from .errors import EngineError
from .glossary import Glossary
from .progress import Snapshot, Tracker
from .protect import Masked, translate_verified, verify
from .retry import Budget, RateLimiter, Settings, known_secrets, scrub

__all__ = ["Episode", "Progress", "Result", "Settings", "Style", "Translator", "Unit"]

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


Progress = Callable[[int, int], None]


class Translator:
    """Runs units through cache and engine; the calling thread alone touches the cache."""

    def __init__(self, engine: Engine, cache: Cache, settings: Settings,
                 sleep: Callable[[float], None] | None = None, *,
                 styles: dict[str, Style] | None = None, source_name: str = "",
                 glossary: Glossary | None = None, meter: Meter | None = None):
        self.engine = engine
        self.cache = cache
        self.settings = settings
        self.limiter = RateLimiter(settings.rate_limit)
        self._halt = threading.Event()
        # A wait before a retry ends early when the run stops (the engine is failing).
        self.sleep = sleep or (lambda seconds: self._halt.wait(seconds) and None)
        self.styles = styles or {}
        self.source_name = source_name
        self.glossary = glossary
        self.meter = meter or Meter()
        self.meter.timeout = None if engine.offline else settings.timeout
        self.stopped: EngineError | None = None
        """Why the run ended early (quota, a failing engine), None when it did not."""
        self._in_row = 0
        self._run_budget = Budget(settings.run_retries)
        spec = REGISTRY.get(engine.name)
        self._secrets = known_secrets((*spec.keys, *spec.optional_keys) if spec else ())
        self._endpoint = getattr(engine, "url", None) or getattr(engine, "base_url", None)
        self._pair_glossary: dict[str, tuple[GlossaryEntry, ...]] = {}

    @property
    def calls(self) -> int:
        """Requests that went on the wire (retries included)."""
        return self.meter.requests

    @property
    def chars(self) -> int:
        """Characters of text sent on the wire (retries included)."""
        return self.meter.chars

    def run(self, units: Iterable[Unit], progress: Progress | None = None,
            watch: Callable[[Snapshot], None] | None = None) -> dict[tuple[str, str], Result]:
        """A result for every unit (by language and engine text)."""
        listed = [u for u in units if u.masked.translatable]
        unique = {u.key: u for u in listed}
        results: dict[tuple[str, str], Result] = {}
        todo = []
        for key, unit in unique.items():
            cached = self.cache.get(self.engine.name, unit.source_code, unit.target_code,
                                    unit.masked.text)
            if cached is not None:
                results[key] = Result(cached, "cache")
            else:
                todo.append(unit)
        tracker = Tracker(listed, set(results), self.meter, progress, watch)
        if todo:
            self._pair_glossary = {
                lang: pair_entries(self.glossary, lang, todo) if self.engine.glossary else ()
                for lang in {u.lang for u in todo}}
            with response_capture():
                self._pool(self._batches(todo), results, tracker)
        tracker.finish(self.stopped)
        return results

    def _pool(self, batches: list[list[Unit]], results: dict[tuple[str, str], Result],
              tracker: Tracker) -> None:
        with ThreadPoolExecutor(max(1, self.settings.workers),
                                thread_name_prefix="translate-kit") as pool:
            pending: dict[Future[list[tuple[Unit, Result]]], list[Unit]] = {
                pool.submit(self._batch, b): b for b in batches}
            try:
                for future in as_completed(pending):
                    for unit, result in future.result():
                        results[unit.key] = result
                        if result.text is not None and not result.kept_source:
                            self.cache.put(self.engine.name, unit.source_code,
                                           unit.target_code, unit.masked.text, result.text)
                        tracker.done(unit)
            except BaseException:
                for future in pending:
                    future.cancel()
                raise
            finally:
                self.cache.flush()

    # --- planning -------------------------------------------------------------------------

    def _batches(self, todo: list[Unit]) -> list[list[Unit]]:
        return pack(todo, self.engine, lambda u: len(self._sent(u).text))

    def _sent(self, unit: Unit) -> Masked:
        return sent_form(unit, self.engine.glossary)

    def _context(self, units: Sequence[Unit]) -> Context:
        return context_for(units, self.styles.get(units[0].lang, Style()), self.source_name,
                           self._pair_glossary.get(units[0].lang, ()))

    # --- one batch ------------------------------------------------------------------------

    def _batch(self, units: list[Unit]) -> list[tuple[Unit, Result]]:
        """Translate a batch; the units whose answer fails are retried alone."""
        context = self._context(units)
        if self.stopped is not None:
            return [(u, _failed(self.stopped)) for u in units]
        if len(units) == 1:
            return [(units[0], self._alone(units[0], context))]
        sent = [self._sent(u) for u in units]
        budget = Budget(self.settings.segment_retries)
        meter = self.meter.for_language(units[0].lang)  # a batch is of one language
        try:
            answers: list[str | None] = list(self._send(
                [m.text for m in sent], [kept_terms(m) for m in sent], context, budget, meter,
                strict=False))
        except EngineAuthError:
            raise
        except EngineRejected:
            answers = [None] * len(units)  # one text may be the cause: each goes alone
        except EngineError as exc:
            return [(u, _failed(exc)) for u in units]
        out = []
        for unit, masked, answer in zip(units, sent, answers, strict=True):
            result = self._accept(masked, answer) if answer is not None else None
            out.append((unit, result or self._alone(unit, context)))
        return out

    def _accept(self, masked: Masked, answer: str, retried: bool = False) -> Result | None:
        if verify(masked, answer):
            return None
        text, problems = scrub(answer, masked.text, self._secrets, self._endpoint)
        if text is None:
            return Result(None, "failed", error=problems[0])
        return Result(text, "engine", retried, problems=tuple(problems))

    def _alone(self, unit: Unit, context: Context) -> Result:
        """One unit on its own: verified, retried in pieces, else kept in the source."""
        masked = self._sent(unit)
        kept = kept_terms(masked)
        budget = Budget(self.settings.segment_retries)
        meter = self.meter.for_language(unit.lang)
        failure: list[str] = []

        def batch(texts: Sequence[str]) -> list[str]:
            try:
                return [a or t for a, t in zip(self._send(texts, [kept] * len(texts), context,
                                                          budget, meter), texts, strict=True)]
            except EngineAuthError:
                raise
            except EngineError as exc:
                failure.append(exc.message)
                return list(texts)

        [outcome] = translate_verified([masked], batch)
        if failure:
            return Result(None, "failed", error=failure[0])
        if outcome.kept_source:
            return Result(outcome.text, "engine", True, True, outcome.problems)
        accepted = self._accept(masked, outcome.text, outcome.retried)
        if accepted is None:  # cannot happen: translate_verified verified it
            return Result(masked.text, "engine", True, True, ("tokens changed",))
        return Result(accepted.text, accepted.origin, outcome.retried, False,
                      outcome.problems + accepted.problems, accepted.error)

    def _send(self, texts: Sequence[str], kept: Sequence[tuple[tuple[str, str], ...]],
              context: Context, budget: Budget, meter: Meter,
              strict: bool = True) -> list[str | None]:
        """Texts through the engine, long ones in pieces, packed into requests, counted on
        ``meter`` (the language's view of the run's meter). With ``strict``, a text with no
        answer is an EngineBadReply (retried within budget)."""
        pieces = [split_for_limit(t, self.engine.max_chars) for t in texts]
        flat = [Item(p, tuple(k for k in keep if k[0] in p))
                for parts, keep in zip(pieces, kept, strict=True) for p in parts]
        answers: list[str | None] = []
        size = max(1, self.engine.batch_size)
        for start in range(0, len(flat), size):
            chunk = flat[start:start + size]
            answers += self._request(chunk, context, budget, meter, strict or len(chunk) == 1)
        out: list[str | None] = []
        for parts in pieces:
            got, answers = answers[:len(parts)], answers[len(parts):]
            out.append(None if any(a is None for a in got) else " ".join(
                a for a in got if a is not None))
        return out

    # --- one request ----------------------------------------------------------------------

    def _request(self, items: list[Item], context: Context, budget: Budget, meter: Meter,
                 strict: bool) -> list[str | None]:
        attempt = 0
        while True:
            if self.stopped is not None:
                raise self.stopped
            self.limiter.wait()
            try:
                answers = self.engine.translate(items, context, meter)
                if len(answers) != len(items) or (strict and None in answers):
                    raise EngineBadReply(f"{self.engine.name}: no usable answer for "
                                         f"{answers.count(None) or len(items)} text(s)")
                self._in_row = 0
                return answers
            except QuotaExceeded as exc:
                self._stop(exc)
                raise
            except EngineError as exc:
                self._note_failure(exc)
                if not exc.retryable or attempt >= self.settings.retries:
                    raise
                delay = self._delay(exc, attempt)
                if not budget.spend() or not self._run_budget.spend():
                    self._stop(EngineFailing(
                        f"{self.engine.name} is failing: the retry budget is spent "
                        f"(last error: {exc.message}); stopped, keeping what was done"))
                    raise self.stopped or exc from None
                meter.retried(delay, isinstance(exc, RateLimited))
                log.info("%s: %s; retrying in %.1f s", self.engine.name, exc.message, delay)
                self.sleep(delay)
                attempt += 1

    def _stop(self, error: EngineError) -> None:
        if self.stopped is None:
            self.stopped = error
        self._halt.set()

    def _note_failure(self, exc: EngineError) -> None:
        """Trip when requests keep failing in a row (no answer, 5xx, unusable replies, as
        opposed to a 429 or a refused text): the rest of the run then fails at once, not
        after every segment's retries."""
        if isinstance(exc, RateLimited) or not exc.retryable:
            return
        self._in_row += 1
        if self._in_row >= self.settings.give_up_after:
            unreachable = isinstance(exc, EngineUnavailable) and exc.status is None
            what = "unreachable" if unreachable else "is failing"
            self._stop(EngineFailing(f"{self.engine.name} {what}: {self._in_row} requests in "
                                     f"a row failed ({exc.message}); stopped, keeping what "
                                     "was done"))

    def _delay(self, exc: EngineError, attempt: int) -> float:
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            if exc.retry_after > self.settings.max_wait:
                self._stop(EngineFailing(
                    f"{self.engine.name} asks to wait {exc.retry_after:g} s (Retry-After), "
                    f"more than the {self.settings.max_wait:g} s allowed; stopped, keeping "
                    "what was done"))
                raise self.stopped or exc
            return exc.retry_after
        base = self.settings.backoff * (2 ** attempt)
        return float(min(base * (1 + random.random() / 2), self.settings.max_wait))


def _failed(error: EngineError) -> Result:
    return Result(None, "failed", error=error.message)
