"""One run at a time per site: a second run is told who holds the site, or waits for it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from translate_kit.runlock import SiteBusy, run_lock, state_lock

HOLD = """
import sys, time
from pathlib import Path
from translate_kit.runlock import run_lock
with run_lock(Path(sys.argv[1]), "sync"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(state: Path, seconds: float) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(state), str(seconds)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "held\n"
    return child


def test_a_second_run_is_told_the_holders_pid(tmp_path: Path) -> None:
    child = _holder(tmp_path, 30)
    try:
        busy = pytest.raises(SiteBusy, match=rf"run\.lock: .*\(pid {child.pid}, sync, since ")
        with busy, run_lock(tmp_path, "draft"):
            pytest.fail("two runs held the site at once")
        assert SiteBusy.exit_code == 2
    finally:
        child.kill()
        child.wait()


def test_a_waiting_run_says_so_and_goes_on_when_the_holder_ends(tmp_path: Path) -> None:
    child = _holder(tmp_path, 1.5)
    told: list[str] = []
    started = time.monotonic()
    with run_lock(tmp_path, "draft", wait=30, on_wait=told.append):
        waited = time.monotonic() - started
    child.wait()
    assert waited > 0.5
    assert len(told) == 1 and f"pid {child.pid}" in told[0]


def test_a_killed_holder_leaves_the_site_free(tmp_path: Path) -> None:
    child = _holder(tmp_path, 30)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with run_lock(tmp_path, "sync"):
        pass


def test_the_state_lock_can_be_taken_again_inside_its_own_hold(tmp_path: Path) -> None:
    with state_lock(tmp_path, "approve"), state_lock(tmp_path, "approve", wait=0):
        pass
    with state_lock(tmp_path, "approve", wait=0):  # and it was released
        pass
