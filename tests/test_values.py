"""Copied front-matter values compared by meaning."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from translate_kit.values import parse_instant, same_meaning


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
