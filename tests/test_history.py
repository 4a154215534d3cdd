"""Git history read as a hint: the files that say the history moved, found without git."""

from __future__ import annotations

import subprocess
from pathlib import Path

from translate_kit.history import state_files

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin"}


def git(where: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True,
                   env={**ENV, "HOME": str(where)})


def stamps(paths: tuple[Path, ...]) -> list[tuple[int, int] | None]:
    return [(p.stat().st_size, p.stat().st_mtime_ns) if p.exists() else None for p in paths]


def test_a_commit_in_a_worktree_moves_one_of_its_state_files(tmp_path: Path) -> None:
    repo, tree = tmp_path / "repo", tmp_path / "tree"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "a.md").write_text("one\n", "utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    git(repo, "worktree", "add", "-q", "-b", "side", str(tree))
    files = state_files(tree / "docs")  # a site in a subfolder of a linked worktree
    assert files[0].name == "HEAD" and "worktrees" in files[0].parts
    assert files[-1].as_posix().endswith("refs/heads/side")
    before = stamps(files)
    (tree / "docs" / "a.md").write_text("two\n", "utf-8")
    git(tree, "commit", "-qam", "second")
    assert stamps(files) != before
    assert state_files(tmp_path) == ()  # not in a repository
