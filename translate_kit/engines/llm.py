"""``llm``: any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI, OpenRouter,
a local Ollama / vLLM / LM Studio / llama.cpp server).

Plain HTTP (requests, already installed with deep-translator) rather than the ``openai`` SDK:
the one call needed is ``POST {url}/chat/completions``; the SDK retries on its own (its
requests would be missing from the bill unless turned off), pulls in httpx and pydantic at
import time, and assumes OpenAI's URL shapes, while local servers and Azure differ in small
ways (no key, ``api-key`` header, ``api-version`` parameter) that are two lines here.

A batch goes as one JSON object of id → text; the system prompt holds the target language and
the locale's style, the glossary entries present in the batch, the episode's title and summary,
and the rule to keep every ``⟦n⟧`` token. The answer must be a JSON object with the same ids;
an id missing or not text comes back as None and the translate stage retries that unit alone
(token checks happen there too). Token usage is read from every response.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import UsageError
from .base import (
    Context,
    EngineBadReply,
    EngineBase,
    EngineSpec,
    Item,
    Meter,
    number_check,
    register,
    url_check,
)
from .http import Http, loads_object

DEFAULT_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
# What one segment costs beside its own text, and the prompt's own size, in tokens (for the
# --dry-run estimate; a real run reads the usage from each response).
PROMPT_TOKENS = 260
CHARS_PER_TOKEN = 3.5


def system_prompt(context: Context) -> str:
    """The instructions for one batch."""
    target = context.target_name or context.target
    source = context.source_name or context.source
    lines = [
        f"You are a professional translator. Translate each value of the JSON object from "
        f"{source} into {target} (language code {context.target}).",
        "Answer with one JSON object only: the same keys, each value the translation of that "
        "key's text. Add no keys, no comments, no explanations.",
        "Tokens such as ⟦1⟧ stand for markup, links or names: keep every token exactly as "
        "written, exactly once, where it belongs in the translated sentence; never add, "
        "translate, split or renumber a token.",
    ]
    if context.formality:
        lines.append(f"Register: {_register(context.formality)}.")
    lines += [f"Style: {note}." for note in context.style]
    fixed = [e for e in context.glossary if e.target]
    kept = [e for e in context.glossary if not e.target]
    if fixed:
        lines.append("Glossary (always use these renderings, inflected as the grammar needs):")
        lines += [f'- "{e.source}" → "{e.target}"' for e in fixed]
    if kept:
        lines.append("Keep these as written (names, brands): "
                     + ", ".join(f'"{e.source}"' for e in kept) + ".")
    if context.title or context.summary:
        lines.append("The texts come from one podcast episode page (context only; do not "
                     f"translate it into the answer): {context.episode}")
    return "\n".join(lines)


def _register(formality: str) -> str:
    if "more" in formality or formality == "formal":
        return "formal (polite forms of address)"
    if "less" in formality or formality == "informal":
        return "informal (familiar forms of address)"
    return "neutral"


def estimate_tokens(chars: int, segments: int, batch_size: int) -> tuple[int, int]:
    """(prompt, completion) tokens a run of ``segments`` texts totalling ``chars`` would use."""
    batches = -(-segments // max(1, batch_size)) if segments else 0
    text = round(chars / CHARS_PER_TOKEN)
    overhead = segments * 6  # the ids and quotes around each text
    return batches * PROMPT_TOKENS + text + overhead, round(text * 1.2) + overhead


class LLMEngine(EngineBase):
    """One OpenAI-compatible endpoint and model."""

    name = "llm"
    max_chars = 4000
    batch_chars = 6000
    glossary = False

    def __init__(self, options: Mapping[str, str], key: str | None):
        self.url = options.get("url", DEFAULT_URL).rstrip("/")
        self.model = options.get("model", DEFAULT_MODEL)
        self.temperature = float(options.get("temperature", "0"))
        self.batch_size = int(options.get("batch", "20"))
        self.json_mode = options.get("json_mode", "no") == "yes"
        self.api_version = options.get("api_version")
        self.price_in = float(options["price"]) if "price" in options else None
        self.price_out = float(options.get("price_output", options.get("price", "0")))
        headers = {"Content-Type": "application/json"}
        if key and self.api_version:  # Azure OpenAI
            headers["api-key"] = key
        elif key:
            headers["Authorization"] = f"Bearer {key}"
        self.http = Http(self.name, headers)

    def __repr__(self) -> str:
        return f"LLMEngine(url={self.url!r}, model={self.model!r})"

    def cost(self, prompt: int, completion: int) -> float | None:
        """Money for the tokens at the configured price per million (None: no price)."""
        if self.price_in is None:
            return None
        return (prompt * self.price_in + completion * self.price_out) / 1_000_000

    def translate(self, items: Sequence[Item], context: Context,
                  meter: Meter) -> list[str | None]:
        ids = [str(i + 1) for i in range(len(items))]
        payload: dict[str, Any] = {
            "model": self.model, "temperature": self.temperature,
            "messages": [
                {"role": "system", "content": system_prompt(context)},
                {"role": "user", "content": json.dumps(
                    dict(zip(ids, (item.text for item in items), strict=True)),
                    ensure_ascii=False)}]}
        if self.json_mode:
            payload["response_format"] = {"type": "json_object"}
        url = f"{self.url}/chat/completions"
        params = {"api-version": self.api_version} if self.api_version else None
        body = self.http.request("POST", url, meter, sum(len(i.text) for i in items),
                                 json=payload, params=params)
        _count_usage(body, meter)
        answer = _content(self.name, body)
        if answer is None:
            return [None] * len(items)
        return [value if isinstance(value := answer.get(i), str) else None for i in ids]


def _count_usage(body: Any, meter: Meter) -> None:
    usage = body.get("usage") if isinstance(body, dict) else None
    if isinstance(usage, dict):
        prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
        meter.used(prompt if isinstance(prompt, int) else 0,
                   completion if isinstance(completion, int) else 0)


def _content(name: str, body: Any) -> dict[str, Any] | None:
    """The answer's JSON object; None when the model answered something else (retried per
    unit); EngineBadReply when the reply is not a chat completion at all."""
    try:
        choice = body["choices"][0]
        content = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise EngineBadReply(f"{name}: the reply is not a chat completion") from None
    if not isinstance(content, str) or choice.get("finish_reason") == "length":
        return None  # cut off (or empty): the units are retried in smaller batches
    return loads_object(content)


def _build(options: Mapping[str, str], keys: Mapping[str, str]) -> LLMEngine:
    url = options.get("url", DEFAULT_URL)
    if "api.openai.com" in url and not keys.get("OPENAI_API_KEY"):
        raise UsageError("engine 'llm' needs the environment variable OPENAI_API_KEY for "
                         f"{url} (a local server needs none: set the url option)")
    return LLMEngine(options, keys.get("OPENAI_API_KEY"))


register(EngineSpec(
    "llm", "any OpenAI-compatible chat endpoint (OpenAI, Azure, OpenRouter, Ollama, vLLM, "
    "LM Studio, llama.cpp)", _build, optional_keys=("OPENAI_API_KEY",),
    options=("url", "model", "temperature", "batch", "json_mode", "api_version", "price",
             "price_output"),
    max_chars=LLMEngine.max_chars, batch_size=20, family="llm",
    checks={"url": url_check, "temperature": number_check(0, 2),
            "batch": number_check(1, 200, integer=True), "price": number_check(0, 10_000),
            "price_output": number_check(0, 10_000)}))
