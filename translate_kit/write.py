"""Write: atomic file replacement, so an interrupted run leaves each page as it was or complete.

New files get the mode the user's umask allows (``tempfile.mkstemp`` alone would make them
0600); an existing file keeps its own mode (what replaces a device, such as a link to
``/dev/null``, does not take the device's 0666). A page is replaced only when it is still what the
caller planned from (``expect``): a file that changed, appeared or belongs to another slot is
never overwritten. Temporary files that a killed run left behind are recognised by name and
removed by :func:`clean_stray_temps`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from .errors import TranslateKitError
from .regular import read_bytes

TEMP_SUFFIX = ".tmp"
_STRAY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
"""What :func:`write_bytes_atomic` names its temporary files (mkstemp's 8 random characters)."""


class PageChanged(TranslateKitError):
    """A file is not what the run planned to replace (edited, created or moved meanwhile, or it
    belongs to another slot): it is left alone."""

    exit_code = 1


def new_file_mode() -> int:
    """The mode a new file gets under the process's umask (0666 minus the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def file_digest(data: bytes) -> str:
    """The hash the lock records for a file's exact bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digest_of(path: Path) -> str | None:
    """:func:`file_digest` of a file's bytes (None when there is no such file)."""
    try:
        data = read_bytes(path)
    except FileNotFoundError:
        return None
    return file_digest(data)


def write_bytes_atomic(path: Path, data: bytes, sync: bool = True) -> bool:
    """Replace ``path`` with ``data`` atomically; False when it already holds exactly that."""
    if path.is_file() and read_bytes(path) == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        mode = path.stat().st_mode & 0o7777 if path.is_file() else new_file_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


def write_text_atomic(path: Path, text: str, sync: bool = True) -> bool:
    """Replace ``path`` with ``text`` (UTF-8, line endings untouched); False when unchanged.
    ``sync=False`` skips the flush to disk, for files that can be made again (review sheets)."""
    return write_bytes_atomic(path, text.encode("utf-8"), sync)


def check_unchanged(path: Path, expect: str | None, rel: str | None = None) -> None:
    """PageChanged unless ``path`` is still what was planned from: ``expect`` is the digest of
    the file the plan saw (None: there was no file)."""
    found = digest_of(path)
    if found == expect:
        return
    name = rel or str(path)
    if expect is None:
        raise PageChanged("exists but is not the recorded translation of this slot; left "
                          "alone", name)
    if found is None:
        raise PageChanged("was removed while the run was going on; not recreated", name)
    raise PageChanged("was changed while the run was going on; left alone (re-run to draft "
                      "against the new text)", name)


def write_page(path: Path, text: str, expect: str | None, rel: str | None = None) -> bool:
    """Replace a page only if it is still what was planned from (see :func:`check_unchanged`);
    PageChanged otherwise, nothing written.

    Callers that share a site with other runs hold the site's state lock around this call, so
    the check and the replacement are one step for every translate-kit process.
    """
    check_unchanged(path, expect, rel)
    return write_text_atomic(path, text)


def clean_stray_temps(folders: set[Path]) -> list[Path]:
    """Remove temporary files a killed run left in ``folders``; the removed paths.

    Only names this module makes (``.NAME.XXXXXXXX.tmp``) are touched. Callers hold the site's
    state lock, so no live translate-kit run is writing one of them.
    """
    removed = []
    for folder in sorted(folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if _STRAY.match(entry.name) and entry.is_file(follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
                removed.append(Path(entry.path))
    return removed
