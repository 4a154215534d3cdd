"""One run at a time per site: advisory file locks in the site's ``.translate-kit/`` folder.

Two locks, because a draft run is long and an ``approve`` is short:

- the **run lock** (``run.lock``) is held by ``draft``/``sync`` for the whole run, so a second
  drafting run does not translate the same gaps at the same time: it waits when asked to,
  else ends at once (exit 2) naming the holder's pid;
- the **state lock** (``state.lock``) is held for moments: every read-modify-write of the lock
  file and its journal, and each page write with its journal record. An ``approve`` made while
  a ``sync`` runs therefore lands between two of the sync's pages, and the sync's next lock
  update reads it back instead of writing over it.

The locks are ``flock``-style (through ``filelock``, which also covers Windows): the kernel
releases them when a process dies, even by ``kill -9``, so a killed run never leaves the site
locked. Who holds a lock is written beside it (``*.owner``) only to name the holder in messages.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import UsageError
from .regular import read_bytes
from .write import write_bytes_atomic

RUN_LOCK = "run.lock"
STATE_LOCK = "state.lock"
STATE_WAIT = 120.0
"""Seconds to wait for the state lock (held for a page write or a lock update, or an approve)."""
NOTICE_AFTER = 1.0
"""Seconds of waiting after which the caller's ``on_wait`` is told why nothing happens."""


class SiteBusy(UsageError):
    """Another translate-kit run holds the site; the message names its pid and command."""


def _owner_path(lock: Path) -> Path:
    return lock.with_name(lock.name + ".owner")


def holder(lock: Path) -> str:
    """'pid 123, sync, since 20:14:03 UTC' for the process that last took ``lock``."""
    try:
        data = json.loads(read_bytes(_owner_path(lock)))
        started = time.strftime("%H:%M:%S UTC", time.gmtime(float(data["since"])))
        return f"pid {int(data['pid'])}, {str(data['command'])[:40]}, since {started}"
    except (OSError, ValueError, KeyError, TypeError, OverflowError):
        return "pid unknown"


def _file_lock(path: Path) -> FileLock:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder for the run lock: {exc.strerror}",
                         path.parent) from None
    # One object per path in this process, so taking the lock again (approve's write phase
    # inside its own hold) counts up instead of waiting on itself.
    return FileLock(path, is_singleton=True)


def _acquire(lock: FileLock, path: Path, wait: float,
             on_wait: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            lock.acquire(timeout=min(NOTICE_AFTER, max(deadline - time.monotonic(), 0.0)))
            return
        except Timeout:
            if time.monotonic() >= deadline:
                raise SiteBusy(f"another translate-kit run is using this site ({holder(path)}); "
                               "wait for it to end and run again", path) from None
            if on_wait is not None and not told:
                on_wait(f"waiting for another translate-kit run ({holder(path)}) to finish…")
                told = True
        except OSError as exc:
            raise UsageError(f"cannot be taken as a lock: {exc.strerror}", path) from None


@contextmanager
def hold(path: Path, command: str, wait: float = 0.0,
         on_wait: Callable[[str], None] | None = None, note: bool = True) -> Iterator[None]:
    """Hold the lock file ``path`` for the block; SiteBusy after ``wait`` seconds. ``note``
    writes who holds it beside it, for the messages of those who wait."""
    lock = _file_lock(path)
    outer = lock.is_locked
    _acquire(lock, path, wait, on_wait)
    try:
        if note and not outer:
            _note_owner(path, command)
        yield
    finally:
        lock.release()


def _note_owner(path: Path, command: str) -> None:
    """Write who holds ``path`` beside it. The note replaces whatever is there (a symlink is
    replaced, never written through; a pipe is never opened, so never waited on)."""
    record = json.dumps({"pid": os.getpid(), "command": command, "since": time.time()})
    with suppress(OSError):  # only messages would lose the holder's name
        write_bytes_atomic(_owner_path(path), (record + "\n").encode("utf-8"), sync=False)


def run_lock(state_dir: Path, command: str, wait: float = 0.0,
             on_wait: Callable[[str], None] | None = None) -> AbstractContextManager[None]:
    """Context manager: the site's run lock for a drafting run (see the module docstring)."""
    return hold(state_dir / RUN_LOCK, command, wait, on_wait)


def state_lock(state_dir: Path, command: str = "update",
               on_wait: Callable[[str], None] | None = None,
               wait: float = STATE_WAIT) -> AbstractContextManager[None]:
    """Context manager: the site's state lock, for one read-modify-write of the lock file,
    its journal and the pages they record. Taken once per page, so its holder is not
    written down (a wait for it is short)."""
    return hold(state_dir / STATE_LOCK, command, wait, on_wait, note=False)
