"""A big audit made up in memory (2,000 episodes × 6 languages by default), for rendering tests
and benchmarks: building and auditing 14,000 files would test the audit, not the renderers."""

from __future__ import annotations

import random

from translate_kit.audit import EpisodeStatus, Report, VariantStatus
from translate_kit.discover import Problem
from translate_kit.qa import Finding

LANGS = ("fr", "de", "es", "it", "pt", "nl")
# Roughly what a site that has been translated for years looks like.
WEIGHTS = {"current": 60, "draft": 12, "stale": 10, "unknown": 8, "missing": 6,
           "untranslated": 2, "invalid": 1}
WORDS = ("lighthouse", "keepers", "tides", "fog", "harbour", "storms", "charts", "signals",
         "coast", "ferries", "islands", "pilots", "beacons", "weather", "logs", "nets")


def title(number: int) -> str:
    rng = random.Random(number)
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize()


def big_report(episodes: int = 2000, langs: tuple[str, ...] = LANGS,
               seed: int = 7) -> tuple[Report, dict[int, str]]:
    """A report and the episodes' titles."""
    rng = random.Random(seed)
    statuses, weights = zip(*WEIGHTS.items(), strict=True)
    out = []
    for number in range(1, episodes + 1):
        orphan = number % 500 == 0  # a translation left behind by a renumbered episode
        source = None if orphan else f"docs/episodes/ep-{number}/episode.md"
        variants = []
        for lang in langs:
            status = "orphan" if orphan else rng.choices(statuses, weights)[0]
            path = None if status == "missing" else f"docs/episodes/ep-{number}/{lang}/episode.md"
            changed = rng.randint(1, 9) if status == "stale" else 0
            flags: tuple[str, ...] = ("metadata-drift",) if rng.random() < 0.03 else ()
            findings: tuple[Finding, ...] = ()
            if path and rng.random() < 0.08:
                findings = tuple(Finding(path, rng.randint(5, 80), None, "glossary",
                                         "'Zero Trust' should stay as written")
                                 for _ in range(rng.randint(1, 4)))
                flags = (*flags, "qa")
            variants.append(VariantStatus(lang, status, path, flags, changed,
                                          reason=f"{status}: as made up for this test",
                                          qa=findings))
        out.append(EpisodeStatus(number, source, (), tuple(variants)))
    errors = (Problem("docs/episodes/ep-7/de/episode.md", "front matter is not valid YAML", 3),)
    report = Report("en", langs, tuple(out), errors)
    return report, {n: title(n) for n in range(1, episodes + 1)}
