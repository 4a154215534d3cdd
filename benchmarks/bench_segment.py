"""Benchmark: segment and render a 40 KB transcript page (target: well under 20 ms).

    python benchmarks/bench_segment.py
"""

from __future__ import annotations

import json
import random
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import page

from translate_kit import segment_page


def transcript_page(target_kb: int = 40) -> str:
    rng = random.Random(3)
    lines = 10
    text = page(1, "en", rng, paragraphs=6, transcript_lines=lines)
    while len(text.encode()) < target_kb * 1024:
        lines += 20
        text = page(1, "en", random.Random(3), paragraphs=6, transcript_lines=lines)
    return text


def main() -> None:
    text = transcript_page()
    segmented = segment_page(text)
    translations = {s.id: s.text + " (fr)" for s in segmented.segments}
    repeat, number = 7, 20
    seg = min(timeit.repeat(lambda: segment_page(text), number=number, repeat=repeat)) / number
    ren = min(timeit.repeat(lambda: segmented.render(translations), number=number,
                            repeat=repeat)) / number
    print(json.dumps({
        "page_kb": round(len(text.encode()) / 1024, 1),
        "segments": len(segmented.segments),
        "segment_ms": round(seg * 1000, 2),
        "render_ms": round(ren * 1000, 2),
        "segment_and_render_ms": round((seg + ren) * 1000, 2),
        "target_ms": "well under 20",
    }, indent=2))


if __name__ == "__main__":
    main()
