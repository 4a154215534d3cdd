"""The translation run: the engine chosen, every segment to send as a Unit, and the run
through the translation cache (or, for a dry run, only which units the cache already has)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..cache import Cache
from ..config import Config
from ..engines import Engine, get_spec
from ..locales import Locale
from ..translate import Progress, Result, Settings, Translator, Unit
from .plan import Job


@dataclass(frozen=True)
class Run:
    """What the engine returned, and what it took."""

    results: Mapping[tuple[str, str], Result]
    requests: int
    chars: int


def open_engine(name: str, config_options: Iterable[tuple[str, str]],
                options: Iterable[tuple[str, str]]) -> Engine:
    """The engine ``name`` with the config's options, overridden by the command line's."""
    return get_spec(name).create(dict(config_options) | dict(options))


def settings(config: Config, workers: int | None, timeout: float | None,
             rate_limit: float | None) -> Settings:
    """Run settings: the command line's where given, else the config's."""
    return Settings(workers=workers or config.workers, timeout=timeout or config.timeout,
                    retries=config.retries,
                    rate_limit=config.rate_limit if rate_limit is None else rate_limit)


def units(jobs: list[Job], source_locale: Locale, engine_name: str) -> list[Unit]:
    """Every segment the jobs send, in the engine's language codes."""
    return [Unit(job.gap.lang, source_locale.engine_code(engine_name),
                 job.locale.engine_code(engine_name), s.masked)
            for job in jobs for s in job.todo]


def translate(engine: Engine, todo: list[Unit], settings: Settings, cache_path: Path,
              progress: Progress | None = None) -> Run:
    """Translate the units through the cache (identical texts are sent once)."""
    cache = Cache(cache_path)
    translator = Translator(engine, cache, settings)
    try:
        results = translator.run(todo, progress)
    finally:
        cache.close()
    return Run(results, translator.calls, translator.chars)


def cached_keys(todo: list[Unit], engine_name: str, cache_path: Path) -> set[tuple[str, str]]:
    """The units the cache already has (for a dry run's bill; nothing is created)."""
    if not cache_path.is_file():
        return set()
    cache = Cache(cache_path)
    try:
        return {u.key for u in todo
                if cache.get(engine_name, u.source_code, u.target_code, u.masked.text)}
    finally:
        cache.close()
