"""The warm ``status --format json`` fast path: the document the last plain run printed,
written straight out when nothing it was made from changed, before typer, the config or any
page is loaded (a pre-commit hook or CI runs it on every commit).

``.translate-kit/cache/status-json.json`` holds the document and the stat (size, mtime, ctime,
inode) of everything that run depended on: every folder the page walk entered (a folder's
mtime changes when an entry is added, removed or renamed), every file it could take for a page,
both config files, the renderer hints, the lock, its journal and the glossary files (and of
the file each of those leads to when it is a symlink). It is plain JSON compared field by
field; anything unexpected means the normal path runs. Only the standard library is imported
here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from typing import TYPE_CHECKING, Any

from ..regular import read_bytes

if TYPE_CHECKING:
    from ..config import Config

FORMAT = "translate-kit/status-json"
VERSION = 1
NAME = "status-json.json"
SITE_FILES = ("translate-kit.yaml", "pyproject.toml", "_config.yml", "docs/_config.yml",
              "hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "mkdocs.yml", "mkdocs.yaml")
"""Files (relative to the site) whose change can change what ``status`` prints."""
STATE = (".translate-kit", ".translate-kit/cache")


def plain_site(args: list[str]) -> str | None:
    """The SITE of ``status [SITE] --format json`` with no other option, else None."""
    if not args or args[0] != "status":
        return None
    site: str | None = None
    fmt = False
    rest = iter(args[1:])
    for arg in rest:
        if not fmt and arg in ("--format", "-f"):
            if next(rest, None) != "json":
                return None
            fmt = True
        elif not fmt and arg == "--format=json":
            fmt = True
        elif arg.startswith("-") or site is not None or not arg:
            return None
        else:
            site = arg
    return (site or ".") if fmt else None


def cached_output(site: str) -> str | None:
    """The document to print for ``site`` when nothing it depends on changed, else None."""
    root = os.path.abspath(site)
    if any(os.path.islink(os.path.join(root, part)) for part in STATE):
        return None
    try:
        doc = json.loads(read_bytes(os.path.join(root, STATE[1], NAME)))
        if not (isinstance(doc, dict) and doc.get("format") == FORMAT
                and doc.get("version") == VERSION and doc.get("root") == root
                and doc.get("code") == code_digest() and isinstance(doc.get("output"), str)):
            return None
        if all(_stamp(path) == want for path, want in doc["stats"]):
            return str(doc["output"])
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        pass  # a missing or damaged file only means the normal path runs
    return None


class Stamps:
    """The stat of everything a plain ``status`` depends on, taken before the audit reads it:
    the site files and ``watched`` paths now, then every folder and page file as the page walk
    (:func:`..discover.find_candidates`) meets them. A symlink on the way makes it ``lost``
    (then nothing is kept)."""

    def __init__(self, config: Config, watched: tuple[str, ...]):
        root = os.path.abspath(config.root)
        self.stats: list[list[Any]] = [[p, _stamp(p)] for p in (
            *(os.path.join(root, name) for name in SITE_FILES), *watched)]
        self.lost = False

    def folder(self, path: str) -> None:
        """A folder the walk is about to list (absolute)."""
        try:
            st = os.lstat(path)
        except OSError:
            self.stats.append([path, None])
            return
        self.lost = self.lost or stat.S_ISLNK(st.st_mode)
        self.stats.append([path, _fields(st)])

    def entry(self, entry: os.DirEntry[str]) -> None:
        """A folder entry the walk met: any symlink loses the stamps; a file it could take
        for a page (its name has the right ending) is stamped."""
        if entry.is_symlink():
            self.lost = True
            return
        try:
            st = entry.stat(follow_symlinks=False)  # kept by the entry: the walk's own stat
        except OSError:
            self.stats.append([entry.path, None])
            return
        self.stats.append([entry.path, _fields(st)])


def save_output(config: Config, stamps: Stamps, output: str) -> None:
    """Keep ``output`` for the next plain run (atomically; failure only costs speed), unless
    the walk met a symlink."""
    if stamps.lost:
        return
    path = config.state_dir / "cache" / NAME
    doc = {"format": FORMAT, "version": VERSION, "root": os.path.abspath(config.root),
           "code": code_digest(), "stats": stamps.stats, "output": output}
    from .codec import write_json  # the slow path only: the fast one stays stdlib-only

    with contextlib.suppress(OSError):
        write_json(path, doc)


def forget_output(config: Config) -> None:
    """Drop the kept document (a run that will not replace it must not leave a stale one)."""
    with contextlib.suppress(OSError):
        (config.state_dir / "cache" / NAME).unlink(missing_ok=True)


def code_digest() -> str:
    """A hash of translate-kit's own code: nothing cached by another version is used."""
    digest = hashlib.blake2b(digest_size=8)
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        paths += [os.path.join(folder, n) for n in files if n.endswith((".py", ".json"))]
    for path in sorted(paths):
        digest.update(os.path.relpath(path, package).encode() + b"\0")
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()


def _stamp(path: str) -> list[int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    stamp = _fields(st)
    if stat.S_ISLNK(st.st_mode):
        # The config, _config.yml and the lock may be symlinks (within the repository): an
        # edit of the file they lead to leaves the link's own stat as it was.
        with contextlib.suppress(OSError):
            stamp += _fields(os.stat(path))
    return stamp


def _fields(st: os.stat_result) -> list[int]:
    """What says a file or folder is as it was: an edit, a replacement or a new entry moves
    one of them."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
