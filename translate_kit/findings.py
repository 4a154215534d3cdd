"""A QA finding and the severities of the checks: the record every report carries, kept apart
from the checks themselves so that reading a status (the audit, the page cache, the snapshot)
never loads the segmenter, Markdown parser and stemmers the checks need."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

SEVERITIES = ("error", "warning", "info")
DEFAULT_SEVERITY: dict[str, str] = {
    # Broken pages, lost names and text a reader must not see fail a gate.
    "term-missing": "error", "term-altered": "error", "liquid": "error", "html": "error",
    "url": "error", "code": "error", "wrong-language": "error", "leftover": "error",
    "locale-value": "error",
    # Worth a look; often a translator's deliberate choice.
    "rendering-not-used": "warning", "unchanged": "warning", "number": "warning",
    "link": "warning", "length": "warning",
    # Human translations merge and split blocks and drop emphasis freely.
    "emphasis": "info", "segment-count": "info",
}
CHECKS = tuple(DEFAULT_SEVERITY)


@dataclass(frozen=True)
class Finding:
    """One QA problem: where it is, which check found it, how serious it is, what to do."""

    path: str
    line: int | None
    segment: str | None
    check: str
    message: str
    term: str | None = None
    severity: str = field(default="")
    """error, warning or info; the check's default unless a site's config says otherwise."""

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", DEFAULT_SEVERITY.get(self.check, "warning"))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity} [{self.check}] {self.message}"


def parse_severities(value: object) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """The config's ``qa: {severity: {check: level}}`` as sorted pairs, and what is wrong
    with it (one message a problem)."""
    if value is None:
        return (), []
    levels = value.get("severity", {}) if isinstance(value, dict) else None
    if not isinstance(value, dict) or not isinstance(levels, dict) or set(value) - {
            "severity"}:
        return (), ["qa must be a mapping with 'severity: {check: error|warning|info}'"]
    problems = []
    unknown = sorted(str(k) for k in levels if k not in CHECKS)
    if unknown:
        problems.append(f"qa.severity: unknown check(s) {', '.join(unknown)}; checks: "
                        f"{', '.join(CHECKS)}")
    bad = sorted(str(k) for k, v in levels.items() if v not in SEVERITIES)
    if bad:
        problems.append(f"qa.severity of {', '.join(bad)} must be one of "
                        f"{', '.join(SEVERITIES)}")
    return tuple(sorted((str(k), str(v)) for k, v in levels.items()
                        if k in CHECKS and v in SEVERITIES)), problems


def with_severities(findings: Iterable[Finding], overrides: Mapping[str, str]) -> list[Finding]:
    """``findings`` with the site's severities (``{check: level}``) applied."""
    return [replace(f, severity=overrides[f.check]) if f.check in overrides else f
            for f in findings]
