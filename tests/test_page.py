"""The page model: exact bytes in, exact bytes out; edits spliced, never re-serialised."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate_kit.errors import PageError
from translate_kit.page import decode_page, parse_page, read_page

PAGE = """\ufeff---\r
# a comment that must survive\r
title: "Évolution du phare"  # trailing comment\r
number: 0123\r
date: 2024-03-13T07:00:00.000Z\r
flag: yes\r
tags:\r
    - sea\r
    - history\r
summary: >\r
  Folded text\r
  over two lines.\r
note: a plain scalar\r
  that continues\r
permalink: 'episode-12'\r
---\r
Body text.\r
"""


@given(st.text())
def test_parse_then_join_is_identity(text: str) -> None:
    assert parse_page(text).text == text


def test_parts() -> None:
    page = parse_page(PAGE)
    assert page.bom == "\ufeff"
    assert page.fm_open == "---\r\n"
    assert page.body == "Body text.\r\n"
    assert page.newline == "\r\n"
    assert page.data()["title"] == "Évolution du phare"


def test_setting_a_value_to_itself_changes_nothing() -> None:
    page = parse_page(PAGE)
    for key, value in page.data().items():
        if isinstance(value, str | int | bool) and not isinstance(value, bool):
            assert page.set(key, value).text == PAGE, key


def test_set_keeps_everything_else_byte_for_byte() -> None:
    page = parse_page(PAGE).set("title", "Evolution of the lighthouse")
    expected = PAGE.replace('"Évolution du phare"', '"Evolution of the lighthouse"')
    assert page.text == expected


def test_set_keeps_quoting_style() -> None:
    page = parse_page(PAGE).set("permalink", "episode-12-fr")
    assert "permalink: 'episode-12-fr'\r\n" in page.text
    page = page.set("note", "new: text with a colon")
    assert 'note: "new: text with a colon"\r\n' in page.text
    assert page.data()["note"] == "new: text with a colon"


def test_block_scalar_replaced_in_its_own_style() -> None:
    page = parse_page(PAGE).set("summary", "Texte plié\nsur deux lignes.\n")
    assert "summary: >\r\n  Texte plié\r\n  sur deux lignes.\r\nnote:" in page.text
    assert page.data()["note"] == "a plain scalar that continues"


def test_yaml_11_surprises_never_leak_into_text() -> None:
    page = parse_page(PAGE).set("lang", "fr")
    assert "number: 0123\r\n" in page.text
    assert "date: 2024-03-13T07:00:00.000Z\r\n" in page.text
    assert "flag: yes\r\n" in page.text


def test_new_key_appended_in_the_page_style() -> None:
    page = parse_page(PAGE).set("lang", "fr")
    assert page.text.endswith("permalink: 'episode-12'\r\nlang: fr\r\n---\r\nBody text.\r\n")
    quoted = parse_page('---\ntitle: "A"\n---\n').set("lang", "fr").set("note", "Un texte")
    assert quoted.text == '---\ntitle: "A"\nlang: fr\nnote: "Un texte"\n---\n'


def test_ambiguous_strings_are_quoted() -> None:
    page = parse_page("---\na: b\n---\n")
    for value in ("yes", "0123", "2024-01-01", "null", "- x", "#x", "a: b", " pad"):
        assert page.set("v", value).data()["v"] == value


def test_delete_removes_whole_entry() -> None:
    page = parse_page(PAGE).delete("tags").delete("summary")
    assert "tags" not in page.text and "Folded" not in page.text
    assert page.data()["note"] == "a plain scalar that continues"
    assert parse_page(PAGE).delete("absent").text == PAGE


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "is empty"),
    (b"   \n", "is empty"),
    (b"no front matter\n", "no front matter"),
    (b"---\ntitle: x\n", "no front matter"),
    (b"---\na: [b\n---\n", "not valid YAML"),
    (b"---\nt: \xff\n---\n", "not UTF-8"),
])
def test_bad_pages_name_the_problem(raw: bytes, message: str) -> None:
    with pytest.raises(PageError) as info:
        decode_page(raw, "ep.md").data()
    assert message in str(info.value)
    assert str(info.value).startswith("ep.md")


def test_folder_is_not_a_page(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="is a folder"):
        read_page(tmp_path)
