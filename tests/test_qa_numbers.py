"""Numbers compared as locales write them."""

from __future__ import annotations

import pytest

from translate_kit.qa_numbers import compare

# (English source, translation, language, missing, unexpected)
CASES = [
    ("It cost 1,000 dollars and took 2.5 years.", "Il a coûté 1 000 dollars et 2,5 ans.", "fr",
     [], []),
    ("It cost 1,000 dollars.", "Es kostete 1.000 Dollar.", "de", [], []),
    ("It cost 1,000 dollars.", "Costó 1\u00a0000 dólares.", "es", [], []),
    ("It cost 1,000 dollars.", "Il a coûté 1\u202f000 dollars.", "fr", [], []),
    ("Over 1,250,000.5 readings.", "Plus de 1.250.000,5 relevés.", "it", [], []),
    ("K-12 schools", "de la maternelle à la 12e année", "fr", [], []),
    ("the 12th grade", "el 12.º grado", "es", [], []),
    ("the 12th grade", "il 12º anno", "it", [], []),
    ("the 2nd edition", "la 2ª edição", "pt", [], []),
    ("in the late nineties", "à la fin des années 90", "fr", [], []),
    ("in the 1990s", "in den 90er Jahren", "de", [], []),
    ("in the '90s", "negli anni '90", "it", [], []),
    ("in the 90s", "en los años 1990", "es", [], []),
    ("twelve keepers", "12 Wärter", "de", [], []),
    ("12 keepers", "douze gardiens", "fr", [], []),
    ("in 80% of cases", "nell'80% dei casi", "it", [], []),
    ("on 2024-08-20", "le 20 août 2024", "fr", [], []),
    ("COVID-19 and 5G", "COVID-19 y 5G", "es", [], []),
    ("46 metres in 1874", "64 mètres en 1874", "fr", ["46"], ["64"]),
    ("It cost 1,500 dollars.", "Il a coûté 1 600 dollars.", "fr", ["1,500"], ["1 600"]),
    ("in the 1990s", "dans les années 80", "fr", ["1990s"], ["80"]),
    ("3 keepers", "Drei Wärter und 4 Hunde", "de", [], ["4"]),
]


@pytest.mark.parametrize(("source", "target", "lang", "missing", "unexpected"), CASES)
def test_compare(source: str, target: str, lang: str, missing: list[str],
                 unexpected: list[str]) -> None:
    assert compare(source, "en", target, lang) == (missing, unexpected)
