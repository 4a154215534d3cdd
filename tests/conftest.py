"""Fixtures and hypothesis profiles (sized for a 2-core machine)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the real-site sample (skips when the sample is absent)."""
    if not CORPUS.is_dir():
        pytest.skip("real-site sample ../shared/corpus/edt is not present")
    target = tmp_path / "edt"
    shutil.copytree(CORPUS, target)
    return target
