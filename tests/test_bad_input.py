"""Ordinary bad input, through every auditing command: one clear line naming the file, an exit
code that says what happened (never 3, which means a bug), the other episodes still audited,
and nothing written that the command should not write."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import episode, french, make_site
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.errors import exit_code, message

runner = CliRunner()

HUGE = "7" * 5000  # past Python's 4,300-digit limit for int(str)

def good_site(tmp_path: Path) -> Path:
    """Three episodes: 1 and 2 translated into French, 3 not at all."""
    return make_site(tmp_path, {
        "episodes/1/en.md": episode(1), "episodes/1/fr.md": french(1),
        "episodes/2/en.md": episode(2), "episodes/2/fr.md": french(2),
        "episodes/3/en.md": episode(3),
    })


def put(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def apply(site: Path) -> None:
        path = site / rel
        if path.is_dir():
            path.rmdir()
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8", newline="")
    return apply


def folder(rel: str) -> Callable[[Path], None]:
    def apply(site: Path) -> None:
        (site / rel).mkdir(parents=True)
    return apply


def pipe(rel: str) -> Callable[[Path], None]:
    def apply(site: Path) -> None:
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        os.mkfifo(path)

        def unblock() -> None:
            # A reader of the pipe would wait forever for a writer: should translate-kit ever
            # open it, this gives it end-of-file (and the test its failure) instead of a hang.
            for _ in range(600):
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
                    return
                except OSError:
                    time.sleep(0.1)
        threading.Thread(target=unblock, daemon=True).start()
    return apply


def config_line(line: str) -> Callable[[Path], None]:
    def apply(site: Path) -> None:
        path = site / "translate-kit.yaml"
        path.write_text(path.read_text("utf-8") + line + "\n", "utf-8")
    return apply


def corrupt_caches(site: Path) -> None:
    """A first run fills the caches; then every cache file is overwritten with garbage."""
    assert runner.invoke(app, ["sync", str(site), "--engine", "pseudo", "-q"]).exit_code == 0
    caches = [p for p in (site / ".translate-kit").rglob("*")
              if p.is_file() and "cache" in p.relative_to(site).as_posix()]
    assert caches
    for path in caches:
        path.write_bytes(b"\x80\x04\x95garbage\xff\x00" * 50)


@dataclass(frozen=True)
class Case:
    id: str
    apply: Callable[[Path], None]
    names: str
    """The file (relative to the site) the error line must name."""
    episode: int | None = None
    """The page's episode: the others must still be audited."""
    commands: tuple[str, ...] = ("status", "check", "sync", "report")
    """The commands that read the file (status does not read glossaries, for example)."""


PAGE_CASES = [
    Case("date out of range", put("episodes/1/fr.md", french(1).replace(
        "date: '2024-03-13T07:00:00.000Z'", "date: 2024-13-45")), "episodes/1/fr.md", 1),
    Case("date out of range in a source", put("episodes/1/en.md", episode(1).replace(
        "date: '2024-03-13T07:00:00.000Z'", "date: 2024-02-30")), "episodes/1/en.md", 1),
    Case("number of 5000 digits", put("episodes/1/fr.md", french(1).replace(
        "number: 1\n", f"number: {HUGE}\n")), "episodes/1/fr.md", 1),
    Case("binary source", put("episodes/1/en.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
                              + bytes(range(256)) * 4), "episodes/1/en.md", 1),
    Case("a quoted number of 5000 digits", put("episodes/1/fr.md", french(1).replace(
        "number: 1\n", f"number: '{HUGE}'\n")), "episodes/1/fr.md", 1),
    Case("a superscript digit for a number", put("episodes/1/fr.md", french(1).replace(
        "number: 1\n", "number: '\u00b2'\n")), "episodes/1/fr.md", 1),
    Case("a superscript digit in the path", put("episodes/\u00b2/fr.md", french(7, number=None)),
         "episodes/\u00b2/fr.md"),
    Case("an alias bomb in a copied field", put("episodes/1/fr.md", french(1).replace(
        "guests:\n- Ada Marin\n", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, "
        "*a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, "
        "*c, *c, *c, *c, *c, *c, *c, *c]\nguests: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n")),
         "episodes/1/fr.md", 1),
    Case("a folder named like a missing page", folder("episodes/3/fr.md"),
         "episodes/3/fr.md", 3),
    Case("a folder named like a source", folder("episodes/4/en.md"), "episodes/4/en.md"),
    Case("a pipe named like a missing page", pipe("episodes/3/fr.md"), "episodes/3/fr.md", 3),
    Case("a page name that is not UTF-8", put("episodes/\udcff/fr.md", french(5)),
         "episodes/\ufffd/fr.md"),
    Case("front matter that is a string", put("episodes/1/fr.md", "---\njust text\n---\nBody\n"),
         "episodes/1/fr.md", 1),
    Case("tab-indented front matter", put("episodes/1/fr.md", "---\ntitle: x\n\tnumber: 1\n"
                                          "---\nBody\n"), "episodes/1/fr.md", 1),
    Case("unhashable key in front matter", put("episodes/1/fr.md", "---\n? [a, b]\n: 1\n"
                                               "number: 1\n---\nBody\n"),
         "episodes/1/fr.md", 1),
]

SITE_CASES = [
    Case("non-UTF-8 config", put("translate-kit.yaml", "languages: [fr]\nlayout:\n  variants: "
                                 "\"episodes/{number}/{lang}.md\"\ntitle: caf\xe9\n"
                                 .encode("latin-1")), "translate-kit.yaml"),
    Case("non-UTF-8 lock", put("translate-kit.lock", b"# lock\n{\"path\": \"caf\xe9\"}\n"),
         "translate-kit.lock"),
    Case("a lock line nested 100,000 deep", put("translate-kit.lock", "[" * 100_000 + "]"
                                                  * 100_000 + "\n"), "translate-kit.lock"),
    Case("non-UTF-8 glossary", put("glossary/terms.yaml", "terms:\n  - term: Caf\xe9\n"
                                   "    keep: true\n".encode("latin-1")), "glossary/terms.yaml",
         commands=("sync",)),
    Case("non-UTF-8 glossary checked by QA", lambda site: (
        put("glossary/terms.yaml", b"terms:\n  - term: Caf\xe9\n    keep: true\n")(site),
        config_line("check: {fail_on: [qa]}")(site)), "glossary/terms.yaml",
         commands=("check",)),
    Case("non-UTF-8 locale", put("locales/fr.yaml", "name: Fran\xe7ais\n".encode("latin-1")),
         "locales/fr.yaml", commands=("sync",)),
    Case("a locale whose code has a newline", put("locales/fr.yaml", 'code: "fr\\n"\n'),
         "locales/fr.yaml", commands=("sync",)),
    Case("{number} twice in the layout", config_line(
        "layout: {source: 'episodes/{number}/{number}/en.md', variants: "
        "'episodes/{number}/{lang}.md'}"), "translate-kit.yaml"),
    Case("memory_threshold 1e9", config_line("memory_threshold: 1e9"), "translate-kit.yaml"),
    Case("timeout 1e308", config_line("timeout: 1e308"), "translate-kit.yaml"),
    Case("timeout .inf", config_line("timeout: .inf"), "translate-kit.yaml"),
    Case("untranslated_threshold .nan", config_line("untranslated_threshold: .nan"),
         "translate-kit.yaml"),
    Case("rate_limit 1e-9", config_line("rate_limit: 1e-9"), "translate-kit.yaml"),
    Case("retries 1e6", config_line("retries: 1000000"), "translate-kit.yaml"),
    Case("workers 1e6", config_line("workers: 1000000"), "translate-kit.yaml"),
    Case("a language code with a newline", config_line('languages: ["fr\\n", de]'),
         "translate-kit.yaml"),
    Case("a language code with a slash", config_line('languages: ["fr/../../x"]'),
         "translate-kit.yaml"),
    Case("alias bomb in engine_options", config_line(
        "engine_options:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, "
        "*a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, "
        "*c, *c, *c, *c, *c, *c, *c, *c]\n  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  "
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n  g: [*f, *f, *f, *f, *f, *f, *f, *f, "
        "*f, *f]"), "translate-kit.yaml"),
    Case("a glossary entry outside the repository", config_line("glossary: [/etc/hostname]"),
         "translate-kit.yaml"),
]


def digests(site: Path) -> dict[str, str]:
    """Every file of the site outside .translate-kit/, by content."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file() and ".translate-kit" not in p.parts}


def naming(output: str, rel: str) -> list[str]:
    return [line for line in output.splitlines() if rel in line]


COMMANDS = {
    "status": lambda site, out: ["status", site, "--format", "json"],
    "check": lambda site, out: ["check", site, "--format", "json"],
    "sync": lambda site, out: ["sync", site, "--engine", "pseudo", "--quiet"],
    "report": lambda site, out: ["report", site, "--html", out],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.id)
def test_a_bad_page_is_one_line_and_the_run_goes_on(tmp_path: Path, case: Case,
                                                    command: str) -> None:
    site = good_site(tmp_path)
    case.apply(site)
    before = digests(site)
    result = runner.invoke(app, COMMANDS[command](str(site), str(tmp_path / "dash")))
    assert result.exit_code != 3, result.output
    assert result.exit_code in ((0, 1) if command in ("check", "sync") else (0,)), result.output
    lines = naming(result.stderr + result.stdout, case.names)
    assert len(lines) >= 1, result.output
    assert "internal error" not in result.output
    after = digests(site)
    if command != "sync":
        assert after == before  # an audit writes nothing in the site (its cache aside)
        return
    assert after.get(case.names) == before.get(case.names)  # the bad file is left alone
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    variants = {f"episodes/{n}/{lang}.md" for n in (1, 2, 3) for lang in ("fr", "de")}
    assert changed <= (variants - {case.names}) | {"translate-kit.lock"}, changed
    assert "episodes/2/de.md" in changed  # the run went on: another episode was drafted


@pytest.mark.parametrize("command", ["status", "check"])
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.id)
def test_a_bad_page_is_reported_once_in_the_status_document(tmp_path: Path, case: Case,
                                                            command: str) -> None:
    site = good_site(tmp_path)
    case.apply(site)
    result = runner.invoke(app, COMMANDS[command](str(site), ""))
    doc = json.loads(result.stdout)
    errors = [e for e in doc["errors"] if e["path"] == case.names]
    assert len(errors) == 1, doc["errors"]
    assert "\n" not in errors[0]["message"]
    numbers = {e["number"] for e in doc["episodes"]}
    assert {1, 2, 3} - {case.episode} <= numbers  # the others are still audited


@pytest.mark.parametrize(("case", "command"), [(c, k) for c in SITE_CASES for k in c.commands],
                         ids=lambda x: x if isinstance(x, str) else x.id)
def test_a_bad_site_file_is_exit_2_with_one_line(tmp_path: Path, case: Case,
                                                 command: str) -> None:
    site = good_site(tmp_path)
    case.apply(site)
    before = digests(site)
    result = runner.invoke(app, COMMANDS[command](str(site), str(tmp_path / "dash")))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert case.names in lines[0]
    assert result.stdout == ""
    assert digests(site) == before
    state = site / ".translate-kit"  # caches and run locks aside, nothing: no sheet, no source
    assert not (state / "review").exists() and not (state / "sources").exists()
    assert not (tmp_path / "dash").exists()


def test_a_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    site = good_site(tmp_path)
    (tmp_path / "other").mkdir()
    fresh = runner.invoke(app, ["status", str(good_site(tmp_path / "other")), "-f", "json"])
    corrupt_caches(site)
    for command in ("status", "check", "sync"):
        result = runner.invoke(app, COMMANDS[command](str(site), ""))
        assert result.exit_code in (0, 1), result.output
        assert "internal error" not in result.output
    result = runner.invoke(app, ["status", str(site), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["errors"] == json.loads(fresh.stdout)["errors"]


@pytest.mark.parametrize(("options", "word"), [
    (["--timeout", "1e308"], "--timeout"),
    (["--timeout", "nan"], "--timeout"),
    (["--rate-limit", "1e-9"], "--rate-limit"),
    (["--workers", "100000"], "--workers"),
    (["--lang", "fr\n"], "fr"),
    (["--lang", "../x"], "../x"),
])
def test_bad_options_are_usage_errors(tmp_path: Path, options: list[str], word: str) -> None:
    site = good_site(tmp_path)
    before = digests(site)
    result = runner.invoke(app, ["sync", str(site), "--engine", "pseudo", *options])
    assert result.exit_code == 2, result.output
    assert word in result.stderr
    assert digests(site) == before


def outside_state(tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "outside"
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file() else "dir" for p in out.rglob("*")}


def link(rel: str, target: str) -> Callable[[Path], None]:
    """``rel`` in the site becomes a symlink to ``target`` in a folder beside the site."""
    def apply(site: Path) -> None:
        out = site.parent / "outside"
        (out / target).parent.mkdir(parents=True, exist_ok=True)
        if target.endswith("/"):
            (out / target).mkdir(exist_ok=True)
            (out / target / "terms.yaml").write_text("terms: []\n", "utf-8")
        elif not (out / target).exists():
            (out / target).write_text("terms:\n  - term: Secret\n    keep: true\n", "utf-8")
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(out / target)
    return apply


LINK_CASES = [
    Case("state folder leads out", link(".translate-kit", "state/"), ".translate-kit"),
    Case("lock leads out", link("translate-kit.lock", "lock"), "translate-kit.lock"),
    Case("a glossary file leads out", link("glossary/shared.yaml", "terms.yaml"),
         "glossary/shared.yaml", commands=("sync",)),
    Case("the glossary folder leads out", link("glossary", "glossary/"), "glossary",
         commands=("sync",)),
    Case("a locale file leads out", link("locales/fr.yaml", "fr.yaml"), "locales/fr.yaml",
         commands=("sync",)),
    Case("the config leads out", lambda site: (
        (site.parent / "outside").mkdir(exist_ok=True),
        (site / "translate-kit.yaml").rename(site.parent / "outside" / "shared.yaml"),
        (site / "translate-kit.yaml").symlink_to(site.parent / "outside" / "shared.yaml")),
         "translate-kit.yaml"),
]


@pytest.mark.parametrize(("case", "command"), [(c, k) for c in LINK_CASES for k in c.commands],
                         ids=lambda x: x if isinstance(x, str) else x.id)
def test_a_site_symlink_that_leads_out_is_refused(tmp_path: Path, case: Case,
                                                  command: str) -> None:
    site = good_site(tmp_path)
    case.apply(site)
    before = outside_state(tmp_path)
    result = runner.invoke(app, COMMANDS[command](str(site), str(tmp_path / "dash")))
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert case.names in lines[0] and "outside" in lines[0]
    assert outside_state(tmp_path) == before  # nothing written (or created) out there


def test_sync_never_writes_through_a_language_folder_that_leads_out(tmp_path: Path) -> None:
    layout = {"source": "episodes/{number}/en/index.md",
              "variants": "episodes/{number}/{lang}/index.md"}
    site = make_site(tmp_path, {"episodes/1/en/index.md": episode(1),
                                "episodes/2/en/index.md": episode(2)}, {"layout": layout})
    outside = tmp_path / "outside" / "fr"
    outside.mkdir(parents=True)
    (site / "episodes/1/fr").symlink_to(outside)
    result = runner.invoke(app, ["sync", str(site), "--engine", "pseudo", "-q"])
    assert result.exit_code == 1, result.output
    [line] = [x for x in result.stderr.splitlines() if "episodes/1/fr" in x]
    assert "symlink that leads outside the site" in line and "not written" in line
    assert list(outside.iterdir()) == []
    for written in ("episodes/1/de/index.md", "episodes/2/fr/index.md"):
        assert "translation_status: machine-draft" in (site / written).read_text("utf-8")


def test_a_layout_folder_that_leads_out_is_not_read(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"other/1/en.md": episode(1)})
    (tmp_path / "outside" / "1").mkdir(parents=True)
    (tmp_path / "outside" / "1" / "en.md").write_text(episode(1), "utf-8")
    (site / "episodes").symlink_to(tmp_path / "outside")
    before = outside_state(tmp_path)
    result = runner.invoke(app, ["status", str(site), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["episodes"] == []
    [error] = doc["errors"]
    assert error["path"] == "episodes" and "leads outside the site" in error["message"]
    result = runner.invoke(app, ["sync", str(site), "--engine", "pseudo", "-q"])
    assert result.exit_code == 0 and "episodes: is a symlink" in result.stderr
    assert outside_state(tmp_path) == before


def test_a_review_folder_that_leads_out_is_refused(tmp_path: Path) -> None:
    site = good_site(tmp_path)
    (tmp_path / "outside" / "review").mkdir(parents=True)
    (site / ".translate-kit").mkdir()
    (site / ".translate-kit" / "review").symlink_to(tmp_path / "outside" / "review")
    result = runner.invoke(app, ["sync", str(site), "--engine", "pseudo"])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert ".translate-kit/review" in line and "leads outside the site" in line
    assert list((tmp_path / "outside" / "review").iterdir()) == []


MORE = {
    "baseline": lambda site: ["baseline", site],
    "approve": lambda site: ["approve", f"{site}/episodes/1/fr.md", f"{site}/episodes/2/fr.md"],
    "glossary check": lambda site: ["glossary", "check", site],
    "status --qa": lambda site: ["status", site, "--qa"],
}


@pytest.mark.parametrize("command", list(MORE))
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.id)
def test_the_other_commands_take_bad_pages_too(tmp_path: Path, case: Case, command: str) -> None:
    site = good_site(tmp_path)
    case.apply(site)
    before = digests(site)
    result = runner.invoke(app, MORE[command](str(site)))
    assert result.exit_code in (0, 1, 2), result.output  # never 3: bad input is no bug
    assert "internal error" not in result.output
    assert digests(site).get(case.names) == before.get(case.names)


def test_a_file_the_system_refuses_is_one_line_exit_2() -> None:
    refused = PermissionError(13, "Permission denied", "site/translate-kit.lock")
    assert (exit_code(refused), message(refused)) == (2, "site/translate-kit.lock: "
                                                         "Permission denied")
    assert exit_code(ZeroDivisionError()) == 3  # a bug stays a bug


def test_init_does_not_read_pages_that_lead_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text('languages: ["en", "fr"]\n', "utf-8")
    (site / "_posts" / "2024-01-01-a.md").write_text(episode(1), "utf-8")
    (site / "_posts" / "2024-01-01-a-fr.md").write_text(french(1), "utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "page.md").write_text(french(9), "utf-8")
    (site / "drafts").mkdir()
    (site / "drafts" / "secret.md").symlink_to(tmp_path / "outside" / "page.md")
    result = runner.invoke(app, ["init", str(site), "--yes"])
    assert result.exit_code == 0, result.output
    text = (site / "translate-kit.yaml").read_text("utf-8")
    assert 'variants: "_posts/**/*.md"' in text  # drafts/secret.md was not read


def test_a_pipe_named_like_a_page_is_named_and_never_read(tmp_path: Path) -> None:
    site = good_site(tmp_path)
    pipe("episodes/3/fr.md")(site)
    result = runner.invoke(app, ["status", str(site), "--format", "json"])
    assert result.exit_code == 0
    assert "episodes/3/fr.md: is not a regular file" in result.stderr
    assert json.loads(result.stdout)["episodes"][2]["variants"]["fr"]["status"] == "missing"


@pytest.mark.parametrize(("rel", "command", "code"), [
    ("translate-kit.yaml", "status", 2),
    ("translate-kit.lock", "status", 2),
    ("glossary/terms.yaml", "sync", 2),
    ("locales/fr.yaml", "sync", 2),
    ("_config.yml", "status", 0),  # renderer hints only: kramdown is assumed
    (".translate-kit/lock-journal.jsonl", "status", 0),
    (".translate-kit/cache/pages.json", "status", 0),  # a cache: rebuilt
    (".translate-kit/cache/status-json.json", "status", 0),  # read by the console script
])
def test_a_pipe_in_place_of_a_site_file_is_never_waited_on(tmp_path: Path, rel: str,
                                                           command: str, code: int) -> None:
    site = good_site(tmp_path)
    if command == "sync":
        (site / "glossary").mkdir()
        (site / "glossary/terms.yaml").write_text("terms:\n  - term: Valdora\n    keep: true\n",
                                                  "utf-8")
    pipe(rel)(site)
    argv = {"status": ["status", str(site), "--format", "json"],
            "sync": ["sync", str(site), "--engine", "pseudo", "-q"]}[command]
    done = subprocess.run([sys.executable, "-m", "translate_kit", *argv], capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == code, done.stderr
    if code == 2:
        assert rel in done.stderr and "not a" in done.stderr, done.stderr
    else:
        assert json.loads(done.stdout)["episodes"] if command == "status" else True


def test_a_file_name_with_a_newline_or_an_escape_stays_one_line(tmp_path: Path) -> None:
    site = good_site(tmp_path)
    name = "episodes/4\nx\x1b[2J/fr.md"  # a newline and a clear-screen in a folder name
    put(name, "---\nnumber: [4\n---\n")(site)  # unreadable: a warning line names it
    shown = "episodes/4\\nx\\x1b[2J/fr.md"
    for argv in (["status", str(site), "--format", "json"], ["check", str(site), "-f", "text"],
                 ["status", str(site), "--format", "markdown"]):
        result = runner.invoke(app, argv)
        assert result.exit_code in (0, 1) and "\x1b" not in result.output, argv
        lines = result.stderr.splitlines() if argv[-1] == "json" else result.stdout.splitlines()
        named = [line for line in lines if "episodes/4" in line]
        assert named and all(shown in line for line in named), (argv, result.output)
    doc = json.loads(runner.invoke(app, ["status", str(site), "--format", "json"]).stdout)
    assert [e["path"] for e in doc["errors"]] == [name]  # JSON keeps the name exactly
