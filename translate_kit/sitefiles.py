"""The site's own files, read and written safely: every path resolved and kept inside the site
(or the repository that holds it), text decoded as UTF-8 with an error that names the byte, and
YAML bounded so that an alias bomb or a deeply nested document is one clear error, not a hang."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError, PageError, PathError, TranslateKitError
from .regular import read_bytes

MAX_YAML_BYTES = 1_000_000
"""Largest configuration, glossary or locale file read (characters)."""
MAX_YAML_VALUES = 100_000
"""Values a YAML document may expand to, aliases counted as often as they are used."""
MAX_YAML_DEPTH = 100
"""Deepest nesting of lists and mappings in a YAML document."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def show(root: Path, path: Path) -> str:
    """``path`` as the user knows it: relative to the site when it is under it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def inside(root: Path, path: Path, what: str = "the site") -> Path:
    """``path`` (as code holds it: ``root / rel``, or absolute) resolved; PathError naming the
    symlink, the ``..`` or the absolute path by which it leads outside ``root``."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    if real == real_root or real_root in real.parents:
        return real
    base, full = Path(os.path.abspath(root)), Path(os.path.abspath(path))
    if not (full == base or base in full.parents):
        raise PathError(f"is outside {what}; refused", str(path))
    step = base
    for part in Path(os.path.relpath(os.path.normpath(full), base)).parts:
        step = step / part
        target = Path(os.path.realpath(step))
        if target != real_root and real_root not in target.parents:
            kind = "a symlink" if step.is_symlink() else "a path"
            raise PathError(f"is {kind} that leads outside {what} (to {target}); refused",
                            show(base, step))
    raise PathError(f"leads outside {what} (to {real}); refused", show(base, full))


def unwritable(root: Path, path: Path) -> str | None:
    """Why a page or sheet may not be written at ``path`` (None when it may): it leads out of
    the site, or a folder or another non-file sits where the file would go."""
    try:
        inside(root, path)
    except PathError as exc:
        return f"{exc.path}: {exc.message.replace('; refused', '; not written')}"
    if path.exists() and not path.is_file():
        return f"{show(root, path)}: is a folder or not a regular file; not written"
    return None


def links_out(root: Path, paths: tuple[Path, ...]) -> list[TranslateKitError]:
    """A problem for each symlink (named once) by which one of ``paths`` leads out of ``root``."""
    problems: dict[str, TranslateKitError] = {}
    for path in paths:
        try:
            inside(root, path)
        except PathError as exc:
            culprit = exc.path or ""
            problems.setdefault(culprit, TranslateKitError(exc.message, root / culprit))
    return list(problems.values())


def page_text(root: Path, rel: str) -> str:
    """A page's text (UTF-8, newlines untouched); PageError naming it when it is not UTF-8 or
    leads out of the site."""
    try:
        data = read_bytes(inside(root, root / rel))
        return data.decode("utf-8")
    except PathError as exc:
        raise PageError(exc.message, rel) from None
    except UnicodeDecodeError as exc:
        raise PageError(f"is not UTF-8 text (byte 0x{data[exc.start]:02x})", rel) from None


def repository_of(root: Path) -> Path:
    """The git work tree that holds the site (the site itself when there is none)."""
    real = Path(os.path.realpath(root))
    for folder in (real, *real.parents):
        if (folder / ".git").exists():
            return folder
    return real


def decode(data: bytes, name: str) -> str:
    """UTF-8 text; ConfigError naming the line and the byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError([TranslateKitError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            name, line)]) from None


def read_text(path: Path, name: str | None = None, limit: int = MAX_YAML_BYTES,
              within: Path | None = None) -> str:
    """A configuration-like file's text: UTF-8, at most ``limit`` bytes, inside ``within``
    (a symlink may lead elsewhere in the repository, not out of it); ConfigError otherwise."""
    name = name or str(path)
    try:
        if within is not None:
            inside(within, path, "the repository")
        data = read_bytes(path, limit + 1)
    except OSError as exc:
        raise ConfigError([TranslateKitError(f"cannot be read: {exc.strerror}", name)]) from None
    except PathError as exc:
        raise ConfigError([TranslateKitError(exc.message, name)]) from None
    if len(data) > limit:
        raise ConfigError([TranslateKitError(f"is larger than {limit:,} bytes", name)])
    return decode(data, name)


def load_yaml(text: str, name: str, values: int = MAX_YAML_VALUES) -> Any:
    """A YAML document's value (safe types only); ConfigError, with the line where known, for
    invalid YAML, a value that cannot be built (``2024-13-45``) and a document that expands to
    more than ``values`` values or nests deeper than MAX_YAML_DEPTH."""
    return load_yaml_node(text, name, values)[1]


def load_yaml_node(text: str, name: str, values: int = MAX_YAML_VALUES) -> tuple[
        yaml.Node | None, Any]:
    """The composed document (for line numbers) and its value, as ``load_yaml`` checks them."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        problem = bounds_problem(node, values)
        if problem:
            raise ConfigError([TranslateKitError(problem, name, node.start_mark.line + 1)])
        return node, loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError([TranslateKitError(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}", name,
            mark.line + 1 if mark else None)]) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. date: 2024-13-45
        raise ConfigError([TranslateKitError(f"a value cannot be read: {exc}", name)]) from None
    finally:
        loader.dispose()


def bounds_problem(root: yaml.Node, values: int = MAX_YAML_VALUES) -> str | None:
    """Why a composed YAML document is too big to build (None when it is not).

    Aliases share their node, so sizes are summed once per node (memoised) and a billion-laughs
    document is measured without being expanded.
    """
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_YAML_DEPTH:
            return f"YAML nested deeper than {MAX_YAML_DEPTH} levels"
        children = _children(node)
        if done:
            size[id(node)] = 1 + sum(size.get(id(c), 1) for c in children)
            if size[id(node)] > values:
                return (f"YAML expands to more than {values:,} values (aliases of aliases?); "
                        "refused")
            continue
        if id(node) in size:
            continue
        size[id(node)] = 1  # a recursive alias counts once
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in size)
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def yaml_key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of a YAML file (for messages)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def toml_key_lines(text: str) -> dict[str, int]:
    """The line of each key of ``[tool.translate-kit]`` in a pyproject.toml (for messages)."""
    lines: dict[str, int] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("["):
            inside = line.strip().startswith("[tool.translate-kit")
            sub = re.match(r"\[tool\.translate-kit\.(\w+)\]", line.strip())
            if sub:
                lines.setdefault(sub.group(1), number)
            continue
        match = re.match(r"([A-Za-z_][\w-]*)\s*=", line)
        if inside and match:
            lines.setdefault(match.group(1), number)
    return lines
