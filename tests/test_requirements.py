"""The app's requirements hold what it runs on; the test and lint tools are in requirements-dev.txt."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_TOOLS = {"pytest", "pytest_django", "hypothesis", "time_machine", "playwright", "axe_playwright_python", "ruff"}


def names(path):
    lines = [line.split("#")[0].strip() for line in (ROOT / path).read_text().splitlines()]
    return [line.split("==")[0].split("[")[0].lower().replace("-", "_") for line in lines if line]


def test_the_app_requirements_hold_no_test_or_lint_tool():
    assert not DEV_TOOLS & set(names("requirements.txt"))


def test_the_development_requirements_add_every_tool_to_the_app_ones():
    lines = [line for line in (ROOT / "requirements-dev.txt").read_text().splitlines() if not line.startswith("#")]
    assert lines[0] == "-r requirements.txt"
    assert set(names("requirements-dev.txt")) >= DEV_TOOLS


def test_no_module_the_app_runs_imports_a_test_tool():
    for path in [*(ROOT / "quizzes").rglob("*.py"), *(ROOT / "quizsite").rglob("*.py"), ROOT / "gunicorn.conf.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module]
            else:
                continue
            assert not {m.split(".")[0] for m in modules} & DEV_TOOLS, path
