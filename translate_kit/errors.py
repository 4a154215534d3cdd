"""translate-kit's own small error hierarchy.

Every error carries a one-line, actionable message. ``exit_code`` is the single place that maps
errors to process exit codes (see README, "Exit codes").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class TranslateKitError(Exception):
    """Base of every error translate-kit raises on purpose."""

    exit_code = 3

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class UsageError(TranslateKitError):
    """The command line asks for something that cannot be done (bad option, missing site)."""

    exit_code = 2


class ConfigError(UsageError):
    """The site configuration is invalid; ``problems`` lists every problem found, not just one."""

    def __init__(self, problems: list[TranslateKitError]):
        self.problems = problems
        first = problems[0] if problems else TranslateKitError("invalid configuration")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first.message}{more}", first.path, first.line)


class PathError(UsageError):
    """A path leads outside the site (or the repository that holds it): through a symlink, a
    ``..`` or an absolute path. Nothing is read or written there."""


@contextmanager
def collecting(problems: list[TranslateKitError], path: Path) -> Iterator[None]:
    """Read one of several files: its ConfigError or PathError joins ``problems`` (raised
    together at the end), so one bad file does not hide the others'."""
    try:
        yield
    except ConfigError as exc:
        problems.extend(exc.problems)
    except PathError as exc:
        problems.append(TranslateKitError(exc.message, path))


class PageError(TranslateKitError):
    """A page cannot be read: bad encoding, no or malformed front matter, not a regular file.

    Commands report it as a per-file problem; one that reaches the command line is a usage
    error (the page named cannot be used)."""

    exit_code = 2


class EngineError(TranslateKitError):
    """A machine-translation engine failed; ``retryable`` says whether trying again may help."""

    retryable = False


class GateFailed(TranslateKitError):
    """`check` found what the project chose to fail on."""

    exit_code = 1


def exit_code(error: BaseException) -> int:
    """Exit code for an error that reached the command line (documented in the README): a file
    that cannot be read or written (permissions, a full disk) is 2, like bad usage; 3 is left
    for translate-kit's own bugs."""
    if isinstance(error, TranslateKitError):
        return error.exit_code
    if isinstance(error, OSError):
        return 2
    return 3


def message(error: BaseException) -> str:
    """The one line shown for an error that reached the command line, naming its file."""
    if isinstance(error, OSError) and not isinstance(error, TranslateKitError):
        what = error.strerror or str(error)
        return f"{error.filename}: {what}" if error.filename else what
    return str(error)


_CONTROL = {**{code: f"\\x{code:02x}" for code in (*range(32), 127)},
            ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def one_line(text: str) -> str:
    """``text`` with control characters written as escapes: a file name holding a newline or
    a terminal escape sequence stays one harmless line of output."""
    return text.translate(_CONTROL)


def failure(error: BaseException) -> tuple[tuple[str, ...], int]:
    """The lines shown for an error that reached the command line, and the exit code: every
    problem of a bad configuration, one line for anything else."""
    if isinstance(error, ConfigError):
        return tuple(one_line(f"error: {problem}") for problem in error.problems), error.exit_code
    if isinstance(error, KeyboardInterrupt):
        return ("interrupted",), 130
    if isinstance(error, TranslateKitError | OSError):  # OSError: the disk or permissions
        return (one_line(f"error: {message(error)}"),), exit_code(error)
    return (f"internal error: {type(error).__name__}: {error} (set TRANSLATE_KIT_DEBUG=1 for a "
            "traceback)",), exit_code(error)


def expected(error: BaseException) -> bool:
    """Whether ``error`` is bad input, the disk or an interrupt rather than translate-kit's own
    bug (TRANSLATE_KIT_DEBUG shows a traceback for a bug only)."""
    return isinstance(error, TranslateKitError | OSError | KeyboardInterrupt)
