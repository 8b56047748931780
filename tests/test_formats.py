"""Dates read in Arabic order (day, month, year, then the time) through Django's localised formats."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from quizzes import classes

MOMENT = datetime.datetime(2026, 11, 25, 21, 15, tzinfo=datetime.UTC)


def render(source, language, **context):
    with translation.override(language):
        return Template(source).render(Context(context))


def test_a_date_and_time_read_day_month_year_in_arabic():
    assert render("{{ d }}", "ar", d=MOMENT) == "25 نوفمبر 2026، 9:15 م"
    assert render('{{ d|date:"DATETIME_FORMAT" }}', "ar", d=MOMENT) == "25 نوفمبر 2026، 9:15 م"


def test_a_date_reads_day_month_year_in_arabic():
    assert render("{{ d|date }}", "ar", d=MOMENT.date()) == "25 نوفمبر 2026"


def test_english_keeps_its_own_order():
    assert render("{{ d|date }}", "en", d=MOMENT.date()) == "Nov. 25, 2026"


@pytest.mark.django_db
def test_an_assignment_due_date_follows_the_language(client, instructor, sample_set):
    klass = classes.create_class(instructor, "صف")
    classes.assign(klass, sample_set, due_date=datetime.date(2026, 12, 3))
    client.force_login(instructor)
    html = client.get(reverse("class_detail", args=[klass.pk]), headers={"accept-language": "ar"}).content.decode()
    assert '<time datetime="2026-12-03">3 ديسمبر 2026</time>' in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("class_detail", args=[klass.pk])).content.decode()
    assert '<time datetime="2026-12-03">Dec. 3, 2026</time>' in html


def test_a_decimal_reads_with_a_point_in_arabic_as_in_the_csv_exports():
    assert render("{{ x|floatformat:1 }}", "ar", x=3.9) == "3.9"
    assert render("{{ x }}", "ar", x=3.9) == "3.9"
    assert render('{{ x|floatformat:"2g" }}', "ar", x=12345.678) == "12,345.68"


@pytest.mark.django_db
def test_an_arabic_result_page_shows_marks_with_a_decimal_point(client, make_quiz, student):
    from quizzes.models import Attempt

    options = {"during": [], "immediately": ["marks"], "open": ["marks"], "closed": ["marks"]}
    quiz = make_quiz(student, review_options=options)
    client.force_login(student)
    client.post(reverse("quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    total = attempt.questions.count()
    Attempt.objects.filter(pk=attempt.pk).update(score=1 / 3 / total)
    html = client.get(reverse("attempt_result", args=[attempt.pk]), headers={"accept-language": "ar"}).content.decode()
    assert f"<bdi>0.33 / {total}</bdi>" in html
    assert "0,33" not in html
