"""The segmenter: identity, structure kept when segments change, protected pieces kept."""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from translate_kit import Policy, segment_page
from translate_kit.glossary import Glossary, Term
from translate_kit.page import parse_page
from translate_kit.renderer import COMMONMARK, KRAMDOWN

SPEC_VERSION = "0.31.2"
_MD = (MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
       .use(footnote_plugin))
PROTECTED = re.compile(
    r"\{%.*?%\}|\{\{.*?\}\}|`+[^`]+`+|https?://[^\s)\]>\"']+|</?[A-Za-z][A-Za-z0-9-]*[^<>]*>",
    re.DOTALL)


def structure(text: str) -> list[tuple[str, str, int]]:
    return [(t.type, t.tag, t.nesting) for t in _MD.parse(text) if t.type != "inline"]


def appended(text: str, policy: Policy | None = None) -> str:
    page = segment_page(text, policy)
    return page.render({s.id: s.text + " tail" for s in page.segments})


def protected(text: str) -> Counter[str]:
    return Counter(PROTECTED.findall(text))


PAGE = """\
---
title: "Fog Signals"
number: 12
summary: >
  How ships talked
  in the fog.
video: https://video.example/12
---

<div>
{% include player.html id="ep12" title="#12 Fog Signals" %}

{% include video.html id="abc" %}
</div>

---

# Fog Signals {#fog}

Long ago, keepers used *horns* and **bells**; see [the archive](https://example.org/a "Archive")
and `horn --blast 3` for details.[^1]

{% highlight bash %}
# not a heading, never sent
echo "hello"
{% endhighlight %}

> A quote that spans
> two lines.

1. First item
2. Second item with ![a chart](chart.png)

| Signal | Meaning |
|--------|---------|
| one blast | turning right |

```python
print("never sent")
```

    indented code, never sent

#NotAHeading keeps its place.

[archive]: https://example.org/archive
{: .note}

[^1]: A footnote with a [link](https://example.org/f).

<details>
<summary> Podcast Transcript </summary>

<p>\ufeff1</p>
<p>Hello and <b>welcome</b> to the show.</p>

</details>
"""


def test_render_nothing_is_identity() -> None:
    assert segment_page(PAGE).render({}) == PAGE


def test_segments_found_and_never_sent_parts_left_out() -> None:
    page = segment_page(PAGE)
    texts = [s.text for s in page.segments]
    kinds = Counter(s.kind for s in page.segments)
    assert kinds["front_matter"] == 2  # title and summary; video is copied
    assert "Fog Signals ⟦1⟧" in texts  # heading with its kramdown id protected
    assert "Podcast Transcript" in texts
    assert "Hello and ⟦1⟧welcome⟦2⟧ to the show." in texts
    assert "one blast" in texts and "turning right" in texts
    assert "A quote that spans two lines." in texts
    assert "#NotAHeading keeps its place." in texts
    joined = "\n".join(texts)
    for never in ("never sent", "echo", "include", "archive]:", "1</p>", "\ufeff"):
        assert never not in joined, never
    para = next(s for s in page.segments if s.text.startswith("Long ago"))
    assert para.kind == "paragraph"
    assert para.line == 20
    sources = [t.source for t in para.masked.tokens]
    assert "`horn --blast 3`" in sources
    assert any("](https://example.org/a \"Archive\")" in s for s in sources)
    assert any(s.startswith("[^1]") for s in sources)
    item = next(s for s in page.segments if s.text.startswith("Second item"))
    assert item.kind == "list_item"
    assert "⟦1⟧a chart⟦2⟧" in item.text  # image alt text is translatable, its URL is not


def test_translations_render_in_place_and_keep_markup() -> None:
    page = segment_page(PAGE)
    translations = {s.id: s.text.upper() for s in page.segments}
    out = page.render(translations)
    assert 'title: "FOG SIGNALS"' in out
    assert "summary: HOW SHIPS TALKED IN THE FOG.\n" in out
    assert "LONG AGO, KEEPERS USED *HORNS* AND **BELLS**; SEE [THE ARCHIVE](https://example.org/a" \
        in out
    assert "`horn --blast 3`" in out
    assert "> A QUOTE THAT SPANS TWO LINES." in out
    assert "<summary> PODCAST TRANSCRIPT </summary>" in out
    assert structure(out) == structure(PAGE)
    assert protected(out) == protected(PAGE)


def test_ids_are_stable_when_other_parts_change() -> None:
    before = segment_page(PAGE)
    after = segment_page(PAGE.replace("two lines.", "three lines.").replace(
        "# Fog Signals", "Intro paragraph.\n\n# Fog Signals"))
    assert len(set(before.ids) - set(after.ids)) == 1
    assert len(set(after.ids) - set(before.ids)) == 2


def test_repeated_text_gets_occurrence_ids() -> None:
    page = segment_page("Same words.\n\nSame words.\n")
    assert page.ids[1] == page.ids[0] + "#2"


def test_engine_newlines_and_leading_markers_cannot_change_structure() -> None:
    text = "Intro paragraph here.\n\n| a | b |\n|---|---|\n| c | d |\n"
    page = segment_page(text)
    bad = {page.segments[0].id: "# Looks like\n\na heading",
           page.segments[1].id: "x | y"}
    out = page.render(bad)
    assert structure(out) == structure(text)
    assert "\\# Looks like a heading" in out
    assert "x \\| y" in out


def test_glossary_terms_become_tokens_with_fixed_renderings() -> None:
    glossary = Glossary((Term("Fog Signals", keep=True),
                         Term("bells", translations={"fr": "cloches"}, case_sensitive=False)))
    page = segment_page(PAGE, Policy(glossary=glossary))
    para = next(s for s in page.segments if s.text.startswith("Long ago"))
    terms = [t for t in para.masked.tokens if t.term is not None]
    assert [t.source for t in terms] == ["bells"]
    out = page.render({para.id: para.text.replace("Long ago", "Il y a longtemps")}, lang="fr")
    assert "**cloches**" in out
    # A heading (or title) that is only a kept term has nothing to translate: not a segment.
    assert not [s for s in page.segments if s.kind == "heading" or s.key == "title"]


def test_liquid_blocks_are_never_seen_by_markdown() -> None:
    text = "Before.\n\n{% raw %}\n# {{ not a heading }}\n{% endraw %}\n\n{% comment %}\nA " \
           "comment paragraph.\n{% endcomment %}\n\nAfter.\n"
    page = segment_page(text)
    assert [s.text for s in page.segments] == ["Before.", "After."]
    assert page.render({}) == text


# --- properties ---------------------------------------------------------------------------

@given(st.text())
def test_identity_for_any_text(text: str) -> None:
    assert segment_page(text).render({}) == text


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéß", min_size=1, max_size=8)
SENTENCE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)
INLINE = st.one_of(
    SENTENCE,
    SENTENCE.map(lambda s: f"*{s}*"),
    SENTENCE.map(lambda s: f"**{s}**"),
    SENTENCE.map(lambda s: f"[{s}](https://example.org/{len(s)})"),
    SENTENCE.map(lambda s: f"`{s}`"),
    SENTENCE.map(lambda s: f'{{% include note.html text="{s}" %}}'),
    SENTENCE.map(lambda s: f"<em>{s}</em>"),
    st.just("https://example.org/path?q=1"),
)
LINE = st.lists(INLINE, min_size=1, max_size=4).map(" ".join)
BLOCK = st.one_of(
    LINE,
    st.lists(LINE, min_size=2, max_size=3).map("\n".join),
    LINE.map(lambda s: f"## {s}"),
    LINE.map(lambda s: f"> {s}"),
    st.lists(LINE, min_size=1, max_size=3).map(lambda xs: "\n".join(f"- {x}" for x in xs)),
    st.lists(LINE, min_size=1, max_size=3).map(
        lambda xs: "\n".join(f"{i}. {x}" for i, x in enumerate(xs, 1))),
    SENTENCE.map(lambda s: f"```\n{s}\n```"),
    SENTENCE.map(lambda s: f"<div>\n<p>{s}</p>\n</div>"),
    SENTENCE.map(lambda s: f"| {s} | b |\n|---|---|\n| c | {s} |"),
    SENTENCE.map(lambda s: f"{{% highlight text %}}\n# {s}\n{{% endhighlight %}}"),
    st.just("---"),
    LINE.map(lambda s: f"{s}\n===="),
)
MARKDOWN = st.lists(BLOCK, min_size=1, max_size=8).map(lambda bs: "\n\n".join(bs) + "\n")


@given(MARKDOWN)
def test_markdown_like_text_keeps_structure_and_protected_pieces(text: str) -> None:
    page = segment_page(text)
    assert page.render({}) == text
    out = appended(text)
    assert structure(out) == structure(text)
    assert protected(out) == protected(text)


@given(MARKDOWN, st.sampled_from(["\r\n", "\n"]), st.booleans())
def test_line_endings_and_bom_survive(text: str, newline: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + text.replace("\n", newline)
    assert segment_page(text).render({}) == text
    out = appended(text)
    assert out.startswith("\ufeff") == bom
    if newline == "\r\n":  # no bare LF slipped in (joined lines drop line ends, never add)
        assert "\n" not in out.replace("\r\n", "")


# --- CommonMark's own examples ------------------------------------------------------------

def _spec_text() -> str:
    """spec.txt from the commonmark-spec npm package (downloaded once, cached)."""
    cache = Path.home() / ".cache" / "translate-kit-tests" / f"commonmark-spec-{SPEC_VERSION}"
    spec = cache / "spec.txt"
    if not spec.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot fetch the commonmark-spec package")
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run([npm, "pack", f"commonmark-spec@{SPEC_VERSION}", "--silent"],
                                  cwd=tmp, capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                pytest.skip(f"npm pack commonmark-spec failed: {done.stderr.strip()[:200]}")
            with tarfile.open(Path(tmp) / done.stdout.strip().splitlines()[-1]) as tar:
                member = tar.extractfile("package/spec.txt")
                assert member is not None
                cache.mkdir(parents=True, exist_ok=True)
                spec.write_bytes(member.read())
    return spec.read_text("utf-8")


@pytest.fixture(scope="module")
def spec_examples() -> list[str]:
    text = _spec_text().replace("\r\n", "\n")
    text = re.sub(r"^<!-- END TESTS -->(.|\n)*", "", text, flags=re.MULTILINE)
    found = re.findall(r"^`{32} example[^\n]*\n([\s\S]*?)^\.\n[\s\S]*?^`{32}$", text,
                       flags=re.MULTILINE)
    return [example.replace("→", "\t") for example in found]


def test_commonmark_examples_identity_and_structure(spec_examples: list[str]) -> None:
    assert len(spec_examples) > 600
    broken = []
    for number, example in enumerate(spec_examples, 1):
        assert segment_page(example).render({}) == example, number
        if structure(appended(example)) != structure(example):
            broken.append(number)
    kept = 1 - len(broken) / len(spec_examples)
    assert kept >= 0.99, f"structure changed in examples {broken}"


ENGINE_OUTPUT = st.text(alphabet=st.sampled_from(list("ab #>-*+=_`~|<>/![](){}:.1\n\t ⟦⟧")),
                        max_size=30)


@given(MARKDOWN, st.lists(ENGINE_OUTPUT, min_size=1, max_size=5),
       st.sampled_from([KRAMDOWN, COMMONMARK]))
def test_any_engine_output_keeps_the_block_structure(text: str, outputs: list[str],
                                                     renderer: str) -> None:
    """Whatever an engine sends back (newlines, markers, pipes, tags), blocks stay blocks."""
    page = segment_page(text, Policy(renderer=renderer))
    translations = {s.id: outputs[i % len(outputs)] + " x" for i, s in enumerate(page.segments)}
    out = page.render(translations)
    assert structure(out) == structure(text)


@pytest.mark.parametrize("output", ["<div>x", "<!-- c -->", "<script>x</script>", "</p> x",
                                    "```x", "1) item", "[a]: http://x", "***", "Title\n===",
                                    "a\n\nb", "| a | b |"])
@pytest.mark.parametrize("text", ["Para one.\n", "- item\n", "> quote\n", "# Head\n",
                                  "| a | b |\n|---|---|\n| c | d |\n",
                                  "<div>\n<p>text</p>\n</div>\n"])
@pytest.mark.parametrize("renderer", [KRAMDOWN, COMMONMARK])
def test_hostile_engine_output_is_escaped(text: str, output: str, renderer: str) -> None:
    page = segment_page(text, Policy(renderer=renderer))
    assert structure(page.render({s.id: output for s in page.segments})) == structure(text)


def test_front_matter_anchors_aliases_and_flow_mappings_stay_valid() -> None:
    text = ('---\ntitle: &t "Fog Signals"\nog_title: *t\nsummary: &s >\n  Ships in fog.\n'
            '---\nBody.\n')
    page = segment_page(text)
    assert [s.key for s in page.segments if s.kind == "front_matter"] == ["title", "summary"]
    out = page.render({s.id: s.text.upper() + ", again: yes" for s in page.segments})
    data = parse_page(out).data()
    assert data["title"] == data["og_title"] == "FOG SIGNALS, again: yes"
    assert data["summary"] == "SHIPS IN FOG., again: yes"
    flow = "---\n{title: Fog, number: 3}\n---\nBody.\n"
    page = segment_page(flow)
    out = page.render({s.id: "Brume, épaisse: oui" for s in page.segments})
    assert parse_page(out).data() == {"title": "Brume, épaisse: oui", "number": 3}
