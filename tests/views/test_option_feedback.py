"""A student reads why the option they chose is wrong once their answer is checked, in study and in
a quiz's review as its options allow, and never before."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quizzes.bank import writing
from quizzes.bank.importing import import_set, parse_bytes, stored_question
from quizzes.models import Attempt, PendingAnswer
from tests.conftest import form_for

pytestmark = pytest.mark.django_db

WHY = "طشقند عاصمة أوزبكستان، لا كازاخستان."
YAML = f"""\
slug: capitals
title: عواصم
public: true
sources:
  - {{id: d, title: وثيقة, file: d.txt}}
questions:
  - id: capital
    type: single
    prompt: أي مدينة هي العاصمة الاقتصادية لكازاخستان؟
    options:
      - {{key: a, text: ألماتي}}
      - {{key: b, text: طشقند, feedback: "{WHY}"}}
    answer: a
    explanation: ألماتي هي العاصمة الاقتصادية.
    sources:
      - {{doc: d, quote: ألماتي}}
"""


@pytest.fixture
def capitals(instructor):
    import_set(parse_bytes(YAML.encode()), owner=instructor)


def open_card(client):
    html = client.get(reverse("study", args=["capitals"])).content.decode()
    return html, PendingAnswer.objects.filter(rated_at__isnull=True).latest("shown_at")


def check(client, pending, key):
    form = form_for("single", pending.version.data, pending.seed, key)
    response = client.post(reverse("study_check", args=["capitals"]), {"token": pending.token, **form}, follow=True)
    return response.content.decode()


def test_the_chosen_wrong_option_is_explained_after_checking_and_not_before(client, student, capitals):
    client.force_login(student)
    html, pending = open_card(client)
    assert "طشقند" in html and WHY not in html
    html = check(client, pending, "b")
    assert WHY in html and 'class="option-feedback"' in html
    # Beside the question's own explanation and its source.
    assert html.index(WHY) < html.index("ألماتي هي العاصمة الاقتصادية.")


def test_the_right_option_chosen_shows_no_other_options_explanation(client, student, capitals):
    client.force_login(student)
    _, pending = open_card(client)
    html = check(client, pending, "a")
    assert WHY not in html and "ألماتي هي العاصمة الاقتصادية." in html


def quiz_result(client, make_quiz, sample_set, student, allowed):
    question = sample_set.questions.get(key="capital")
    raw = stored_question(question)
    raw["options"][2]["feedback"] = WHY
    writing.save_question(sample_set, raw, author=sample_set.owner)
    start = timezone.now()
    options = {"during": [], "immediately": allowed, "open": [], "closed": []}
    quiz = make_quiz(student, review_options=options, closes_at=start + timedelta(days=1))
    client.force_login(student)
    with time_machine.travel(start, tick=False):
        client.post(reverse("quiz_start", args=[quiz.pk]))
        attempt = Attempt.objects.get()
        row = attempt.questions.get(position=2)
        page = client.get(reverse("attempt", args=[attempt.pk]), {"page": 2}).content.decode()
        assert "طشقند" in page and WHY not in page
        form = form_for("single", row.version.data, row.seed, "c")
        client.post(reverse("attempt_save", args=[attempt.pk]), {"position": "2", **form}, headers={"HX-Request": "1"})
        client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        return client.get(reverse("attempt_result", args=[attempt.pk])).content.decode()


def test_a_quiz_review_explains_the_chosen_option_when_explanations_are_shown(client, make_quiz, sample_set, student):
    html = quiz_result(client, make_quiz, sample_set, student, ["response", "explanation"])
    assert WHY in html


def test_a_quiz_review_keeps_it_hidden_when_explanations_are_not_shown(client, make_quiz, sample_set, student):
    html = quiz_result(client, make_quiz, sample_set, student, ["response", "correctness", "right_answer"])
    assert WHY not in html
