"""Engines: one contract for every engine usable here, and deep-translator's failures mapped
to translate-kit's errors, all through real HTTP against a local server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mt_server import MTServer

from translate_kit.engines import (
    REGISTRY,
    EngineAuthError,
    EngineBadReply,
    EngineUnavailable,
    RateLimited,
    call_with_timeout,
    get_spec,
    response_capture,
    split_for_limit,
)
from translate_kit.errors import UsageError


@pytest.fixture
def server() -> Iterator[MTServer]:
    with MTServer() as running:
        yield running


def build(name: str, server: MTServer) -> object:
    urls = {"libre": server.url, "google": server.url + "m", "mymemory": server.url + "get"}
    options = {"url": urls[name]} if name in urls else {}
    return get_spec(name).create(options, environ={})


# Every engine that can run without the internet here: offline ones, and the HTTP ones that
# accept a url (pointed at the local server).
CONTRACT = ["pseudo", "none", "libre", "google", "mymemory"]


@pytest.mark.parametrize("name", CONTRACT)
def test_engine_contract(name: str, server: MTServer) -> None:
    engine = build(name, server)
    codes = {"mymemory": ("en-GB", "fr-FR")}.get(name, ("en", "fr"))
    text = "Keepers wrote ⟦1⟧logs⟦2⟧ every night."
    with response_capture():
        first = engine.translate(text, *codes)  # type: ignore[attr-defined]
        second = engine.translate(text, *codes)  # type: ignore[attr-defined]
    assert isinstance(first, str) and first.strip()
    assert first == second  # deterministic
    assert first.count("⟦1⟧") == 1 and first.count("⟦2⟧") == 1
    if name == "none":
        assert first == text
    else:
        assert first != text
    assert engine.max_chars > 0 and engine.batch_size > 0  # type: ignore[attr-defined]


def test_registry_has_every_deep_translator_service() -> None:
    assert {"google", "deepl", "microsoft", "libre", "mymemory", "chatgpt", "yandex", "baidu",
            "papago", "qcri", "pseudo", "none"} <= set(REGISTRY)


def test_pseudo_expands_and_accents_but_keeps_tokens() -> None:
    engine = get_spec("pseudo").create()
    out = engine.translate("Hello ⟦1⟧world⟦2⟧", "en", "fr")
    assert out.startswith("[") and out.endswith("]")
    assert "⟦1⟧" in out and "⟦2⟧" in out
    assert "Ĥéĺĺö" in out
    assert len(out) >= len("Hello world") * 1.3
    assert engine.translate("⟦1⟧ 42", "en", "fr") == "⟦1⟧ 42"  # nothing to translate


def test_missing_key_and_unknown_option_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="DEEPL_API_KEY"):
        get_spec("deepl").create(environ={})
    with pytest.raises(UsageError, match="no option"):
        get_spec("libre").create({"colour": "red"}, environ={})
    with pytest.raises(UsageError, match="unknown engine"):
        get_spec("babelfish")


@pytest.mark.parametrize(("action", "error"), [
    (("429", 7), RateLimited),
    (("500", None), EngineUnavailable),
    (("403", None), EngineAuthError),
])
def test_libre_http_failures_are_mapped(server: MTServer, action: tuple[str, float],
                                        error: type[Exception]) -> None:
    server.script.queue.append(action)
    engine = build("libre", server)
    with response_capture(), pytest.raises(error) as info:
        engine.translate("Hello", "en", "fr")  # type: ignore[attr-defined]
    if action[0] == "429":
        assert info.value.retry_after == 7  # type: ignore[attr-defined]


def test_google_429_carries_retry_after(server: MTServer) -> None:
    server.script.queue.append(("429", 3))
    engine = build("google", server)
    with response_capture(), pytest.raises(RateLimited) as info:
        engine.translate("Hello", "en", "fr")  # type: ignore[attr-defined]
    assert info.value.retry_after == 3


def test_connection_refused_is_unavailable() -> None:
    with MTServer() as gone:
        url = gone.url
    engine = get_spec("libre").create({"url": url}, environ={})
    with pytest.raises(EngineUnavailable, match=r"cannot connect"):
        engine.translate("Hello", "en", "fr")


def test_mymemory_quota_warning_is_rate_limited(server: MTServer) -> None:
    server.script.translate = lambda text, target: "MYMEMORY WARNING: YOU USED ALL AVAILABLE"
    engine = build("mymemory", server)
    with pytest.raises(RateLimited, match="quota"):
        engine.translate("Hello", "en-GB", "fr-FR")  # type: ignore[attr-defined]


def test_empty_reply_is_bad_reply(server: MTServer) -> None:
    server.script.translate = lambda text, target: ""
    engine = build("libre", server)
    with pytest.raises(EngineBadReply):
        engine.translate("Hello", "en", "fr")  # type: ignore[attr-defined]


def test_google_punctuation_only_comes_back_unchanged(server: MTServer) -> None:
    server.script.translate = lambda text, target: text
    engine = build("google", server)
    assert engine.translate("!!!", "en", "fr") == "!!!"  # type: ignore[attr-defined]


def test_call_with_timeout_gives_up_on_a_hung_server(server: MTServer) -> None:
    server.script.queue.append(("hang", 5))
    engine = build("libre", server)
    with pytest.raises(EngineUnavailable, match=r"no answer within 0\.3"):
        call_with_timeout(lambda: engine.translate("Hello", "en", "fr"), 0.3)  # type: ignore


def test_split_for_limit_keeps_sentences_and_tokens() -> None:
    text = "First sentence here. Second one ⟦1⟧ follows! Third? " + "word " * 30
    pieces = split_for_limit(text.strip(), 40)
    assert all(len(p) <= 40 for p in pieces)
    assert " ".join(pieces) == " ".join(text.split())
    assert pieces[0] == "First sentence here."
    assert any("⟦1⟧" in p for p in pieces)


def test_keys_never_appear_in_errors(server: MTServer) -> None:
    server.script.queue.append(("403", None))
    secret = "sk-very-secret-123"
    engine = get_spec("deepl").create({"url": server.url}, environ={"DEEPL_API_KEY": secret})
    with response_capture(), pytest.raises(EngineAuthError) as info:
        engine.translate("Hello", "en", "fr")  # type: ignore[attr-defined]
    assert secret not in str(info.value)
    assert secret not in repr(engine)


def test_keys_and_texts_never_appear_in_connection_errors() -> None:
    with MTServer() as gone:
        url = gone.url
    secret = "sk-in-the-url-555"
    engine = get_spec("deepl").create({"url": url}, environ={"DEEPL_API_KEY": secret})
    with response_capture(), pytest.raises(EngineUnavailable) as info:
        engine.translate("A private sentence", "en", "fr")  # type: ignore[attr-defined]
    assert "cannot connect" in str(info.value)
    assert secret not in str(info.value) and "private" not in str(info.value)
    assert info.value.__cause__ is None  # no traceback can show the URL either
