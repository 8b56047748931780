"""Grading inside the study loop: a response that cannot be graded records nothing, and the
study page a student gets carries no author key."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from quizzes.models import PendingAnswer, Review
from quizzes.questions import InvalidResponse, opaque_key
from quizzes.study import answering, cards
from tests.conftest import correct_form
from tests.test_question_templates import Page, author_keys

pytestmark = pytest.mark.django_db
DAY1 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def shown(student, qset, key):
    return cards.show_again(student, qset.questions.get(key=key).pk, DAY1)


@pytest.mark.parametrize(
    ("key", "form"),
    [
        ("founded", {"response": ["لا أعرف"]}),
        ("founded", {"response": ["2002-2003"]}),
        ("founded", {}),
        ("timeline", "every place 1"),
    ],
)
def test_a_response_that_cannot_be_graded_records_nothing_and_can_be_sent_again(student, sample_set, key, form):
    pending = shown(student, sample_set, key)
    if form == "every place 1":
        form = {opaque_key(pending.seed, f"item:{k}"): ["1"] for k in ("treaty", "org", "kz")}
    with pytest.raises(InvalidResponse):
        answering.check(student, pending.question_set, pending.token, form, DAY1)
    pending.refresh_from_db()
    assert pending.checked_at is None and pending.response is None and pending.rated_at is None
    assert not Review.objects.exists()
    pending = answering.check(student, pending.question_set, pending.token, correct_form(pending), DAY1)
    assert pending.score == 1


def test_a_response_is_stored_in_the_authors_keys(student, sample_set):
    pending = shown(student, sample_set, "people")
    pending = answering.check(student, pending.question_set, pending.token, correct_form(pending), DAY1)
    assert pending.response == {"putin": "putin", "pashinyan": "pashinyan", "tokayev": "tokayev"}


def test_every_card_of_the_study_page_is_free_of_author_keys(client, student, sample_set):
    client.force_login(student)
    for question in sample_set.questions.order_by("position"):
        pending = cards.show_again(student, question.pk, DAY1)
        html = client.get(reverse("study", args=["sample"])).content.decode()
        assert str(pending.token) in html
        form = re.search(r"<form[^>]*data-answer-form.*?</form>", html, re.S).group(0)
        keys = author_keys(pending.version.data)
        for tag, attrs in Page(form).elements:
            for value in attrs.values():
                assert not keys & set(re.split(r"[-_:\s]+", value or "")), (question.key, tag, value)
        PendingAnswer.objects.filter(pk=pending.pk).delete()
