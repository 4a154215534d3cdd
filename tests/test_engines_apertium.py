"""apertium against the real Apertium APY (started once per session by the apertium_url
fixture): pairs, pivots, preflight, and pages drafted through an engine nobody here wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import episode, make_site

from translate_kit.commands.draft import DraftOptions, draft
from translate_kit.engines import Context, Item, Meter, get_spec, preflight
from translate_kit.engines.apertium import ApertiumEngine, route
from translate_kit.errors import UsageError


def apertium(url: str, **options: str) -> ApertiumEngine:
    built = get_spec("apertium").create({"url": url, **options}, environ={})
    assert isinstance(built, ApertiumEngine)
    return built


def test_pairs_are_listed_and_pivots_reach_what_the_server_lacks(apertium_url: str) -> None:
    engine = apertium(apertium_url)
    meter = Meter(30)
    [line] = engine.about(meter)
    assert "eng→spa" in line and "spa→por" in line
    codes = engine.languages("en", meter)
    assert codes is not None and {"es", "pt", "fr"} <= codes  # pt and fr through es
    [answer] = engine.translate([Item("The house is big.")], Context("en", "pt"), meter)
    assert answer and "casa" in answer.lower()
    assert meter.requests == 1 + 2  # listPairs once, then en→es and es→pt


def test_a_configured_pivot_is_used_and_a_missing_route_is_named(apertium_url: str) -> None:
    pairs = frozenset({("eng", "spa"), ("spa", "por"), ("eng", "cat"), ("cat", "por")})
    assert route(pairs, "en", "pt", ("ca",)) == [("eng", "cat"), ("cat", "por")]
    assert route(pairs, "en", "pt", ()) == [("eng", "cat"), ("cat", "por")]  # first that joins
    assert route(pairs, "en", "de", ()) is None
    engine = apertium(apertium_url, pivot="es")
    with pytest.raises(UsageError, match=r"into de .*codes it knows: .*es"):
        preflight(engine, "en", {"es": "es", "de": "de"}, Meter(30))


def test_pages_drafted_through_real_apertium_keep_tokens_liquid_and_terms(
        tmp_path: Path, apertium_url: str) -> None:
    body = ("{% include player.html id=\"ep1\" %}\n\n"
            "## The lighthouse keepers\n\n"
            "The keepers of Valdora Harbour wrote `logs` every night, and the "
            "[old records](https://example.org/logs) are read by researchers today.\n\n"
            "Generative AI reads the weather of {{ site.region }} now.\n")
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1, title="The keepers", body=body),
        "glossary/site.yaml": ("terms:\n  - term: Valdora Harbour\n    keep: true\n"
                               "  - term: generative AI\n    translations: {es: IA generativa, "
                               "pt: IA generativa}\n"),
    }, config={"engine": "apertium", "engine_options": {"url": apertium_url}},
        languages=("es", "pt"))
    report = draft(site, DraftOptions(), sync=True)
    assert report.ok, [o.reason for o in report.outcomes]
    for lang in ("es", "pt"):
        text = (site / f"episodes/1/{lang}.md").read_text("utf-8")
        assert '{% include player.html id="ep1" %}' in text
        assert "{{ site.region }}" in text and "`logs`" in text
        assert "](https://example.org/logs)" in text
        assert "Valdora Harbour" in text and "IA generativa" in text
        prose = text.split("---", 2)[2]
        assert "every night" not in prose and "researchers" not in prose  # translated
    assert "cada noche" in (site / "episodes/1/es.md").read_text("utf-8")
    assert report.requests > 0
