"""The 'untranslated' similarity: rapidfuzz's word ratio where it is cheap, bounded where not."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from translate_kit import similarity
from translate_kit.similarity import word_similarity


@pytest.mark.parametrize("seed", range(40))
def test_it_is_rapidfuzz_ratio_on_pages_of_ordinary_size(seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(rng.choice((5, 30, 300)))]
    source = [rng.choice(vocabulary) for _ in range(rng.randint(0, 400))]
    variant = [w if rng.random() > rng.random() else rng.choice(vocabulary) for w in source]
    cutoff = rng.choice((50.0, 90.0))
    assert word_similarity(source, variant, cutoff) == fuzz.ratio(source, variant,
                                                                  score_cutoff=cutoff)


def test_huge_pages_are_compared_window_by_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(similarity, "MAX_CELLS", 1_000_000)  # our own budget, not a library's
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    english = [rng.choice(vocabulary) for _ in range(20_000)]
    copy = [w if i % 40 else "edited" for i, w in enumerate(english)]
    shuffled = sorted(english)  # the same words, in another order: not a copy
    translation = [f"mot{i % 2500}" for i in range(21_000)]
    assert word_similarity(english, copy, 90) == pytest.approx(97.5, abs=0.1)
    assert word_similarity(english, translation, 90) == 0.0
    assert word_similarity(english, shuffled, 90) == 0.0
