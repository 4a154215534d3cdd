"""The meter: what went on the wire in one run, counted where it is sent (retries included),
in all and per target language, so that a bill can say what each language cost."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Usage:
    """What a run's requests (or one language's) put on the wire."""

    requests: int = 0
    chars: int = 0
    """Characters of text sent (retries included)."""
    prompt_tokens: int = 0
    """Tokens the service reported for the requests (LLM engines)."""
    completion_tokens: int = 0
    retries: int = 0
    waits: int = 0
    """Retries that waited because the service asked (HTTP 429)."""
    waited: float = 0.0
    """Seconds spent waiting before retries."""

    def plus(self, **counts: float) -> Usage:
        return replace(self, **{k: getattr(self, k) + v for k, v in counts.items()})

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class _Tally:
    """The counts a meter and its per-language views share."""

    def __init__(self, timeout: float | None):
        self.timeout = timeout
        self.lock = threading.Lock()
        self.total = Usage()
        self.languages: dict[str, Usage] = {}


class Meter:
    """What went on the wire in one run. Thread-safe; engines call ``sent`` once per request
    they make and ``used`` with the tokens a reply reports. ``for_language`` gives a view that
    counts the same figures on one language's account too (the translate stage hands engines
    such a view: an engine does not know which of the site's languages it is working for)."""

    def __init__(self, timeout: float | None = 30.0):
        self._tally = _Tally(timeout)
        self.lang: str | None = None
        """The language this view counts for (None: the run as a whole)."""

    def for_language(self, lang: str) -> Meter:
        view = Meter.__new__(Meter)
        view._tally, view.lang = self._tally, lang
        return view

    @property
    def timeout(self) -> float | None:
        """Seconds an engine waits for one answer (None: no limit, offline engines)."""
        return self._tally.timeout

    @timeout.setter
    def timeout(self, value: float | None) -> None:
        self._tally.timeout = value

    def sent(self, chars: int, requests: int = 1) -> None:
        self._add(requests=requests, chars=chars)

    def used(self, prompt: int, completion: int) -> None:
        self._add(prompt_tokens=prompt, completion_tokens=completion)

    def retried(self, wait: float, rate_limited: bool) -> None:
        self._add(retries=1, waits=int(rate_limited), waited=wait)

    def _add(self, **counts: float) -> None:
        tally = self._tally
        with tally.lock:
            tally.total = tally.total.plus(**counts)
            if self.lang is not None:
                tally.languages[self.lang] = tally.languages.get(self.lang, Usage()).plus(
                    **counts)

    def usage(self) -> Usage:
        """The whole run's figures (requests made outside any language's work included, such
        as a language list)."""
        with self._tally.lock:
            return self._tally.total

    def by_language(self) -> dict[str, Usage]:
        """Each language's figures (languages that sent nothing are absent)."""
        with self._tally.lock:
            return dict(self._tally.languages)

    # The whole run's figures, one by one (for progress and bills).
    @property
    def requests(self) -> int:
        return self.usage().requests

    @property
    def chars(self) -> int:
        return self.usage().chars

    @property
    def prompt_tokens(self) -> int:
        return self.usage().prompt_tokens

    @property
    def completion_tokens(self) -> int:
        return self.usage().completion_tokens

    @property
    def retries(self) -> int:
        return self.usage().retries

    @property
    def waits(self) -> int:
        return self.usage().waits

    @property
    def waited(self) -> float:
        return self.usage().waited

    @property
    def tokens(self) -> int:
        return self.usage().tokens


__all__ = ["Meter", "Usage"]
