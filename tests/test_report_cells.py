"""A report table's cells render as {{ value }} would: escaped text, localised numbers and times."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe

from quizzes.templatetags.quiz_tags import table_rows

CELLS = [
    0,
    7,
    12345,
    -3,
    98.5,
    0.25,
    "نص <b>",
    "2026-03-10",
    mark_safe("<i>x</i>"),
    datetime(2026, 3, 10, 9, tzinfo=UTC),
]


def as_the_template_renders(value):
    return Template('<span dir="auto">{{ value }}</span>').render(Context({"value": value}))


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("thousands", [False, True])
def test_each_cell_renders_as_the_template_renders_its_value(language, thousands):
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=thousands):
        expected = "".join(f"<td>{as_the_template_renders(v)}</td>" for v in CELLS)
        assert table_rows([CELLS]) == f"<tr>{expected}</tr>\n  "


def test_none_and_booleans_read_as_marks():
    assert table_rows([[None, True, False]]) == "<tr><td>—</td><td>✓</td><td></td></tr>\n  "
