"""The set's instructor reads and resolves what students reported about its questions."""

import pytest
from django.urls import reverse

from quizzes.bank import problems
from quizzes.models import ProblemReport

pytestmark = pytest.mark.django_db


def report(student, sample_set, key, reason="wrong", comment=""):
    return problems.report_problem(student, sample_set.questions.get(key=key).pk, reason, comment)


def test_the_owner_sees_open_reports_in_bounded_queries(client, make_user, sample_set, django_assert_max_num_queries):
    for i in range(12):
        report(make_user(f"s{i}"), sample_set, "founded", "unclear", f"تعليق {i}")
    client.force_login(sample_set.owner)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("set_problems", args=["sample"]), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="report"') == 12
    assert "The wording is unclear" in body and "تعليق 11" in body


def test_resolving_moves_a_report_to_the_resolved_tab(client, student, sample_set):
    kept = report(student, sample_set, "capital")
    done = report(student, sample_set, "founded", "source", "الاقتباس لا يذكر السنة")
    client.force_login(sample_set.owner)
    response = client.post(reverse("resolve_problem", args=["sample"]), {"report": done.pk})
    assert response.status_code == 302
    done.refresh_from_db()
    kept.refresh_from_db()
    assert done.resolved_at is not None and kept.resolved_at is None
    open_page = client.get(reverse("set_problems", args=["sample"])).content.decode()
    resolved_page = client.get(reverse("set_problems", args=["sample"]) + "?show=resolved").content.decode()
    assert "الاقتباس لا يذكر السنة" not in open_page
    assert "الاقتباس لا يذكر السنة" in resolved_page


def test_another_instructor_cannot_resolve_a_report_of_a_set_they_do_not_own(client, make_user, student, sample_set):
    filed = report(student, sample_set, "capital")
    client.force_login(make_user("rival", instructor=True))
    response = client.post(reverse("resolve_problem", args=["sample"]), {"report": filed.pk})
    assert response.status_code == 404
    filed.refresh_from_db()
    assert filed.resolved_at is None


def test_the_set_page_tells_its_owner_how_many_reports_are_open(client, student, sample_set):
    report(student, sample_set, "capital")
    client.force_login(sample_set.owner)
    body = client.get(reverse("set_detail", args=["sample"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 open problem report" in body
    client.force_login(student)
    body = client.get(reverse("set_detail", args=["sample"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "problem report" not in body


def test_resolve_only_touches_the_given_sets_open_reports(student, sample_set, make_user):
    filed = report(student, sample_set, "capital")
    assert problems.resolve(sample_set, filed.pk) is True
    assert problems.resolve(sample_set, filed.pk) is False  # already resolved
    assert problems.resolve(sample_set, 999_999) is False
    assert problems.open_report_count(sample_set) == 0
    assert ProblemReport.objects.get(pk=filed.pk).resolved_at is not None
    rows = problems.reports_for_set(sample_set, resolved=True)
    assert [r.question_key for r in rows] == ["capital"]
