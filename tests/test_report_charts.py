"""The heatmap's squares: weeks in columns from a Sunday, weekdays in rows, darker for more."""

import re
from datetime import date, timedelta

from quizzes.reports import charts


def squares(svg):
    found = re.findall(r'<rect class="heat-(\d)" x="(\d+)" y="(\d+)"[^>]*><title>([\d-]+): (\d+)</title>', svg)
    return {day: (int(level), int(x), int(y), int(n)) for level, x, y, day, n in found}


def test_the_heatmap_starts_on_a_sunday_and_puts_each_day_in_its_weekday_row():
    last = date(2026, 3, 11)  # a Wednesday
    counts = {last: 8, last - timedelta(days=1): 2, date(2025, 3, 20): 1}
    shown = squares(charts.heatmap(charts.Table("heatmap", "t", []), "d", counts, last).svg)
    first = min(shown)
    assert date.fromisoformat(first).weekday() == 6 and shown[first][1:3] == (8, 8)
    assert len(shown) == (last - date.fromisoformat(first)).days + 1
    assert shown[last.isoformat()] == (4, shown[last.isoformat()][1], 8 + 3 * 13, 8)
    assert shown["2026-03-10"][0] == 1 + int(4 * 2 / 9)
    assert shown["2025-03-20"][3] == 1
    weeks = {x for _level, x, _y, _n in shown.values()}
    assert max(weeks) == shown[last.isoformat()][1] == 8 + ((last - date.fromisoformat(first)).days // 7) * 13


def test_a_right_to_left_heatmap_mirrors_its_weeks():
    last = date(2026, 3, 11)
    ltr = squares(charts.heatmap(charts.Table("heatmap", "t", []), "d", {}, last).svg)
    rtl = charts.heatmap(charts.Table("heatmap", "t", []), "d", {}, last, rtl=True)
    width = int(re.search(r'viewBox="0 0 (\d+) ', rtl.svg).group(1))
    for day, (_level, x, y, _n) in squares(rtl.svg).items():
        assert (x, y) == (width - ltr[day][1] - 11, ltr[day][2])
