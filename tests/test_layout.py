"""The house rules of the package's shape: no module over 400 lines, no function over 60, no
import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "translate_kit"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, ast.Module]:
    return {path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text("utf-8"))
            for path in sorted(PACKAGE.rglob("*.py"))}


def _lines(path: str) -> int:
    return len((PACKAGE / path).read_text("utf-8").splitlines())


def test_no_module_over_400_lines() -> None:
    over = {path: _lines(path) for path in _modules() if _lines(path) > MAX_MODULE_LINES}
    assert over == {}, "modules over 400 lines"


def test_no_function_over_60_lines() -> None:
    over = {}
    for path, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    over[f"{path}:{node.lineno} {node.name}"] = length
    assert over == {}, "functions over 60 lines"


def _module_name(path: str) -> str:
    parts = ["translate_kit", *path.removesuffix(".py").split("/")]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The package's modules ``path`` imports when it is loaded (imports inside functions
    run later, and ``if TYPE_CHECKING:`` never: neither can make a cycle at import time)."""
    name = _module_name(path)
    package = name.split(".") if path.endswith("__init__.py") else name.split(".")[:-1]
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known
                          else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


def test_no_import_cycle() -> None:
    modules = _modules()
    known = {_module_name(p) for p in modules}
    graph = {_module_name(p): _imports(p, tree, known) for p, tree in modules.items()}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import cycle: " + " -> ".join((*path, module))
        if module in done:
            return
        for dependency in sorted(graph[module]):
            visit(dependency, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
