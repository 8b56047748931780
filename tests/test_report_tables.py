"""A report table's rows are written by a filter (a year of daily reviews is hundreds of rows): the
page must read exactly as the template loops wrote it, in Arabic and English, for every kind of
cell."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from quizzes.reports import charts

# _table.html as it was, with its two nested loops.
LOOPS = Template(
    """{% load i18n %}<div class="table-scroll" tabindex="0" role="group" aria-label="{{ table.title }}">
<table class="report" id="table-{{ table.name }}">
  <caption>{{ table.title }} <a class="csv" href="?csv={{ table.name }}" download>{% translate "Download CSV" %}</a></caption>
  <thead><tr>{% for h in table.headers %}<th scope="col"><span dir="auto">{{ h }}</span></th>{% endfor %}</tr></thead>
  <tbody>
  {% for row in table.rows %}<tr>{% for cell in row %}<td>{% if cell is None %}—{% elif cell is True %}✓{% elif cell is False %}{% else %}<span dir="auto">{{ cell }}</span>{% endif %}</td>{% endfor %}</tr>
  {% empty %}<tr><td colspan="{{ table.headers|length }}">{% translate "Nothing to show yet." %}</td></tr>
  {% endfor %}
  </tbody>
</table>
</div>
"""  # noqa: E501
)

CELLS = [
    None,
    True,
    False,
    0,
    12.5,
    1234567,
    -0.25,
    Decimal("3.10"),
    "<b>«نص» & 'x'</b>",
    gettext_lazy("New"),
    date(2026, 3, 1),
    datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC")),
    "",
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("rows", [[CELLS, list(reversed(CELLS))], []], ids=["rows", "empty"])
def test_a_report_table_reads_as_the_template_loops_wrote_it(language, rows):
    table = charts.Table("t", "جدول", ["A", "B"], rows)
    with translation.override(language), timezone.override("Asia/Riyadh"):
        assert render_to_string("quizzes/reports/_table.html", {"table": table}) == LOOPS.render(
            Context({"table": table})
        )
