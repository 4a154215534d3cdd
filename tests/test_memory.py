"""Translation memory: structure-aligned pairs, trusted exact reuse, fuzzy offers."""

from __future__ import annotations

from translate_kit import segment_page
from translate_kit.memory import Match, Memory, learn

SOURCE = segment_page("# Lamps\n\nKeepers lit the lamps every night.\n")
FRENCH = segment_page("# Lampes\n\nLes gardiens allumaient les lampes chaque nuit.\n")


def test_exact_reuse_only_from_trusted_translations() -> None:
    memory = Memory()
    assert learn(memory, "fr", "a/fr.md", SOURCE, None, FRENCH, trusted=False) == 2
    assert memory.exact("fr", "Keepers lit the lamps every night.") is None
    learn(memory, "fr", "a/fr.md", SOURCE, None, FRENCH, trusted=True)
    match = memory.exact("fr", "Keepers lit the lamps every night.")
    assert match is not None and match.text == "Les gardiens allumaient les lampes chaque nuit."


def test_fuzzy_offers_close_sources() -> None:
    memory = Memory()
    learn(memory, "fr", "a/fr.md", SOURCE, None, FRENCH, trusted=True)
    match = memory.fuzzy("fr", "Keepers lit the lamps every single night.", 75)
    assert match is not None and match.score >= 75 and match.path == "a/fr.md"
    assert memory.fuzzy("fr", "Something else entirely, about boats.", 75) is None
    assert memory.fuzzy("de", "Keepers lit the lamps every night.", 75) is None


def test_misaligned_translation_teaches_nothing() -> None:
    memory = Memory()
    other = segment_page("Un seul paragraphe.\n")
    assert learn(memory, "fr", "a/fr.md", SOURCE, None, other, trusted=True) == 0
    assert len(memory) == 0


ENGLISH = """\
## Fog and signals

Keepers sounded the horn every 30 seconds when fog rolled in from the bay.

- the horn's code, set in 1871
- the bell used before it
"""
PARAGRAPHS = """\
## Brouillard et signaux

Les gardiens sonnaient la corne toutes les 30 secondes quand le brouillard venait de la baie.

Le code de la corne, fixé en 1871.

La cloche utilisée avant elle.
"""


def test_a_restructured_translation_still_teaches_its_confident_links() -> None:
    memory = Memory()
    source, variant = segment_page(ENGLISH), segment_page(PARAGRAPHS)
    assert learn(memory, "fr", "b/fr.md", source, None, variant, trusted=True) == 4
    match = memory.exact("fr", "the horn's code, set in 1871")
    assert match is not None and match.text == "Le code de la corne, fixé en 1871."


def test_the_old_source_snapshot_offers_the_previous_translation_of_an_edited_paragraph() -> None:
    memory = Memory()
    old, variant = segment_page(ENGLISH), segment_page(PARAGRAPHS)
    current = segment_page(ENGLISH.replace("every 30 seconds", "every 45 seconds"))
    recorded = old.ids
    # Without the snapshot, only unchanged segments can be paired: the edited one is lost.
    learn(memory, "fr", "b/fr.md", current, recorded, variant, trusted=True)
    edited = next(s for s in current.segments if "45" in s.plain)
    assert memory.fuzzy("fr", edited.plain, 75) is None
    learn(memory, "fr", "b/fr.md", current, recorded, variant, trusted=True, old=old)
    offer = memory.fuzzy("fr", edited.plain, 75)
    assert offer is not None and offer.plain.startswith("Les gardiens sonnaient la corne")
    assert offer.source == "Keepers sounded the horn every 30 seconds when fog rolled in from "\
        "the bay." and 90 <= offer.score < 100


def test_fuzzy_lookups_score_only_candidates_sharing_a_word() -> None:
    memory = Memory()
    for n in range(5000):
        words = f"archive{n} ledger{n % 97} harbour{n % 89} beacon{n % 83}"
        memory.add("de", words, Match(f"Archiv {n}", f"Archiv {n}", words, "x.md", 100, True))
    index = memory.indexes["de"]
    query = "archive1234 ledger70 harbour77 beacon72"
    candidates = index.candidates(query, 75)
    assert 1 <= len(candidates) < 200  # not the 5,000 entries
    found = memory.fuzzy("de", query, 75)
    assert found is not None and found.text == "Archiv 1234"
    assert memory.fuzzy("de", "nothing alike here", 75) is None
