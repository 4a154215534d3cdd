"""Kept glossary terms come back exactly as the source wrote them, variant spelling included."""

from __future__ import annotations

from translate_kit.glossary import Glossary, Term
from translate_kit.protect import mask
from translate_kit.segment import Policy, segment_page

GLOSSARY = Glossary((Term("Darren W Pulsipher", keep=True, variants=("Darren Pulsipher",)),
                     Term("generative AI", translations={"fr": "IA générative"},
                          case_sensitive=False)))


def test_a_variant_spelling_of_a_kept_term_is_restored_as_written() -> None:
    masked = mask("Darren Pulsipher talks with Darren W Pulsipher.", GLOSSARY)
    assert "Darren" not in masked.text
    translated = masked.text.replace("talks with", "parle avec")
    assert masked.unmask(translated, "fr") == "Darren Pulsipher parle avec Darren W Pulsipher."


def test_fixed_renderings_still_apply_to_terms_that_are_not_kept() -> None:
    masked = mask("Generative AI is here.", GLOSSARY)
    assert masked.unmask(masked.text.replace("is here", "est là"), "fr") == "IA générative est là."


def test_a_draft_of_a_page_quotes_the_source_spelling() -> None:
    page = segment_page("Our host Darren Pulsipher explains.\n", Policy(glossary=GLOSSARY))
    segment = page.segments[0]
    text = segment.text.replace("Our host", "Notre hôte").replace("explains", "explique")
    assert page.render({segment.id: text}, lang="fr") == "Notre hôte Darren Pulsipher explique.\n"
    assert segment.plain == "Our host Darren Pulsipher explains."
