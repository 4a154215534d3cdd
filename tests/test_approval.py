"""What approve refuses: segments left in the source language, pseudo-localised text, and a
stale page nobody touched since its record."""

from __future__ import annotations

import pytest
from helpers import episode, french

from translate_kit.approval import (
    pseudo_localised,
    refusal_message,
    unfinished,
    untouched_since_record,
)
from translate_kit.lock import Record
from translate_kit.segment import Policy, segment_page

POLICY = Policy(("title", "summary"))
KEPT = ("Coastal towns kept their lamps burning long after radio arrived. Keepers wrote logs\n"
        "that tell us how the weather changed, season after season.")
FRENCH = ("Les villes côtières ont gardé leurs lampes allumées longtemps après l'arrivée de la "
          "radio.\nLes gardiens tenaient des journaux qui racontent le temps, saison après "
          "saison.")


def test_a_finished_translation_has_nothing_unfinished() -> None:
    assert unfinished("fr.md", episode(1), french(1), "fr", "en", POLICY) == []


def test_a_paragraph_left_in_the_source_language_is_named_by_line() -> None:
    page = french(1).replace(FRENCH, KEPT)
    line = page.splitlines().index(KEPT.splitlines()[0]) + 1
    found = unfinished("fr.md", episode(1), page, "fr", "en", POLICY)
    assert [u.line for u in found] == [line]
    message = refusal_message(found)
    assert f"line {line}: same as the source" in message and "--force" in message


def test_pseudo_localised_text_is_refused() -> None:
    pseudo = ("Ŧĥê ţôŵñš ƙêƥţ ţĥêîŕ ľàɱƥš ƀûŕñîñĝ ľôñĝ àƒţêŕ ŕàðîô àŕŕîʋêð. Ƙêêƥêŕš ŵŕôţê "
              "ľôĝš.")
    page = french(1).replace(FRENCH, pseudo)
    found = unfinished("fr.md", episode(1), page, "fr", "en", POLICY)
    assert [u.why for u in found] == ["pseudo-localised text, not a translation"]


@pytest.mark.parametrize(("text", "lang", "pseudo"), [
    ("Les villes côtières ont gardé leurs lampes allumées après l'arrivée.", "fr", False),
    ("Die Größe der Küstenstädte änderte sich über die Jahre kaum.", "de", False),
    ("Các thị trấn ven biển vẫn giữ đèn sáng rất lâu sau khi có đài.", "vi", False),
    ("[!! Coastal towns kept their lamps !!]", "fr", True),
    ("Çôàšţàľ ţôŵñš ƙêƥţ ţĥêîŕ ľàɱƥš ƀûŕñîñĝ", "de", True),
])
def test_pseudo_localisation_is_told_from_accented_languages(text: str, lang: str,
                                                             pseudo: bool) -> None:
    segment = segment_page(f"---\ntitle: x\n---\n\n{text}\n").segments[-1]
    assert pseudo_localised(segment, lang) is pseudo


def _record(digest: str) -> Record:
    return Record("fr.md", "fr", 1, "en.md", "old", ("p:1",), "current", digest, "2026-01-01")


def test_a_stale_page_unchanged_since_its_record_is_refused() -> None:
    assert "run 'sync'" in (untouched_since_record("stale", _record("d1"), "d1") or "")
    assert untouched_since_record("stale", _record("d1"), "d2") is None  # edited since
    assert untouched_since_record("draft", _record("d1"), "d1") is None
    assert untouched_since_record("stale", None, "d1") is None
