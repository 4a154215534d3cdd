"""Real Jekyll builds for tests and benchmarks: scaffolding, two offline engines, HTML structure.

A site is drafted through the CLI (``translate-kit sync``) against a local LibreTranslate-shaped
server (tests/mt_server.py) whose "translation" either rewrites every word or returns hostile
text; then ``jekyll build`` renders sources and drafts, and each draft's HTML structure (tags,
attributes, links, code) is compared with its source's. Only text may differ.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import yaml
from mt_server import TOKEN, MTServer, Script
from typer.testing import CliRunner

from translate_kit.cli import app

JEKYLL = shutil.which("jekyll")
MARKER = "translation_status"

LAYOUT = """<!DOCTYPE html>
<html><head><title>{{ page.title }}</title></head>
<body><main data-source="{{ page.path }}" data-number="{{ page.number }}"
 data-status="{{ page.translation_status }}">
<h1 class="page-title">{{ page.title }}</h1>
<p class="page-summary">{{ page.summary }}</p>
{{ content }}
</main></body></html>
"""
INCLUDE = '<div class="embed" data-id="{{ include.id }}" title="{{ include.title }}"></div>\n'

# What a hostile engine adds to its answers, one kind per segment in turn.
HOSTILE = (
    "{% include evil.html %}", "{{ site.title }}", "{% raw %}", "{%- endraw -%} }}",
    "<script>alert(1)</script>", '<img src="x" onerror="alert(1)">', "[click](javascript:alert(1))",
    "<javascript:alert(1)>", "<!-- unclosed", "\u202eevil\u2066", "nul\x00here\x07",
    "a | b | c", "line\n\n# Heading\n\n- item", "{: .evil onclick=\"x\"}", "{::nomarkdown}",
    "$$ x^2 $$", "\n: a definition", "*[EVIL]: injected", "[^1]", "[docs]", "`code`",
    "**bold** _em_ ~~gone~~", "\\", "~~~", "1. item", "> quote", "---", "| a |\n|---|",
    "<div markdown=\"1\">", "&lt;b&gt;", "data:text/html,x", "www.evil.example",
)


def rewrite(text: str, target: str) -> str:
    """Every word outside the tokens becomes another word (same tokens, same order)."""
    parts = TOKEN.split(text)
    return "".join(p if TOKEN.fullmatch(p) else re.sub(r"[^\W\d_]+", lambda m: "zq" + m.group(
        0)[::-1], p) for p in parts)


def hostile(text: str, target: str) -> str:
    """Rewritten words plus an injection (before, after and between the tokens); now and then
    a token dropped, so the piecewise retry (and its injections) is built too."""
    payload = HOSTILE[sum(map(ord, text)) % len(HOSTILE)]
    parts = TOKEN.split(rewrite(text, target))
    if len(parts) > 2 and sum(map(ord, text)) % 3 == 0:
        parts[-2] = ""
    if len(parts) > 2:
        parts[2] = f" {payload} {parts[2]}"
    return f"{payload} {''.join(parts)} {HOSTILE[len(text) % len(HOSTILE)]}"


def jekyll_required() -> bool:
    return os.environ.get("TK_REQUIRE_JEKYLL") == "1"


def scaffold(site: Path) -> None:
    """Layouts and includes the site's pages use (stand-ins; the pages are what is tested)."""
    (site / "_layouts").mkdir(exist_ok=True)
    for name in ("posts", "default", "page", "post"):
        (site / "_layouts" / f"{name}.html").write_text(LAYOUT, "utf-8")
    includes = site / "_includes"
    includes.mkdir(exist_ok=True)
    for page in site.rglob("*.md"):
        for name in re.findall(r"\{%-?\s*include\s+([\w./-]+)", page.read_text("utf-8")):
            if not (includes / name).exists():
                (includes / name).parent.mkdir(parents=True, exist_ok=True)
                (includes / name).write_text(INCLUDE, "utf-8")
    config = site / "_config.yml"
    data = yaml.safe_load(config.read_text("utf-8")) if config.is_file() else {}
    for offline in ("remote_theme", "theme", "plugins"):  # nothing fetched, nothing installed
        data.pop(offline, None)
    data["exclude"] = ["translate-kit.yaml", "translate-kit.lock", "README.md"]
    config.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")


def build(site: Path) -> Path:
    """``jekyll build --quiet``: the output folder (AssertionError with Jekyll's message)."""
    assert JEKYLL is not None
    dest = site.parent / f"{site.name}-built"
    done = subprocess.run([JEKYLL, "build", "--quiet", "--safe", "-s", str(site), "-d",
                           str(dest)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"jekyll build failed: {done.stderr.strip()[-2000:]}"
    return dest


@contextmanager
def engine(kind: str) -> Iterator[MTServer]:
    with MTServer(Script(translate=rewrite if kind == "rewrite" else hostile)) as server:
        yield server


def draft(site: Path, url: str, lang: str) -> None:
    """Drafts for every missing ``lang`` page through the CLI, from the server at ``url``."""
    result = CliRunner().invoke(app, ["sync", str(site), "-q", "-l", lang, "--engine", "libre",
                                      "--engine-opt", f"url={url}", "--workers", "2"])
    assert result.exit_code == 0, result.output


class _Structure(HTMLParser):
    """Tags with their attributes, and the text of code-like elements; other text dropped."""

    VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style"})
    # Alt text is translated; the draft marker differs by design.
    IGNORED = frozenset({"alt", "data-source", "data-status"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = sorted((k, v or "") for k, v in attrs if k not in self.IGNORED and not (
            k == "id" and re.fullmatch(r"h[1-6]", tag)))  # kramdown's ids come from the text
        self.items.append(("<", tag, *(f"{k}={v}" for k, v in kept)))
        if tag in self.VERBATIM:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.items.append(("</", tag))
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.open and data.strip():
            self.items.append(("code", data))

    def handle_comment(self, data: str) -> None:
        self.items.append(("<!--", data))


def structure(html: str) -> tuple[list[tuple[str, ...]], str]:
    """The page's structure and its text (for checking that injected text stayed text)."""
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser.items, "".join(parser.text)


def built_pages(dest: Path) -> dict[str, tuple[str, str, str]]:
    """Built pages by source path: (number, draft status, HTML)."""
    pages = {}
    for path in dest.rglob("*.html"):
        html = path.read_text("utf-8")
        found = re.search(r'data-source="([^"]*)" data-number="([^"]*)"\s+data-status="([^"]*)"',
                          html)
        if found:
            pages[found.group(1)] = (found.group(2), found.group(3), html)
    return pages


def draft_text(dest: Path) -> str:
    """The visible text of every built draft, joined (to see injected Liquid stayed text)."""
    return "\n".join(structure(html)[1] for _, status, html in built_pages(dest).values()
                     if status == "machine-draft")


def pattern(layout: str, lang: str = "[a-z]{2}") -> re.Pattern[str]:
    """A layout pattern (``episodes/{number}/{lang}.md``) as a regex; group 1 is the number."""
    return re.compile(re.escape(layout).replace(r"\{number\}", r"(\d+)").replace(
        r"\{lang\}", lang))


def compare(dest: Path, source_pattern: str) -> dict[str, list[str]]:
    """Every draft against its source: {draft path: problems} (empty lists where all holds)."""
    pages = built_pages(dest)
    rx = pattern(source_pattern)
    sources = {m.group(1): path for path in pages if (m := rx.fullmatch(path))}
    results: dict[str, list[str]] = {}
    for path, (number, status, html) in sorted(pages.items()):
        if status != "machine-draft":
            continue
        problems = []
        if number not in sources:
            problems.append(f"no built source page for number {number}")
        else:
            want, _ = structure(pages[sources[number]][2])
            got, _ = structure(html)
            if want != got:
                problems.append(_first_difference(want, got))
            if re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]", html):
                problems.append("control or bidi character in the HTML")
        results[path] = problems
    return results


def _first_difference(want: list[tuple[str, ...]], got: list[tuple[str, ...]]) -> str:
    for index, (a, b) in enumerate(zip(want, got, strict=False)):
        if a != b:
            return f"item {index}: source {a} draft {b}"
    return f"source has {len(want)} items, draft {len(got)}"


def drafted(site: Path, rewrite_lang: str, hostile_lang: str) -> dict[str, list[str]]:
    """Human translations and the lock removed, drafts made in two languages, one build."""
    layout = yaml.safe_load((site / "translate-kit.yaml").read_text("utf-8"))["layout"]
    source, variants = pattern(layout["source"]), pattern(layout["variants"])
    for page in site.rglob("*.md"):
        rel = page.relative_to(site).as_posix()
        if variants.fullmatch(rel) and not source.fullmatch(rel):
            page.unlink()
    (site / "translate-kit.lock").unlink(missing_ok=True)
    scaffold(site)
    with engine("rewrite") as server:
        draft(site, server.url, rewrite_lang)
    with engine("hostile") as server:
        draft(site, server.url, hostile_lang)
    dest = build(site)
    results = compare(dest, layout["source"])
    text = draft_text(dest)
    for injected in ("{% include evil.html %}", "{{ site.title }}", "<script>alert(1)</script>"):
        assert injected in text, f"{injected!r} did not come out as text"
    for lang in (rewrite_lang, hostile_lang):
        assert any(pattern(layout["variants"], lang).fullmatch(rel) for rel in results), lang
    return results
