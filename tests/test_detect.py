"""init's layout detection on the three layouts real sites use."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import episode, french

from translate_kit.detect import detect
from translate_kit.errors import UsageError


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


def test_folder_layout_with_legacy_source_pages(tmp_path: Path) -> None:
    site = write(tmp_path, {
        "docs/_config.yml": 'languages: ["en", "fr", "it"]\n',
        "docs/episodes/ep-1/episode.md": episode(1),
        "docs/episodes/ep-1/en/episode.md": episode(1),
        "docs/episodes/ep-1/fr/episode.md": french(1),
        "docs/episodes/ep-2/en/episode.md": episode(2),
        "docs/episodes/ep-2/it/episode.md": french(2),
    })
    found = detect(site)
    assert found.variants == "docs/episodes/ep-{number}/{lang}/episode.md"
    assert found.source == "docs/episodes/ep-{number}/en/episode.md"
    assert found.languages == ("fr", "it")
    assert any("older pages" in note for note in found.notes)


def test_suffix_layout(tmp_path: Path) -> None:
    site = write(tmp_path, {
        "_posts/2024-01-01-fog.md": episode(1),
        "_posts/2024-01-01-fog.fr.md": french(1),
        "_posts/2024-02-01-bells.md": episode(2),
        "_posts/2024-02-01-bells.de.md": french(2),
    })
    found = detect(site)
    assert found.variants == "_posts/{date}-{slug}.{lang}.md"
    assert found.source == "_posts/{date}-{slug}.md"
    assert found.languages == ("de", "fr")


def test_front_matter_layout(tmp_path: Path) -> None:
    site = write(tmp_path, {
        "_posts/2024-01-01-fog.md": episode(1),
        "_posts/2024-01-01-brouillard.md": french(1),
        "_config.yml": "languages: [en, fr]\n",
    })
    found = detect(site)
    assert found.variants == found.source == "_posts/**/*.md"
    assert found.languages == ("fr",)


def test_nothing_to_detect(tmp_path: Path) -> None:
    write(tmp_path, {"index.md": "# Hello\n"})
    with pytest.raises(UsageError, match="cannot detect"):
        detect(tmp_path)
