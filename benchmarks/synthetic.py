"""Synthetic podcast sites for the benchmarks (our own generated text, ~6 KB pages)."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("signal network latency keeper harbour archive packet edge river lantern protocol "
         "village bridge sensor weather orchard ledger compass beacon circuit meadow canal "
         "format theory practice team budget release review outage backup storage engine").split()


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def page(number: int, lang: str, rng: random.Random, paragraphs: int = 9,
         transcript_lines: int = 0) -> str:
    suffix = "" if lang == "en" else f"-{lang}"
    body = "\n\n".join(
        (f"## {sentence(rng, 5)}\n\n" if i % 3 == 0 else "") + paragraph(rng)
        for i in range(paragraphs))
    transcript = "\n".join(f"<p>{sentence(rng, 10)}</p>" for _ in range(transcript_lines))
    return f"""---
layout: posts
title: "{sentence(rng, 6)}"
number: {number}
permalink: episode-{number}{suffix}
lang: {lang}
tags:
    - {rng.choice(WORDS)}
    - {rng.choice(WORDS)}
date: 2024-03-13T07:00:00.000Z
guests:
    - Ada Marin
summary: "{sentence(rng, 30)}"
video: "https://video.example/{number}"
---

<div>
{{% include player.html id="ep{number}" title="#{number}" %}}
</div>

{body}

<details>
<summary> Podcast Transcript </summary>

{transcript or "<p></p>"}

</details>
"""


def make_site(root: Path, episodes: int, languages: tuple[str, ...], seed: int = 7) -> Path:
    """A site with a source page and a translated page per language for every episode."""
    rng = random.Random(seed)
    for number in range(1, episodes + 1):
        for lang in ("en", *languages):
            path = root / "episodes" / f"ep-{number}" / lang / "episode.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page(number, lang, rng), "utf-8")
    (root / "translate-kit.yaml").write_text(
        f"source_lang: en\nlanguages: [{', '.join(languages)}]\nlayout:\n"
        "  variants: episodes/ep-{number}/{lang}/episode.md\n", "utf-8")
    return root
