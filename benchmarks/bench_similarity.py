"""Benchmark: the 'untranslated' check on huge pages. One episode whose English page is a
~10 MB transcript, with a French translation of the same size (other words) and a German page
that is the English one with one word in fifty edited (untranslated). `status` must finish in
seconds, not the minutes an exact word LCS takes (it grows with the square of the size).

    python benchmarks/bench_similarity.py [--mb 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from translate_kit.commands.status import status
from translate_kit.report import render_json
from translate_kit.similarity import word_similarity


def words(seed: int, count: int, prefix: str) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [f"{prefix}{i}" for i in range(20_000)]
    return [rng.choice(vocabulary) for _ in range(count)]


def page(lang: str, body: list[str]) -> str:
    lines = [" ".join(body[i:i + 12]) for i in range(0, len(body), 12)]
    return (f"---\ntitle: Huge\nnumber: 1\nlang: {lang}\n---\n\n<details>\n<summary>Transcript"
            "</summary>\n\n" + "\n".join(f"<p>{line}</p>" for line in lines) + "\n\n</details>\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=10)
    args = parser.parse_args()
    count = int(args.mb * 1_000_000 / 7)  # about seven characters a word with its space
    english = words(1, count, "w")
    german = [w if i % 50 else "geändert" for i, w in enumerate(english)]
    french = words(2, count, "mot")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        (site / "translate-kit.yaml").write_text(
            "languages: [fr, de]\nlayout: {variants: 'ep/{number}/{lang}.md'}\n", "utf-8")
        for lang, body in (("en", english), ("fr", french), ("de", german)):
            (site / "ep/1").mkdir(parents=True, exist_ok=True)
            (site / f"ep/1/{lang}.md").write_text(page(lang, body), "utf-8")
        size = (site / "ep/1/en.md").stat().st_size / 1e6
        start = time.perf_counter()
        doc = json.loads(render_json(status(site, use_cache=False)))
        took = time.perf_counter() - start
    got = {lang: v["status"] for lang, v in doc["episodes"][0]["variants"].items()}
    print(f"status on a {size:.1f} MB source with {size:.1f} MB fr and de pages: {took:.1f} s "
          f"(fr {got['fr']}, de {got['de']})")
    small = count // 10
    start = time.perf_counter()
    exact = fuzz.ratio(english[:small], german[:small])
    exact_took = time.perf_counter() - start
    start = time.perf_counter()
    bounded = word_similarity(english, german, 90)
    bounded_took = time.perf_counter() - start
    print(f"exact word ratio on a tenth of the pages: {exact:.1f} in {exact_took:.2f} s "
          f"(×100 for the whole: ~{exact_took * 100:.0f} s); bounded on the whole: "
          f"{bounded:.1f} in {bounded_took:.2f} s")


if __name__ == "__main__":
    main()
