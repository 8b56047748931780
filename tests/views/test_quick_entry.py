"""Quick entry: lines of "prompt<TAB>answer" previewed, then saved all or nothing."""

import pytest
from django.urls import reverse

from quizzes.models import Question

pytestmark = pytest.mark.django_db

LINES = "عاصمة روسيا\tموسكو\nعاصمة أرمينيا\tيريفان\n\nعاصمة كازاخستان\tأستانا\tفي موسكو\n"


@pytest.fixture
def teacher_client(client, sample_set):
    client.force_login(sample_set.owner)
    return client


def post(client, action, lines=LINES, type_name="flashcard", quote="روسيا وكازاخستان"):
    data = {"type": type_name, "doc": "doc0", "quote": quote, "lines": lines, "action": action}
    return client.post(reverse("quick_entry", args=["sample"]), data)


def test_it_previews_the_rows_and_writes_nothing(teacher_client, sample_set):
    response = post(teacher_client, "preview")
    assert response.status_code == 200
    entry = response.context["entry"]
    assert [(r.line, r.prompt, r.answer, r.quote) for r in entry.rows] == [
        (1, "عاصمة روسيا", "موسكو", "روسيا وكازاخستان"),
        (2, "عاصمة أرمينيا", "يريفان", "روسيا وكازاخستان"),
        (4, "عاصمة كازاخستان", "أستانا", "في موسكو"),
    ]
    assert len({r.question["id"] for r in entry.rows}) == 3
    assert sample_set.questions.count() == 9


def test_it_saves_flashcards(teacher_client, sample_set):
    response = post(teacher_client, "save")
    assert response.status_code == 302
    new = sample_set.questions.filter(type="flashcard").exclude(key="medvedev").order_by("position")
    assert [(q.prompt, q.data) for q in new] == [
        ("عاصمة روسيا", {"back": "موسكو"}),
        ("عاصمة أرمينيا", {"back": "يريفان"}),
        ("عاصمة كازاخستان", {"back": "أستانا"}),
    ]
    assert all(q.current_version is not None for q in new)
    # Sent twice, written once.
    post(teacher_client, "save")
    assert sample_set.questions.count() == 12


def test_it_saves_short_answer_questions(teacher_client, sample_set):
    assert post(teacher_client, "save", type_name="short").status_code == 302
    question = sample_set.questions.get(prompt="عاصمة روسيا")
    assert question.type == "short" and question.data == {"answers": [{"text": "موسكو"}]}


def test_a_line_without_a_tab_is_named_by_its_number_and_nothing_is_saved(teacher_client, sample_set):
    response = post(teacher_client, "save", lines="سؤال\tجواب\nسطر بلا جدولة\n")
    assert response.status_code == 422
    assert [line for line, _message in response.context["entry"].errors] == [2]
    assert sample_set.questions.count() == 9


def test_a_quote_missing_from_the_article_refuses_its_line(teacher_client, sample_set):
    sample_set.sources.filter(key="doc0").update(text="روسيا وكازاخستان عضوان في المنظمة.")
    response = post(teacher_client, "save", lines="سؤال\tجواب\nسؤال آخر\tجواب\tاقتباس غير موجود\n")
    assert response.status_code == 422
    assert [line for line, _message in response.context["entry"].errors] == [2]
    assert sample_set.questions.count() == 9


def test_an_empty_paste_is_refused(teacher_client):
    assert post(teacher_client, "save", lines="  \n").status_code == 422
    assert post(teacher_client, "preview", type_name="single").status_code == 422


def test_other_instructors_may_not_use_it(client, make_user, sample_set):
    client.force_login(make_user("other", instructor=True))
    assert post(client, "save").status_code == 404
    assert not Question.objects.filter(prompt="عاصمة روسيا").exists()


def test_a_long_paste_is_previewed_in_a_few_queries(teacher_client, assert_max_queries):
    lines = "".join(f"question {i}\tanswer {i}\n" for i in range(100))
    with assert_max_queries(12):
        response = post(teacher_client, "preview", lines=lines)
    assert response.status_code == 200 and len(response.context["entry"].rows) == 100


def test_lines_with_the_same_prompt_never_take_another_questions_key(teacher_client, sample_set):
    post(teacher_client, "save", lines="same\tone\n")
    kept = sample_set.questions.get(key="same")
    assert post(teacher_client, "save", lines="same\ttwo\nsame\tthree\n").status_code == 302
    kept.refresh_from_db()
    assert kept.data == {"back": "one"}
    assert sorted(q.data["back"] for q in sample_set.questions.filter(key__startswith="same")) == [
        "one",
        "three",
        "two",
    ]
    # The same paste again writes nothing new.
    post(teacher_client, "save", lines="same\ttwo\nsame\tthree\n")
    assert sample_set.questions.filter(key__startswith="same").count() == 3
