"""Fixtures and hypothesis profiles (sized for a 2-core machine)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def apertium_url() -> Iterator[str]:
    """A real Apertium APY server on a free port for the whole session (skipped only when
    apertium-apy is absent and TK_REQUIRE_APERTIUM is unset)."""
    binary = shutil.which("apertium-apy")
    modes = Path("/usr/share/apertium/modes")
    if binary is None or not modes.is_dir():
        if os.environ.get("TK_REQUIRE_APERTIUM"):
            pytest.fail("TK_REQUIRE_APERTIUM is set but apertium-apy (or its modes) is absent")
        pytest.skip("apertium-apy is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([binary, "-p", str(port), str(modes)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/listPairs", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"apertium-apy did not start on port {port}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
