"""The translate stage against a local LibreTranslate-compatible server: retries, Retry-After,
timeouts, token verification, caching, identical segments sent once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mt_server import MTServer

from translate_kit.cache import Cache
from translate_kit.engines import EngineAuthError, get_spec
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
