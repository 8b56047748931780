"""The app's imports run downhill: no two modules import each other (directly or round a circle),
no import hides inside a function, and no area imports one above it (views → areas → questions,
scheduling, arabic → models)."""

import ast
from pathlib import Path

import quizzes

APP = Path(quizzes.__file__).parent
# Django asks for models only once the app registry is ready; that import is not hiding a cycle.
FUNCTION_IMPORTS_ALLOWED = {"quizzes.apps"}
# Areas from the top down: a module may import from its own area or one below it.
LAYERS = [
    {"quizzes.management", "quizzes.urls", "quizzes.admin"},
    {"quizzes.views", "quizzes.templatetags", "quizzes.forms", "quizzes.middleware"},
    {"quizzes.tasks"},
    {"quizzes.access", "quizzes.reminders"},
    {"quizzes.reports"},
    {"quizzes.attempts"},
    {"quizzes.study"},
    {"quizzes.bank", "quizzes.classes", "quizzes.demo", "quizzes.throttles"},
    {"quizzes.questions", "quizzes.spreadsheets", "quizzes.richtext", "quizzes.routers"},
    {"quizzes.scheduling", "quizzes.arabic", "quizzes.moved", "quizzes.background"},
    {"quizzes.models"},
]


def modules():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(APP.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path, ast.parse(path.read_text(), filename=str(path))


def imported(name, path, node):
    """The app modules an import statement names (resolving relative imports)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("quizzes")]
    base = node.module or ""
    if node.level:
        anchor = package.split(".")
        anchor = anchor[: len(anchor) - node.level + 1]
        base = ".".join(anchor + ([base] if base else []))
    if not base.startswith("quizzes"):
        return []
    # `from .. import scheduling` names a module; `from ..models import X` names a class in one.
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in NAMES else base for alias in node.names]


NAMES = {name for name, _, _ in modules()}


def graph():
    edges = {}
    for name, path, tree in modules():
        edges[name] = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in imported(name, path, node)
            if target in NAMES and target != name
        }
    return edges


def layer(name):
    for i, area in enumerate(LAYERS):
        if any(name == a or name.startswith(a + ".") for a in area):
            return i
    return None


def test_no_module_imports_round_a_circle():
    edges = graph()
    state, circles = {}, []

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            # A package's __init__ importing its own modules is how a package exposes them.
            if node == target.rsplit(".", 1)[0]:
                continue
            if state.get(target) == "open":
                circles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_no_import_hides_inside_a_function():
    hidden = []
    for name, path, tree in modules():
        if name in FUNCTION_IMPORTS_ALLOWED:
            continue
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom) and imported(name, path, node):
                        hidden.append(f"{path.relative_to(APP.parent)}:{node.lineno}")
    assert hidden == []


def test_areas_import_only_their_own_or_those_below():
    upward = []
    for source, targets in graph().items():
        for target in targets:
            here, there = layer(source), layer(target)
            if here is not None and there is not None and there < here:
                upward.append(f"{source} -> {target}")
    assert sorted(upward) == []
