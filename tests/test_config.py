"""Configuration: defaults, Jekyll languages, and every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_kit.config import load_config, parse_config
from translate_kit.errors import ConfigError


def test_defaults_and_jekyll_languages(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text('languages: ["en", "fr", "de"]\n', "utf-8")
    config = parse_config(tmp_path, {"layout": {"variants": "ep/{number}/{lang}.md"}})
    assert config.source_lang == "en" and config.languages == ("fr", "de")
    assert config.layout.source == "ep/{number}/{lang}.md"
    assert config.translate_fields == ("title", "summary", "description")
    assert config.engine == "google" and config.workers == 4 and config.timeout == 30
    assert config.fail_on is None and config.min_coverage == ()


def test_check_section(tmp_path: Path) -> None:
    config = parse_config(tmp_path, {"languages": ["fr"], "layout": {"variants": "a/{lang}.md"},
                                     "check": {"fail_on": "missing, qa", "min_coverage": 80}})
    assert config.fail_on == ("missing", "qa")
    assert config.min_coverage == (("*", 80.0),)
    assert config.badge == "up_to_date"  # badges follow reviewed translations unless told
    config = parse_config(tmp_path, {"languages": ["fr"], "layout": {"variants": "a/{lang}.md"},
                                     "check": {"badge": "coverage"}})
    assert config.badge == "coverage"
    with pytest.raises(ConfigError, match=r"check\.badge must be up_to_date or coverage"):
        parse_config(tmp_path, {"languages": ["fr"], "layout": {"variants": "a/{lang}.md"},
                                "check": {"badge": "green"}})


def test_all_problems_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(tmp_path, {"languages": "fr", "layout": {}, "workers": 0,
                                "fields": {"translate": ["title"], "copy": ["title"]}})
    messages = " | ".join(p.message for p in info.value.problems)
    for expected in ("languages must be a list", "layout needs 'variants:'",
                     "workers must be a number", "both translated and copied"):
        assert expected in messages


def test_unreadable_yaml_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "translate-kit.yaml").write_text("languages: [fr\nlayout: x\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.problems[0].path.endswith("translate-kit.yaml")
    assert info.value.problems[0].line is not None
