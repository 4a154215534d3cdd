"""Copied front-matter values compared by meaning."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from translate_kit.locales import Locale
from translate_kit.values import foreign_values, locale_convention, parse_instant, same_meaning


@pytest.mark.parametrize(("a", "b"), [
    ("2024-03-13T07:00:00.000Z", "Wed Mar 13 2024 00:00:00 GMT-0700 (Pacific Daylight Time)"),
    (datetime(2024, 3, 13, 7, tzinfo=UTC),
     "Wed Mar 13 2024 00:00:00 GMT-0700 (Pacific Daylight Time)"),
    (date(2022, 8, 9), "Mon Aug 08 2022 17:00:00 GMT-0700 (Pacific Daylight Time)"),
    (date(2020, 6, 18), "Wed Jun 17 2020 14:00:00 GMT-1000 (Hawaii-Aleutian Standard Time)"),
    ("2024-08-20 07:00:00 +0000", "2024-08-20T07:00:00Z"),
    (218, "218"),
    (["Ada Marin", "Bo Li"], ("Ada Marin", "Bo Li")),
    ("  spaced  text ", "spaced text"),
])
def test_same_meaning(a: object, b: object) -> None:
    assert same_meaning(a, b)
    assert same_meaning(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("2024-03-13T07:00:00.000Z", "2024-03-13T08:00:00.000Z"),
    (date(2022, 8, 9), "Mon Aug 01 2022 17:00:00 GMT-0700"),
    (218, 219),
    (["Ada Marin"], ["Ada Marin", "Bo Li"]),
    ("https://youtu.be/a", "https://youtu.be/b"),
])
def test_different_meaning(a: object, b: object) -> None:
    assert not same_meaning(a, b)


def test_parse_instant_rejects_text() -> None:
    assert parse_instant("not a date") is None
    assert parse_instant(12) is None


LOCALES = {
    "it": Locale("it", front_matter={"parent": "Episodi", "grand_parent": "Italiano"}),
    "pt": Locale("pt", front_matter={"parent": "Episódios", "grand_parent": "Português"}),
    "en": Locale("en", front_matter={"parent": "Episodes", "grand_parent": "English"}),
}


def test_foreign_values_name_the_locale_they_belong_to() -> None:
    found = list(foreign_values({"parent": "Episódios", "grand_parent": "Italiano"}, "it",
                                LOCALES))
    assert found == [("parent", "Episódios", "pt", "Episodi")]
    assert list(foreign_values({"parent": "Episodes"}, "pt", LOCALES)) == [
        ("parent", "Episodes", "en", "Episódios")]
    assert not list(foreign_values({"parent": "Episodi"}, "it", LOCALES))
    assert not list(foreign_values({"parent": "Puntate"}, "it", LOCALES))  # the site's choice
    assert not list(foreign_values({"parent": ["Episódios"]}, "it", LOCALES))


def test_locale_convention_follows_the_site_unless_another_locale_owns_it() -> None:
    assert locale_convention({"Puntate": 5, "Episodi": 1}, "it", "parent", LOCALES) == (
        "Puntate", None)
    value, note = locale_convention({"Episódios": 7}, "it", "parent", LOCALES)
    assert value == "Episodi"
    assert note is not None and "'Episódios', the pt value" in note
    assert locale_convention({}, "it", "parent", LOCALES) == ("Episodi", None)
