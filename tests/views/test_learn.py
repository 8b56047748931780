"""The Learn pages: starting a session, a question and its answer, refusals, and their cost."""

import pytest
from django.urls import reverse
from django.utils import translation

from quizzes.models import LearnSession, Review

from ..learn_answers import right_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def learning(client, student, sample_set):
    client.force_login(student)
    response = client.post(reverse("learn_start", args=["sample"]))
    session = LearnSession.objects.get()
    assert response.url == reverse("learn_session", args=["sample", session.uuid])
    return session


def _page(session):
    return reverse("learn_session", args=["sample", session.uuid])


def _answer(session):
    return reverse("learn_answer", args=["sample", session.uuid])


def _shown(client, session):
    client.get(_page(session))
    session.refresh_from_db()
    return session.state["shown"]


def test_it_starts_a_session_over_the_chosen_tags(client, student, sample_set):
    client.force_login(student)
    client.post(reverse("learn_start", args=["sample"]), {"tag": ["تأسيس"]})
    assert LearnSession.objects.get().total == 1


def test_it_refuses_a_tag_the_set_lacks(client, student, sample_set):
    client.force_login(student)
    response = client.post(reverse("learn_start", args=["sample"]), {"tag": ["ليس وسما"]})
    assert response.status_code == 400 and not LearnSession.objects.exists()


def test_the_set_page_offers_learn(client, student, sample_set):
    client.force_login(student)
    with translation.override("en"):
        response = client.get(reverse("set_detail", args=["sample"]), headers={"accept-language": "en"})
    assert reverse("learn_start", args=["sample"]).encode() in response.content


def test_the_page_shows_a_progress_bar_and_no_answer(client, learning):
    shown = _shown(client, learning)
    response = client.get(_page(learning))
    html = response.content.decode()
    assert '<progress id="learn-progress" value="0" max="18">' in html
    assert shown["token"] in html
    # The first question is the number one (2002), among choices: nothing says which is right.
    assert shown["stage"] == "choices"
    assert "data-answer" not in html and "correct" not in html.split('<section id="learn"')[1]
    for text in shown["choices"]["response"]:
        assert f">{text}</span>" in html


def test_the_page_carries_no_author_key_or_right_value(client, learning):
    shown = _shown(client, learning)
    html = client.get(_page(learning)).content.decode()
    values = [v for v in html.split('value="')[1:]]
    assert not any(v.startswith("2002") for v in values)
    assert shown["seed"] and str(shown["seed"]) not in html


def test_a_right_answer_advances_the_progress_bar(client, learning):
    shown = _shown(client, learning)
    response = client.post(_answer(learning), {"token": shown["token"], **right_form(shown)})
    assert response.status_code == 200
    assert '<progress id="learn-progress" value="1" max="18">' in response.content.decode()


def test_an_answer_posted_twice_counts_once(client, learning):
    shown = _shown(client, learning)
    form = {"token": shown["token"], **right_form(shown)}
    first = client.post(_answer(learning), form)
    second = client.post(_answer(learning), form)
    assert first.status_code == second.status_code == 200
    learning.refresh_from_db()
    assert learning.state["answered"] == 1
    assert learning.state["questions"][str(shown["question"])]["right"] == 1


def test_it_refuses_a_malformed_token(client, learning):
    _shown(client, learning)
    for token in ("nope", "6f1c8f54-3a8e-4c1f-9a53-2f9c0f0f0f0f\x00"):
        assert client.post(_answer(learning), {"token": token, "response": "x"}).status_code == 400
    learning.refresh_from_db()
    assert learning.state["answered"] == 0


def test_it_refuses_a_token_of_another_session(client, learning, student):
    other = client.post(reverse("learn_start", args=["sample"]))
    other_session = LearnSession.objects.exclude(pk=learning.pk).get()
    assert other.status_code == 302
    theirs = _shown(client, other_session)
    _shown(client, learning)
    response = client.post(_answer(learning), {"token": theirs["token"], **right_form(theirs)})
    assert response.status_code == 400
    learning.refresh_from_db()
    other_session.refresh_from_db()
    assert learning.state["answered"] == other_session.state["answered"] == 0


def test_another_students_session_is_not_found(client, learning, make_user):
    shown = _shown(client, learning)
    client.force_login(make_user("classmate"))
    assert client.get(_page(learning)).status_code == 404
    assert client.post(_answer(learning), {"token": shown["token"], **right_form(shown)}).status_code == 404
    learning.refresh_from_db()
    assert learning.state["answered"] == 0


def test_a_set_the_student_may_not_see_is_not_found(client, learning, sample_set):
    sample_set.is_public = False
    sample_set.save()
    assert client.get(reverse("learn_start", args=["sample"])).status_code == 404
    assert client.get(_page(learning)).status_code == 404


def test_an_unreadable_answer_is_asked_again_and_records_nothing(client, learning):
    shown = _shown(client, learning)
    response = client.post(_answer(learning), {"token": shown["token"], "response": "not-a-choice"})
    assert response.status_code == 422
    learning.refresh_from_db()
    assert learning.state["answered"] == 0 and learning.state["shown"]["token"] == shown["token"]


def test_a_whole_session_through_the_pages_writes_no_review(client, learning):
    for _ in range(40):
        shown = _shown(client, learning)
        if shown is None:
            break
        if "knew" in right_form(shown):
            client.post(_answer(learning), {"token": shown["token"]})
        assert client.post(_answer(learning), {"token": shown["token"], **right_form(shown)}).status_code == 200
    learning.refresh_from_db()
    assert learning.finished_at is not None and learning.mastered == 9
    with translation.override("en"):
        html = client.get(_page(learning), headers={"accept-language": "en"}).content.decode()
    assert not Review.objects.exists()
    assert '<progress id="learn-progress" value="18" max="18">' in html


def test_the_learn_page_and_an_answer_stay_cheap(client, learning, assert_max_queries):
    _shown(client, learning)
    with assert_max_queries(8):
        client.get(_page(learning))
    shown = _shown(client, learning)
    form = {"token": shown["token"], **right_form(shown)}
    with assert_max_queries(8):
        client.post(_answer(learning), form)


def test_the_learn_page_stays_cheap_by_djangos_count(client, learning, django_assert_max_num_queries):
    shown = _shown(client, learning)
    form = {"token": shown["token"], **right_form(shown)}
    with django_assert_max_num_queries(12):
        client.get(_page(learning))
    with django_assert_max_num_queries(12):
        client.post(_answer(learning), form)


def test_the_students_report_lists_learn_sessions_apart_from_retention(client, learning):
    shown = _shown(client, learning)
    client.post(_answer(learning), {"token": shown["token"], **right_form(shown)})
    with translation.override("en"):
        html = client.get(reverse("my_report"), headers={"accept-language": "en"}).content.decode()
    section = html.split('<section id="learn-sessions">')[1].split("</section>")[0]
    assert "مجموعة تجريبية" in section and "0 / 9" in section
    # Retention and the set's figures come from reviews only: Learn wrote none.
    assert not Review.objects.exists()
