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
                     "workers must be a whole number from 1 to 64", "both translated and copied"):
        assert expected in messages


def test_unreadable_yaml_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "translate-kit.yaml").write_text("languages: [fr\nlayout: x\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.problems[0].path.endswith("translate-kit.yaml")
    assert info.value.problems[0].line is not None


BASE = {"languages": ["fr"], "layout": {"variants": "ep/{number}/{lang}.md"}}


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("timeout", 1e308, "timeout must be a number from 0.1 to 600 seconds"),
    ("timeout", float("inf"), "not inf"),
    ("timeout", float("nan"), "not nan"),
    ("rate_limit", 1e-9, "(or 0 for no limit)"),
    ("retries", 1_000_000, "retries must be a whole number from 0 to 10"),
    ("retries", 2.5, "whole number"),
    ("workers", True, "workers must be a whole number"),
    ("memory_threshold", 1e9, "memory_threshold must be a number from 0 to 100 percent"),
    ("untranslated_threshold", 0, "untranslated_threshold must be a number from 1 to 100"),
])
def test_numbers_out_of_range_are_refused(tmp_path: Path, key: str, value: object,
                                          expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(tmp_path, {**BASE, key: value})
    [problem] = info.value.problems
    assert expected in problem.message


def test_numbers_at_their_limits_are_taken(tmp_path: Path) -> None:
    config = parse_config(tmp_path, {**BASE, "timeout": 600, "rate_limit": 0, "retries": 0,
                                     "workers": 64, "memory_threshold": 0,
                                     "untranslated_threshold": 100})
    assert (config.timeout, config.rate_limit, config.retries, config.workers) == (600, 0, 0, 64)
    assert parse_config(tmp_path, {**BASE, "rate_limit": 0.01}).rate_limit == 0.01


@pytest.mark.parametrize("code", ["fr\n", "f", "fr/..", "../fr", "fr fr", "FR", "", "fr-"])
def test_language_codes_are_matched_whole(tmp_path: Path, code: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(tmp_path, {**BASE, "languages": [code]})
    assert "not language codes" in info.value.problems[0].message
    with pytest.raises(ConfigError):
        parse_config(tmp_path, {**BASE, "source_lang": code})


def test_regional_language_codes_are_taken(tmp_path: Path) -> None:
    config = parse_config(tmp_path, {**BASE, "languages": ["pt-BR", "zh_Hant", "fil"]})
    assert config.languages == ("pt-BR", "zh_Hant", "fil")


def test_a_placeholder_twice_in_a_pattern_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(tmp_path, {**BASE, "layout": {"variants": "{lang}/{number}/{lang}.md",
                                                   "source": "{number}/{number}.md"}})
    messages = [p.message for p in info.value.problems]
    assert messages == ["layout.variants: {lang} may appear only once",
                        "layout.source: {number} may appear only once"]


def test_engine_options_must_be_scalars(tmp_path: Path) -> None:
    config = parse_config(tmp_path, {**BASE, "engine_options": {"url": "http://h", "n": 3}})
    assert config.engine_options == (("n", "3"), ("url", "http://h"))
    with pytest.raises(ConfigError):
        parse_config(tmp_path, {**BASE, "engine_options": {"url": ["a", ["b"]]}})


def test_glossary_entries_stay_inside_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "shared.yaml").write_text("terms: []\n", "utf-8")
    site = repo / "docs"
    site.mkdir()
    config = parse_config(site, {**BASE, "glossary": ["../shared.yaml", str(repo / "x.yaml")]})
    assert config.glossary_files == ("../shared.yaml", str(repo / "x.yaml"))
    for entry in ("../../outside.yaml", "/etc/hostname"):
        with pytest.raises(ConfigError) as info:
            parse_config(site, {**BASE, "glossary": [entry]})
        [problem] = info.value.problems
        assert entry in problem.message and "outside the repository" in problem.message


def test_an_alias_bomb_is_one_error_with_its_line(tmp_path: Path) -> None:
    lines = ["languages: [fr]", "layout: {variants: 'ep/{number}/{lang}.md'}", "engine_options:",
             "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    (tmp_path / "translate-kit.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    [problem] = info.value.problems
    assert "expands to more than 100,000 values" in problem.message
    assert problem.path and problem.path.endswith("translate-kit.yaml")


def test_deep_nesting_and_a_non_utf8_config_are_one_error(tmp_path: Path) -> None:
    path = tmp_path / "translate-kit.yaml"
    path.write_text("languages: [fr]\nx: " + "[" * 500 + "]" * 500 + "\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "nested deeper than 100 levels" in info.value.problems[0].message
    path.write_bytes(b"languages: [fr]\n# caf\xe9\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    [problem] = info.value.problems
    assert (problem.line, problem.message) == (2, "not UTF-8 text (byte 0xe9); save the file "
                                                  "as UTF-8")


def test_a_recursive_alias_is_bounded(tmp_path: Path) -> None:
    (tmp_path / "translate-kit.yaml").write_text(
        "languages: [fr]\nlayout: {variants: 'ep/{number}/{lang}.md'}\n"
        "engine_options: &loop {url: x, self: *loop}\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "engine_options must be a mapping" in info.value.problems[0].message


@pytest.mark.parametrize("line", ["languages: [fr, no]", "source_lang: no\nlanguages: [fr]"])
def test_norwegian_written_unquoted_is_told_to_be_quoted(tmp_path: Path, line: str) -> None:
    (tmp_path / "translate-kit.yaml").write_text(
        f"{line}\nlayout: {{variants: 'episodes/{{number}}/{{lang}}.md'}}\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "quote the code, as 'no'" in str(info.value.problems[0])
