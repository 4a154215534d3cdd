"""draft and sync through the CLI with each engine family: preflight before anything is sent,
honest bills (what the server received; tokens; 0 for offline engines), terminal errors, a
failing engine that ends the run quickly, range-checked settings, episode context, engines."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import episode, make_site
from mt_server import MTServer
from openai_server import ChatServer
from typer.testing import CliRunner

from translate_kit.cli import app

runner = CliRunner()


@pytest.fixture
def server() -> Iterator[MTServer]:
    with MTServer() as running:
        yield running


@pytest.fixture
def chat() -> Iterator[ChatServer]:
    with ChatServer() as running:
        yield running


def site(tmp_path: Path, languages: tuple[str, ...] = ("fr", "de"), episodes: int = 2,
         **config: object) -> Path:
    files: dict[str, str | bytes] = {f"episodes/{n}/en.md": episode(n)
                                     for n in range(1, episodes + 1)}
    return make_site(tmp_path, files, config=config, languages=languages)


def libre(server: MTServer) -> dict[str, object]:
    return {"engine": "libre", "engine_options": {"url": server.url}, "timeout": 5}


def test_a_language_the_engine_lacks_stops_before_anything_is_sent(
        tmp_path: Path, server: MTServer) -> None:
    root = site(tmp_path, ("fr", "nl"), **libre(server))
    for args in (["sync", str(root)], ["draft", "--dry-run", str(root)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        [line] = result.stderr.strip().splitlines()
        assert "'libre'" in line and "into nl" in line and "codes it knows: " in line
    assert server.script.requests == []
    assert not (root / "episodes/1/fr.md").exists()


def test_the_bill_is_what_the_server_received(tmp_path: Path, server: MTServer) -> None:
    server.script.queue += [("429", 0), ("500", None)]
    root = site(tmp_path, **libre(server))
    result = runner.invoke(app, ["sync", "-q", str(root)])
    assert result.exit_code == 0, result.output
    sent = server.script.requests
    line = next(x for x in result.stdout.splitlines() if "engine requests made" in x)
    assert line.startswith(f"{len(sent)} engine requests made, {sum(map(len, sent)):,} "
                           "characters sent; 2 retries (1 rate-limit wait); done in ")


def test_offline_engines_bill_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sync", "-q", "--engine", "none", str(site(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "0 engine requests made, 0 characters sent" in result.stdout


def test_a_server_that_always_fails_ends_the_run_quickly(
        tmp_path: Path, server: MTServer) -> None:
    server.script.fail_texts.add("")  # every text: HTTP 500
    root = site(tmp_path, episodes=4, **libre(server), retries=4)
    start = time.monotonic()
    result = runner.invoke(app, ["sync", "-q", str(root)])
    assert time.monotonic() - start < 20  # seconds, not minutes (default backoff)
    assert result.exit_code == 1
    assert "stopped early: libre is failing" in result.stderr
    assert len(server.script.requests) <= 16


@pytest.mark.parametrize(("args", "config", "named"), [
    (["--rate-limit", "1e-9"], {}, "--rate-limit"),
    ([], {"timeout": 1e308}, "timeout"),
    ([], {"rate_limit": 1e-9}, "rate_limit"),
])
def test_settings_out_of_range_are_one_line_exit_2(tmp_path: Path, server: MTServer,
                                                   args: list[str], config: dict[str, object],
                                                   named: str) -> None:
    root = site(tmp_path, **(libre(server) | config))
    result = runner.invoke(app, ["sync", *args, str(root)])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip().splitlines()[-1]  # typer's usage lines come first
    assert named in line and ("--" in named or "translate-kit.yaml" in line)
    assert server.script.requests == []


@pytest.mark.parametrize(("key", "value", "taken"), [
    ("timeout", 600, True), ("timeout", 600.5, False), ("timeout", 3600, False),
    ("timeout", 0.1, True), ("timeout", 0.05, False), ("workers", 64, True),
    ("workers", 65, False), ("rate_limit", 1000, True), ("rate_limit", 1001, False),
    ("rate_limit", 0, True),
])
def test_a_setting_has_one_range_in_config_command_line_and_engine_layer(
        tmp_path: Path, key: str, value: float, taken: bool) -> None:
    from translate_kit.config import parse_config
    from translate_kit.errors import ConfigError, UsageError
    from translate_kit.retry import Settings

    root = site(tmp_path, ("fr",), episodes=1, engine="pseudo")
    base = {"languages": ["fr"], "layout": {"variants": "ep/{number}/{lang}.md"}}
    if taken:
        assert getattr(parse_config(tmp_path, {**base, key: value}), key) == value
        assert getattr(Settings(**{key: value}), key) == value
    else:
        with pytest.raises(ConfigError, match=key):
            parse_config(tmp_path, {**base, key: value})
        with pytest.raises(UsageError, match=key):
            Settings(**{key: value})
    option = f"--{key.replace('_', '-')}"
    result = runner.invoke(app, ["draft", "--dry-run", option, f"{value:g}", str(root)])
    assert result.exit_code == (0 if taken else 2), result.output
    if not taken:
        assert option in result.stderr


def test_llm_sync_bills_tokens_and_sends_the_episode_context(tmp_path: Path,
                                                             chat: ChatServer) -> None:
    root = site(tmp_path, ("de",), episodes=1, engine="llm",
                engine_options={"url": chat.url + "/v1", "price": "1", "price_output": "2"})
    dry = runner.invoke(app, ["sync", "--dry-run", str(root)])
    assert dry.exit_code == 0, dry.output
    assert "would use about " in dry.stdout and "at the configured price" in dry.stdout
    assert chat.seen == []
    result = runner.invoke(app, ["sync", "-q", str(root)])
    assert result.exit_code == 0, result.output
    tokens = chat.script.prompt_tokens + chat.script.completion_tokens
    assert f"; {tokens:,} tokens ({chat.script.prompt_tokens:,} prompt" in result.stdout
    assert len(chat.script.payloads) == 1  # one page, one request for all its segments
    system = chat.script.payloads[0]["messages"][0]["content"]
    assert "into German" in system
    assert "Lighthouse Keepers: a conversation about coastal history." in system
    texts = json.loads(chat.script.payloads[0]["messages"][1]["content"])
    assert len(texts) >= 8


def test_the_llm_bill_per_language_is_the_usage_the_server_reported(
        tmp_path: Path, chat: ChatServer) -> None:
    root = site(tmp_path, ("fr", "de"), episodes=2, engine="llm",
                engine_options={"url": chat.url + "/v1", "price": "3", "price_output": "7",
                                "batch": "2"})
    dry = runner.invoke(app, ["sync", "--dry-run", str(root)])
    assert dry.exit_code == 0, dry.output
    assert chat.seen == []
    guesses = {lang: _figures(dry.stdout, f"{lang}: ", "about ") for lang in ("fr", "de")}
    assert all(p > 0 and c > 0 for p, c, _ in guesses.values())
    total = _figures(dry.stdout, "would use about ", "")
    assert total[:2] == tuple(map(sum, zip(*(g[:2] for g in guesses.values()), strict=True)))

    result = runner.invoke(app, ["sync", str(root)])
    assert result.exit_code == 0, result.output
    assert len(chat.script.usage) >= 4  # several requests per language: the sums matter
    for lang in ("fr", "de"):
        prompt = sum(p for target, p, _ in chat.script.usage if target == lang)
        completion = sum(c for target, _, c in chat.script.usage if target == lang)
        assert prompt and completion
        money = (prompt * 3 + completion * 7) / 1_000_000
        assert _figures(result.stdout, f"{lang}: ", "") == (prompt, completion,
                                                            pytest.approx(money, abs=5e-5))
    [closing] = [x for x in result.stdout.splitlines() if "engine requests made" in x]
    assert _figures(closing, "", "; ")[:2] == (chat.script.prompt_tokens,
                                               chat.script.completion_tokens)
    again = runner.invoke(app, ["draft", "--dry-run", "--force", str(root)])
    assert again.exit_code == 0, again.output  # all cached now: no tokens to estimate
    lines = [x for x in again.stdout.splitlines() if x.startswith(("fr: ", "de: "))]
    assert len(lines) == 2 and all(" 0 from cache" not in x and "tokens" not in x
                                   for x in lines)


def _figures(output: str, start: str, lead: str) -> tuple[int, int, float]:
    """(prompt, completion, money) from the line beginning ``start``."""
    import re

    [line] = [x for x in output.splitlines() if x.startswith(start)]  # start "": one line
    found = re.search(lead + r"([\d,]+) tokens \(([\d,]+) prompt \+ ([\d,]+) completion\) "
                      r"\(≈ ([\d.,]+) at the configured price\)", line)
    assert found, line
    prompt, completion = (int(found.group(n).replace(",", "")) for n in (2, 3))
    assert int(found.group(1).replace(",", "")) == prompt + completion
    return prompt, completion, float(found.group(4).replace(",", ""))


def test_engines_lists_apertium_pairs(apertium_url: str, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = site(tmp_path, engine="apertium", engine_options={"url": apertium_url})
    monkeypatch.chdir(root)
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    result = runner.invoke(app, ["engines"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"apertium: pairs at {apertium_url}: " in result.stdout
    assert "eng→spa" in result.stdout
