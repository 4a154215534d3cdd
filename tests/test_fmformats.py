"""TOML (+++) and JSON front matter (Hugo sites): read through python-frontmatter's handler
protocol, edited byte-faithfully, translated in place."""

from __future__ import annotations

import json
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate_kit import segment_page
from translate_kit.errors import PageError
from translate_kit.page import decode_page, parse_page

TOML_PAGE = """\
+++
# Hugo keeps its metadata in TOML
title = "Fog Signals"   # the episode title
number = 12
draft = false
summary = 'How ships talked in the fog.'
tags = [
  "sea",   # first
  "history",
]
date = 2024-03-13T07:00:00Z

[params]
title = "not top level"
+++

Body text.
"""

JSON_PAGE = """\
{
    "title": "Fog Signals",
    "number": 12,
    "tags": ["sea", "history"],
    "summary": "How ships talked\\nin the fog."
}

Body text.
"""


def front(page_text: str) -> str:
    return parse_page(page_text).fm_text


@pytest.mark.parametrize("text", [TOML_PAGE, JSON_PAGE])
def test_read_through_the_handlers_and_join_back(text: str) -> None:
    page = decode_page(text.encode(), "p.md")
    assert page.text == text
    assert page.body == "\nBody text.\n"
    data = page.data()
    assert data["title"] == "Fog Signals" and data["number"] == 12
    assert page.key_names()[:2] == ["title", "number"]


def test_toml_edits_touch_only_their_value() -> None:
    page = parse_page(TOML_PAGE)
    edited = page.set("title", 'Signaux "de" brume').set("summary", "Par temps de brume.")
    assert edited.text == TOML_PAGE.replace('"Fog Signals"', '"Signaux \\"de\\" brume"').replace(
        "'How ships talked in the fog.'", "'Par temps de brume.'")
    assert edited.set("number", 12).text == edited.text
    added = page.set("lang", "fr").set("translation_status", "machine-draft")
    # New keys go before the first table (after it they would belong to the table).
    assert '\nlang = "fr"\ntranslation_status = "machine-draft"\n[params]' in added.text
    data = added.data()
    assert data["lang"] == "fr" and data["params"] == {"title": "not top level"}
    gone = page.delete("tags").delete("draft")
    assert "tags" not in gone.data() and "draft" not in gone.data()
    assert "[params]\ntitle" in gone.text and "# the episode title" in gone.text
    assert tomllib.loads(gone.fm_text)["number"] == 12


def test_json_edits_touch_only_their_value() -> None:
    page = parse_page(JSON_PAGE)
    edited = page.set("title", "Signaux de brume")
    assert edited.text == JSON_PAGE.replace('"Fog Signals"', '"Signaux de brume"')
    added = page.set("lang", "fr")
    assert added.text.startswith(JSON_PAGE.split("\n}")[0] + ',\n    "lang": "fr"\n}')
    for key in ("title", "summary", "tags"):
        data = json.loads(page.delete(key).fm_text)
        assert key not in data and data["number"] == 12


def test_translated_fields_are_written_back_in_the_format() -> None:
    for text in (TOML_PAGE, JSON_PAGE):
        page = segment_page(text)
        keys = [s.key for s in page.segments if s.kind == "front_matter"]
        assert keys == ["title", "summary"]
        out = page.render({s.id: 'Brume "épaisse" \\ ici' for s in page.segments
                           if s.kind == "front_matter"})
        data = parse_page(out).data()
        assert data["title"] == data["summary"] == 'Brume "épaisse" \\ ici'
        assert parse_page(out).body == "\nBody text.\n"


def test_unreadable_front_matter_is_a_page_error() -> None:
    with pytest.raises(PageError, match="not valid TOML"):
        parse_page("+++\ntitle = \n+++\nBody\n", "bad.md").data()
    with pytest.raises(PageError, match="not valid JSON"):
        parse_page('{\n"title": \n}\nBody\n', "bad.md").data()


VALUE = st.one_of(st.text(max_size=20), st.integers(-10**6, 10**6), st.booleans())


@given(st.sampled_from([TOML_PAGE, JSON_PAGE]), st.sampled_from(
    ["title", "number", "summary", "tags", "new_key", "date"]), VALUE, st.booleans())
def test_any_edit_parses_and_leaves_other_keys_alone(text: str, key: str, value: object,
                                                      delete: bool) -> None:
    page = parse_page(text)
    before = page.data()
    assert isinstance(value, str | int | bool)
    edited = page.delete(key) if delete else page.set(key, value)
    after = edited.data()
    assert {k: v for k, v in after.items() if k != key} == {
        k: v for k, v in before.items() if k != key}
    if delete:
        assert key not in after
    else:
        assert after[key] == value and type(after[key]) is type(value)
