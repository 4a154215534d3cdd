"""``check``: the CI gate (audit with QA when the gate asks for it, judged against the
thresholds), and the report files ``--report`` writes."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..audit import Report
from ..check import (
    Gate,
    badges,
    evaluate,
    gate_json,
    parse_fail_on,
    render_junit,
    render_markdown,
    render_sarif,
)
from ..config import CONFIG_NAME, LOCK_NAME, load_config
from ..errors import UsageError
from ..history import changed_paths
from ..write import write_text_atomic
from .status import status

REPORT_FORMATS = ("json", "markdown", "junit", "sarif", "badge")


@dataclass(frozen=True)
class CheckResult:
    """The audit ``check`` looked at, and its verdict."""

    report: Report
    gate: Gate
    root: Path
    badge: str = "up_to_date"
    """What the badges' number follows (the config's ``check.badge``)."""


def check(root: Path, langs: Iterable[str] = (), fail_on: str | None = None,
          min_coverage: float | None = None, changed_from: str | None = None,
          numbers: Iterable[int] = (), use_cache: bool = True) -> CheckResult:
    """Audit the site (with QA when the gate asks for it) and judge it."""
    config = load_config(root)
    chosen = parse_fail_on(fail_on if fail_on is not None else config.fail_on)
    report = status(root, langs, numbers, use_cache=use_cache, qa="qa" in chosen)
    if changed_from is not None:
        changed = changed_paths(config.root, changed_from)
        keep = tuple(e for e in report.episodes
                     if e.source in changed or any(v.path in changed for v in e.variants))
        # A bad file counts only if it changed too: a pull request is not failed for old ones.
        report = replace(report, episodes=keep,
                         errors=tuple(p for p in report.errors if p.path in changed))
    thresholds = dict(config.min_coverage)
    if min_coverage is not None:
        thresholds = {"*": min_coverage}
    return CheckResult(report, evaluate(report, chosen, thresholds), config.root, config.badge)


def write_reports(result: CheckResult, specs: Iterable[tuple[str, Path | None]]) -> tuple[
        list[Path], list[str]]:
    """Write each requested report: (files written, texts for standard output, for specs
    whose path is None). ``badge`` takes a folder and writes one file a language."""
    specs = list(specs)
    for kind, path in specs:  # every target checked before any is written
        if path is not None and kind != "badge":
            refuse_site_file(result.report, result.root, path, f"--report {kind}={path}")
        if path is not None and kind == "badge" and path.exists() and not path.is_dir():
            raise UsageError(f"--report badge={path} takes a folder (one file per language); "
                             "it is a file")
        if path is not None and kind != "badge" and path.is_dir():
            raise UsageError(f"--report {kind}={path} takes a file; it is a folder")
    written, shown = [], []
    for kind, path in specs:
        if kind == "badge":
            assert path is not None
            for lang, doc in badges(result.report, result.badge).items():
                target = path / f"{lang}.json"
                write_output(target, json.dumps(doc) + "\n")
                written.append(target)
            continue
        text = {
            "json": lambda: json.dumps(gate_json(result.report, result.gate), indent=2,
                                       ensure_ascii=False) + "\n",
            "markdown": lambda: render_markdown(result.report, result.gate, result.root),
            "junit": lambda: render_junit(result.report, result.gate, result.root),
            "sarif": lambda: render_sarif(result.gate, result.root),
        }[kind]()
        if path is None:
            shown.append(text)
            continue
        write_output(path, text)
        written.append(path)
    return written, shown


def refuse_site_file(report: Report, root: Path, path: Path, what: str) -> None:
    """UsageError when ``path`` is an existing file of the site's own: a page the audit met,
    the lock, the config, or a file of ``.translate-kit/``. A report written over it would
    destroy a translation or the record of what they were made from."""
    if not path.is_file():
        return
    names = set()
    for base in (root, Path(os.path.realpath(root))):
        for full in (Path(os.path.abspath(path)), Path(os.path.realpath(path))):
            if full.is_relative_to(base):
                names.add(full.relative_to(base).as_posix())
    episodes = report.episodes if report.counted is None else report.counted
    pages = {e.source for e in episodes} | {v.path for e in episodes for v in e.variants}
    pages |= {p.path for p in report.errors}
    for name in sorted(names):
        if name in pages or name in (CONFIG_NAME, LOCK_NAME) or name.startswith(
                ".translate-kit/"):
            raise UsageError(f"{what}: {name} is one of the site's own files (a page, the "
                             "lock, the config or translate-kit's state); choose another path")


def write_output(path: Path, text: str) -> None:
    """Write a report the user asked for; a path that cannot be written is a usage error."""
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
