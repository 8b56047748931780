"""The teacher's home (/teaching/): what needs attention, each item handled from there and gone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import classes
from quizzes.bank import problems
from quizzes.models import CardState, Membership, ProblemReport, QuestionSet, Review
from quizzes.study import answering, cards

pytestmark = pytest.mark.django_db
HOME = "/teaching/"


def claim(student, qset):
    shown = cards.show_again(student, qset.questions.get(key="president").pk, timezone.now())
    answering.check(student, qset, shown.token, {"response": ["نزارباييف"]}, timezone.now())
    answering.override(student, qset, shown.token, timezone.now())
    return Review.objects.get(overridden_score__isnull=False, question__question_set=qset, student=student)


def test_the_url_is_named_teaching_home():
    assert reverse("teaching_home") == HOME


def test_students_are_refused(client, student):
    client.force_login(student)
    assert client.get(HOME).status_code == 403


def test_an_instructor_with_nothing_to_do_is_told_so(client, instructor):
    client.force_login(instructor)
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["attention"].count == 0


def test_the_navigation_and_the_dashboard_link_to_it(client, instructor, student):
    client.force_login(instructor)
    assert client.get(reverse("dashboard")).content.decode().count(f'href="{HOME}"') == 2
    client.force_login(student)
    assert f'href="{HOME}"' not in client.get(reverse("dashboard")).content.decode()


def test_a_report_is_resolved_from_the_home_and_is_gone(client, instructor, student, sample_set):
    found = problems.report_problem(student, sample_set.questions.get(key="capital").pk, "unclear", "ما المقصود؟")
    client.force_login(instructor)
    assert "ما المقصود؟" in client.get(HOME).content.decode()
    response = client.post(reverse("resolve_problem", args=["sample"]), {"report": str(found.pk), "next": "teaching"})
    assert response.status_code == 302 and response.url == HOME
    assert ProblemReport.objects.get().resolved_at is not None
    assert "ما المقصود؟" not in client.get(HOME).content.decode()


def test_a_claim_is_rejected_from_the_home_and_is_gone(client, instructor, student, sample_set):
    review = claim(student, sample_set)
    client.force_login(instructor)
    assert [c.id for c in client.get(HOME).context["attention"].claims] == [review.pk]
    url = reverse("judge_override", args=["sample"])
    response = client.post(url, {"review": str(review.pk), "decision": "reject", "next": "teaching"})
    assert response.status_code == 302 and response.url == HOME
    review.refresh_from_db()
    assert review.override_accepted is False and review.score == 0.0
    assert client.get(HOME).context["attention"].claims == []


@pytest.mark.parametrize(
    "data", [{}, {"review": "abc", "decision": "reject"}, {"review": "1", "decision": "maybe"}, {"review": "1\x00"}]
)
def test_a_malformed_judgement_is_refused_and_writes_nothing(client, instructor, student, sample_set, data):
    claim(student, sample_set)
    client.force_login(instructor)
    response = client.post(reverse("judge_override", args=["sample"]), data)
    assert response.status_code == 400
    assert not Review.objects.filter(override_reviewed_at__isnull=False).exists()


def test_the_set_problems_page_offers_confirm_and_reject(client, instructor, student, sample_set):
    review = claim(student, sample_set)
    client.force_login(instructor)
    html = client.get(reverse("set_problems", args=["sample"])).content.decode()
    assert reverse("judge_override", args=["sample"]) in html and f'value="{review.pk}"' in html


def test_an_inactive_student_links_to_their_report(client, instructor, student):
    klass = classes.create_class(instructor, "صف")
    classes.join(student, klass.join_code, timezone.now() - timedelta(days=10))
    client.force_login(instructor)
    html = client.get(HOME).content.decode()
    assert reverse("class_student_report", args=[klass.pk, student.pk]) in html


def test_the_home_reads_a_bounded_number_of_queries(client, instructor, sample_set, make_user, assert_max_queries):
    """Several classes, sets, reports and claims: the same few queries."""
    now = timezone.now()
    for i in range(4):
        qset = QuestionSet.objects.create(slug=f"extra-{i}", title=f"مجموعة {i}", owner=instructor)
        klass = classes.create_class(instructor, f"صف {i}")
        classes.assign(klass, sample_set, due_date=(now - timedelta(days=2)).date())
        classes.assign(klass, qset, due_date=(now - timedelta(days=2)).date())
        for j in range(3):
            member = make_user(f"s{i}-{j}")
            classes.join(member, klass.join_code, now - timedelta(days=20))
            problems.report_problem(member, sample_set.questions.get(key="capital").pk, "unclear", "")
            claim(member, sample_set)
    Membership.objects.update(joined_at=now - timedelta(days=20))
    CardState.objects.update(last_review=now - timedelta(days=9))
    client.force_login(instructor)
    client.get(HOME)  # warm the session and the instructor's groups
    # The problems, the claims, the students and their classes, and the essays waiting: one query each.
    with assert_max_queries(10):
        response = client.get(HOME)
    found = response.context["attention"]
    assert (len(found.problems), len(found.claims), len(found.students)) == (12, 12, 12)
