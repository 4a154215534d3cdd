"""Git history as a hint only: when a page was last committed. Never needed, never trusted as
proof (shallow clones and rebases lie); used to say something useful about 'unknown' variants."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from .errors import UsageError
from .lock import file_digest
from .regular import read_bytes


class History:
    """Last commit time per file of a site, read with one ``git log`` call on first use."""

    def __init__(self, root: Path):
        self.root = root

    @cached_property
    def _times(self) -> dict[str, int]:
        try:
            top = subprocess.run(["git", "-C", str(self.root), "rev-parse", "--show-toplevel"],
                                 capture_output=True, text=True, timeout=10, check=True)
            log = subprocess.run(["git", "-C", str(self.root), "log", "--format=@%ct",
                                  "--name-only", "--no-renames", "--", "."],
                                 capture_output=True, text=True, timeout=60, check=True)
        except (OSError, subprocess.SubprocessError):
            return {}
        base = Path(top.stdout.strip())
        times: dict[str, int] = {}
        stamp = 0
        for line in log.stdout.splitlines():
            if line.startswith("@"):
                stamp = int(line[1:])
            elif line:
                try:
                    rel = (base / line).relative_to(self.root.resolve()).as_posix()
                except ValueError:
                    continue
                times.setdefault(rel, stamp)  # newest first: keep the first seen
        return times

    def hint(self, source: str, variant: str) -> str | None:
        """A sentence comparing the last commits of a source and its translation, if known."""
        src, var = self._times.get(source), self._times.get(variant)
        if src is None or var is None:
            return None

        def day(stamp: int) -> str:
            return datetime.fromtimestamp(stamp, UTC).date().isoformat()

        if src > var:
            return (f"git: source committed after this translation ({day(src)} > {day(var)}); "
                    "it is probably stale")
        return (f"git: translation committed after its source ({day(var)} >= {day(src)}); "
                "'baseline' can adopt it")


def find_version(root: Path, rel: str, digest: str, limit: int = 200) -> tuple[str, str] | None:
    """(commit, text) of the newest committed version of ``rel`` whose bytes hash to
    ``digest`` (the lock's blake2b-128), searching at most ``limit`` commits."""
    try:
        log = subprocess.run(["git", "-C", str(root), "log", f"-{limit}", "--format=%H",
                              "--", rel], capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    for commit in log.stdout.split():
        try:
            shown = subprocess.run(["git", "-C", str(root), "show", f"{commit}:./{rel}"],
                                   capture_output=True, timeout=60, check=True)
        except (OSError, subprocess.SubprocessError):
            continue
        if file_digest(shown.stdout) == digest:
            return commit, shown.stdout.decode("utf-8", "replace")
    return None


def changed_paths(root: Path, ref: str) -> set[str]:
    """Site-relative paths changed since a git ref (committed, staged, working tree, new);
    UsageError when git or the ref is not there."""
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            raise UsageError(f"--changed-from needs git: {exc}") from exc
        if done.returncode != 0:
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed"
            raise UsageError(f"--changed-from {ref}: {last}")
        return done.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    names = git("diff", "--name-only", ref, "--").splitlines()
    names += git("ls-files", "--others", "--exclude-standard").splitlines()
    site = root.resolve()
    return {(top / n).resolve().relative_to(site).as_posix() for n in names
            if (top / n).resolve().is_relative_to(site)}


def state_files(root: Path) -> tuple[Path, ...]:
    """The files git rewrites when the history hints read moves on (a commit, a checkout, a
    reset, a pull): HEAD, the branch it names, packed-refs and HEAD's reflog, in the repository
    that holds ``root``; none outside a repository. Found without running git: a status that
    reuses its last report asks on every run."""
    start = root.absolute()
    for folder in (start, *start.parents):
        dot = folder / ".git"
        try:
            if dot.is_dir():
                gitdir = dot
            elif dot.is_file():  # a worktree or submodule: "gitdir: <path>"
                gitdir = folder / _text(dot).removeprefix("gitdir:").strip()
            else:
                continue
            common = gitdir / _text(gitdir / "commondir").strip() if (
                gitdir / "commondir").is_file() else gitdir
            head = _text(gitdir / "HEAD").strip()
        except (OSError, UnicodeError):
            return ()
        branch = (common / head.removeprefix("ref:").strip(),) if head.startswith("ref:") else ()
        return (gitdir / "HEAD", gitdir / "logs" / "HEAD", common / "packed-refs", *branch)
    return ()


def _text(path: Path) -> str:
    return read_bytes(path, 100_000).decode("utf-8")
