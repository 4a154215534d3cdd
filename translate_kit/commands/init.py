"""``init``: detect a site's layout and languages and write a commented translate-kit.yaml,
and keep translate-kit's machine-local state out of git. (The questions asked of a person are
the command line's.)"""

from __future__ import annotations

from pathlib import Path

from ..config import CONFIG_NAME
from ..detect import Detected, config_text, detect, gitignore_text
from ..errors import UsageError
from ..regular import read_bytes
from ..sitefiles import inside
from ..write import write_text_atomic


def detect_site(site: Path, force: bool = False) -> Detected:
    """What the site looks like; refuses when a config exists and ``force`` is not given."""
    target = site / CONFIG_NAME
    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to replace it")
    return detect(site)


def write_config(site: Path, found: Detected) -> list[Path]:
    """Write the config for what was detected (and confirmed), and add translate-kit's
    machine-local state to the site's .gitignore: the files written. The .gitignore is read
    first, so one that cannot be used leaves nothing written."""
    ignore = site / ".gitignore"
    text = gitignore_text(_read_ignore(site, ignore))
    target = site / CONFIG_NAME
    write_text_atomic(target, config_text(found))
    written = [target]
    if text is not None:
        write_text_atomic(ignore, text)
        written.append(ignore)
    return written


def _read_ignore(site: Path, ignore: Path) -> str | None:
    """The site's .gitignore (None when there is none); UsageError naming it when it leads out
    of the site, is a folder, a pipe or anything else than a file, or is not UTF-8."""
    if not ignore.exists() and not ignore.is_symlink():
        return None
    inside(site, ignore)
    try:
        data = read_bytes(ignore)
    except OSError as exc:
        reason = "is a folder" if ignore.is_dir() else exc.strerror or str(exc)
        raise UsageError(f"{reason}; translate-kit adds its lines to a .gitignore file",
                         ignore) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                         ignore) from None
