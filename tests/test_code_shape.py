"""Guards on the shape of the application code (migrations and tests excluded, management
commands included): no function over 60 lines or with a cyclomatic complexity over 20 (radon),
and no import cycle between application modules other than a Celery task module importing its
service inside the task."""

from __future__ import annotations

import ast
from pathlib import Path

from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "api", "config", "dashboards", "indicators", "ops", "outbox", "plans", "reports")
MAX_LINES = 60
MAX_COMPLEXITY = 20


def _sources() -> list[Path]:
    files = []
    for app in APPS:
        files += [p for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts]
    return files


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _functions(tree: ast.AST):
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _complexities(source: str):
    """(name, complexity) of every function, method and nested function radon sees."""
    pending, found = list(cc_visit(source)), []
    while pending:
        block = pending.pop()
        pending += list(getattr(block, "methods", [])) + list(getattr(block, "closures", []))
        if type(block).__name__ == "Function":
            found.append((block.fullname, block.complexity))
    return found


def test_it_keeps_every_application_function_short_and_simple():
    offenders = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        for node in _functions(ast.parse(source)):
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_LINES:
                offenders.append(f"{_relative(path)}: {node.name} is {lines} lines long")
        offenders += [
            f"{_relative(path)}: {name} has a complexity of {cc}"
            for name, cc in _complexities(source)
            if cc > MAX_COMPLEXITY
        ]
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom | ast.Import, known: set[str]) -> set[str]:
    """Application modules an import statement names."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    names = {f"{target}.{alias.name}" for alias in node.names} & known  # "from . import access"
    return names or ({target} & known)


def _inside_function(tree: ast.AST) -> set[int]:
    """ids of import statements inside a function body."""
    nested = set()
    for function in _functions(tree):
        nested |= {id(n) for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)}
    return nested


def _import_graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in _sources()}
    known = set(paths)
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nested = _inside_function(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            # A Celery task module imports its service inside the task: the service queues the task.
            if name.endswith(".tasks") and id(node) in nested:
                continue
            graph[name] |= _resolve(name, path.name == "__init__.py", node, known) - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_it_has_no_import_cycle_between_application_modules():
    assert _cycles(_import_graph()) == []


def test_it_sees_a_cycle_when_there_is_one():
    graph = {"a.services": {"a.tasks"}, "a.tasks": {"a.services"}, "a.models": set()}
    assert _cycles(graph) == [{"a.services", "a.tasks"}]


def test_it_reads_relative_and_absolute_imports_of_application_modules():
    graph = _import_graph()
    assert {"plans.access", "plans.clock", "plans.models"} <= graph["plans.services"]
    assert "plans.services" not in graph["plans.tasks"]  # imported inside the task, allowed
    assert {"plans.access", "reports.models"} <= graph["reports.access"] | graph["reports.services"]
