"""The real sample (when present): init, baseline, one sentence edited in every English source,
sync through a local LibreTranslate-compatible server. Every stale page is re-drafted in place,
the bytes outside the edited paragraph stay as the translators wrote them, and what was sent is
within 1.1× the edited segments."""

from __future__ import annotations

import re
from pathlib import Path

from mt_server import MTServer
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.commands.baseline import baseline
from translate_kit.commands.draft import DraftOptions, draft
from translate_kit.segment import segment_page

MARKER = re.compile(r"^translation_status: machine-draft\r?\n", re.MULTILINE)


def edit_one_sentence(path: Path) -> str:
    """Insert a word into the first sentence of the first long paragraph; its new text."""
    text = path.read_text("utf-8")
    page = segment_page(text)
    index, segment = next((i, s) for i, s in enumerate(page.segments)
                          if s.kind == "paragraph" and len(s.plain.split()) >= 10)
    start = page.span(index)[0]
    first_space = text.index(" ", start)
    path.write_text(text[:first_space] + " really" + text[first_space:], "utf-8", newline="")
    edited = segment_page(path.read_text("utf-8")).segments[index]
    assert edited.plain == segment.plain.replace(" ", " really ", 1)
    return edited.text


def changed_region(before: str, after: str) -> tuple[str, str]:
    """The part of ``before`` that differs from ``after`` (draft marker aside), and its
    replacement."""
    after = MARKER.sub("", after, count=1)
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[
            -1 - suffix]:
        suffix += 1
    return before[prefix:len(before) - suffix], after[prefix:len(after) - suffix]


def test_one_sentence_edited_everywhere_is_redrafted_in_place(corpus_copy: Path) -> None:
    site = corpus_copy
    assert CliRunner().invoke(app, ["init", str(site), "--yes"]).exit_code == 0
    baseline(site)
    variants = sorted(p for p in site.glob("docs/episodes/*/*/episode.md")
                      if p.parent.name != "en")
    before = {p: p.read_text("utf-8") for p in variants}
    edited = {p.parent.parent.name: edit_one_sentence(p)
              for p in sorted(site.glob("docs/episodes/*/en/episode.md"))}
    with MTServer() as server:
        config = site / "translate-kit.yaml"
        config.write_text(config.read_text("utf-8") + f"engine: libre\nengine_options: "
                          f"{{url: '{server.url}'}}\nretries: 1\ntimeout: 10\n", "utf-8")
        report = draft(site, DraftOptions(), sync=True)
        sent = sum(len(text) for text in server.script.requests)
    stale = [p for p in variants if p.parent.parent.name in edited]
    assert len(report.outcomes) == len(stale)
    assert {(o.mode, o.action) for o in report.outcomes} == {("incremental", "written")}
    for path in stale:
        old, new = changed_region(before[path], path.read_text("utf-8"))
        assert new, f"{path} was not updated"
        assert "\n\n" not in old.strip("\n") and "\n\n" not in new.strip("\n"), path
    wanted = sum(len(edited[p.parent.parent.name]) for p in stale)
    assert sent <= 1.1 * wanted, (sent, wanted)
