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


def test_word_diff_marks_only_the_changed_words() -> None:
    from translate_kit.diff import word_diff

    assert word_diff("Keepers lit the lamps every night.", "Keepers lit the old lamps each "
                     "night.") == "Keepers lit the {+old+} lamps [-every-] {+each+} night."


def test_changes_carry_the_translation_even_when_the_translator_changed_the_structure() -> None:
    from translate_kit.diff import source_changes, structure
    from translate_kit.segment import segment_page

    old = segment_page("- fog horns, from 1850 on\n- the keeper's daily routine\n\n"
                       "The archive holds 3,400 logs.\n")
    new = segment_page(old.text.replace("3,400", "3,500"))
    translation = segment_page("Les cornes de brume, depuis 1850.\n\nLa routine du gardien.\n\n"
                               "L'archive contient 3 400 journaux.\n")
    [change] = source_changes(old.ids, new, old, translation)[0]
    assert change.kind == "changed" and change.translation == "L'archive contient 3 400 journaux."
    assert structure(old, translation) == (
        "source line 1 is a list item, translation line 1 a paragraph")
