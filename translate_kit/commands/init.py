"""``init``: detect a site's layout and languages and write a commented translate-kit.yaml,
and keep translate-kit's machine-local state out of git. (The questions asked of a person are
the command line's.)"""

from __future__ import annotations

from pathlib import Path

from ..config import CONFIG_NAME
from ..detect import Detected, config_text, detect, gitignore_text
from ..errors import UsageError
from ..write import write_text_atomic


def detect_site(site: Path, force: bool = False) -> Detected:
    """What the site looks like; refuses when a config exists and ``force`` is not given."""
    target = site / CONFIG_NAME
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to replace it")
    return detect(site)


def write_config(site: Path, found: Detected) -> list[Path]:
    """Write the config for what was detected (and confirmed), and add translate-kit's
    machine-local state to the site's .gitignore: the files written."""
    target = site / CONFIG_NAME
    write_text_atomic(target, config_text(found))
    written = [target]
    ignore = site / ".gitignore"
    try:
        existing = ignore.read_bytes().decode("utf-8") if ignore.is_file() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {ignore}: {exc}") from None
    text = gitignore_text(existing)
    if text is not None:
        write_text_atomic(ignore, text)
        written.append(ignore)
    return written
