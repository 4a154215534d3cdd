"""What the command line shows, built from the recipes' results: lines and rich renderables,
returned (never printed) so ``cli.py`` stays the only place that writes to the terminal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .check import gate_json, render_github, render_markdown, render_text
from .commands.baseline import Outcome
from .commands.check import CheckResult
from .commands.draft import DraftReport, Watch
from .diff import SourceDiff, word_changes
from .drafting.run import Traffic
from .drafting.sheet import Bill
from .engines import REGISTRY, describe
from .progress import Display, elapsed_text
from .suggest import Suggestion
from .wording import plural

Line = tuple[bool, str]
"""(is an error, text): errors go to stderr."""


def baseline_lines(outcomes: list[Outcome]) -> Iterator[Line]:
    """What baseline adopted, recorded as drafts or skipped (and why), then the counts."""
    for outcome in outcomes:
        if outcome.action in ("adopted", "draft") and outcome.reason:
            yield False, (f"{'adopted' if outcome.action == 'adopted' else 'recorded as a draft'}"
                          f" {outcome.path}; {outcome.reason}")
        elif outcome.action == "skipped" and outcome.reason != "already current":
            yield True, f"skipped {outcome.path}: {outcome.reason}"
    adopted = sum(1 for o in outcomes if o.action == "adopted")
    drafts = sum(1 for o in outcomes if o.action == "draft")
    yield False, f"adopted {plural(adopted, 'translation')} as current"
    if drafts:
        yield False, (f"recorded {plural(drafts, 'machine draft')} as drafts awaiting review "
                      "(not current): review them and run 'approve'")


def draft_lines(report: DraftReport, quiet: bool, elapsed: float | None = None) -> Iterator[
        Line]:
    """Files that could not be used (unless the status table lists them), drafts recovered
    from an interrupted run, per gap what was done, the bill per language, and what was sent
    (in ``elapsed``)."""
    if quiet or report.status is None:
        for problem in report.problems:
            yield True, f"warning: {problem}"
    if report.recovered and not quiet:
        yield False, (f"recorded {plural(len(report.recovered), 'machine draft')} that an "
                      "interrupted run had written without a lock record")
    for o in report.outcomes:
        if o.action == "failed":
            yield True, f"failed {o.path}: {o.reason}"
        elif not quiet and o.action == "planned":
            yield False, f"would draft {o.path} ({o.mode})" + (f": {o.reason}" if o.reason
                                                                else "")
        elif not quiet and o.action == "review":
            yield False, f"review {o.path}: {o.reason}; draft and sheet in {o.sheet}"
        elif not quiet:
            yield False, f"drafted {o.path} ({o.mode}); review sheet {o.sheet}" + (
                f"; {o.reason}" if o.reason else "")
    for bill in report.bills:
        yield False, (f"{bill.lang}: {plural(bill.pages, 'page')}; "
                      f"{_engine_part(report, bill)}; "
                      f"{bill.cached} from cache, {bill.memory} from memory, {bill.kept} "
                      f"unchanged kept, {bill.ui} interface strings" + _language_tokens(bill))
    traffic = report.traffic
    if traffic is not None and traffic.stopped:
        yield True, f"stopped early: {traffic.stopped}"
    if report.dry_run and traffic is not None and traffic.estimated:
        yield False, f"would use about {_tokens(traffic)}"
    if not report.outcomes:
        yield False, "nothing to draft"
    elif not report.dry_run:
        yield False, sent_line(report, elapsed)


def _engine_part(report: DraftReport, bill: Bill) -> str:
    """What the engine does with a language's segments. An offline engine sends nothing, so
    its bill must not read as text sent ('none' leaves every segment for a person)."""
    segments = plural(bill.engine_segments, "segment")
    chars = plural(bill.engine_chars, "character")
    spec = REGISTRY.get(report.engine)
    if spec is None or not spec.offline:
        head = "would send" if report.dry_run else "needed"
        return f"{head} {segments}, {chars} from {report.engine}"
    offline = f"(engine {report.engine}: offline, nothing sent)"
    if report.engine == "none":
        head = "would leave" if report.dry_run else "left"
        return f"{head} {segments} ({chars}) for a person {offline}"
    head = "would draft" if report.dry_run else "drafted"
    return f"{head} {segments} ({chars}) on this machine {offline}"


def _language_tokens(bill: Bill) -> str:
    """'; 1,234 tokens (…)' for a language whose requests reported tokens (or, in a dry run,
    would use some); nothing for engines that count no tokens."""
    traffic = bill.traffic
    if traffic is None or not traffic.tokens:
        return ""
    return f"; {'about ' if traffic.estimated else ''}{_tokens(traffic)}"


def _money(amount: float) -> str:
    # Cents hide what one language of a small run costs: small amounts keep four decimals.
    return f"{amount:,.2f}" if amount >= 1 or amount == 0 else f"{amount:.4f}"


def _tokens(traffic: Traffic) -> str:
    cost = f" (≈ {_money(traffic.cost)} at the configured price)" \
        if traffic.cost is not None else ""
    return (f"{traffic.tokens:,} tokens ({traffic.prompt_tokens:,} prompt + "
            f"{traffic.completion_tokens:,} completion){cost}")


def sent_line(report: DraftReport, elapsed: float | None) -> str:
    """The closing line: what went on the wire, tokens and money, retries, elapsed time."""
    parts = [f"{plural(report.requests, 'engine request')} made, "
             f"{plural(report.chars_sent, 'character')} sent"]
    traffic = report.traffic
    if traffic is not None and traffic.tokens:
        parts.append(_tokens(traffic))
    if traffic is not None and traffic.retries:
        parts.append(f"{plural(traffic.retries, 'retry', 'retries')} "
                     f"({plural(traffic.waits, 'rate-limit wait')})")
    line = "; ".join(parts)
    return f"{line}; done in {elapsed_text(elapsed)}" if elapsed is not None else line


def diff_lines(result: SourceDiff, color: bool) -> Iterator[str | Text]:
    """The source's changes since the record, a hunk per changed segment."""
    yield (f"{result.source} since {result.variant} was recorded ({result.recorded}, "
           f"as {result.recorded_status}); recorded text from: {result.origin}")
    if result.status != result.recorded_status:  # the audit's word for it today
        yield f"status today: {result.status}"
    yield (f"{plural(len(result.changes), 'change')}, {plural(result.unchanged, 'segment')} "
           "unchanged")
    if result.structure:
        yield f"structure differs from the recorded source: {result.structure}"
    for change in result.changes:
        where = f"line {change.line}" if change.line else "removed"
        alike = f", {change.similarity:.0f}% alike" if change.similarity is not None else ""
        yield f"\n@@ {change.kind} ({where}{alike})"
        if change.kind == "changed" and change.old is not None and change.new is not None:
            yield word_diff(change.old, change.new, color)
        else:
            if change.kind != "added":
                yield f"- {change.old or '(recorded text unavailable)'}"
            if change.new is not None:
                yield f"+ {change.new}"
        if change.translation is not None:
            yield f"  translation now: {change.translation}"


def word_diff(old: str, new: str, color: bool) -> Text:
    """Old → new with changed words marked: colours on a terminal, [-…-]{+…+} otherwise."""
    text = Text("~ ")
    marks = {"=": ("{}", ""), "-": ("[-{}-]", "red strike"), "+": ("{{+{}+}}", "green")}
    for mark, chunk in word_changes(old, new):
        shape, style = marks[mark]
        text.append(chunk if color else shape.format(chunk), style=style if color else "")
        text.append(" ")
    text.rstrip()
    return text


def engines_output(root: Path) -> list[Table | Text]:
    """The engines table, then what DeepL and Apertium say about themselves here."""
    from .commands.engines import engine_notes

    return [engines_table(), *(Text(f"{name}: {line}") for name, line in engine_notes(root))]


def engines_table() -> Table:
    """The engines, whether each is ready here, and what it needs. Names never break: at 80
    columns a variable name split in two ('MICROSOFT_API_K / EY') cannot be copied, so each
    name has its own line and only the options column wraps (between options)."""
    table = Table(title="Engines", title_justify="left")
    table.add_column("engine", no_wrap=True)
    table.add_column("ready", no_wrap=True)
    table.add_column("needs (environment)", no_wrap=True, overflow="fold")
    table.add_column("options", overflow="fold")
    table.add_column("max chars", no_wrap=True, justify="right")
    for spec, missing in describe():
        needs = [*spec.keys, *(f"{k} (optional)" for k in spec.optional_keys)]
        table.add_row(spec.name, "no" if missing else "yes",
                      "\n".join(needs) or ("- (offline)" if spec.offline else "-"),
                      ", ".join(spec.options) or "-", f"{spec.max_chars:,}")
    return table


def suggestions_yaml(suggestions: list[Suggestion]) -> str:
    """Suggested terms as YAML to paste into glossary/<name>.yaml."""
    if not suggestions:
        return "# no candidate terms"
    lines = ["terms:"]
    for s in suggestions:
        kept = (f", unchanged in {s.kept_in}/{s.translations} translations" if s.translations
                else ", only in the guests field, not in the text" if not s.named
                else ", no translations yet")
        where = (f"guest of {s.sources} episode{'s' if s.sources != 1 else ''}"
                 if s.kind == "guest" else
                 f"{s.kind} in {s.sources} source{'s' if s.sources != 1 else ''}")
        lines.append(f"  - term: {json.dumps(s.term, ensure_ascii=False)}\n    keep: true  "
                     f"# {where}{kept}")
    return "\n".join(lines)


def with_display(err: Console, quiet: bool, run: Callable[[Watch], DraftReport]) -> tuple[
        DraftReport, list[Line]]:
    """Run a draft under a display on stderr when it is a terminal (nothing otherwise): a
    spinner naming the planning step, then pages done of total with languages, characters,
    tokens, retries, ETA; then the report's lines, the last with the elapsed time."""
    display = Display(err, enabled=not quiet and err.is_terminal)
    with display.running():
        report = run(display.watch)
    return report, list(draft_lines(report, quiet, display.elapsed))


def gate_text(result: CheckResult, format: str, quiet: bool = False) -> str:
    """``check``'s output in ``format`` (text, github, markdown, json); ``quiet`` text keeps
    what fails and the verdict."""
    if format == "github":
        return render_github(result.gate, result.root)
    if format == "markdown":
        return render_markdown(result.report, result.gate, result.root)
    if format == "json":
        return json.dumps(gate_json(result.report, result.gate), indent=2,
                          ensure_ascii=False) + "\n"
    text = render_text(result.gate, result.root)
    if quiet:  # coverage lines and QA warnings/infos (WARN, INFO) do not fail: left out
        dropped = (*(f"{lang}: " for lang in result.gate.coverage), "WARN ", "INFO ")
        text = "".join(x for x in text.splitlines(keepends=True) if not x.startswith(dropped))
    return text
