"""llm against a local OpenAI-compatible server: batches of id → text, the prompt's content,
validation with only the failing units retried alone, token usage, terminal quota, echoes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from openai_server import ChatServer

from translate_kit.cache import Cache
from translate_kit.engines import Context, EngineAuthError, Item, Meter, get_spec
from translate_kit.engines.llm import LLMEngine, estimate_tokens
from translate_kit.glossary import Glossary, Term
from translate_kit.protect import mask
from translate_kit.retry import Settings
from translate_kit.translate import Episode, Style, Translator, Unit

GLOSSARY = Glossary((Term("Zero Trust", keep=True),
                     Term("generative AI", translations={"de": "generative KI"},
                          case_sensitive=False),
                     Term("lighthouse", translations={"de": "Leuchtturm"})))


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    with ChatServer() as running:
        yield running


def llm(server: ChatServer, **options: str) -> LLMEngine:
    built = get_spec("llm").create({"url": server.url + "/v1", **options}, environ={})
    assert isinstance(built, LLMEngine)
    return built


def units(texts: list[str], episode: Episode | None = None) -> list[Unit]:
    return [Unit("de", "en", "de", mask(t, GLOSSARY), episode, page="ep1") for t in texts]


def run(server: ChatServer, items: list[Unit], workers: int = 2,
        **options: str) -> tuple[Translator, dict]:
    translator = Translator(llm(server, **options), Cache(None),
                            Settings(workers=workers, backoff=0),
                            styles={"de": Style("German", "more", ("quotation marks „…“",))},
                            source_name="English")
    return translator, translator.run(items)


def user_texts(payload: dict) -> dict[str, str]:
    return json.loads(payload["messages"][1]["content"])  # type: ignore[no-any-return]


def test_segments_go_in_batches_and_usage_is_summed(chat: ChatServer) -> None:
    items = units([f"Keepers wrote log number {i} by hand." for i in range(25)])
    translator, results = run(chat, items, batch="10")
    assert len(chat.script.payloads) == 3  # 25 segments, 3 requests
    assert sorted(len(user_texts(p)) for p in chat.script.payloads) == [5, 10, 10]
    assert results[items[3].key].text == "KEEPERS WROTE LOG NUMBER 3 BY HAND. [de]"
    assert translator.meter.requests == len(chat.seen) == 3
    assert translator.meter.prompt_tokens == chat.script.prompt_tokens > 0
    assert translator.meter.completion_tokens == chat.script.completion_tokens > 0


def test_the_prompt_holds_language_style_glossary_episode_and_token_rule(
        chat: ChatServer) -> None:
    items = units(["Zero Trust keeps the lighthouse safe.", "Only plain words here."],
                  Episode("Fog horns", "How coastal towns kept ships safe"))
    run(chat, items)
    [payload] = chat.script.payloads
    system = payload["messages"][0]["content"]
    assert "from English into German (language code de)" in system
    assert "formal" in system and "quotation marks „…“" in system
    assert '"lighthouse" → "Leuchtturm"' in system
    assert '"Zero Trust"' in system and "generative" not in system  # only the batch's terms
    assert "Fog horns. How coastal towns kept ships safe." in system
    assert "⟦1⟧" in system and "exactly once" in system
    assert user_texts(payload) == {"1": "⟦1⟧ keeps the ⟦2⟧ safe.", "2": "Only plain words here."}


@pytest.mark.parametrize("action", ["drop", "mangle", "list"])
def test_only_the_failing_units_are_retried_alone(chat: ChatServer, action: str) -> None:
    chat.script.queue.append(action)
    items = units(["First text with `code` in it.", "Second text.", "Third text."])
    _, results = run(chat, items)
    sizes = [len(user_texts(p)) for p in chat.script.payloads]
    expected = [3, 1, 1, 1] if action == "list" else [3, 1]
    assert sizes == expected
    assert all(r.origin == "engine" and r.text and "[de]" in r.text for r in results.values())
    assert results[items[0].key].text.count("⟦1⟧") == 1  # type: ignore[union-attr]


def test_a_fenced_answer_is_accepted(chat: ChatServer) -> None:
    chat.script.queue.append("fence")
    _, results = run(chat, units(["Hello sailors."]))
    assert len(chat.script.payloads) == 1
    assert next(iter(results.values())).text == "HELLO SAILORS. [de]"


def test_insufficient_quota_ends_the_run_without_retrying(chat: ChatServer) -> None:
    chat.script.queue.append("quota")
    translator, results = run(chat, units([f"Segment {i} text." for i in range(30)]),
                              workers=1, batch="10")
    assert len(chat.seen) == 1  # nothing after the quota reply
    assert translator.stopped is not None and "quota" in str(translator.stopped)
    assert len(results) == 30
    assert all(r.text is None and "quota" in (r.error or "") for r in results.values())


def test_an_echoed_key_is_never_used_or_cached(chat: ChatServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-test-echo-1234567890abcdef"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    chat.script.key = secret
    chat.script.queue.append("echo")
    engine = get_spec("llm").create({"url": chat.url + "/v1"})
    cache = Cache(None)
    item = units(["Hello sailors."])[0]
    results = Translator(engine, cache, Settings(workers=1)).run([item])
    assert results[item.key].text is None and "API key" in (results[item.key].error or "")
    assert cache.get("llm", "en", "de", item.masked.text) is None


def test_a_wrong_key_stops_the_run(chat: ChatServer) -> None:
    chat.script.key = "sk-right-one-123456"
    engine = get_spec("llm").create({"url": chat.url + "/v1"},
                                    {"OPENAI_API_KEY": "sk-wrong-one-654321"})
    with pytest.raises(EngineAuthError, match="HTTP 401") as info:
        Translator(engine, Cache(None), Settings(workers=1)).run(units(["Hello."]))
    assert "sk-wrong" not in str(info.value)


def test_price_turns_tokens_into_money_and_estimates_are_close(chat: ChatServer) -> None:
    engine = llm(chat, price="0.5", price_output="1.5")
    assert engine.cost(2_000_000, 1_000_000) == pytest.approx(2.5)
    assert llm(chat).cost(10, 10) is None
    texts = [f"Keepers wrote log number {i} by hand at night." for i in range(40)]
    translator, _ = run(chat, units(texts))
    prompt, completion = estimate_tokens(sum(map(len, texts)), len(texts), 20)
    # The estimate is for the dry run's bill: within a factor of two of what was used.
    assert 0.5 < prompt / translator.meter.prompt_tokens < 2
    assert 0.5 < completion / translator.meter.completion_tokens < 2


def test_azure_style_sends_api_key_header_and_version(chat: ChatServer) -> None:
    engine = get_spec("llm").create({"url": chat.url + "/v1", "api_version": "2024-10-21"},
                                    {"OPENAI_API_KEY": "azure-key-123456"})
    engine.translate([Item("Hi")], Context("en", "de"), Meter(5))
    [seen] = chat.seen
    assert seen.headers.get("api-key") == "azure-key-123456"
    assert seen.query == {"api-version": "2024-10-21"} and "Authorization" not in seen.headers
