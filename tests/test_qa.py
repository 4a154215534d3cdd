"""QA checks: a table of our own cases (source, translation, expected findings) for every check,
and a clean translation that produces none."""

from __future__ import annotations

import pytest

from translate_kit import segment_page
from translate_kit.glossary import Glossary, Term
from translate_kit.qa import check_page, check_segment, guess_language, near_miss

GLOSSARY = Glossary((
    Term("Valdora", keep=True),
    Term("Harbour Light", keep=True),
    Term("generative AI", translations={"fr": "IA générative"}, case_sensitive=False),
))


def findings(source: str, translation: str, lang: str = "fr") -> set[str]:
    [segment] = segment_page(source + "\n").segments
    return {f.check for f in check_segment("p.md", segment, translation, 1, lang, GLOSSARY)}


CASES = [
    # (source, translation, expected checks)
    ("The Valdora team met the keepers at dawn today.",
     "L'équipe Valdora a rencontré les gardiens à l'aube aujourd'hui.", set()),
    ("The Valdora team met the keepers at dawn today.",
     "L'équipe Valdore a rencontré les gardiens à l'aube aujourd'hui.", {"term-altered"}),
    ("The Valdora team met the keepers at dawn today.",
     "L'équipe a rencontré les gardiens à l'aube aujourd'hui.", {"term-missing"}),
    ("We talk about generative AI in the newsroom every week.",
     "Nous parlons d'IA générative dans la rédaction chaque semaine.", set()),
    ("We talk about generative AI in the newsroom every week.",
     "Nous parlons d'intelligence artificielle dans la rédaction chaque semaine.",
     {"rendering-not-used"}),
    ("Keepers wrote their logs every single night of the year.",
     "Keepers wrote their logs every single night of the year.", {"unchanged"}),
    ("Ada Marin and Bo Li", "Ada Marin and Bo Li", set()),  # names may stay the same
    ("Version 2.4", "Version 2.4", set()),
    ("Watch it {% include video.html id=\"a1\" %} here and now.",
     "Regardez-la ici et maintenant, sans attendre la suite.", {"liquid"}),
    ("Press <kbd>Enter</kbd> to continue with the next step.",
     "Appuyez sur Entrée pour continuer avec l'étape suivante.", {"html"}),
    ("Read the logs at https://example.org/logs before you start.",
     "Lisez les journaux sur https://example.org/journaux avant de commencer.", {"url"}),
    ("Run `keeper --check` before you start the lamp each night.",
     "Lancez keeper --check avant d'allumer la lampe chaque nuit.", {"code"}),
    ("The lighthouse is 46 metres tall and was built in 1874.",
     "Le phare mesure 64 mètres de haut et a été construit en 1874.", {"number"}),
    ("It cost 1,000 dollars and took 2.5 years to build the tower.",
     "Il a coûté 1 000 dollars et a fallu 2,5 ans pour bâtir la tour.", set()),
    ("See [the archive](https://example.org/a) for the full records.",
     "Voir l'archive (https://example.org/a) pour les registres complets.", {"link"}),
    ("The **old** records are the most useful ones for us now.",
     "Les anciens registres sont les plus utiles pour nous maintenant.", {"emphasis"}),
    ("Coastal towns kept their lamps burning long after radio arrived in the region.",
     "Villes.", {"length"}),
    ("Coastal towns kept their lamps burning long after radio arrived.",
     "The towns on the coast kept their lamps burning after the radio came in.",
     {"wrong-language"}),
    ("Coastal towns kept their lamps burning long after radio arrived.",
     "Traduisez ce qui suit en français : Les villes côtières ont gardé leurs lampes.",
     {"leftover"}),
    ("Coastal towns kept their lamps burning long after radio arrived.",
     "Translation: Les villes côtières ont gardé leurs lampes allumées après la radio.",
     {"leftover"}),
    ("Harbour Management Platform (HMP)",
     "Harbour Management Platform (HMP) can be translated to German as: Hafenplattform (HMP)",
     {"leftover", "wrong-language"}),
    ("For more about Valdora or how to reach Ada, go to example.org today.",
     "Para obtener más información sobre Valdora o cómo contactar a Ada, ve a example.org hoy.",
     set()),  # Spanish, though it shares many short words with Portuguese
]


@pytest.mark.parametrize(("source", "translation", "expected"), CASES)
def test_checks(source: str, translation: str, expected: set[str]) -> None:
    assert findings(source, translation) == expected


def test_segment_count_mismatch_and_clean_page() -> None:
    source = segment_page("# Harbour Light\n\nFirst paragraph about the lamps.\n\n"
                          "Second paragraph about the keepers.\n")
    clean = segment_page("# Harbour Light\n\nPremier paragraphe sur les lampes.\n\n"
                         "Deuxième paragraphe sur les gardiens.\n")
    assert check_page("fr.md", source, clean, "fr", GLOSSARY) == []
    short = segment_page("# Harbour Light\n\nPremier paragraphe sur les lampes.\n")
    [finding] = check_page("fr.md", source, short, "fr", GLOSSARY)
    assert finding.check == "segment-count"


def test_findings_name_file_line_and_term() -> None:
    source = segment_page("Intro.\n\nThe Valdora team met the keepers at dawn today.\n")
    target = segment_page("Intro.\n\nL'équipe Valdore a rencontré les gardiens à l'aube.\n")
    [finding] = check_page("episodes/1/fr.md", source, target, "fr", GLOSSARY)
    assert (finding.path, finding.line, finding.term) == ("episodes/1/fr.md", 3, "Valdora")
    assert str(finding).startswith("episodes/1/fr.md:3: error [term-altered]")


def test_guess_language_and_near_miss() -> None:
    assert guess_language("Les villes côtières ont gardé leurs lampes pour les marins.")[0] == \
        "fr"
    assert guess_language("Die Städte an der Küste haben ihre Lampen nicht gelöscht.")[0] == "de"
    assert guess_language("灯台守は毎晩記録を書きました。")[0] in ("ja", "zh")
    assert guess_language("Short one.")[0] is None
    assert near_miss("the Valdore crew", "Valdora") == "Valdore"
    assert near_miss("nothing close here", "Valdora") is None
