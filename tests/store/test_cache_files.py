"""The page cache and the status snapshot are data: a planted pickle, garbage, a file of another
version or of the wrong shape is ignored (no code from it runs) and rebuilt."""

from __future__ import annotations

import json
import os
import pickle
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import episode, french, make_site

from translate_kit.commands.baseline import baseline
from translate_kit.commands.status import status
from translate_kit.discover import PageInfo, Problem
from translate_kit.store.codec import VERSION, Invalid, decode, encode

CACHE_FILES = ("pages.json", "status.json")


class _Planted:
    """Unpickling this runs ``os.system``: it writes a marker file if anything unpickles."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def _site(tmp_path: Path) -> Path:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
                                "episodes/2/en.md": episode(2)})
    baseline(site)
    return site


def _statuses(site: Path) -> dict[tuple[int, str], str]:
    return {(e.number, v.lang): v.status for e in status(site).episodes for v in e.variants}


def _plant(site: Path, contents: dict[str, bytes]) -> None:
    folder = site / ".translate-kit" / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("pages.pickle", "status.pickle", *CACHE_FILES):
        (folder / name).write_bytes(contents.get(name, contents.get("*", b"")))


def _tampered(site: Path, name: str, version: int, data: object = None) -> bytes:
    """The real file with its statuses turned to 'orphan' (or its data replaced), its key kept:
    only the version (or the shape) tells it apart."""
    doc = json.loads((site / ".translate-kit/cache" / name).read_text("utf-8"))
    text = json.dumps(doc["data"]).replace('"current"', '"orphan"').replace('"unknown"',
                                                                            '"orphan"')
    return json.dumps({**doc, "version": version,
                       "data": json.loads(text) if data is None else data}).encode()


@pytest.mark.parametrize("kind", ["pickle", "garbage"])
def test_a_planted_cache_file_runs_nothing_and_is_rebuilt(tmp_path: Path, kind: str) -> None:
    site = _site(tmp_path)
    expected = _statuses(site)  # cold: writes both cache files
    (site / "episodes/2/fr.md").write_text(french(2), "utf-8")  # the cache must not hide this
    expected[(2, "fr")] = "unknown"
    marker = tmp_path / "code-ran"
    planted = pickle.dumps(_Planted(marker))
    garbage = b"\x80\x04\x95 not json {[" + bytes(range(256))
    _plant(site, {"*": planted if kind == "pickle" else garbage})
    assert _statuses(site) == expected
    assert not marker.exists()
    _assert_rebuilt(site)
    assert _statuses(site) == expected  # and read back warm


@pytest.mark.parametrize("kind", ["older-version", "wrong-shape"])
def test_a_cache_file_of_another_version_or_shape_is_not_used(tmp_path: Path,
                                                              kind: str) -> None:
    site = _site(tmp_path)
    expected = _statuses(site)
    data = {"__reduce__": "os.system"} if kind == "wrong-shape" else None
    version = VERSION if kind == "wrong-shape" else VERSION - 1
    _plant(site, {n: _tampered(site, n, version, data) for n in CACHE_FILES})
    assert _statuses(site) == expected
    _assert_rebuilt(site)


def _assert_rebuilt(site: Path) -> None:
    for name in CACHE_FILES:
        doc = json.loads((site / ".translate-kit/cache" / name).read_text("utf-8"))
        assert doc["version"] == VERSION and doc["format"].startswith("translate-kit/")
        assert '"orphan"' not in json.dumps(doc["data"])


def test_a_stored_key_from_another_site_state_is_not_reused(tmp_path: Path) -> None:
    site = _site(tmp_path)
    _statuses(site)
    snapshot = site / ".translate-kit/cache/status.json"
    doc = json.loads(snapshot.read_text("utf-8"))
    (site / "episodes/1/fr.md").unlink()
    warm = _statuses(site)
    assert warm[(1, "fr")] == "missing"
    assert json.loads(snapshot.read_text("utf-8"))["key"] != doc["key"]


def test_records_round_trip_by_type_and_bad_shapes_are_refused() -> None:
    when = datetime(2024, 3, 13, 7, 0, tzinfo=timezone(timedelta(hours=2)))
    info = PageInfo("a.md", "source", "en", 1, 10, 20, 30, "d" * 8,
                    (("date", when), ("day", date(2024, 3, 13)), ("tags", ("x", "y")),
                     ("n", 1), ("ok", True)),
                    None, None, ("lang-mismatch",), Problem("a.md", "bad", 3))
    stored = json.loads(json.dumps(encode(info)))
    assert decode(PageInfo, stored) == info
    for bad in ([*stored[:-1]], {"path": "a.md"}, [1, *stored[1:]],
                [*stored[:8], [["date", {"eval": "x"}]], *stored[9:]]):
        with pytest.raises(Invalid):
            decode(PageInfo, bad)


def test_an_edit_that_keeps_the_size_and_puts_the_mtime_back_is_seen(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1)})
    baseline(site)
    assert _statuses(site)[(1, "fr")] == "current"
    source = site / "episodes/1/en.md"
    before = source.stat()
    text = source.read_text("utf-8")
    assert "towns kept" in text
    source.write_text(text.replace("towns kept", "towns held"), "utf-8")  # same size
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    assert source.stat().st_size == before.st_size
    assert _statuses(site)[(1, "fr")] == "stale"
