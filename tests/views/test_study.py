import pytest
from django.urls import reverse

from quizzes import scheduling
from quizzes.models import CardState, PendingAnswer, ProblemReport, Review

HTMX = {"HX-Request": "true"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def studying(client, student, sample_set):
    client.force_login(student)
    return client


def open_card(client, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(reverse("study", args=["sample"]), headers=headers)
    assert response.status_code == 200
    return response, PendingAnswer.objects.filter(rated_at__isnull=True).latest("shown_at")


def test_study_requires_login(client, sample_set):
    response = client.get(reverse("study", args=["sample"]))
    assert response.status_code == 302


def test_study_of_a_hidden_set_is_not_found(studying, sample_set):
    sample_set.is_public = False
    sample_set.save()
    assert studying.get(reverse("study", args=["sample"])).status_code == 404


def test_the_study_page_shows_the_first_card_with_its_counts(studying):
    response, pending = open_card(studying)
    html = response.content.decode()
    assert "في أي عام أنشئت المنظمة؟" in html
    assert str(pending.token) in html
    assert 'id="card"' in html and "<html" in html


def test_an_htmx_request_gets_only_the_card_area(studying):
    response, _ = open_card(studying, htmx=True)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="card"') and "<html" not in html


def test_a_reload_shows_the_same_card(studying):
    _, first = open_card(studying)
    _, second = open_card(studying)
    assert first == second and PendingAnswer.objects.count() == 1


def test_checking_without_javascript_redirects_to_the_result(studying):
    _, pending = open_card(studying)
    response = studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, "response": "2002"})
    assert response.status_code == 302 and f"result={pending.token}" in response.url
    html = studying.get(response.url).content.decode()
    assert "أنشئت عام 2002." in html  # the explanation
    assert "تم إنشاء المنظمة في عام 2002" in html  # the source quote
    assert 'data-rating="3"' in html and 'data-rating="1"' not in html


def test_checking_with_htmx_shows_the_result_and_interval_buttons(studying):
    _, pending = open_card(studying)
    response = studying.post(
        reverse("study_check", args=["sample"]),
        {"token": pending.token, "response": "٢٠٠٢"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'data-rating="2"' in html and 'data-rating="4"' in html and "data-default" in html


def test_a_double_submitted_check_records_one_answer(studying):
    _, pending = open_card(studying)
    for _ in range(2):
        studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, "response": "1990"})
    assert Review.objects.count() == 1


def test_rating_applies_once_and_moves_on(studying):
    _, pending = open_card(studying)
    studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, "response": "2002"})
    url = reverse("study_rate", args=["sample"])
    for _ in range(2):
        response = studying.post(url, {"token": pending.token, "rating": "3"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
    assert Review.objects.count() == 1
    # The next card comes in the same response, with the counts refreshed out of band.
    following = PendingAnswer.objects.get(rated_at__isnull=True)
    assert following.question.key == "capital"
    html = response.content.decode()
    assert str(following.token) in html and 'hx-swap-oob="true"' in html and "hx-trigger" not in html


def test_a_forged_rating_is_refused(studying):
    _, pending = open_card(studying)
    studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, "response": "2002"})
    response = studying.post(reverse("study_rate", args=["sample"]), {"token": pending.token, "rating": "1"})
    assert response.status_code == 400
    response = studying.post(reverse("study_rate", args=["sample"]), {"token": pending.token, "rating": "9"})
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_another_students_token_is_refused(client, studying, make_user):
    _, pending = open_card(studying)
    client.force_login(make_user("intruder"))
    response = client.post(reverse("study_check", args=["sample"]), {"token": pending.token, "response": "2002"})
    assert response.status_code == 404
    assert PendingAnswer.objects.get(pk=pending.pk).checked_at is None


def test_get_is_refused_on_answer_endpoints(studying):
    for name in ("study_check", "study_rate", "study_undo", "study_suspend", "study_report"):
        assert studying.get(reverse(name, args=["sample"])).status_code == 405


def test_undo_brings_the_card_back(studying):
    _, pending = open_card(studying)
    studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, "response": "1"})
    response = studying.post(reverse("study_undo", args=["sample"]), headers={"HX-Request": "true"})
    assert "في أي عام أنشئت المنظمة؟" in response.content.decode()
    assert Review.objects.get().undone_at is not None
    assert not CardState.objects.exists()


def test_suspending_moves_to_the_next_card(studying):
    _, pending = open_card(studying)
    response = studying.post(reverse("study_suspend", args=["sample"]), {"token": pending.token})
    assert response.status_code == 302
    assert CardState.objects.get().suspended_at is not None
    _, following = open_card(studying)
    assert following.question_id != pending.question_id


def test_restoring_a_suspended_card_from_the_set_page(studying):
    _, pending = open_card(studying)
    studying.post(reverse("study_suspend", args=["sample"]), {"token": pending.token})
    html = studying.get(reverse("set_detail", args=["sample"])).content.decode()
    assert "في أي عام أنشئت المنظمة؟" in html
    studying.post(reverse("restore_card", args=["sample"]), {"question": "founded"})
    assert not CardState.objects.exists()


def test_reporting_a_problem_keeps_it_for_the_instructor(studying):
    _, pending = open_card(studying)
    response = studying.post(
        reverse("study_report", args=["sample"]),
        {"token": pending.token, "reason": "source", "comment": "الاقتباس لا يذكر ذلك"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    report = ProblemReport.objects.get()
    assert report.reason == "source" and report.comment == "الاقتباس لا يذكر ذلك"


def test_reporting_with_an_unknown_reason_is_refused(studying):
    _, pending = open_card(studying)
    response = studying.post(reverse("study_report", args=["sample"]), {"token": pending.token, "reason": "spam"})
    assert response.status_code == 400 and not ProblemReport.objects.exists()


def test_the_session_summary_appears_when_nothing_is_left(studying, student):
    student.new_per_day = 1
    student.save()
    _, pending = open_card(studying)
    studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, "response": "2002"})
    studying.post(reverse("study_rate", args=["sample"]), {"token": pending.token, "rating": str(scheduling.EASY)})
    html = studying.get(reverse("study", args=["sample"])).content.decode()
    assert 'class="summary"' in html and "?ahead=1" in html


@pytest.mark.parametrize("extra_questions", [0, 40])
def test_study_queries_do_not_grow_with_cards_or_reviews(
    studying, student, sample_set, extra_questions, assert_max_queries
):
    from quizzes.bank.importing import record_version
    from quizzes.bank.sets import answer_notes
    from quizzes.models import QuestionSet
    from tests.conftest import correct_form

    for i in range(extra_questions):
        question = sample_set.questions.create(
            key=f"extra-{i}", type="true_false", prompt=f"سؤال {i}", data={"answer": True}, position=100 + i
        )
        record_version(question)
    for _ in range(3 + extra_questions // 4):
        _, pending = open_card(studying)
        form = correct_form(pending) if pending.question.type != "flashcard" else {}
        studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, **form})
        pending.refresh_from_db()
        if pending.rated_at is None:
            studying.post(reverse("study_rate", args=["sample"]), {"token": pending.token, "rating": "3"})
    # The session (in the database, shared by every worker), the user, the set, the queue, the
    # card shown, and the question's version the first time this process shows it.
    with assert_max_queries(6 + 1):
        studying.get(reverse("study", args=["sample"]), headers={"HX-Request": "true"})
    pending = PendingAnswer.objects.get(rated_at__isnull=True)
    # What the answer side shows of a question is cached after the first student checks it.
    answer_notes(QuestionSet.objects.get(pk=sample_set.pk), pending.question_id)
    # A wrong first answer of a new card is also rated at once: the card's row and the review,
    # and the review's three report tallies (per question, per day, per predicted-recall bin).
    with assert_max_queries(11):
        studying.post(
            reverse("study_check", args=["sample"]),
            {"token": pending.token, "response": "x"},
            headers={"HX-Request": "true"},
        )
    _, pending = open_card(studying, htmx=True)
    form = correct_form(pending) if pending.question.type != "flashcard" else {}
    studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, **form})
    # Rating answers with the next card: the session, the user, the set, the claim, the card's row,
    # the review, then the queue and the card shown (the set's versions were read with its first
    # card); and the review's three tallies (per question, per day, per bin).
    with assert_max_queries(11):
        studying.post(
            reverse("study_rate", args=["sample"]),
            {"token": pending.token, "rating": "3"},
            headers={"HX-Request": "true"},
        )


def test_counts_are_refreshed_out_of_band_with_each_new_card_only(studying):
    response, pending = open_card(studying)
    assert 'id="counts"' in response.content.decode() and "hx-swap-oob" not in response.content.decode()
    response, pending = open_card(studying, htmx=True)
    html = response.content.decode()
    assert '<p id="counts" class="counts"' in html and 'hx-swap-oob="true"' in html
    assert "<b>9</b>" in html  # nine new cards left
    checked = studying.post(
        reverse("study_check", args=["sample"]),
        {"token": pending.token, "response": "2002"},
        headers={"HX-Request": "true"},
    ).content.decode()
    # The answer side leaves the counts shown until the card is rated.
    assert 'id="counts"' not in checked and "data-rating" in checked


def test_rating_a_card_takes_at_most_ten_queries(studying, student, settings, assert_max_queries):
    from quizzes.bank.sets import answer_notes
    from quizzes.lti import grades as lti_grades
    from quizzes.models import QuestionSet
    from tests.conftest import correct_form

    # As in production, where the session is read from Redis and written through to the database.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    studying.force_login(student)
    _, pending = open_card(studying, htmx=True)
    answer_notes(QuestionSet.objects.get(slug="sample"), pending.question_id)
    # Whether an LMS grades the set is kept in the cache too (looked up once in ten minutes).
    lti_grades._placed(QuestionSet.objects.get(slug="sample").pk)
    form = correct_form(pending) if pending.question.type != "flashcard" else {}
    studying.post(reverse("study_check", args=["sample"]), {"token": pending.token, **form})
    # The user, the set, the claim, the card's row, the review, its three tallies (per question,
    # per study day, per predicted-recall bin), the queue and the next card shown; transaction
    # control (BEGIN, savepoints) aside, as a request in production does not count it either.
    with assert_max_queries(10):
        response = studying.post(
            reverse("study_rate", args=["sample"]), {"token": pending.token, "rating": "3"}, headers=HTMX
        )
    assert response.status_code == 200
    assert Review.objects.filter(question_id=pending.question_id, rating=3).exists()
