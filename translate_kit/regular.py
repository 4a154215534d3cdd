"""Reading a file only when it is a regular file. A pipe, a socket or a device named like a
page, a config, a lock or a cache would make a plain ``open`` wait forever for a writer (or
read without end): it is refused at once with an OSError, which every reader already turns
into its one line. Standard library only (the warm status path uses it)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); OSError for a missing or
    unreadable file (as ``open`` raises), a folder (IsADirectoryError) or anything else that
    is not a regular file."""
    fd = os.open(path, _FLAGS)  # non-blocking: opening a pipe with no writer returns at once
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, socket or device)",
                          str(path))
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        return handle.read() if limit is None else handle.read(limit)
