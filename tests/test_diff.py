"""Pairing source changes since a recorded version."""

from __future__ import annotations

from translate_kit import segment_page
from translate_kit.diff import source_changes

OLD = "# Title\n\nFirst paragraph about lamps.\n\nSecond paragraph about fog.\n"
NEW = ("# Title\n\nFirst paragraph about the lamps.\n\nA new paragraph.\n\n"
       "Second paragraph about fog.\n")
FR = "# Titre\n\nPremier paragraphe sur les lampes.\n\nDeuxième paragraphe sur le brouillard.\n"


def test_changed_and_added_with_the_translation_alongside() -> None:
    old, new, fr = segment_page(OLD), segment_page(NEW), segment_page(FR)
    changes, unchanged = source_changes(old.ids, new, old, fr)
    assert unchanged == 2
    assert [(c.kind, c.old, c.new) for c in changes] == [
        ("changed", "First paragraph about lamps.", "First paragraph about the lamps."),
        ("added", None, "A new paragraph."),
    ]
    assert changes[0].translation == "Premier paragraphe sur les lampes."
    assert changes[0].similarity is not None and changes[0].similarity > 90


def test_without_the_old_text_changes_pair_in_order() -> None:
    old, new, fr = segment_page(OLD), segment_page(OLD.replace("fog", "mist")), segment_page(FR)
    changes, _ = source_changes(old.ids, new, None, fr)
    [change] = changes
    assert (change.kind, change.old, change.new) == ("changed", None,
                                                      "Second paragraph about mist.")
    assert change.translation == "Deuxième paragraphe sur le brouillard."
