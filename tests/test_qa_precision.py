"""Measured QA precision and recall.

Precision: on hand-written pages and translations (tests/qa_pages.py), every finding is labelled
true or false by a reader; unlabelled findings count as false. Recall: a table of planted
defects, one per row, each of which must be found.
"""

from __future__ import annotations

import pytest
from qa_pages import GLOSSARY, PAGES, Labelled

from translate_kit import segment_page
from translate_kit.qa import CHECKS, check_page, check_segment
from translate_kit.segment import Policy

POLICY = Policy(glossary=GLOSSARY)


def _found(page: Labelled, index: int) -> list[tuple[int | None, str]]:
    findings = check_page(f"p{index}.{page.lang}.md", segment_page(page.source, POLICY),
                          segment_page(page.text, POLICY), page.lang, GLOSSARY)
    return [(f.line, f.check) for f in findings]


def test_precision_on_hand_labelled_pages() -> None:
    found = [(page, item) for i, page in enumerate(PAGES) for item in _found(page, i)]
    true = [item for page, item in found if page.expected.get(item, False)]
    false = [(page.lang, item) for page, item in found if not page.expected.get(item, False)]
    assert len(found) >= 15  # enough findings for the figure to mean something
    precision = len(true) / len(found)
    assert precision >= 0.95, f"precision {precision:.0%}; false findings: {false}"


def test_every_labelled_problem_is_found() -> None:
    for i, page in enumerate(PAGES):
        found = set(_found(page, i))
        missed = [item for item, real in page.expected.items() if real and item not in found]
        assert not missed, f"page {i} ({page.lang}) missed {missed}"


# (source, translation, language, the check that must fire)
PLANTED = [
    ("The Valdora crew met at dawn.", "Die Valdorra-Crew traf sich im Morgengrauen.", "de",
     "term-altered"),
    ("The Valdora crew met at dawn.", "La tripulación se reunió al amanecer.", "es",
     "term-missing"),
    ("The DevOps team ships on Fridays.", "Das Entwicklungsteam liefert freitags.", "de",
     "term-missing"),
    ("Data management matters here.", "La gestión de la información importa aquí.", "es",
     "rendering-not-used"),
    ("We use machine learning daily.", "Wir nutzen täglich künstliche Intelligenz.", "de",
     "rendering-not-used"),
    ("Keepers wrote their logs every single night of the year.",
     "Keepers wrote their logs every single night of the year.", "it", "unchanged"),
    ("Watch {% include video.html id=\"a1\" %} now.", "Regardez maintenant.", "fr", "liquid"),
    ("Press <kbd>Enter</kbd> now.", "Premi Invio ora.", "it", "html"),
    ("See https://example.org/a today.", "Veja https://example.org/b hoje.", "pt", "url"),
    ("Run `lamp --check` first.", "Führen Sie zuerst lamp --check aus.", "de", "code"),
    ("It is 46 metres tall.", "Mide 64 metros.", "es", "number"),
    ("It cost 1,500 dollars.", "Il a coûté 1 600 dollars.", "fr", "number"),
    ("Built in the 1990s.", "Construit dans les années 80.", "fr", "number"),
    ("See [the archive](https://example.org/a).", "Vedi l'archivio.", "it", "link"),
    ("The **old** records.", "Les anciens registres.", "fr", "emphasis"),
    ("Coastal towns kept their lamps burning long after radio arrived in the region.",
     "Ciudades.", "es", "length"),
    ("Coastal towns kept their lamps burning long after radio arrived.",
     "The towns on the coast kept their lamps burning after the radio came in.", "de",
     "wrong-language"),
    ("Coastal towns kept their lamps.", "Übersetze das Folgende ins Deutsche: Die Städte.",
     "de", "leftover"),
    ("Coastal towns kept their lamps.", "Translatez ceci en français : Les villes.", "fr",
     "leftover"),
    ("Coastal towns kept their lamps.", "Traduci il seguente in italiano: Le città.", "it",
     "leftover"),
    ("Coastal towns kept their lamps.", "Tradução: As cidades mantiveram as lâmpadas.", "pt",
     "leftover"),
    ("Coastal towns kept their lamps.", "Here is the translation: Las ciudades.", "es",
     "leftover"),
    ("Coastal towns kept their lamps.", "“Les villes côtières ont gardé leurs lampes.”", "fr",
     "leftover"),
]


@pytest.mark.parametrize(("source", "translation", "lang", "check"), PLANTED)
def test_planted_defect_is_found(source: str, translation: str, lang: str, check: str) -> None:
    [segment] = segment_page(source + "\n", POLICY).segments
    checks = {f.check for f in check_segment("p.md", segment, translation, 1, lang, GLOSSARY)}
    assert check in checks


def test_planted_page_level_defects_are_found() -> None:
    source = "---\ntitle: Storm\nparent: Episodes\n---\n\nOne.\n\nTwo.\n"
    swapped = "---\ntitle: Tempesta\nparent: Episódios\n---\n\nUno.\n\nDue.\n"
    dropped = "---\ntitle: Tempesta\nparent: Episodi\n---\n\nUno.\n"
    found = {f.check for f in check_page("it.md", segment_page(source), segment_page(swapped),
                                         "it")}
    assert "locale-value" in found
    found = {f.check for f in check_page("it.md", segment_page(source), segment_page(dropped),
                                         "it")}
    assert found == {"segment-count"}


def test_every_check_is_planted() -> None:
    planted = {check for *_, check in PLANTED} | {"locale-value", "segment-count"}
    assert planted == set(CHECKS)
