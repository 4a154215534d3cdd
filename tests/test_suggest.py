"""Glossary suggestions from recurring names and acronyms."""

from __future__ import annotations

from pathlib import Path

from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.suggest import candidates, suggest_terms


def test_candidates_drop_leading_articles() -> None:
    found = set(candidates("The Harbour Light Project met NOAA. I'm Ada Marin, from Valdora."))
    assert ("Harbour Light Project", "name") in found
    assert ("Ada Marin", "name") in found
    assert ("NOAA", "acronym") in found
    assert not any(term.startswith(("The ", "I'm")) for term, _ in found)


def test_recurring_and_kept_terms_only() -> None:
    sources = {1: "Ada Marin talks to NOAA about Tide Tables.",
               2: "Ada Marin returns with NOAA and the Tide Tables.",
               3: "A new guest, Bo Li."}
    translations = {1: ["Ada Marin parle à NOAA des tables de marée."],
                    2: ["Ada Marin revient avec NOAA et les tables des marées."]}
    terms = {s.term: s for s in suggest_terms(sources, translations, known={"noaa"})}
    assert set(terms) == {"Ada Marin"}  # NOAA is known; Tide Tables is always translated
    assert (terms["Ada Marin"].sources, terms["Ada Marin"].kept_in) == (2, 2)


def page(fields: str, body: str) -> str:
    return f"---\n{fields}---\n\n{body}\n"


def test_copied_fields_are_ignored_and_guests_offered() -> None:
    date = "date: Mon Sep 12 2022 17:00:00 GMT-0700 (Pacific Daylight Time)\n"
    sources = {n: page(f"title: Tide Talk {n}\n{date}guests:\n  - Ada Marin\n  - Bo Li\n",
                       "We met at the NOAA office.")
               for n in (1, 2)}
    translations = {n: [page(f"title: Marées {n}\n{date}guests:\n  - Ada Marin\n  - Bo Li\n",
                             "Nous étions au bureau de la NOAA.")] for n in (1, 2)}
    terms = {s.term: s for s in suggest_terms(sources, translations, known=set())}
    assert not {"GMT", "Mon Sep", "Pacific Daylight Time"} & set(terms)  # from the date field
    assert terms["NOAA"].kind == "acronym"
    assert terms["Ada Marin"].kind == "guest" and terms["Bo Li"].kind == "guest"
    assert "Tide Talk" not in terms  # title is translated everywhere


def test_terms_translated_in_most_translations_are_not_proposed() -> None:
    sources = {n: f"Our AI team and the HR office met the NOAA crew, episode {n}."
               for n in (1, 2, 3)}
    translations = {
        1: ["Notre équipe d'IA et les RH ont vu l'équipe NOAA.",
            "Unser KI-Team und die Personalabteilung trafen die NOAA-Crew.",
            "Il nostro team AI e le HR hanno incontrato la NOAA."],
        2: ["L'équipe d'IA et les RH ont vu la NOAA.", "Das KI-Team traf die NOAA."],
        3: ["Nuestro equipo de IA y RR. HH. vieron a la NOAA."],
    }
    terms = {s.term: s for s in suggest_terms(sources, translations, known=set())}
    assert "AI" not in terms and "HR" not in terms  # kept in 1 of 6 translations
    assert (terms["NOAA"].kept_in, terms["NOAA"].translations) == (6, 6)


def test_shorter_forms_of_known_terms_are_not_proposed() -> None:
    sources = {n: "Darren Pulsipher talks to Ada Marin." for n in (1, 2)}
    terms = {s.term for s in suggest_terms(sources, {}, known={"darren w pulsipher"})}
    assert terms == {"Ada Marin"}


def test_cli_prints_guests_and_kept_counts(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1, guests=["Bo Li"]),
        "episodes/1/fr.md": french(1, guests=["Bo Li"]),
    }, languages=("fr",))
    result = CliRunner().invoke(app, ["glossary", "suggest", str(site)])
    assert result.exit_code == 0, result.output
    # Bo Li is named only in the guests field: no "unchanged in 0/1 translations" count
    assert ('- term: "Bo Li"\n    keep: true  # guest of 1 episode, only in the guests field, '
            'not in the text') in result.stdout
    assert "GMT" not in result.stdout and "2024" not in result.stdout


def test_names_do_not_run_across_lines() -> None:
    text = "# Charting The Reef\n\nA Talk with Ada Marin\nBo Li joins later.\n- Tide Tables\n- Ada"
    found = {term for term, _ in candidates(text)}
    assert {"Charting The Reef", "Ada Marin", "Bo Li", "Tide Tables"} <= found
    assert not any("\n" in term for term in found), found


def test_guests_counted_only_where_the_source_names_them() -> None:
    sources = {1: page("guests:\n  - Ada Marin\n", "Ada Marin charts the reef."),
               2: page("guests:\n  - Ada Marin\n  - Bo Li\n", "Two guests today.")}
    translations = {1: [page("", "Ada Marin cartographie le récif.")],
                    2: [page("", "Deux invités aujourd'hui.")]}
    terms = {s.term: s for s in suggest_terms(sources, translations, known=set())}
    ada, bo = terms["Ada Marin"], terms["Bo Li"]
    assert (ada.sources, ada.kept_in, ada.translations, ada.named) == (2, 1, 1, True)
    assert (bo.kept_in, bo.translations, bo.named) == (0, 0, False)
