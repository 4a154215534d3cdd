"""Alignment that survives what human translators do to a page's structure."""

from __future__ import annotations

from translate_kit.align import Alignment, align, first_mismatch
from translate_kit.segment import SegmentedPage, segment_page

SOURCE = """\
---
title: Lighthouse Keepers
---

## Why lighthouses still matter

Coastal towns kept their lamps burning long after 1920. Keepers wrote logs that tell
us how the weather changed, season after season.

Our guest Ada Marin explains why the **old records** are read by [researchers](https://example.org/logs).

- fog horns and their codes, from 1850 on
- the keeper's daily routine
- why the `lamp.log` files matter

The archive holds 3,400 logs. Most were written by hand.

Listen to episode 12 at https://example.org/ep/12 and tell us what you think.
"""

# The French translation, block by block, as a translator who kept the structure wrote it.
FR = {
    "title": "Gardiens de phare",
    "heading": "## Pourquoi les phares comptent encore",
    "towns": "Les villes côtières ont gardé leurs lampes allumées longtemps après 1920. Les "
             "gardiens tenaient des journaux qui\nnous disent comment le temps a changé, saison "
             "après saison.",
    "guest": "Notre invitée Ada Marin explique pourquoi les **anciens registres** sont lus par "
             "des [chercheurs](https://example.org/logs).",
    "list": "- les cornes de brume et leurs codes, depuis 1850\n- la routine quotidienne du "
            "gardien\n- pourquoi les fichiers `lamp.log` comptent",
    "archive": "L'archive contient 3 400 journaux. La plupart ont été écrits à la main.",
    "listen": "Écoutez l'épisode 12 sur https://example.org/ep/12 et dites-nous ce que vous en "
              "pensez.",
}
ORDER = ("heading", "towns", "guest", "list", "archive", "listen")


def french(**changes: str) -> SegmentedPage:
    blocks = {**FR, **changes}
    body = "\n\n".join(blocks[k] for k in ORDER if blocks[k])
    return segment_page(f"---\ntitle: {blocks['title']}\n---\n\n{body}\n")


def pairs(result: Alignment) -> list[tuple[list[int], list[int]]]:
    """Links as source and translation line numbers."""
    return [([result.source.segments[i].line for i in link.source],
             [result.translation.segments[j].line for j in link.target])
            for link in result.links]


def test_a_translation_that_kept_the_structure_aligns_exactly() -> None:
    source, translation = segment_page(SOURCE), french()
    result = align(source, translation)
    assert result.exact
    assert len(result.links) == len(source.segments) == len(translation.segments)
    assert all(link.confidence >= 0.6 for link in result.links)
    assert first_mismatch(source, translation) is None


def test_bullets_turned_into_paragraphs() -> None:
    source = segment_page(SOURCE)
    translation = french(list="Les cornes de brume et leurs codes, depuis 1850.\n\nLa routine "
                              "quotidienne du gardien.\n\nPourquoi les fichiers `lamp.log` "
                              "comptent.")
    result = align(source, translation)
    assert not result.dropped and not result.added
    assert ([12], [12]) in pairs(result) and ([14], [16]) in pairs(result)
    assert first_mismatch(source, translation) == (
        "source line 12 is a list item, translation line 12 a paragraph")


def test_two_paragraphs_merged_into_one() -> None:
    source = segment_page(SOURCE)
    translation = french(archive=FR["archive"] + " " + FR["listen"], listen="")
    result = align(source, translation)
    merged = next(k for k in result.links if len(k.source) == 2)
    assert [source.segments[i].line for i in merged.source] == [16, 18]
    assert len(merged.target) == 1 and merged.confidence >= 0.5
    assert not result.dropped and not result.added
    assert first_mismatch(source, translation) == (
        "source lines 16 and 18 (2 segments) are one segment at translation line 16 "
        "(a paragraph): merged")


def test_one_paragraph_split_in_two() -> None:
    source = segment_page(SOURCE)
    towns = ("Les villes côtières ont gardé leurs lampes allumées longtemps après 1920.\n\n"
             "Les gardiens tenaient des journaux qui nous disent comment le temps a changé, "
             "saison après saison.")
    translation = french(towns=towns)
    result = align(source, translation)
    split = next(k for k in result.links if len(k.target) == 2)
    assert [source.segments[i].line for i in split.source] == [7]
    assert first_mismatch(source, translation) == (
        "source line 7 (a paragraph) is split into translation lines 7 and 9")


def test_a_dropped_block_is_named() -> None:
    source = segment_page(SOURCE)
    translation = french(guest="")
    result = align(source, translation)
    assert [source.segments[i].line for i in result.dropped] == [10]
    assert not result.added
    assert result.unplaced() == [
        "source line 10 (a paragraph) has no counterpart in the translation"]
    # Everything after the gap is still placed, in order.
    assert ([12], [10]) in pairs(result) and ([18], [16]) in pairs(result)


def test_a_translators_note_is_added_not_matched() -> None:
    source = segment_page(SOURCE)
    note = ("Note de la traductrice : ce passage a été adapté pour le public francophone, qui "
            "connaît mal ces côtes et leurs gardiens.")
    translation = french(archive=note + "\n\n" + FR["archive"])
    result = align(source, translation)
    assert [translation.segments[j].line for j in result.added] == [16]
    assert not result.dropped
    assert ([16], [18]) in pairs(result)
    assert first_mismatch(source, translation) == (
        "translation line 16 (a paragraph) has no counterpart in the source (added)")


def test_heading_level_changed() -> None:
    source = segment_page(SOURCE)
    translation = french(heading="# Pourquoi les phares comptent encore")
    result = align(source, translation)
    assert not result.exact and not result.dropped and not result.added
    assert first_mismatch(source, translation) == (
        "source line 5 is a level-2 heading, translation line 5 a level-1 heading")


def test_hash_title_without_space_is_a_paragraph_the_translator_made_a_heading() -> None:
    source = segment_page(SOURCE.replace("## Why", "#Why"))
    translation = french(heading="# Pourquoi les phares comptent encore")
    assert first_mismatch(source, translation) == (
        "source line 5 is a paragraph, translation line 5 a level-1 heading")


def test_several_changes_at_once_keep_every_anchor_in_place() -> None:
    source = segment_page(SOURCE)
    translation = french(heading="# Pourquoi les phares comptent encore", guest="",
                         list="Les cornes de brume et leurs codes, depuis 1850. La routine "
                              "quotidienne du gardien. Pourquoi les fichiers `lamp.log` "
                              "comptent.",
                         archive=FR["archive"] + " " + FR["listen"], listen="")
    result = align(source, translation)
    assert [source.segments[i].line for i in result.dropped] == [10]
    three = next(k for k in result.links if len(k.source) == 3)
    assert [source.segments[i].line for i in three.source] == [12, 13, 14]


def test_long_pages_align_inside_a_band_and_still_find_the_gap() -> None:
    english = [f"<p>Speaker {i % 3}: we logged {i * 7} storms in year {1800 + i}.</p>"
               for i in range(400)]
    german = [f"<p>Sprecher {i % 3}: wir zählten {i * 7} Stürme im Jahr {1800 + i}.</p>"
              for i in range(400) if i != 250]
    source = segment_page("<div>\n" + "\n".join(english) + "\n</div>\n")
    translation = segment_page("<div>\n" + "\n".join(german) + "\n</div>\n")
    assert len(source.segments) == 400
    result = align(source, translation)
    assert result.dropped == (250,)
    assert all(len(k.source) == len(k.target) == 1 for k in result.links)
    assert first_mismatch(source, translation) == (
        "source line 252 (HTML text) has no counterpart in the translation (dropped)")


def test_the_qa_segment_count_finding_names_the_first_mismatch() -> None:
    from translate_kit.qa import check_page

    source = segment_page(SOURCE)
    translation = french(list="Les cornes de brume et leurs codes, depuis 1850.\n\nLa routine "
                              "quotidienne du gardien.\n\nPourquoi les fichiers `lamp.log` "
                              "comptent.")
    found = [f for f in check_page("fr.md", source, translation, "fr")
             if f.check == "segment-count"]
    assert len(found) == 1
    assert found[0].message.endswith(
        "first: source line 12 is a list item, translation line 12 a paragraph")
