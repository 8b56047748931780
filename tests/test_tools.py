"""The tools that measure the app (benchmark, load_school) build their school with one builder,
kept out of the modules the app runs."""

import ast
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from quizzes.models import Klass, Question, Quiz, User

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_load_school_builds_its_class_once_however_often_it_runs():
    for _ in range(2):
        call_command("load_school", students=3, questions=5, stdout=io.StringIO())
    klass = Klass.objects.get(join_code="LOADTEST")
    assert klass.students.count() == 3
    assert Question.objects.filter(question_set__slug="load", current_version__isnull=False).count() == 5
    assert Quiz.objects.get(title="Load quiz").classes.get() == klass
    assert User.objects.get(username="load-teacher").groups.exists()


def test_no_module_the_app_runs_imports_the_tools():
    for path in [*(ROOT / "quizzes").rglob("*.py"), *(ROOT / "quizsite").rglob("*.py")]:
        if "management" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                # Our own modules only: a library's commands (django-tasks-db's pruning) are not our tools.
                modules = [("." * node.level) + (node.module or "")]
            ours = [m for m in modules if m.startswith((".", "quizzes", "quizsite"))]
            assert not any("management" in module or "benchmark" in module for module in ours), path
