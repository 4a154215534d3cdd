"""Per-language front-matter values in new drafts: the site's convention, unless the site's
pages hold another locale's value; then the locale's own value, and the run says so."""

from __future__ import annotations

from pathlib import Path

from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.page import parse_page

runner = CliRunner()


def test_new_draft_takes_the_locale_value_when_the_site_holds_another_locales(
        tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1, parent="Episodes"),
        "episodes/1/it.md": french(1, lang="it", parent="Episódios"),  # Portuguese value
        "episodes/2/en.md": episode(2, parent="Episodes"),
        "episodes/1/de.md": french(1, lang="de", parent="Folgen"),  # the site's own word
        "episodes/3/en.md": episode(3, parent="Episodes"),
    }, languages=("it", "de"))
    result = runner.invoke(app, ["sync", str(site), "--engine", "pseudo", "-e", "2"])
    assert result.exit_code == 0, result.output
    new_it = parse_page((site / "episodes/2/it.md").read_text("utf-8")).data()
    assert new_it["parent"] == "Episodi"
    assert "'Episódios', the pt value; new pages get 'Episodi'" in result.stdout
    new_de = parse_page((site / "episodes/2/de.md").read_text("utf-8")).data()
    assert new_de["parent"] == "Folgen"  # a value no locale claims is the site's choice
    assert "episodes/2/de.md (new); review sheet" in result.stdout
    assert "the pt value" not in next(line for line in result.stdout.splitlines()
                                      if "episodes/2/de.md" in line)


def test_glossary_check_flags_another_locales_value(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "episodes/1/en.md": episode(1, parent="Episodes"),
        "episodes/1/it.md": french(1, lang="it", parent="Episódios"),
    }, languages=("it",))
    result = runner.invoke(app, ["glossary", "check", str(site)])
    assert "[locale-value] parent is 'Episódios', the pt value; it pages use 'Episodi'" in \
        result.stdout
