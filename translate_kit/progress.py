"""Progress that says what is happening: the translate stage keeps a Snapshot (pages done of
total, languages, characters and tokens sent, retries, rate-limit waits, elapsed, ETA), and a
Display renders it on a terminal (a spinner naming the planning step, then a bar, then one
closing line with the elapsed time). The library only builds snapshots; the CLI displays them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .engines import Meter


class _Unit(Protocol):
    @property
    def key(self) -> tuple[str, str]: ...
    @property
    def lang(self) -> str: ...
    @property
    def page(self) -> str | None: ...


@dataclass(frozen=True)
class Snapshot:
    """The translate stage at one moment."""

    segments_done: int
    segments_total: int
    pages_done: int
    pages_total: int
    languages: tuple[str, ...]
    requests: int
    chars: int
    tokens: int
    retries: int
    waits: int
    """Rate-limit waits (HTTP 429) so far."""
    waited: float
    """Seconds spent waiting before retries."""
    elapsed: float
    eta: float | None
    """Seconds left, estimated from the pace so far (None before the first answer)."""
    stopped: str | None = None

    def line(self) -> str:
        """One line for a log or a terminal."""
        parts = [f"{self.pages_done}/{self.pages_total} pages",
                 f"{self.segments_done}/{self.segments_total} segments",
                 ", ".join(self.languages) or "-",
                 f"{self.chars:,} chars in {self.requests:,} requests"]
        if self.tokens:
            parts.append(f"{self.tokens:,} tokens")
        if self.retries:
            parts.append(f"{self.retries} retries ({self.waits} rate-limit waits, "
                         f"{self.waited:.0f} s)")
        return " · ".join(parts)


class Tracker:
    """Counts segments and pages as their answers arrive; thread-safe."""

    def __init__(self, units: Iterable[_Unit], done: set[tuple[str, str]], meter: Meter,
                 progress: Callable[[int, int], None] | None = None,
                 watch: Callable[[Snapshot], None] | None = None):
        self.meter = meter
        self.progress, self.watch = progress, watch
        self.start = time.monotonic()
        self._lock = threading.Lock()
        self.pages: dict[str, set[tuple[str, str]]] = {}
        langs: set[str] = set()
        keys: set[tuple[str, str]] = set()
        for unit in units:
            langs.add(unit.lang)
            keys.add(unit.key)
            page = f"{unit.lang}:{unit.page or '?'}"
            self.pages.setdefault(page, set()).add(unit.key)
        self.languages = tuple(sorted(langs))
        self.total = len(keys - done)
        self.count = 0
        self.pending = {key for key in keys if key not in done}
        self._emit()

    def done(self, unit: _Unit) -> None:
        with self._lock:
            if unit.key in self.pending:
                self.pending.discard(unit.key)
                self.count += 1
        self._emit()

    def finish(self, stopped: Any = None) -> None:
        self._emit(str(stopped) if stopped is not None else None)

    def snapshot(self, stopped: str | None = None) -> Snapshot:
        with self._lock:
            pages_done = sum(1 for keys in self.pages.values() if not keys & self.pending)
            count = self.count
        elapsed = time.monotonic() - self.start
        eta = elapsed / count * (self.total - count) if count else None
        m = self.meter
        return Snapshot(count, self.total, pages_done, len(self.pages), self.languages,
                        m.requests, m.chars, m.tokens, m.retries, m.waits, m.waited, elapsed,
                        eta, stopped)

    def _emit(self, stopped: str | None = None) -> None:
        if self.progress is not None:
            self.progress(self.count, self.total)
        if self.watch is not None:
            self.watch(self.snapshot(stopped))


def elapsed_text(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Display:
    """A terminal display on stderr (rich): ``step`` shows a spinner with the planning step,
    ``update`` a bar of pages with the snapshot's figures, ``closing`` the last line."""

    def __init__(self, console: Any, enabled: bool):
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

        self.start = time.monotonic()
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                            TextColumn("{task.fields[figures]}"), console=console,
                            disable=not enabled, transient=True)
        self.task = self.bar.add_task("planning", total=None, figures="")

    def step(self, name: str) -> None:
        self.bar.update(self.task, description=name, total=None, figures="")

    def watch(self, event: Snapshot | str) -> None:
        """A step's name or a snapshot of the translate stage."""
        if isinstance(event, str):
            self.step(event)
        else:
            self.update(event)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def update(self, snap: Snapshot) -> None:
        eta = f" · ETA {elapsed_text(snap.eta)}" if snap.eta is not None else ""
        figures = snap.line().split(" · ", 1)[1] + f" · {elapsed_text(snap.elapsed)}{eta}"
        self.bar.update(self.task, description=f"translating {snap.pages_done}/"
                        f"{snap.pages_total} pages", total=max(1, snap.pages_total),
                        completed=snap.pages_done, figures=figures)

    @contextmanager
    def running(self) -> Iterator[Display]:
        with self.bar:
            yield self
