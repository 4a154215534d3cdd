"""A local machine-translation server for tests, on 127.0.0.1 only.

It speaks LibreTranslate's wire format (``POST /translate`` with ``q``, ``source``, ``target``,
``api_key`` in the query string → ``{"translatedText": …}``), serves a page shaped like Google's
mobile page (``GET /m?q=…`` → ``<div class="t0">…</div>``) and MyMemory's JSON
(``GET /get?q=…``). Behaviour is scripted per test: latency, 429s with Retry-After, 500s,
hangs, token-mangling replies, auth failures.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from local_server import Threaded

TOKEN = re.compile(r"(⟦\d+⟧)")


def shout(text: str, target: str) -> str:
    """The server's 'translation': letters outside tokens upper-cased, target code appended."""
    parts = TOKEN.split(text)
    body = "".join(p if TOKEN.fullmatch(p) else p.upper() for p in parts)
    return f"{body} [{target}]"


@dataclass
class Script:
    """What the server does; tests change it between runs."""

    latency: float = 0.0
    translate: Callable[[str, str], str] = shout
    # Each entry answers one request, in order, before normal service resumes:
    # ("429", retry_after) | ("500", None) | ("hang", seconds) | ("403", None) | ("mangle", None)
    # | ("400", None) | ("413", None) | ("list", None) (a JSON list instead of the object)
    queue: list[tuple[str, float | None]] = field(default_factory=list)
    fail_texts: set[str] = field(default_factory=set)
    """Texts answered with HTTP 500 every time (contains-match)."""
    mangle_all: bool = False
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_action(self, text: str) -> tuple[str, float | None]:
        with self.lock:
            self.requests.append(text)
            if any(f in text for f in self.fail_texts):
                return "500", None
            if self.queue:
                return self.queue.pop(0)
        return ("mangle", None) if self.mangle_all else ("ok", None)


def serve_in_process(script: Script, ready: object) -> None:
    """Run a server until killed, putting its URL on ``ready`` (a multiprocessing queue)."""
    server = MTServer(script)
    ready.put(server.url)  # type: ignore[attr-defined]
    server.httpd.serve_forever(0.05)


class MTServer(Threaded):
    """Start with ``with MTServer() as server:``; ``server.url`` ends with '/'."""

    def __init__(self, script: Script | None = None):
        self.script = script or Script()
        super().__init__(_handler(self.script))

    @property
    def url(self) -> str:
        return super().url + "/"


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet tests
            pass

        def _params(self) -> dict[str, str]:
            query = parse_qs(urlparse(self.path).query)
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                query.update(parse_qs(self.rfile.read(length).decode("utf-8")))
            return {k: v[0] for k, v in query.items()}

        def _reply(self, status: int, body: str, content_type: str,
                   headers: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _answer(self, text: str, target: str) -> tuple[int, str, dict[str, str]] | None:
            action, value = script.next_action(text)
            if script.latency:
                time.sleep(script.latency)
            if action == "hang":
                time.sleep(value or 30)
                return 500, "late", {}
            if action == "429":
                return 429, "slow down", {"Retry-After": str(value or 1)}
            if action in ("500", "403", "400", "413", "422"):
                return int(action), "error", {}
            if action == "list":
                return 200, "\x00list", {}
            translated = script.translate(text, target)
            if action == "mangle":
                translated = TOKEN.sub(lambda m: m.group(0)[0] + " " + m.group(0)[1:],
                                       translated)
            return 200, translated, {}

        def do_POST(self) -> None:  # LibreTranslate
            params = self._params()
            status, text, headers = self._answer(params.get("q", ""), params.get("target", ""))
            if status == 200 and text == "\x00list":
                self._reply(200, json.dumps([text]), "application/json")
            elif status == 200:
                self._reply(200, json.dumps({"translatedText": text}), "application/json")
            else:
                self._reply(status, json.dumps({"error": text}), "application/json", headers)

        def do_GET(self) -> None:
            params = self._params()
            path = urlparse(self.path).path
            if path == "/stats":  # for benchmarks running the server in another process
                with script.lock:
                    sent = list(script.requests)
                body = json.dumps({"requests": len(sent), "chars": sum(map(len, sent))})
                self._reply(200, body, "application/json")
                return
            target = params.get("tl") or params.get("langpair", "|").split("|")[-1]
            status, text, headers = self._answer(params.get("q", ""), target)
            if path.endswith("/get"):  # MyMemory
                body = json.dumps({"responseData": {"translatedText": text},
                                   "matches": [{"translation": text}]})
                self._reply(status, body, "application/json", headers)
            else:  # Google's mobile page
                page = f'<html><body><div class="t0">{html.escape(text)}</div></body></html>'
                self._reply(status, page, "text/html; charset=utf-8", headers)

    return Handler
