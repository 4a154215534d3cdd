"""Machine-translation engines: one batch- and context-aware protocol, a registry keyed by
name, and one module per family:

- ``deeptranslator``: deep-translator's services (the only module importing deep-translator);
- ``deepl``: DeepL through its official SDK (XML tags, glossaries, context, formality);
- ``llm``: any OpenAI-compatible chat-completions endpoint (batched JSON, usage);
- ``apertium``: a self-hosted Apertium APY server (offline, free, pivots);
- ``offline``: pseudo-localisation and none.

Heavy libraries are imported when an engine is built, not when this package is imported.
"""

from __future__ import annotations

from . import apertium, deepl, deeptranslator, llm, offline  # noqa: F401  (they register)
from .base import (
    REGISTRY,
    Context,
    Engine,
    EngineAuthError,
    EngineBadReply,
    EngineBase,
    EngineFailing,
    EngineRejected,
    EngineSpec,
    EngineUnavailable,
    GlossaryEntry,
    Item,
    Meter,
    QuotaExceeded,
    RateLimited,
    call_with_timeout,
    describe,
    get_spec,
    register,
    split_for_limit,
)
from .deeptranslator import response_capture
from .meter import Usage
from .offline import NoEngine, PseudoEngine
from .preflight import preflight

__all__ = [
    "REGISTRY", "Context", "Engine", "EngineAuthError", "EngineBadReply", "EngineBase",
    "EngineFailing", "EngineRejected", "EngineSpec", "EngineUnavailable", "GlossaryEntry",
    "Item", "Meter", "NoEngine", "PseudoEngine", "QuotaExceeded", "RateLimited", "Usage",
    "call_with_timeout", "describe", "get_spec", "preflight", "register", "response_capture",
    "split_for_limit",
]
