"""The bundled example site says which of its pages are broken on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from translate_kit.commands.status import status

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "site"


def test_every_broken_page_says_it_is_broken_on_purpose(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns(".translate-kit"))
    report = status(site)
    broken = sorted(p.path for p in report.errors)
    assert broken, "the example site is meant to show invalid pages"
    readme = (EXAMPLE / "README.md").read_text("utf-8")
    for path in broken:
        assert "Broken on purpose" in (EXAMPLE / path).read_text("utf-8"), path
        assert path.split("/")[1] in readme  # the episode folder, e.g. sn-7
    assert f"{len(broken)} files could not be used" in readme
