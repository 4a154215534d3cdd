"""The translate stage against a local LibreTranslate-compatible server: retries, Retry-After,
timeouts, token verification, caching, identical segments sent once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mt_server import MTServer

from translate_kit.cache import Cache
from translate_kit.engines import EngineAuthError, EngineFailing, get_spec
from translate_kit.errors import UsageError
from translate_kit.progress import Snapshot
from translate_kit.protect import mask
from translate_kit.translate import Settings, Translator, Unit


@pytest.fixture
def server() -> Iterator[MTServer]:
    with MTServer() as running:
        yield running


def translator(server: MTServer, tmp_path: Path, **settings: float) -> tuple[Translator,
                                                                           list[float]]:
    slept: list[float] = []
    engine = get_spec("libre").create({"url": server.url}, environ={})
    config = {"workers": 2, "timeout": 2.0, "retries": 2, "backoff": 0.01, **settings}
    return Translator(engine, Cache(tmp_path / "cache.sqlite"), Settings(**config),  # type: ignore[arg-type]
                      sleep=slept.append), slept


def unit(text: str, lang: str = "fr") -> Unit:
    return Unit(lang, "en", lang, mask(text))


def test_translates_verifies_and_caches(server: MTServer, tmp_path: Path) -> None:
    t, _ = translator(server, tmp_path)
    units = [unit("See `code` here"), unit("Plain words"), unit("Plain words"),
             unit("Plain words", "de")]
    results = t.run(units)
    assert results[("fr", "See ⟦1⟧ here")].text == "SEE ⟦1⟧ HERE [fr]"
    assert len(server.script.requests) == 3  # identical (language, text) sent once
    again, _ = translator(server, tmp_path)
    cached = again.run(units)
    assert {r.origin for r in cached.values()} == {"cache"}
    assert len(server.script.requests) == 3


def test_429_honours_retry_after(server: MTServer, tmp_path: Path) -> None:
    server.script.queue += [("429", 4), ("429", 2)]
    t, slept = translator(server, tmp_path, workers=1)
    results = t.run([unit("Hello there")])
    assert results[("fr", "Hello there")].text == "HELLO THERE [fr]"
    assert slept == [4.0, 2.0]


def test_500_is_retried_with_backoff(server: MTServer, tmp_path: Path) -> None:
    server.script.queue += [("500", None)]
    t, slept = translator(server, tmp_path, workers=1)
    assert t.run([unit("Hello")])[("fr", "Hello")].origin == "engine"
    assert len(slept) == 1 and 0.01 <= slept[0] <= 0.02


def test_a_hung_request_times_out_and_the_others_succeed(server: MTServer,
                                                        tmp_path: Path) -> None:
    server.script.queue += [("hang", 3)] * 3
    t, _ = translator(server, tmp_path, workers=1, timeout=0.3, retries=2)
    results = t.run([unit("First one"), unit("Second one")])
    failed = results[("fr", "First one")]
    assert failed.text is None and "no answer within 0.3" in (failed.error or "")
    assert results[("fr", "Second one")].text == "SECOND ONE [fr]"


def test_failure_does_not_sink_other_segments(server: MTServer, tmp_path: Path) -> None:
    server.script.fail_texts.add("Broken")
    t, _ = translator(server, tmp_path, retries=1)
    results = t.run([unit("Broken text"), unit("Fine text")])
    assert results[("fr", "Broken text")].text is None
    assert results[("fr", "Fine text")].text == "FINE TEXT [fr]"


def test_mangled_tokens_are_retried_in_pieces(server: MTServer, tmp_path: Path) -> None:
    server.script.queue += [("mangle", None)]
    t, _ = translator(server, tmp_path, workers=1)
    item = unit("Read **the logs** at https://example.org/x now")
    result = t.run([item])[item.key]
    assert result.retried and not result.kept_source
    assert item.masked.unmask(result.text) == \
        "READ [fr] **THE LOGS [fr]** AT [fr] https://example.org/x NOW [fr]"


def test_an_engine_that_always_mangles_keeps_the_source(server: MTServer,
                                                        tmp_path: Path) -> None:
    server.script.mangle_all = True
    server.script.translate = lambda text, target: text + " ⟦9⟧"
    t, _ = translator(server, tmp_path, workers=1)
    item = unit("Read `this` now")
    result = t.run([item])[item.key]
    assert result.kept_source and result.problems
    assert result.text == item.masked.text


def test_refused_key_stops_the_run(server: MTServer, tmp_path: Path) -> None:
    server.script.queue += [("403", None)]
    t, _ = translator(server, tmp_path, workers=1)
    with pytest.raises(EngineAuthError):
        t.run([unit("Hello")])


def test_long_segments_are_split_for_the_engine(server: MTServer, tmp_path: Path) -> None:
    t, _ = translator(server, tmp_path)
    t.engine.max_chars = 30  # type: ignore[misc]
    text = "One short sentence. Another short sentence. A third one ends."
    result = t.run([unit(text)])[("fr", text)]
    assert all(len(r) <= 30 for r in server.script.requests)
    assert len(server.script.requests) == 3
    assert result.text == ("ONE SHORT SENTENCE. [fr] ANOTHER SHORT SENTENCE. [fr] "
                           "A THIRD ONE ENDS. [fr]")


def test_rate_limit_spaces_requests(server: MTServer, tmp_path: Path) -> None:
    import time

    t, _ = translator(server, tmp_path, workers=4, rate_limit=20)
    start = time.monotonic()
    t.run([unit(f"Text number {i}") for i in range(6)])
    assert time.monotonic() - start >= 5 / 20 * 0.9


def test_an_unreachable_engine_stops_the_run_quickly(tmp_path: Path) -> None:
    import time

    with MTServer() as gone:
        url = gone.url
    engine = get_spec("libre").create({"url": url}, environ={})
    t = Translator(engine, Cache(None), Settings(workers=2, retries=3, backoff=0.01,
                                                 give_up_after=4))
    start = time.monotonic()
    results = t.run([unit(f"Segment number {i}") for i in range(40)])
    assert all(r.text is None for r in results.values())
    assert any("unreachable" in (r.error or "") for r in results.values())
    assert t.calls < 40  # most segments never tried the network
    assert time.monotonic() - start < 10


def test_a_refused_text_is_not_retried(server: MTServer, tmp_path: Path) -> None:
    server.script.queue += [("400", None)]
    t, slept = translator(server, tmp_path, workers=1, retries=4)
    result = t.run([unit("Rejected text")])[("fr", "Rejected text")]
    assert result.text is None and "refused (HTTP 400)" in (result.error or "")
    assert len(server.script.requests) == 1 and slept == []


def test_a_server_that_always_fails_ends_the_run_quickly(server: MTServer,
                                                         tmp_path: Path) -> None:
    import time

    server.script.fail_texts.add("Segment")
    engine = get_spec("libre").create({"url": server.url}, environ={})
    # Real waits (0.2 s doubling): the run ends at the 12th failure in a row, and the
    # workers waiting to retry stop waiting then. benchmarks/bench_draft.py measures it
    # with the default settings.
    t = Translator(engine, Cache(None), Settings(workers=4, retries=4, backoff=0.2))
    start = time.monotonic()
    results = t.run([unit(f"Segment number {i}") for i in range(56)])
    assert time.monotonic() - start < 3
    assert all(r.text is None for r in results.values())
    assert any("is failing" in (r.error or "") for r in results.values())
    assert len(server.script.requests) <= 12 + 4  # the breaker, plus requests in flight
    assert isinstance(t.stopped, EngineFailing)


def test_a_long_retry_after_ends_the_run_instead_of_waiting(server: MTServer,
                                                            tmp_path: Path) -> None:
    server.script.queue += [("429", 240)]
    t, slept = translator(server, tmp_path, workers=1)
    results = t.run([unit("First one"), unit("Second one")])
    assert slept == [] and all(r.text is None for r in results.values())
    assert "wait 240 s" in str(t.stopped) and len(server.script.requests) == 1


def test_the_run_retry_budget_is_finite(server: MTServer, tmp_path: Path) -> None:
    server.script.queue += [("429", 0)] * 10
    t, slept = translator(server, tmp_path, workers=1, retries=10, run_retries=2)
    results = t.run([unit("Hello there")])
    assert len(slept) == 2 and len(server.script.requests) == 3
    assert results[("fr", "Hello there")].text is None and "budget" in str(t.stopped)


def test_the_bill_is_what_the_server_received(server: MTServer, tmp_path: Path) -> None:
    server.script.queue += [("429", 0), ("500", None), ("mangle", None)]
    t, _ = translator(server, tmp_path, workers=2)
    t.run([unit(f"Text `{i}` number {i} here") for i in range(6)])
    assert t.calls == len(server.script.requests) > 6  # retries included
    assert t.chars == sum(map(len, server.script.requests))
    assert t.meter.retries == 2 and t.meter.waits == 1
    offline = Translator(get_spec("none").create(), Cache(None), Settings())
    offline.run([unit("Plain words")])
    assert offline.calls == 0 and offline.chars == 0


@pytest.mark.parametrize(("name", "value"), [("rate_limit", 1e-9), ("timeout", 1e308),
                                             ("workers", 0), ("retries", 2.5),
                                             ("max_wait", float("nan"))])
def test_settings_out_of_range_are_usage_errors(name: str, value: float) -> None:
    with pytest.raises(UsageError, match=name):
        Settings(**{name: value})  # type: ignore[arg-type]


def test_a_json_list_reply_is_an_engine_error_not_a_crash(server: MTServer,
                                                          tmp_path: Path) -> None:
    server.script.queue += [("list", None)]
    t, _ = translator(server, tmp_path, workers=1)
    assert t.run([unit("Hello")])[("fr", "Hello")].text == "HELLO [fr]"  # retried
    server.script.queue += [("list", None)] * 10
    failed = t.run([unit("Goodbye")])[("fr", "Goodbye")]
    assert failed.text is None and "no translation" in (failed.error or "")


def test_a_used_up_quota_stops_the_run(server: MTServer, tmp_path: Path) -> None:
    server.script.translate = lambda text, target: "MYMEMORY WARNING: YOU USED ALL AVAILABLE"
    engine = get_spec("mymemory").create({"url": server.url + "get"}, environ={})
    t = Translator(engine, Cache(None), Settings(workers=1, backoff=0))
    results = t.run([Unit("fr", "en-GB", "fr-FR", mask(f"Text {i} here")) for i in range(5)])
    assert len(server.script.requests) == 1
    assert all("quota" in (r.error or "") for r in results.values())


def test_echoed_keys_and_request_urls_are_scrubbed(server: MTServer, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "libre-secret-0123456789"
    monkeypatch.setenv("LIBRE_API_KEY", secret)
    server.script.translate = lambda text, target: (
        f"{text} ({server.url}translate?q={text}&api_key={secret})" if "Echo" in text
        else f"{text} {server.url}translate?q=x")
    engine = get_spec("libre").create({"url": server.url})
    cache = Cache(None)
    t = Translator(engine, cache, Settings(workers=1))
    results = t.run([unit("Echo me"), unit("Plain words")])
    echoed = results[("fr", "Echo me")]
    assert echoed.text is None and "API key" in (echoed.error or "")
    assert cache.get("libre", "en", "fr", "Echo me") is None
    plain = results[("fr", "Plain words")]
    assert plain.text == "Plain words " and "request URL" in plain.problems[0]


def test_progress_snapshots_count_pages_languages_and_traffic(server: MTServer,
                                                              tmp_path: Path) -> None:
    seen: list[Snapshot] = []
    t, _ = translator(server, tmp_path, workers=1)
    units = [Unit(lang, "en", lang, mask(text), page=page) for lang, text, page in
             [("fr", "One here", "a.md"), ("fr", "Two here", "a.md"), ("de", "One here", "a.md"),
              ("fr", "Three here", "b.md")]]
    t.run(units, watch=seen.append)
    first, last = seen[0], seen[-1]
    assert (first.pages_done, first.pages_total, first.segments_total) == (0, 3, 4)
    assert (last.pages_done, last.segments_done, last.languages) == (3, 4, ("de", "fr"))
    assert last.requests == 4 and last.chars == sum(len(u.masked.text) for u in units)
    assert "3/3 pages" in last.line()


def test_the_display_names_the_step_then_pages_languages_and_traffic() -> None:
    import io

    from rich.console import Console

    from translate_kit.progress import Display

    display = Display(Console(file=io.StringIO(), force_terminal=True), enabled=True)
    with display.running():
        display.watch("planning")
        assert display.bar.tasks[0].description == "planning"
        display.watch(Snapshot(3, 10, 1, 4, ("de", "fr"), 5, 1234, 0, 2, 1, 4.0, 6.0, 14.0))
        task = display.bar.tasks[0]
    assert task.description == "translating 1/4 pages" and task.total == 4
    assert task.fields["figures"] == ("3/10 segments · de, fr · 1,234 chars in 5 requests · "
                                      "2 retries (1 rate-limit waits, 4 s) · 0:06 · ETA 0:14")
