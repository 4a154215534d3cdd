"""Translation memory: structure-aligned pairs, trusted exact reuse, fuzzy offers."""

from __future__ import annotations

from translate_kit import segment_page
from translate_kit.memory import Memory, learn

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
