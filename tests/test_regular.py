"""Reading only regular files: a pipe is refused at once, never waited on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from translate_kit.regular import read_bytes


def test_a_regular_file_is_read_whole_or_up_to_a_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"line one\r\nline two\n")
    assert read_bytes(path) == b"line one\r\nline two\n"  # bytes as they are, CR included
    assert read_bytes(str(path), 4) == b"line"


def test_anything_else_is_an_oserror_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")  # no writer: a plain open would wait forever
    with pytest.raises(OSError, match="not a regular file"):
        read_bytes(tmp_path / "pipe.md")
    with pytest.raises(IsADirectoryError):
        read_bytes(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "missing.md")
