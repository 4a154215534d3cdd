"""Term matching by form: inflection, compounds, hyphens, elision and case count as the term;
a different word does not."""

from __future__ import annotations

import pytest

from translate_kit.glossary import Term
from translate_kit.qa_terms import has_form, term_present

# (translation text, wanted form, language, kept term?, expected)
CASES = [
    ("Die Herausforderungen des Datenmanagements sind groß.", "Datenmanagement", "de", False,
     True),
    ("Ein neues Gesundheitsdatenmanagement entsteht.", "Datenmanagement", "de", False, True),
    ("Sichere Datenmanagementlösungen helfen.", "Datenmanagement", "de", False, True),
    ("Das geht auch mit Daten-Management.", "Datenmanagement", "de", False, True),
    ("Vorteile im maschinellen Lernen.", "maschinelles Lernen", "de", False, True),
    ("Das maschinelle Lernmodell lernt.", "maschinelles Lernen", "de", False, True),
    ("Zwischen generativer KI und Sicherheit.", "generative KI", "de", False, True),
    ("Die Landschaft der digitalen Transformation.", "digitale Transformation", "de", False,
     True),
    ("Die Datenverwaltung im Krankenhaus.", "Datenmanagement", "de", False, False),
    ("Die DevOps-Gemeinschaft wächst.", "DevOps", "de", True, True),
    ("Eine SaaS-Lösung statt On-Prem.", "SaaS", "de", True, True),
    ("Avec l'IA générative, tout change.", "IA générative", "fr", False, True),
    ("Les IA génératives se multiplient.", "IA générative", "fr", False, True),
    ("La gestion sécurisée des données.", "gestion des données", "fr", False, True),
    ("L'intelligence artificielle générative.", "IA générative", "fr", False, False),
    ("La Gestión Segura de Datos en Medicina.", "gestión de datos", "es", False, True),
    ("Las inteligencias artificiales.", "inteligencia artificial", "es", False, True),
    ("Soluzioni di gestione di dati massivi.", "gestione dei dati", "it", False, True),
    ("Le intelligenze artificiali.", "intelligenza artificiale", "it", False, True),
    ("Dell'IA generativa parliamo spesso.", "IA generativa", "it", False, True),
    ("Diamo i dati ai clienti.", "AI", "it", True, False),  # Italian "ai" is not AI
    ("Em vez da segurança cibernética.", "cibersegurança", "pt", False, False),
    ("Os desafios do gerenciamento de dados.", "gestão de dados", "pt", False, False),
    ("A equipe Valdore chegou.", "Valdora", "pt", True, False),  # a name is not stemmed
    ("Les CIO et les DSI.", "CIO", "fr", True, True),
    ("Die Rolle des CIOs.", "CIO", "de", True, True),
    ("灯台のデータ管理について。", "データ管理", "ja", False, True),
]


@pytest.mark.parametrize(("text", "wanted", "lang", "kept", "expected"), CASES)
def test_has_form(text: str, wanted: str, lang: str, kept: bool, expected: bool) -> None:
    assert has_form(text, wanted, lang, kept) is expected


def test_term_present_uses_rendering_and_variants() -> None:
    rendered = Term("data management", translations={"de": "Datenmanagement"})
    assert term_present("Das Datenmanagement der Küste.", rendered, "de")
    assert not term_present("Die Datenverwaltung der Küste.", rendered, "de")
    assert term_present("Any text at all.", rendered, "fr")  # no rendering for fr: free
    kept = Term("EHR", keep=True, variants=("EHRs",))
    assert term_present("Die EHRs der Klinik.", kept, "de")
    assert not term_present("Les DSE de la clinique.", kept, "fr")
