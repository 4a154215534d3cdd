"""Engines: one contract over every engine that can run here (offline ones, deep-translator's
services against a local server, DeepL against a local DeepL-API-compatible server, llm against
a local OpenAI-compatible server, apertium against the real APY), then each family's own
behaviour, all through real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from deepl_server import DeepLServer
from mt_server import MTServer
from openai_server import ChatServer

from translate_kit.engines import (
    REGISTRY,
    Context,
    Engine,
    EngineAuthError,
    EngineBadReply,
    EngineRejected,
    EngineUnavailable,
    Item,
    Meter,
    QuotaExceeded,
    RateLimited,
    call_with_timeout,
    get_spec,
    preflight,
    split_for_limit,
)
from translate_kit.errors import UsageError

KEY = "test-key:fx"


@pytest.fixture
def server() -> Iterator[MTServer]:
    with MTServer() as running:
        yield running


@pytest.fixture
def deepl_server() -> Iterator[DeepLServer]:
    with DeepLServer() as running:
        yield running


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    with ChatServer() as running:
        yield running


def one(engine: Engine, text: str, target: str = "fr", source: str = "en",
        meter: Meter | None = None, **context: Any) -> str | None:
    [answer] = engine.translate([Item(text)], Context(source, target, **context),
                                meter or Meter(5))
    return answer


CONTRACT = ["pseudo", "none", "libre", "google", "mymemory", "deepl", "llm", "apertium"]


@pytest.fixture(params=CONTRACT)
def built(request: pytest.FixtureRequest) -> Iterator[tuple[Engine, str, Any]]:
    """(engine, target code, something counting what the server received)."""
    name = request.param
    if name in ("pseudo", "none"):
        yield get_spec(name).create(), "fr", None
    elif name in ("libre", "google", "mymemory"):
        with MTServer() as mt:
            url = {"libre": mt.url, "google": mt.url + "m", "mymemory": mt.url + "get"}[name]
            target = "fr-FR" if name == "mymemory" else "fr"
            yield get_spec(name).create({"url": url}, environ={}), target, mt.script.requests
    elif name == "deepl":
        with DeepLServer() as dl:
            yield (get_spec("deepl").create({"url": dl.url}, {"DEEPL_API_KEY": KEY}), "fr",
                   dl.seen)
    elif name == "llm":
        with ChatServer() as ch:
            yield get_spec("llm").create({"url": ch.url + "/v1"}, environ={}), "fr", ch.seen
    else:
        url = request.getfixturevalue("apertium_url")
        yield get_spec("apertium").create({"url": url}, environ={}), "es", None


def test_engine_contract(built: tuple[Engine, str, Any]) -> None:
    engine, target, received = built
    text = "The keepers wrote ⟦1⟧logs⟦2⟧ every night."
    meter = Meter(10)
    source = "en-GB" if engine.name == "mymemory" else "en"
    first, second = (one(engine, text, target, source, meter=meter) for _ in range(2))
    assert isinstance(first, str) and first.strip()
    assert first == second  # deterministic
    assert first.count("⟦1⟧") == 1 and first.count("⟦2⟧") == 1
    assert (first == text) == (engine.name == "none")
    assert engine.max_chars > 0 and engine.batch_size > 0 and engine.batch_chars > 0
    assert engine.offline == (engine.name in ("pseudo", "none"))
    if engine.offline:
        assert meter.requests == 0 and meter.chars == 0
    elif received is not None:
        assert meter.requests == len(received)  # the bill is what the server received
    codes = engine.languages(source, meter)
    assert codes is None or target.split("-")[0] in {c.split("-")[0].lower() for c in codes}


def test_registry_has_every_family() -> None:
    families = {spec.family for spec in REGISTRY.values()}
    assert families == {"deep-translator", "deepl", "llm", "apertium", "offline"}
    assert {"google", "microsoft", "libre", "mymemory", "yandex", "baidu", "papago",
            "qcri"} <= {n for n, s in REGISTRY.items() if s.family == "deep-translator"}
    with pytest.raises(UsageError, match=r"retired.*llm"):
        get_spec("chatgpt")


@pytest.mark.parametrize("name", ["microsoft", "yandex", "baidu", "papago", "qcri"])
def test_keyed_services_build_without_a_request(name: str) -> None:
    spec = get_spec(name)
    engine = spec.create(environ={k: "dummy-value" for k in spec.keys})
    assert engine.batch_size == 1 and not engine.offline
    with pytest.raises(UsageError, match=spec.keys[0]):
        spec.create(environ={})


def test_options_are_checked_before_any_request() -> None:
    with pytest.raises(UsageError, match="no option"):
        get_spec("libre").create({"colour": "red"}, environ={})
    with pytest.raises(UsageError, match=r"temperature.*out of range"):
        get_spec("llm").create({"url": "http://127.0.0.1:9/v1", "temperature": "7"}, {})
    with pytest.raises(UsageError, match=r"batch.*whole number"):
        get_spec("llm").create({"url": "http://127.0.0.1:9/v1", "batch": "2.5"}, {})
    with pytest.raises(UsageError, match="OPENAI_API_KEY"):
        get_spec("llm").create({}, environ={})
    with pytest.raises(UsageError, match="not an http"):
        get_spec("apertium").create({"url": "file:///etc"}, environ={})
    with pytest.raises(UsageError, match="unknown engine"):
        get_spec("babelfish")


def test_preflight_names_language_engine_and_known_codes(server: MTServer) -> None:
    engine = get_spec("libre").create({"url": server.url}, environ={})
    with pytest.raises(UsageError) as info:
        preflight(engine, "en", {"fr": "fr", "nl": "nl"}, Meter(5))
    message = str(info.value)
    assert "'libre'" in message and "nl" in message and "fr, " in message
    assert "\n" not in message
    assert server.script.requests == []  # nothing was sent


# --- deep-translator services ------------------------------------------------------------

@pytest.mark.parametrize(("action", "error"), [
    (("429", 7), RateLimited), (("500", None), EngineUnavailable),
    (("403", None), EngineAuthError), (("400", None), EngineRejected),
    (("413", None), EngineRejected), (("list", None), EngineBadReply),
])
def test_libre_failures_are_mapped(server: MTServer, action: tuple[str, float],
                                   error: type[Exception]) -> None:
    server.script.queue.append(action)
    engine = get_spec("libre").create({"url": server.url}, environ={})
    with pytest.raises(error) as info:
        one(engine, "Hello")
    if action[0] == "429":
        assert info.value.retry_after == 7  # type: ignore[attr-defined]


def test_google_429_carries_retry_after_and_punctuation_comes_back(server: MTServer) -> None:
    server.script.queue.append(("429", 3))
    engine = get_spec("google").create({"url": server.url + "m"}, environ={})
    with pytest.raises(RateLimited) as info:
        one(engine, "Hello")
    assert info.value.retry_after == 3
    server.script.translate = lambda text, target: text
    assert one(engine, "!!!") == "!!!"


def test_mymemory_quota_warning_is_quota_exceeded(server: MTServer) -> None:
    server.script.translate = lambda text, target: "MYMEMORY WARNING: YOU USED ALL AVAILABLE"
    engine = get_spec("mymemory").create({"url": server.url + "get"}, environ={})
    with pytest.raises(QuotaExceeded, match="quota"):
        one(engine, "Hello", "fr-FR", "en-GB")


def test_a_hung_server_times_out(server: MTServer) -> None:
    server.script.queue.append(("hang", 5))
    engine = get_spec("libre").create({"url": server.url}, environ={})
    with pytest.raises(EngineUnavailable, match=r"no answer within 0\.3"):
        one(engine, "Hello", meter=Meter(0.3))
    with pytest.raises(EngineUnavailable, match=r"no answer within 0\.2"):
        call_with_timeout(lambda: __import__("time").sleep(2), 0.2)


def test_keys_never_appear_in_errors_nor_chained(server: MTServer) -> None:
    server.script.queue.append(("403", None))
    secret = "libre-very-secret-123"
    engine = get_spec("libre").create({"url": server.url}, {"LIBRE_API_KEY": secret})
    with pytest.raises(EngineAuthError) as info:
        one(engine, "Hello")
    assert secret not in str(info.value) and secret not in repr(engine)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    with MTServer() as gone:
        url = gone.url
    engine = get_spec("libre").create({"url": url}, {"LIBRE_API_KEY": secret})
    with pytest.raises(EngineUnavailable, match="cannot connect") as info:
        one(engine, "A private sentence")
    assert secret not in str(info.value) and "private" not in str(info.value)
    assert info.value.__cause__ is None


def test_split_for_limit_keeps_sentences_and_tokens() -> None:
    text = "First sentence here. Second one ⟦1⟧ follows! Third? " + "word " * 30
    pieces = split_for_limit(text.strip(), 40)
    assert all(len(p) <= 40 for p in pieces)
    assert " ".join(pieces) == " ".join(text.split())
    assert pieces[0] == "First sentence here."
