"""A small threaded HTTP server on 127.0.0.1 for the engine test servers: start with
``with Server(handler) as s:``; every request is counted (method, path, headers, body)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlparse


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    """JSON (dict/list) or form fields (dict) or None."""


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[[Seen], Reply]


class Threaded:
    """A ThreadingHTTPServer on 127.0.0.1 (a free port) serving ``handler`` in a daemon thread
    while the ``with`` block runs; quiet about clients that hang up mid-request."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        # A client killed mid-request (a test does that) is not an error worth printing.
        self.httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Server(Threaded):
    """Calls ``route`` for every request and records it in ``seen``."""

    def __init__(self, route: Route):
        self.route = route
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        super().__init__(_handler(self))


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _body(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8") if length else ""
            if not raw:
                return None
            if "json" in (self.headers.get("Content-Type") or ""):
                return json.loads(raw)
            return {k: v[0] for k, v in parse_qs(raw).items()}

        def _serve(self) -> None:
            parsed = urlparse(self.path)
            seen = Seen(self.command, parsed.path,
                        {k: v[0] for k, v in parse_qs(parsed.query).items()},
                        dict(self.headers.items()), self._body())
            with server.lock:
                server.seen.append(seen)
            reply = server.route(seen)
            data = b"" if reply.body is None else (
                reply.body.encode() if isinstance(reply.body, str)
                else json.dumps(reply.body, ensure_ascii=False).encode("utf-8"))
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _serve

    return Handler
