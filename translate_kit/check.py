"""The CI gate and its reports: which variants fail, and JUnit, SARIF, GitHub annotations,
Markdown, JSON and shields.io badges that say so."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from . import __version__
from .audit import FLAGS, STATUSES, Report, VariantStatus
from .errors import one_line
from .wording import plural, refuse_unknown, split_names

DEFAULT_FAIL_ON = ("missing", "stale", "invalid")
GATEABLE = (*STATUSES, *FLAGS)


@dataclass(frozen=True)
class Failure:
    """One reason the gate fails: a variant in a status or with a flag the project fails on."""

    number: int | None
    lang: str | None
    reason: str
    """The status or flag ('stale', 'qa', …), or 'coverage'."""
    path: str
    """The variant's file, or the source's for a missing translation."""
    message: str
    line: int | None = None
    level: str = "error"
    """error, warning or info: a QA finding's severity; 'error' for everything else."""
    check: str | None = None
    """The QA check that found it ('leftover', …), for QA findings."""


@dataclass(frozen=True)
class Gate:
    """The verdict of ``check``."""

    fail_on: tuple[str, ...]
    failures: tuple[Failure, ...]
    coverage: dict[str, tuple[float, float | None]]
    """Per language: (coverage %, threshold or None)."""
    up_to_date: Mapping[str, float] = field(default_factory=dict)
    """Per language: percent of sources whose translation is current."""
    notes: tuple[Failure, ...] = ()
    """QA warnings and infos: reported at their level, not failing the gate."""

    @property
    def passed(self) -> bool:
        return not self.failures


def parse_fail_on(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """``missing,stale`` → ('missing', 'stale'); 'none' → (); UsageError for unknown names."""
    if value is None:
        return DEFAULT_FAIL_ON
    names = split_names(value)
    if names == ("none",):
        return ()
    refuse_unknown(names, GATEABLE, "--fail-on", also="none")
    return names


def evaluate(report: Report, fail_on: tuple[str, ...],
             min_coverage: Mapping[str, float],
             severity: Mapping[str, str] | None = None) -> Gate:
    """Failures for every variant whose status or flags are in ``fail_on``, and for every
    language below its coverage threshold (``min_coverage``: per language, '*' for all).
    With 'qa', QA errors fail and warnings and infos are notes; ``severity`` is the site's
    per-check override (``{check: level}``)."""
    failures: list[Failure] = []
    notes: list[Failure] = []
    lines = {p.path: p.line for p in report.errors}  # where an invalid page goes wrong
    for episode in report.episodes:
        for variant in episode.variants:
            failures.extend(_variant_failures(episode.number, episode.source, variant, fail_on,
                                              lines.get(variant.path or "")))
            if "qa" in fail_on:
                for found in _qa_failures(episode.number, episode.source, variant,
                                          severity or {}):
                    (failures if found.level == "error" else notes).append(found)
    slotted = {v.path for e in report.episodes for v in e.variants if v.path}
    if "invalid" in fail_on or "duplicate" in fail_on:
        for problem in report.errors:
            if problem.path not in slotted:
                reason = "duplicate" if "duplicate" in problem.message else "invalid"
                if reason in fail_on:
                    failures.append(Failure(None, None, reason, problem.path, problem.message,
                                            problem.line))
    coverage: dict[str, tuple[float, float | None]] = {}
    summary = report.summary()
    for lang, counts in summary.items():
        threshold = min_coverage.get(lang, min_coverage.get("*"))
        coverage[lang] = (counts["coverage"], threshold)
        if threshold is not None and counts["coverage"] < threshold:
            failures.append(Failure(None, lang, "coverage", "", f"{lang} coverage "
                                    f"{counts['coverage']:.1f}% is below {threshold:g}%"))
    up_to_date = {lang: counts["up_to_date"] for lang, counts in summary.items()}
    return Gate(fail_on, tuple(failures), coverage, up_to_date, tuple(notes))


def _variant_failures(number: int, source: str | None, variant: VariantStatus,
                      fail_on: tuple[str, ...], line: int | None = None) -> list[Failure]:
    out = []
    path = variant.path or source or ""
    if variant.status in fail_on:
        out.append(Failure(number, variant.lang, variant.status, path,
                           f"episode {number} ({variant.lang}) is {variant.status}: "
                           f"{variant.reason}", line if variant.status == "invalid" else None))
    for flag in variant.flags:
        if flag in fail_on and flag != "qa":
            extra = f" ({', '.join(variant.drift)})" if flag == "metadata-drift" else ""
            out.append(Failure(number, variant.lang, flag, path,
                               f"episode {number} ({variant.lang}): {flag}{extra}"))
    return out


def _qa_failures(number: int, source: str | None, variant: VariantStatus,
                 severity: Mapping[str, str]) -> list[Failure]:
    path = variant.path or source or ""
    return [Failure(number, variant.lang, "qa", path, f"[{f.check}] {f.message}", f.line,
                    severity.get(f.check, f.severity), f.check)
            for f in variant.qa]


# --- reports --------------------------------------------------------------------------------

def display_path(root: Path, rel: str) -> str:
    """A site path as CI tools want it: relative to the working directory when the site is
    inside it (the repository root in CI), else relative to the site."""
    if not rel:
        return rel
    try:
        return os.path.relpath(root.resolve() / rel, Path.cwd().resolve()) if root.resolve(
        ).is_relative_to(Path.cwd().resolve()) else rel
    except ValueError:
        return rel


_TEXT_LEVEL = {"error": "FAIL", "warning": "WARN", "info": "INFO"}


def render_text(gate: Gate, root: Path) -> str:
    lines = [one_line(f"{_TEXT_LEVEL.get(f.level, 'FAIL')} "
                      f"{display_path(root, f.path) or f.lang}: {f.message}")
             for f in (*gate.failures, *gate.notes)]
    for lang, (value, threshold) in gate.coverage.items():
        limit = f" (minimum {threshold:g}%)" if threshold is not None else ""
        current = f"{gate.up_to_date[lang]:.1f}% up to date, " if lang in gate.up_to_date else ""
        lines.append(f"{lang}: {current}{value:.1f}% covered{limit}")
    verdict = "passed" if gate.passed else f"failed: {plural(len(gate.failures), 'failure')}"
    if gate.notes:
        many = len(gate.notes) != 1
        verdict += (f", {plural(len(gate.notes), 'QA warning or info', 'QA warnings and infos')}"
                    f" that {'do' if many else 'does'} not fail it")
    lines.append(f"translation check {verdict} (fail-on: {', '.join(gate.fail_on) or 'none'})")
    return "\n".join(lines) + "\n"


def render_github(gate: Gate, root: Path) -> str:
    """Workflow commands: an inline annotation per failure, then a notice with the verdict."""
    lines = []
    for f in (*gate.failures, *gate.notes):
        props = []
        if f.path:
            props += [f"file={_gh(display_path(root, f.path), True)}", f"line={f.line or 1}"]
        title = f"translate-kit: {f.reason}" + (f" {f.check}" if f.check else "")
        props.append(f"title={_gh(title, True)}")
        lines.append(f"::{_GH_LEVEL.get(f.level, 'error')} {','.join(props)}::"
                     f"{_gh(f.message)}")
    verdict = "passed" if gate.passed else f"failed ({len(gate.failures)} failures)"
    lines.append(f"::notice title=translate-kit::translation check {verdict}")
    return "\n".join(lines) + "\n"


_GH_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _gh(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def gate_json(report: Report, gate: Gate) -> dict[str, Any]:
    doc = report.to_json()
    doc["gate"] = {
        "passed": gate.passed, "fail_on": list(gate.fail_on),
        "failures": [_failure_json(f) for f in gate.failures],
        "notes": [_failure_json(f) for f in gate.notes],
        "coverage": {lang: {"coverage": value, "minimum": threshold,
                            "up_to_date": gate.up_to_date.get(lang)}
                     for lang, (value, threshold) in gate.coverage.items()},
    }
    return doc


def _failure_json(f: Failure) -> dict[str, Any]:
    return {"number": f.number, "lang": f.lang, "reason": f.reason, "path": f.path or None,
            "line": f.line, "message": f.message, "level": f.level, "check": f.check}


def render_markdown(report: Report, gate: Gate, root: Path, limit: int = 100) -> str:
    """A PR comment or ``$GITHUB_STEP_SUMMARY``: a table per language and what fails."""
    icon = "✅" if gate.passed else "❌"
    verdict = "passed" if gate.passed else f"failed: {plural(len(gate.failures), 'failure')}"
    lines = [f"## {icon} Translation check {verdict}", "",
             f"Fail on: {', '.join(f'`{x}`' for x in gate.fail_on) or 'nothing'}", "",
             "| language | up to date | coverage | minimum | " + " | ".join(STATUSES) + " |",
             "|---|" + "---:|" * (len(STATUSES) + 3)]
    for lang, counts in report.summary().items():
        value, threshold = gate.coverage[lang]
        mark = "" if threshold is None or value >= threshold else " ❌"
        minimum = "" if threshold is None else f"{threshold:g}%"
        lines.append(f"| {lang} | {counts['up_to_date']:.1f}% | {value:.1f}%{mark} | {minimum} | "
                     + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    lines += ["", "*Up to date*: reviewed and current with today's source. *Coverage*: any "
              "translation exists (drafts, stale and unrecorded pages included)."]
    if gate.failures:
        lines += ["", "### What fails the check", ""]
        for f in gate.failures[:limit]:
            where = f"`{display_path(root, f.path)}`" if f.path else f"`{f.lang}`"
            lines.append(f"- {where}: {f.message}")
        if len(gate.failures) > limit:
            lines.append(f"- … and {len(gate.failures) - limit} more")
    if gate.notes:
        lines += ["", "### QA warnings and infos (not failing)", ""]
        for f in gate.notes[:limit]:
            lines.append(f"- {f.level}: `{display_path(root, f.path)}`: {f.message}")
        if len(gate.notes) > limit:
            lines.append(f"- … and {len(gate.notes) - limit} more")
    return "\n".join(lines) + "\n"


def render_junit(report: Report, gate: Gate, root: Path) -> str:
    """One test case per episode × language, failures for what fails the gate."""
    by_case: dict[tuple[int | None, str | None], list[Failure]] = {}
    for failure in gate.failures:
        by_case.setdefault((failure.number, failure.lang), []).append(failure)
    suites = ET.Element("testsuites", name="translate-kit")
    total = failed = 0
    for lang in report.languages:
        suite = ET.SubElement(suites, "testsuite", name=f"translations.{lang}")
        cases = fails = 0
        for episode in report.episodes:
            variant = episode.variant(lang)
            if variant is None:
                continue
            cases += 1
            case = ET.SubElement(suite, "testcase", classname=f"translations.{lang}",
                                 name=f"episode {episode.number} ({lang}): {variant.status}")
            path = variant.path or episode.source
            if path:
                case.set("file", display_path(root, path))
            found = by_case.get((episode.number, lang), [])
            if found:
                fails += 1
                node = ET.SubElement(case, "failure", type=found[0].reason,
                                     message=found[0].message)
                node.text = "\n".join(f.message for f in found)
        for failure in by_case.get((None, lang), []):  # coverage
            cases += 1
            fails += 1
            case = ET.SubElement(suite, "testcase", classname=f"translations.{lang}",
                                 name=f"{lang} coverage")
            ET.SubElement(case, "failure", type="coverage", message=failure.message)
        suite.set("tests", str(cases))
        suite.set("failures", str(fails))
        total, failed = total + cases, failed + fails
    others = by_case.get((None, None), [])
    if others:
        suite = ET.SubElement(suites, "testsuite", name="translations.files",
                              tests=str(len(others)), failures=str(len(others)))
        for failure in others:
            case = ET.SubElement(suite, "testcase", classname="translations.files",
                                 name=failure.path, file=display_path(root, failure.path))
            ET.SubElement(case, "failure", type=failure.reason, message=failure.message)
        total, failed = total + len(others), failed + len(others)
    suites.set("tests", str(total))
    suites.set("failures", str(failed))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


_RULES = {
    "missing": "The translation does not exist.",
    "stale": "The source changed since the translation was recorded.",
    "unknown": "No record of the source the translation was made from.",
    "untranslated": "The translation's text is the source's.",
    "invalid": "The page cannot be read.",
    "orphan": "A translation whose source does not exist.",
    "draft": "A machine draft awaiting review.",
    "current": "Reviewed and up to date.",
    "metadata-drift": "A copied front-matter field differs from the source in meaning.",
    "duplicate": "Two files claim one episode and language.",
    "lang-mismatch": "Front-matter lang disagrees with the path.",
    "number-mismatch": "Front-matter number disagrees with the path.",
    "qa": "A QA check found a problem in the translation.",
    "coverage": "A language is below its minimum coverage.",
}


def render_sarif(gate: Gate, root: Path) -> str:
    """SARIF 2.1.0: a result per failure, located at the variant (or the source if missing)."""
    reported = (*gate.failures, *gate.notes)
    used = sorted({_rule(f) for f in reported})
    results = []
    for f in reported:
        result: dict[str, Any] = {"ruleId": _rule(f), "level": _SARIF_LEVEL.get(f.level,
                                                                                "error"),
                                  "message": {"text": f.message}}
        if f.path:
            result["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": display_path(root, f.path)},
                "region": {"startLine": f.line or 1}}}]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "translate-kit", "version": __version__,
                "informationUri": "https://pypi.org/project/translate-kit/",
                "rules": [{"id": r, "name": r, "shortDescription": {"text": _RULES.get(
                    r, _RULES["qa"] + f" ({r.removeprefix('qa/')})")}} for r in used],
            }},
            "results": results,
        }],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def _rule(f: Failure) -> str:
    return f"qa/{f.check}" if f.check else f.reason


BADGE_COLOURS = ((95, "brightgreen"), (80, "green"), (60, "yellow"), (40, "orange"))


def badges(report: Report, metric: str = "up_to_date") -> dict[str, dict[str, Any]]:
    """A shields.io endpoint document per language. Its number and colour follow ``metric``:
    'up_to_date' (reviewed translations of today's source) or 'coverage' (any translation)."""
    out = {}
    for lang, counts in report.summary().items():
        value = counts[metric]
        color = next((c for low, c in BADGE_COLOURS if value >= low), "red")
        words = "up to date" if metric == "up_to_date" else "translated"
        out[lang] = {"schemaVersion": 1, "label": f"{lang} translation",
                     "message": f"{value:.0f}% {words}", "color": color}
    return out
