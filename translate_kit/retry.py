"""How hard and how fast the translate stage pushes an engine: settings (range-checked), the
rate limiter, the retry budgets, and the scrubbing of engine replies."""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass, fields

from .config import Config
from .errors import UsageError
from .limits import range_problem


@dataclass(frozen=True)
class Settings:
    """How hard and how fast to push the engine (from config; command-line options win).
    Every value is range-checked when built, against the same ranges as the config and the
    command line (:data:`translate_kit.limits.LIMITS`): a UsageError names the first one out
    of range."""

    # The four the config also sets take its defaults: one place says what a run does when
    # nothing is said.
    workers: int = Config.workers
    """Requests in flight at once."""
    timeout: float = Config.timeout
    """Seconds before one request is given up (and retried)."""
    retries: int = Config.retries
    """Further tries of one request after a retryable failure (429, 5xx, timeout, no answer)."""
    backoff: float = 1.0
    """First wait between tries, doubled each time (plus jitter) unless Retry-After says."""
    max_wait: float = 60.0
    """Ceiling on one wait: a Retry-After above it means the engine is failing (the run ends,
    keeping what was done) rather than a wait of minutes per segment."""
    rate_limit: float = Config.rate_limit
    """Requests per second across all workers; 0 for no limit."""
    give_up_after: int = 12
    """Failed requests in a row (no answer, 5xx, unusable replies) after which the engine
    counts as failing and the run ends."""
    segment_retries: int = 8
    """Retries one segment may spend in all (its batch, alone, in pieces)."""
    run_retries: int = 60
    """Retries the whole run may spend; then the engine counts as failing."""

    def __post_init__(self) -> None:
        for item in fields(self):
            problem = range_problem(item.name, getattr(self, item.name))
            if problem:
                raise UsageError(problem)


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


class Budget:
    """Retries left for one segment (or one batch); shared by the requests made for it."""

    def __init__(self, retries: int):
        self.left = retries

    def spend(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


# --- scrubbing engine replies --------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"'⟦⟧]+", re.IGNORECASE)
_KEYISH = re.compile(r"(?i)[?&](?:[\w-]*(?:key|token|secret|auth|signature)[\w-]*|q|text)=")
# Key-shaped values only (a digit in a long run of key characters): prose such as "secret:
# always" must survive.
_VALUE = r"(?=[\w:.\-]*\d)[\w:.\-]{12,}"
_CREDENTIAL = re.compile(
    rf"(?i)\b(?:deepl-auth-key|bearer)\s+{_VALUE}"
    rf"|\b[\w-]*(?:api[_-]?key|auth[_-]?key|access[_-]?token|secret[_-]?key|client[_-]?secret)"
    rf"[\w-]*\s*[=:]\s*{_VALUE}"
    r"|\bsk-[A-Za-z0-9_\-]{16,}")


def known_secrets(names: tuple[str, ...]) -> tuple[str, ...]:
    """Values of the environment variables ``names`` that are set (long enough to match)."""
    return tuple(v for n in names if len(v := os.environ.get(n, "")) >= 6)


def scrub(text: str, source: str, secrets: tuple[str, ...],
          endpoint: str | None) -> tuple[str | None, list[str]]:
    """An engine reply with anything that looks like a key or a request URL removed.

    Returns (text, problems); text is None when the reply held one of the run's own keys
    (an engine that echoes its request): such a reply is not a translation and is never
    written or cached. URLs the source text did not have are removed when they carry query
    parameters such as ``key=``/``q=`` or point at the engine itself."""
    if any(secret in text for secret in secrets):
        return None, ["the engine's reply contained an API key (an echo of its request)"]
    problems = []
    host = re.sub(r"^https?://", "", endpoint or "").split("/")[0].lower()

    def url(match: re.Match[str]) -> str:
        found = match.group(0)
        if found in source:
            return found
        if _KEYISH.search(found) or (host and host in found.lower()):
            problems.append("a request URL in the engine's reply was removed")
            return ""
        return found

    cleaned = _URL.sub(url, text)
    if _CREDENTIAL.search(cleaned) and not _CREDENTIAL.search(source):
        cleaned = _CREDENTIAL.sub("", cleaned)
        problems.append("something that looks like a key in the engine's reply was removed")
    return cleaned, problems
