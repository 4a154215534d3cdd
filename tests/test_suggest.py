"""Glossary suggestions from recurring names and acronyms."""

from __future__ import annotations

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
