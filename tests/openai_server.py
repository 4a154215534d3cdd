"""A local OpenAI-compatible chat-completions server for tests (127.0.0.1 only).

``POST /v1/chat/completions``: the user message must be a JSON object of id → text; the answer
is a JSON object with each text upper-cased (tokens kept) plus `` [target]``, and a ``usage``
block (4 characters a token). ``queue`` scripts one reply each: "drop" (one id missing),
"mangle" (the first id loses its tokens), "list" (a JSON list instead of an object), "fence"
(the object inside a Markdown fence), "echo" (the request's Authorization header in every
value), "quota" (429 insufficient_quota), "429", "500", "400".
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from local_server import Reply, Seen, Server

TOKEN = re.compile(r"(⟦\d+⟧)")


def shout(text: str, target: str) -> str:
    parts = TOKEN.split(text)
    return "".join(p if TOKEN.fullmatch(p) else p.upper() for p in parts) + f" [{target}]"


@dataclass
class ChatScript:
    key: str | None = None
    latency: float = 0.0
    """Seconds each completion takes (for benchmarks)."""
    queue: list[str] = field(default_factory=list)
    payloads: list[dict[str, Any]] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    usage: list[tuple[str, int, int]] = field(default_factory=list)
    """(target language code, prompt tokens, completion tokens) as each reply reported them."""


def _target(system: str) -> str:
    found = re.search(r"\(language code ([\w-]+)\)", system)
    return found.group(1) if found else "?"


class ChatServer(Server):
    def __init__(self, script: ChatScript | None = None):
        self.script = script or ChatScript()
        super().__init__(self.answer)

    def answer(self, seen: Seen) -> Reply:
        if self.script.key and seen.headers.get("Authorization") != f"Bearer {self.script.key}":
            return Reply(401, {"error": {"message": "Incorrect API key provided",
                                         "code": "invalid_api_key"}})
        if seen.path != "/v1/chat/completions" or seen.method != "POST":
            return Reply(404, {"error": {"message": "not found"}})
        action = self.script.queue.pop(0) if self.script.queue else "ok"
        if action == "quota":
            return Reply(429, {"error": {"message": "You exceeded your current quota",
                                         "type": "insufficient_quota",
                                         "code": "insufficient_quota"}})
        if action in ("429", "500", "400"):
            return Reply(int(action), {"error": {"message": f"scripted {action}"}},
                         {"Retry-After": "0"} if action == "429" else {})
        payload = seen.body
        self.script.payloads.append(payload)
        if self.script.latency:
            time.sleep(self.script.latency)
        system, user = payload["messages"][0]["content"], payload["messages"][1]["content"]
        texts = json.loads(user)
        answer: Any = {i: shout(t, _target(system)) for i, t in texts.items()}
        content = self._shape(action, answer, seen)
        prompt, completion = (len(system) + len(user)) // 4, len(content) // 4
        self.script.prompt_tokens += prompt
        self.script.completion_tokens += completion
        self.script.usage.append((_target(system), prompt, completion))
        return Reply(200, {"id": "c1", "object": "chat.completion", "choices": [
            {"index": 0, "finish_reason": "stop",
             "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                      "total_tokens": prompt + completion}})

    @staticmethod
    def _shape(action: str, answer: dict[str, str], seen: Seen) -> str:
        first = next(iter(answer))
        if action == "drop":
            answer.pop(first)
        elif action == "mangle":
            answer[first] = TOKEN.sub("", answer[first])
        elif action == "echo":
            auth = seen.headers.get("Authorization", "")
            answer = {i: f"{t} ({auth})" for i, t in answer.items()}
        if action == "list":
            return json.dumps(list(answer.values()), ensure_ascii=False)
        text = json.dumps(answer, ensure_ascii=False)
        return f"```json\n{text}\n```" if action == "fence" else text
