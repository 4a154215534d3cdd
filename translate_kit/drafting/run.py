"""The translation run: the engine chosen and checked (preflight), every segment to send as a
Unit with its page's context, the run through the translation cache, and what went on the
wire (or, for a dry run, which units the cache already has and the tokens an LLM would use)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..batching import Episode, Style
from ..cache import Cache
from ..config import Config
from ..engines import Engine, Meter, Usage, get_spec, preflight
from ..errors import ConfigError, TranslateKitError, UsageError
from ..glossary import Glossary
from ..limits import range_problem
from ..locales import Locale
from ..progress import Snapshot
from ..retry import Settings
from ..translate import Progress, Result, Translator, Unit
from .plan import Job


@dataclass(frozen=True)
class Traffic(Usage):
    """A meter's figures as a bill shows them: what went on the wire (retries included), as a
    counting server sees it, and what it means."""

    cost: float | None = None
    """Money for the tokens at the configured price per million (None: no price set)."""
    stopped: str | None = None
    """Why the run ended early (quota used up, engine failing), None when it did not."""
    estimated: bool = False
    """True for a dry run's estimate (tokens only; nothing was sent)."""


def traffic(usage: Usage, engine: Engine, stopped: str | None = None) -> Traffic:
    """A meter's figures as a bill shows them, with the money at the engine's price."""
    cost = getattr(engine, "cost", None)
    return Traffic(**asdict(usage), stopped=stopped,
                   cost=cost(usage.prompt_tokens, usage.completion_tokens) if cost else None)


@dataclass(frozen=True)
class Run:
    """What the engine returned, and what it took."""

    results: Mapping[tuple[str, str], Result]
    requests: int
    chars: int
    traffic: Traffic = Traffic()
    languages: Mapping[str, Traffic] = field(default_factory=dict)
    """What each target language's requests took (the bill per language)."""


def open_engine(name: str, config_options: Iterable[tuple[str, str]],
                options: Iterable[tuple[str, str]]) -> Engine:
    """The engine ``name`` with the config's options, overridden by the command line's."""
    return get_spec(name).create(dict(config_options) | dict(options))


def settings(config: Config, workers: int | None, timeout: float | None,
             rate_limit: float | None) -> Settings:
    """Run settings: the command line's where given, else the config's; a value out of range
    is one line naming the option or the config file (exit 2)."""
    given = {"workers": workers, "timeout": timeout, "rate_limit": rate_limit}
    values = {"workers": config.workers, "timeout": config.timeout,
              "retries": config.retries, "rate_limit": config.rate_limit}
    values |= {k: v for k, v in given.items() if v is not None}
    for name, value in values.items():
        problem = range_problem(name, value)
        if problem and given.get(name) is not None:
            raise UsageError(f"--{name.replace('_', '-')}: {problem}")
        if problem:
            raise ConfigError([TranslateKitError(problem, config.path)])
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in values.items() if k in known})  # type: ignore[arg-type]


def units(jobs: list[Job], source_locale: Locale, engine_name: str) -> list[Unit]:
    """Every segment the jobs send, in the engine's language codes, with its page's title
    and summary as context."""
    out = []
    for job in jobs:
        fields_ = {s.key: s.plain for s in job.source.segments if s.key in ("title", "summary")}
        episode = Episode(fields_.get("title", ""), fields_.get("summary", ""))
        out += [Unit(job.gap.lang, source_locale.engine_code(engine_name),
                     job.locale.engine_code(engine_name), s.masked, episode, job.gap.path)
                for s in job.todo]
    return out


def styles(jobs: list[Job], formality: str | None) -> dict[str, Style]:
    """Each target language's name and style, from its locale (``formality`` from the engine
    options wins over the locale's)."""
    out = {}
    for job in jobs:
        locale = job.locale
        notes = []
        quotes = locale.typography.get("quotes")
        if isinstance(quotes, list) and len(quotes) == 2:
            notes.append(f"quotation marks {quotes[0].strip()}…{quotes[1].strip()}")
        out[job.gap.lang] = Style(locale.name or locale.code,
                                  formality or locale.formality or None, tuple(notes))
    return out


def check_languages(engine: Engine, jobs: list[Job], source_locale: Locale, engine_name: str,
                    meter: Meter) -> None:
    """Preflight before any text is sent: every target language against the engine."""
    if not jobs:
        return
    targets = {job.gap.lang: job.locale.engine_code(engine_name) for job in jobs}
    preflight(engine, source_locale.engine_code(engine_name), targets, meter)


def translate(engine: Engine, todo: list[Unit], settings: Settings, cache_path: Path,
              progress: Progress | None = None, *, styles: dict[str, Style] | None = None,
              source_name: str = "", glossary: Glossary | None = None, meter: Meter | None = None,
              watch: Callable[[Snapshot], None] | None = None) -> Run:
    """Translate the units through the cache (identical texts are sent once)."""
    cache = Cache(cache_path)
    translator = Translator(engine, cache, settings, styles=styles, source_name=source_name,
                            glossary=glossary, meter=meter)
    try:
        results = translator.run(todo, progress, watch)
    finally:
        cache.close()
    meter = translator.meter
    stopped = translator.stopped.message if translator.stopped else None
    return Run(results, translator.calls, translator.chars,
               traffic(meter.usage(), engine, stopped),
               {lang: traffic(usage, engine) for lang, usage in meter.by_language().items()})


def estimate(engine: Engine, todo: list[Unit],
             cached: set[tuple[str, str]]) -> dict[str, Traffic] | None:
    """For a dry run with an LLM: per language, the tokens (and money) its uncached units
    would use (each language's batches are its own, as in a real run)."""
    from ..engines.llm import LLMEngine, estimate_tokens

    if not isinstance(engine, LLMEngine):
        return None
    unique = {u.key: u for u in todo if u.masked.translatable and u.key not in cached}
    out = {}
    for lang in dict.fromkeys(u.lang for u in todo):
        mine = [u for u in unique.values() if u.lang == lang]
        prompt, completion = estimate_tokens(sum(len(u.masked.text) for u in mine), len(mine),
                                             engine.batch_size)
        out[lang] = Traffic(prompt_tokens=prompt, completion_tokens=completion,
                            cost=engine.cost(prompt, completion), estimated=True)
    return out


def summed(engine: Engine, parts: Mapping[str, Traffic]) -> Traffic:
    """The languages' estimates as one (the dry run's closing figure)."""
    from ..engines.llm import LLMEngine

    prompt = sum(t.prompt_tokens for t in parts.values())
    completion = sum(t.completion_tokens for t in parts.values())
    cost = engine.cost(prompt, completion) if isinstance(engine, LLMEngine) else None
    return Traffic(prompt_tokens=prompt, completion_tokens=completion, cost=cost,
                   estimated=True)


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
