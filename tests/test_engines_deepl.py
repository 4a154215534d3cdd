"""DeepL through the official SDK, against a local DeepL-API-compatible server that refuses
query-string keys: header auth, XML tags, glossaries, formality, context, usage, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from deepl_server import LEGACY, DeepLScript, DeepLServer

from translate_kit.cache import Cache
from translate_kit.engines import (
    Context,
    EngineAuthError,
    EngineRejected,
    EngineUnavailable,
    GlossaryEntry,
    Item,
    Meter,
    QuotaExceeded,
    RateLimited,
    get_spec,
    preflight,
)
from translate_kit.engines.deepl import DeepLEngine, from_xml, to_xml
from translate_kit.errors import UsageError
from translate_kit.glossary import Glossary, Term
from translate_kit.protect import mask
from translate_kit.retry import Settings
from translate_kit.translate import Episode, Style, Translator, Unit

KEY = "test-key:fx"


@pytest.fixture
def dl() -> Iterator[DeepLServer]:
    with DeepLServer() as running:
        yield running


def engine(server: DeepLServer, **options: str) -> DeepLEngine:
    built = get_spec("deepl").create({"url": server.url, **options}, {"DEEPL_API_KEY": KEY})
    assert isinstance(built, DeepLEngine)
    return built


def test_the_key_goes_only_in_the_authorization_header(dl: DeepLServer) -> None:
    [answer] = engine(dl).translate([Item("Good ⟦1⟧night⟦2⟧")], Context("en", "de"), Meter(5))
    assert answer == "GOOD ⟦1⟧NIGHT⟦2⟧ [de]"
    assert dl.seen and all(s.headers["Authorization"] == f"DeepL-Auth-Key {KEY}"
                           for s in dl.seen)
    assert not any(KEY in str(s.query) or KEY in str(s.body) for s in dl.seen)
    body = dl.script.translate_bodies[0]
    assert body["tag_handling"] == "xml" and body["text"] == ['Good <x i="1"/>night<x i="2"/>']


def test_xml_round_trip_escapes_text_and_keeps_kept_terms_visible() -> None:
    item = Item("Tom & Jerry <3 ⟦1⟧ and ⟦2⟧", kept=(("⟦2⟧", "Zero Trust"),))
    xml = to_xml(item)
    assert xml == 'Tom &amp; Jerry &lt;3 <x i="1"/> and <k i="2">Zero Trust</k>'
    assert from_xml(xml) == "Tom & Jerry <3 ⟦1⟧ and ⟦2⟧"
    assert from_xml('broken <x i=1> tag') is None


def test_kept_terms_are_ignored_tags_and_come_back_as_tokens(dl: DeepLServer) -> None:
    item = Item("We use ⟦1⟧ daily", kept=(("⟦1⟧", "Zero Trust"),))
    [answer] = engine(dl).translate([item], Context("en", "fr"), Meter(5))
    assert answer == "WE USE ⟦1⟧ DAILY [fr]"
    body = dl.script.translate_bodies[0]
    assert body["ignore_tags"] == ["k"] and '<k i="1">Zero Trust</k>' in body["text"][0]


def test_formality_and_episode_context_are_sent(dl: DeepLServer) -> None:
    context = Context("en", "de", title="Lighthouses", summary="Keepers and their logs",
                      formality="more")
    engine(dl).translate([Item("Hello")], context, Meter(5))
    body = dl.script.translate_bodies[0]
    assert body["formality"] == "prefer_more"
    assert body["context"] == "Lighthouses. Keepers and their logs."


def test_fixed_renderings_go_as_a_glossary_created_once_and_replaced_when_changed(
        dl: DeepLServer, tmp_path: Path) -> None:
    term = Term("generative AI", translations={"fr": "IA générative"}, case_sensitive=False)
    glossary = Glossary((term,))
    units = [Unit("fr", "en", "fr", mask(t, glossary)) for t in
             ("We trust generative AI here.", "Is generative AI good?")]
    first = Translator(engine(dl), Cache(None), Settings(workers=1), glossary=glossary)
    results = first.run(units)
    assert results[units[0].key].text == "WE TRUST IA générative HERE. [fr]"
    assert "generative AI" in dl.script.translate_bodies[0]["text"][0]  # words, not a token
    assert len(dl.script.glossaries) == 1
    [made] = dl.script.glossaries.values()
    assert made["entries"] == {"generative AI": "IA générative"}
    # A new run (new engine) with the same content reuses the glossary by id.
    again = [Unit("fr", "en", "fr", mask("More generative AI.", glossary))]
    Translator(engine(dl), Cache(None), Settings(workers=1), glossary=glossary).run(again)
    assert list(dl.script.glossaries) == [made["glossary_id"]]
    assert dl.script.translate_bodies[-1]["glossary_id"] == made["glossary_id"]
    # Changed content: a new glossary replaces the old one.
    changed = Glossary((Term("generative AI", translations={"fr": "IAG"}),))
    other = [Unit("fr", "en", "fr", mask("Even more generative AI.", changed))]
    Translator(engine(dl), Cache(None), Settings(workers=1), glossary=changed).run(other)
    [now] = dl.script.glossaries.values()
    assert now["entries"] == {"generative AI": "IAG"} and now["glossary_id"] != made[
        "glossary_id"]


def test_engines_usage_line_and_languages(dl: DeepLServer) -> None:
    built = engine(dl)
    built.translate([Item("Hello there")], Context("en", "de"), Meter(5))
    assert built.about(Meter(5)) == ["usage: 11 of 500,000 characters this billing period"]
    codes = built.languages("en", Meter(5))
    assert codes is not None and {"DE", "PT", "PT-BR", "EN"} <= codes
    with pytest.raises(UsageError, match=r"into xx .*codes it knows: BG, DE"):
        preflight(built, "en", {"de": "de", "xx": "xx"}, Meter(5))


@pytest.mark.parametrize(("action", "error"), [
    ("429", RateLimited), ("500", EngineUnavailable), ("456", QuotaExceeded),
    ("400", EngineRejected), ("403", EngineAuthError)])
def test_sdk_errors_are_mapped_and_sent_once(dl: DeepLServer, action: str,
                                             error: type[Exception]) -> None:
    dl.script.queue.append(action)
    meter = Meter(5)
    with pytest.raises(error) as info:
        engine(dl).translate([Item("Hello")], Context("en", "de"), meter)
    assert meter.requests == 1 == len(dl.seen)  # the SDK's own retries are off
    assert info.value.__cause__ is None and KEY not in str(info.value)


def test_legacy_auth_refusal_is_reported_as_what_it_is() -> None:
    class Legacy(DeepLServer):  # a proxy that turns the header back into a query key
        def answer(self, seen):  # type: ignore[no-untyped-def]
            seen.query["auth_key"] = "x"
            return super().answer(seen)

    with Legacy(DeepLScript()) as server, pytest.raises(
            EngineAuthError, match="legacy authentication") as info:
        engine(server).translate([Item("Hello")], Context("en", "de"), Meter(5))
    assert "Authorization header" in str(info.value) and LEGACY not in str(info.value)


def test_tags_broken_by_the_engine_are_no_answer(dl: DeepLServer) -> None:
    dl.script.queue.append("broken-tags")
    answers = engine(dl).translate([Item("A ⟦1⟧ b")], Context("en", "de"), Meter(5))
    assert answers == [None]


def test_glossary_entries_skip_what_deepl_refuses() -> None:
    from translate_kit.engines.deepl import glossary_entries

    context = Context("en", "fr", pair_glossary=(
        GlossaryEntry("AI", "IA"), GlossaryEntry("tab\tterm", "x"), GlossaryEntry("kept", None),
        GlossaryEntry(" AI", "autre")))
    assert glossary_entries(context) == {"AI": "IA"}


def test_locale_style_reaches_the_engine(dl: DeepLServer) -> None:
    unit = Unit("de", "en", "de", mask("Hello friends"), Episode("Fog", "Horns at sea"))
    Translator(engine(dl), Cache(None), Settings(workers=1),
               styles={"de": Style("German", "less")}).run([unit])
    body = dl.script.translate_bodies[0]
    assert body["formality"] == "prefer_less" and body["context"] == "Fog. Horns at sea."


def test_without_a_glossary_for_the_pair_renderings_are_kept_as_written(
        dl: DeepLServer) -> None:
    dl.script.refuse_glossaries = True
    glossary = Glossary((Term("generative AI", translations={"fr": "IA générative"},
                              case_sensitive=False),))
    units = [Unit("fr", "en", "fr", mask(t, glossary)) for t in
             ("We trust generative AI here.", "More generative AI now.")]
    translator = Translator(engine(dl), Cache(None), Settings(workers=1), glossary=glossary)
    results = translator.run(units)
    assert results[units[0].key].text == "WE TRUST IA générative HERE. [fr]"
    body = dl.script.translate_bodies[0]
    assert "<g>IA générative</g>" in body["text"][0] and "g" in body["ignore_tags"]
    creations = [s for s in dl.seen if s.method == "POST" and "glossaries" in s.path]
    assert len(creations) == 1  # tried once for the pair, not per batch


def test_glossary_no_keeps_fixed_renderings_as_tokens(dl: DeepLServer) -> None:
    glossary = Glossary((Term("generative AI", translations={"fr": "IA générative"}),))
    unit = Unit("fr", "en", "fr", mask("We trust generative AI here.", glossary))
    built = engine(dl, glossary="no")
    result = Translator(built, Cache(None), Settings(workers=1), glossary=glossary).run([unit])
    assert dl.script.translate_bodies[0]["text"] == ['We trust <x i="1"/> here.']
    assert unit.masked.unmask(result[unit.key].text, "fr") == "WE TRUST IA générative HERE. [fr]"
    assert dl.script.glossaries == {}


def test_engines_command_shows_the_deepl_usage(dl: DeepLServer, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import make_site
    from typer.testing import CliRunner

    from translate_kit.cli import app

    dl.script.characters = 12345
    site = make_site(tmp_path, {}, config={"engine": "deepl",
                                           "engine_options": {"url": dl.url}})
    monkeypatch.chdir(site)
    result = CliRunner().invoke(app, ["engines"], env={"DEEPL_API_KEY": KEY, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "deepl: usage: 12,345 of 500,000 characters this billing period" in result.stdout
    assert KEY not in result.stdout
