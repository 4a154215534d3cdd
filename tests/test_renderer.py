"""Renderer-aware segmentation (kramdown vs CommonMark) and engine output made inert."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import episode, make_site
from mt_server import MTServer, Script
from typer.testing import CliRunner

from translate_kit import Policy, segment_page
from translate_kit.cli import app
from translate_kit.config import parse_config
from translate_kit.errors import ConfigError
from translate_kit.renderer import (
    COMMONMARK,
    KRAMDOWN,
    detect_renderer,
    neutralise,
    neutralise_value,
)

KRAMDOWN_POLICY = Policy(renderer=KRAMDOWN)
COMMONMARK_POLICY = Policy(renderer=COMMONMARK)


def texts(text: str, policy: Policy = KRAMDOWN_POLICY) -> list[str]:
    return [s.text for s in segment_page(text, policy).segments]


def rewritten(text: str, policy: Policy = KRAMDOWN_POLICY, word: str = "X") -> str:
    page = segment_page(text, policy)
    return page.render({s.id: f"{word} {s.text}" for s in page.segments})


@pytest.mark.parametrize(("files", "override", "expected"), [
    ({}, None, KRAMDOWN),
    ({"_config.yml": "title: x\n"}, None, KRAMDOWN),
    ({"_config.yml": "markdown: CommonMarkGhPages\n"}, None, COMMONMARK),
    ({"docs/_config.yml": "markdown: kramdown\n"}, None, KRAMDOWN),
    ({"hugo.toml": "title = 'x'\n"}, None, COMMONMARK),
    ({"mkdocs.yml": "site_name: x\n"}, None, COMMONMARK),
    ({"_config.yml": "markdown: kramdown\n"}, COMMONMARK, COMMONMARK),
])
def test_renderer_comes_from_the_site_or_the_config(
        tmp_path: Path, files: dict[str, str], override: str | None, expected: str) -> None:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, "utf-8")
    assert detect_renderer(tmp_path, override) == expected


def test_kramdown_attribute_lists_are_never_sent_and_keep_their_lines() -> None:
    text = ("{:quiet: .muted}\n\nA paragraph with a class.\n{: .note}\n\n- one\n- two\n"
            "{: .list}\n\n{::options auto_ids=\"true\" /}\n\nLast words.\n")
    sent = texts(text)
    assert sent == ["A paragraph with a class.", "one", "two", "Last words."]
    out = rewritten(text)
    assert "X A paragraph with a class.\n{: .note}\n" in out
    assert "- X two\n{: .list}\n" in out
    # CommonMark knows no attribute lists: the line is part of the paragraph there.
    assert any("{: .note}" in s.source for s in segment_page(text, COMMONMARK_POLICY).segments)


def test_pipes_in_translations_cannot_start_a_kramdown_table() -> None:
    text = "Plain words here.\n"
    page = segment_page(text, KRAMDOWN_POLICY)
    assert page.render({page.segments[0].id: "a | b"}) == "a \\| b\n"
    page = segment_page(text, COMMONMARK_POLICY)
    assert page.render({page.segments[0].id: "a | b"}) == "a | b\n"


def test_definition_lists_abbreviations_and_math() -> None:
    text = ("Spring tide\n: The greatest range.\n\nThe NOAA tables.\n\n"
            "*[NOAA]: National Oceanic and Atmospheric Administration\n\n$$\nh(t) = A_1 * t\n$$\n"
            "\nThe height is $$h(t)$$ today.\n")
    page = segment_page(text, KRAMDOWN_POLICY)
    kinds = {s.text: s.kind for s in page.segments}
    assert kinds == {"Spring tide": "term", "The greatest range.": "definition",
                     "The ⟦1⟧ tables.": "paragraph", "The height is ⟦1⟧ today.": "paragraph"}
    out = rewritten(text)
    assert "X Spring tide\n: X The greatest range.\n" in out
    assert "*[NOAA]: National Oceanic and Atmospheric Administration\n" in out
    assert "$$\nh(t) = A_1 * t\n$$\n" in out
    assert "X The NOAA tables." in out and "$$h(t)$$" in out


def test_reference_link_labels_are_kept_but_plain_brackets_are_sent() -> None:
    text = ("Read [the guide], the [Harbour Map][] and [full][guide] and [plain words].\n\n"
            "[the guide]: https://example.org/g\n[harbour map]: {{ site.baseurl }}/map\n"
            "[guide]: https://example.org/full\n")
    (para,) = segment_page(text, KRAMDOWN_POLICY).segments
    sources = [t.source for t in para.masked.tokens]
    assert "[the guide]" in sources and "[Harbour Map][]" in sources
    assert "full" in para.text and "plain words" in para.text
    assert para.text.count("⟦") == 4  # guide, map, [ and ][guide] of full; none for plain


def test_liquid_is_a_token_everywhere() -> None:
    text = ("Read {% include card.html\n  id=\"x\" %} and [the tracker]({{ site.repository }}"
            "/issues) and <a href=\"{{ page.url }}\" title=\"{% if a > b %}x{% endif %}\">"
            "here</a>.\n\n[docs]: {{ site.baseurl }}/docs\n\n"
            "{% raw %}{{ x }}{% endraw %} starts this line\nof one paragraph.\n")
    sent = texts(text)
    assert len(sent) == 2
    joined = " ".join(sent)
    for never in ("include", "card", "issues", "site", "href", "docs", "raw", "{", "}"):
        assert never not in joined, never
    assert sent[1] == "⟦1⟧ starts this line of one paragraph."
    out = rewritten(text)
    assert "{% include card.html\n  id=\"x\" %}" in out  # the tag keeps its own layout


def test_wrapped_code_span_keeps_its_newline_and_whole_line_liquid_its_line() -> None:
    text = "Run `tide --port\nharbour` now.\n{% include note.html %}\n"
    page = segment_page(text, KRAMDOWN_POLICY)
    assert [s.text for s in page.segments] == ["Run ⟦1⟧ now."]
    assert rewritten(text) == "X Run `tide --port\nharbour` now.\n{% include note.html %}\n"


def test_html_blocks_never_send_code_and_keep_quote_markers() -> None:
    text = ("<div>\n<p>Press <kbd>Ctrl</kbd> and run <code>tide now</code> today.</p>\n"
            "<pre>\nnever sent\n</pre>\n</div>\n\n> <div>\n> Quoted text\n> goes on.\n> </div>\n")
    sent = texts(text)
    assert sent == ["Press ⟦1⟧ and run ⟦2⟧ today.", "Quoted text", "goes on."]
    out = rewritten(text)
    assert "> X Quoted text\n> X goes on.\n> </div>\n" in out


HOSTILE = ["{% include evil.html %}", "{{ site.x }}", "<script>x</script>",
           '<img src=x onerror="y">', "[a](javascript:alert(1))", "<!-- open", "\u202eevil",
           "nul\x00", "{: .x}", "$$ m $$", "*[A]: b", "`c`", "**b**", "\\", "~~s~~"]


@pytest.mark.parametrize("kind", ["paragraph", "heading", "table_cell", "html"])
@pytest.mark.parametrize("renderer", [KRAMDOWN, COMMONMARK])
def test_hostile_text_is_inert(kind: str, renderer: str) -> None:
    out = neutralise(" ".join(HOSTILE), "plain source", kind, renderer)
    for opener in ("{%", "{{", "<script", "<img", "<!--", "{:", "javascript:", "\u202e", "\x00"):
        assert opener not in out, opener
    if kind != "html":
        for markup in ("[a]", "$$", "`c`", "**b**", "~~s~~", "*[A]"):
            assert markup not in out, markup


def test_controls_the_source_had_are_kept() -> None:
    assert neutralise("\u200fשלום", "\u200fשלום", "paragraph", KRAMDOWN) == "\u200fשלום"
    assert neutralise("\u200fשלום", "hello", "paragraph", KRAMDOWN) == "שלום"


def test_config_renderer_key_is_checked_and_overrides_the_site(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("markdown: kramdown\n", "utf-8")
    base = {"languages": ["fr"],
            "layout": {"source": "{number}.md", "variants": "{lang}/{number}.md"}}
    assert parse_config(tmp_path, base).renderer == KRAMDOWN
    assert parse_config(tmp_path, {**base, "renderer": "commonmark"}).renderer == COMMONMARK
    with pytest.raises(ConfigError, match="renderer must be one of kramdown, commonmark"):
        parse_config(tmp_path, {**base, "renderer": "markdown"})


@pytest.mark.parametrize(("renderer", "expected"), [(None, "A \\| B"), ("commonmark", "A | B")])
def test_drafts_follow_the_configured_renderer(tmp_path: Path, renderer: str | None,
                                               expected: str) -> None:
    def pipes(text: str, target: str) -> str:
        return text.replace("Plain words", "A | B")

    with MTServer(Script(translate=pipes)) as server:
        config: dict[str, object] = {"engine": "libre", "engine_options": {"url": server.url}}
        if renderer:
            config["renderer"] = renderer
        site = make_site(tmp_path, {"episodes/1/en.md": episode(1, body="Plain words here.\n")},
                         config, languages=("fr",))
        result = CliRunner().invoke(app, ["sync", str(site), "-q"])
    assert result.exit_code == 0, result.output
    assert f"{expected} here." in (site / "episodes/1/fr.md").read_text("utf-8")


def test_front_matter_values_cannot_carry_markup_the_source_lacked() -> None:
    out = neutralise_value("A | b <script> *c* [d](e) {{ f }} _g_ snake_case [fr]\x00\u202e",
                           "Plain title")
    assert out == ("A &#124; b &#60;script> &#42;c&#42; &#91;d&#93;(e) &#123;&#123; f }} "
                   "&#95;g&#95; snake_case &#91;fr&#93;")
    assert neutralise_value("Title [fr]", "Title") == "Title [fr]"  # brackets alone are text
    assert neutralise_value("Zero | One", "Zero | One") == "Zero | One"
