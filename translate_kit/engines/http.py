"""Plain HTTP for the engines translate-kit speaks to itself (llm, apertium): one session per
thread, a timeout on every request, each request counted on the meter before it is sent, and
HTTP failures mapped to translate-kit's errors by what they mean (terminal or retryable)."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from .base import (
    EngineAuthError,
    EngineBadReply,
    EngineRejected,
    EngineUnavailable,
    Meter,
    QuotaExceeded,
    RateLimited,
    short,
)


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date); None when absent."""
    value = headers.get("Retry-After") if headers is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _detail(body: Any) -> str:
    """The service's own words about an error, from the usual JSON shapes."""
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict):
            return str(error.get("message") or error.get("explanation") or "")
        if isinstance(error, str):
            return error
        return str(body.get("message") or body.get("explanation") or "")
    return ""


def _code(body: Any) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code") or error.get("type") or "") if isinstance(error, dict) else ""


def raise_for_status(name: str, status: int, body: Any,
                     headers: Mapping[str, str] | None) -> None:
    """Map an HTTP error to the EngineError that says what to do about it."""
    if status < 400:
        return
    detail = short(_detail(body)) if _detail(body) else ""
    why = f" ({detail})" if detail else ""
    if status == 429 and ("insufficient_quota" in _code(body) or "quota" in detail.lower()):
        raise QuotaExceeded(f"{name}: the account's quota is used up (HTTP 429{why})")
    if status == 429:
        raise RateLimited(f"{name}: too many requests (HTTP 429)", retry_after(headers))
    if status in (402, 456):
        raise QuotaExceeded(f"{name}: the account's quota is used up (HTTP {status}{why})")
    if status in (401, 403):
        raise EngineAuthError(f"{name}: the key was refused (HTTP {status}{why}); check its "
                              "environment variable")
    if status in (404, 405):
        raise EngineAuthError(f"{name}: no such endpoint or model (HTTP {status}{why}); check "
                              "the url and model options")
    if status >= 500:
        raise EngineUnavailable(f"{name}: server error (HTTP {status}{why})", status)
    raise EngineRejected(f"{name}: the request was refused (HTTP {status}{why})")


class Http:
    """A requests session per thread, for one engine."""

    def __init__(self, name: str, headers: Mapping[str, str] | None = None):
        self.name = name
        self.headers = dict(headers or {})
        self._local = threading.local()

    def __repr__(self) -> str:  # headers carry keys: never in a repr or a traceback's locals
        return f"Http({self.name!r})"

    def _session(self) -> Any:
        import requests

        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(self.headers)
            self._local.session = session
        return session

    def request(self, method: str, url: str, meter: Meter, chars: int = 0,
                **kwargs: Any) -> Any:
        """Send one request and return its JSON body. The request is counted (with ``chars``
        of text) when it reached the server: answered or timed out, not refused."""
        import requests

        try:
            response = self._session().request(method, url, timeout=meter.timeout, **kwargs)
        # "from None": requests' messages carry the URL, which may carry the text or a key.
        except requests.exceptions.Timeout:
            meter.sent(chars)
            raise EngineUnavailable(f"{self.name}: no answer within {meter.timeout:g} s "
                                    "(--timeout)") from None
        except requests.exceptions.ConnectionError as exc:
            raise EngineUnavailable(f"{self.name}: cannot connect ({short(exc)})") from None
        except requests.exceptions.RequestException as exc:
            raise EngineUnavailable(f"{self.name}: request failed ({short(exc)})") from None
        meter.sent(chars)
        try:
            body = response.json()
        except ValueError:
            body = None
        raise_for_status(self.name, response.status_code, body, response.headers)
        if body is None:
            raise EngineBadReply(f"{self.name}: the reply is not JSON")
        return body


def loads_object(text: str) -> dict[str, Any] | None:
    """A JSON object from a model's answer (tolerating a Markdown fence or words around it);
    None when there is no object (a list, a string, broken JSON)."""
    text = text.strip()
    if text.startswith("```"):
        text = text.strip("`")
        text = text[text.find("\n") + 1:] if "\n" in text else text
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        value = json.loads(text[start:end + 1])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
