"""How alike a translation's words are to its source's: what the audit calls 'untranslated'.

The measure is rapidfuzz's ratio over words (200 × LCS / total words). An exact LCS costs the
product of the two lengths, which is seconds per megabyte and minutes for a 10 MB transcript,
so the work is bounded: on ordinary pages (below QUICK_CELLS) the exact ratio is cheapest; on
larger ones a linear upper bound (shared words, in any order) settles every pair that is
clearly translated; an exact ratio is computed while the product is small; above that, the
pages are compared window by window along the diagonal, which is a lower bound of the exact ratio
(exact for a copy) and costs at most MAX_CELLS whatever the size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

MAX_CELLS = 400_000_000
"""Largest words × words product compared exactly (about 50 ms); larger pages by windows."""

QUICK_CELLS = 4_000_000
"""Below this product rapidfuzz's bit-parallel ratio costs less than counting the shared words
(a 700-word pair: 40 µs against 130 µs), so the bound is skipped: same score, less work."""


def word_similarity(source: Sequence[str], variant: Sequence[str], cutoff: float) -> float:
    """rapidfuzz's ratio (0-100) of two word lists, or 0 when it is below ``cutoff``."""
    total = len(source) + len(variant)
    if not total:
        return 0.0
    cells = len(source) * len(variant)
    if cells <= QUICK_CELLS:  # a cutoff would make rapidfuzz slower here (58 µs against 48)
        score = fuzz.ratio(source, variant)
        return float(score) if score >= cutoff else 0.0
    shared = sum((Counter(source) & Counter(variant)).values())
    if 200 * shared / total < cutoff:  # the LCS is at most the shared words: settled
        return 0.0
    if cells <= MAX_CELLS:
        return float(fuzz.ratio(source, variant, score_cutoff=cutoff))
    score = 200 * _diagonal_lcs(source, variant) / total
    return score if score >= cutoff else 0.0


def _diagonal_lcs(source: Sequence[str], variant: Sequence[str]) -> int:
    """A common subsequence built from matching windows at the same relative place: k windows
    of each page, compared pairwise, cost len × len / k cells in all."""
    windows = -(-len(source) * len(variant) // MAX_CELLS)
    found = 0
    for i in range(windows):
        a = source[len(source) * i // windows:len(source) * (i + 1) // windows]
        b = variant[len(variant) * i // windows:len(variant) * (i + 1) // windows]
        found += (len(a) + len(b) - Indel.distance(a, b)) // 2
    return found
