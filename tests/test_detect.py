"""init's layout detection on the three layouts real sites use."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import episode, french

from translate_kit.detect import detect, gitignore_text
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


def test_cannot_detect_message_names_the_config_file(tmp_path: Path) -> None:
    write(tmp_path, {"notes/readme.md": "# no languages here\n"})
    with pytest.raises(UsageError) as info:
        detect(tmp_path)
    assert "write translate-kit.yaml by hand" in str(info.value)
    assert "{" not in str(info.value)


def test_gitignore_keeps_machine_state_out_of_git_and_offers_sources_and_sheets(
        tmp_path: Path) -> None:
    site = tmp_path / "repo" / "docs"  # a site inside a repository, as on GitHub Pages
    site.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    (site / ".gitignore").write_text("_site/", "utf-8")
    text = gitignore_text((site / ".gitignore").read_text("utf-8"))
    assert text is not None and text.startswith("_site/\n\n# translate-kit")
    (site / ".gitignore").write_text(text, "utf-8")
    assert gitignore_text(text) is None  # a second init adds nothing
    local = [".translate-kit/cache/pages.json", ".translate-kit/cache.sqlite",
             ".translate-kit/cache.sqlite-wal", ".translate-kit/run.lock",
             ".translate-kit/state.lock", ".translate-kit/lock-journal.jsonl"]
    shared = [".translate-kit/sources/0123abcd.md",
              ".translate-kit/review/episodes/1/fr.review.md", "translate-kit.lock"]
    for rel in local + shared:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x", "utf-8")
    done = subprocess.run(["git", "-C", str(site), "status", "--porcelain", "-uall"],
                          capture_output=True, text=True, check=True)
    untracked = {line[3:].removeprefix("docs/") for line in done.stdout.splitlines()}
    assert untracked == {*shared, ".gitignore"}
    block = gitignore_text(None)
    assert block is not None and gitignore_text("a\r\nb") == "a\r\nb\r\n\r\n" + block.replace(
        "\n", "\r\n")  # a CRLF file stays CRLF
