"""Opt-in test against the real Google service: run with TK_LIVE=1 (needs the internet)."""

from __future__ import annotations

import os

import pytest

from translate_kit.cache import Cache
from translate_kit.engines import get_spec
from translate_kit.protect import mask
from translate_kit.translate import Settings, Translator, Unit

pytestmark = pytest.mark.skipif(os.environ.get("TK_LIVE") != "1",
                                reason="live service test: set TK_LIVE=1 to run it")


def test_google_draft_keeps_markup() -> None:
    unit = Unit("fr", "en", "fr", mask("The keeper reads the **old logs** every night."))
    translator = Translator(get_spec("google").create(), Cache(None), Settings(workers=1))
    result = translator.run([unit])[unit.key]
    assert result.text is not None and not result.kept_source
    text = unit.masked.unmask(result.text)
    assert text != "The keeper reads the **old logs** every night."
    assert text.count("**") == 2
