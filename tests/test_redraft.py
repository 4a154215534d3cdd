"""In-place re-drafts: a changed source segment replaces exactly its span of the human page."""

from __future__ import annotations

from test_align import FR, ORDER, SOURCE

from translate_kit.redraft import Redraft, apply_redraft, plan_redraft
from translate_kit.segment import SegmentedPage, segment_page


def french_text(**changes: str) -> str:
    blocks = {**FR, **changes}
    body = "\n\n".join(blocks[k] for k in ORDER if blocks[k])
    return f"---\ntitle: {blocks['title']}\n---\n\n{body}\n"


def redraft(old_text: str, new_text: str, variant_text: str) -> tuple[Redraft, str, SegmentedPage]:
    """Plan and apply, 'translating' each changed segment as «NEW: text»."""
    old, new, variant = segment_page(old_text), segment_page(new_text), segment_page(
        variant_text)
    plan = plan_redraft(new, old, old.ids, variant)
    texts = {i: new.fitted(i, f"«NEW: {new.segments[i].text}»", "fr") for i in plan.todo}
    return plan, apply_redraft(variant, plan, texts), new


def test_an_edited_sentence_replaces_only_its_paragraph_and_no_trailing_space_is_copied() -> None:
    # The English lines carry trailing spaces; the translator's lines do not.
    old = SOURCE.replace("matter\n", "matter   \n").replace("hand.\n", "hand.  \n")
    new = old.replace("long after 1920", "long after 1921")
    variant = french_text()
    plan, out, _ = redraft(old, new, variant)
    assert len(plan.todo) == 1 and not plan.unplaced
    start = variant.index("Les villes")
    end = variant.index("saison.") + len("saison.")
    assert out[:start] == variant[:start] and out[-(len(variant) - end):] == variant[end:]
    assert out[start:].startswith("«NEW: Coastal towns kept their lamps burning long after 1921.")
    assert "   \n" not in out and "  \n" not in out
    [change] = plan.changes
    assert change.old is not None and "1920" in change.old
    assert change.previous is not None and change.previous.startswith("Les villes côtières")


def test_bullets_the_translator_made_paragraphs_are_replaced_one_by_one() -> None:
    paragraphs = ("Les cornes de brume et leurs codes, depuis 1850.\n\nLa routine quotidienne du "
                  "gardien.\n\nPourquoi les fichiers `lamp.log` comptent.")
    variant = french_text(list=paragraphs)
    new = SOURCE.replace("the keeper's daily routine", "the keeper's nightly routine")
    plan, out, _ = redraft(SOURCE, new, variant)
    assert not plan.unplaced
    assert out == variant.replace("La routine quotidienne du gardien.",
                                  "«NEW: the keeper's nightly routine»")


def test_a_paragraph_the_translator_split_is_replaced_whole() -> None:
    towns = ("Les villes côtières ont gardé leurs lampes allumées longtemps après 1920.\n\n"
             "Les gardiens tenaient des journaux qui nous disent comment le temps a changé, "
             "saison après saison.")
    variant = french_text(towns=towns)
    plan, out, _ = redraft(SOURCE, SOURCE.replace("after 1920", "after 1921"), variant)
    assert not plan.unplaced
    assert out == variant.replace(towns, "«NEW: Coastal towns kept their lamps burning long "
                                  "after 1921. Keepers wrote logs that tell us how the weather "
                                  "changed, season after season.»")


def test_an_edit_inside_merged_paragraphs_goes_to_the_sheet_and_the_rest_is_updated() -> None:
    variant = french_text(archive=FR["archive"] + " " + FR["listen"], listen="")
    new = SOURCE.replace("Most were written by hand", "Most were written by the keepers") \
        .replace("Our guest Ada Marin explains", "Our guest Ada Marin shows")
    plan, out, _ = redraft(SOURCE, new, variant)
    [unplaced] = plan.unplaced
    assert "merged" in unplaced.reason and "translation line 16" in unplaced.reason
    assert FR["archive"] + " " + FR["listen"] in out  # the human text stays as it was
    assert "«NEW: Our guest Ada Marin shows" in out and FR["guest"] not in out


def test_an_edit_of_a_paragraph_the_translator_dropped_is_not_forced_in() -> None:
    variant = french_text(guest="")
    plan, out, _ = redraft(SOURCE, SOURCE.replace("old records", "older records"), variant)
    [unplaced] = plan.unplaced
    assert "dropped" in unplaced.reason
    assert out == variant


def test_a_translators_note_stays_and_the_heading_keeps_its_new_level() -> None:
    note = "Note de la traductrice : ce passage a été adapté pour le public francophone."
    variant = french_text(heading="# Pourquoi les phares comptent encore",
                          archive=note + "\n\n" + FR["archive"])
    new = SOURCE.replace("still matter", "matter today").replace("3,400", "3,500")
    plan, out, _ = redraft(SOURCE, new, variant)
    assert not plan.unplaced and len(plan.placements) == 2
    assert out.startswith("---\ntitle: Gardiens de phare\n---\n\n# «NEW: Why lighthouses matter "
                          "today»\n")
    assert note + "\n\n«NEW: The archive holds 3,500 logs." in out


def test_a_new_paragraph_is_inserted_after_its_neighbour_and_a_removed_one_is_cut() -> None:
    variant = french_text()
    new = SOURCE.replace("Most were written by hand.\n",
                         "Most were written by hand.\n\nSome are kept in the town hall.\n")
    _plan, out, _ = redraft(SOURCE, new, variant)
    assert out == variant.replace(FR["archive"] + "\n",
                                  FR["archive"] + "\n\n«NEW: Some are kept in the town hall.»\n")
    gone = SOURCE.replace("Our guest Ada Marin explains why the **old records** are read by "
                          "[researchers](https://example.org/logs).\n\n", "")
    _plan, out, _ = redraft(SOURCE, gone, variant)
    assert out == variant.replace("\n\n" + FR["guest"], "")


def test_a_changed_title_replaces_the_front_matter_value_only() -> None:
    variant = french_text()
    _plan, out, _ = redraft(SOURCE, SOURCE.replace("title: Lighthouse Keepers",
                                                  "title: Lighthouse Keepers Today"), variant)
    # (quoted: the value holds ': ')
    assert out == variant.replace("title: Gardiens de phare",
                                  'title: "«NEW: Lighthouse Keepers Today»"')


def test_without_the_snapshot_a_changed_structure_means_a_side_draft() -> None:
    old, new = segment_page(SOURCE), segment_page(SOURCE.replace("1920", "1921"))
    plan = plan_redraft(new, None, old.ids, segment_page(french_text(guest="")))
    assert not plan.aligns and "lines up" in plan.reason
    # With the same structure, the kind sequence is enough to place the edit.
    plan = plan_redraft(new, None, old.ids, segment_page(french_text()))
    assert plan.aligns and len(plan.placements) == 1 and not plan.unplaced
