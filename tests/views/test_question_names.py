"""People never see a question's key: the editor's pages name a question by the beginning of its
prompt, as plain text."""

import re

import pytest
from django.urls import reverse

from quizzes import classes
from quizzes.bank import problems, writing
from quizzes.richtext import summary

pytestmark = pytest.mark.django_db

KEY = "zq-1258"
PROMPT = "ما **عاصمة** كازاخستان منذ عام 1997 وقد نُقلت إليها من ألماتي في ذلك العام بقرار رئاسي؟"


@pytest.fixture
def question(sample_set):
    raw = {
        "id": KEY,
        "type": "short",
        "prompt": PROMPT,
        "answers": ["أستانا"],
        "sources": [{"doc": "doc0", "quote": "أستانا"}],
    }
    return writing.save_question(sample_set, raw, author=sample_set.owner).question


def shown_text(response):
    """What a person reads on the page: its text without tags, scripts or attributes."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_the_summary_is_the_prompts_beginning_as_plain_text():
    assert summary(PROMPT, 30) == "ما عاصمة كازاخستان منذ عام 19…"
    assert summary("**قصير**") == "قصير"
    assert summary("أ &amp; *ب*") == "أ & ب"


@pytest.mark.parametrize("name", ["question_edit", "question_history"])
def test_the_questions_own_pages_name_it_by_its_prompt(client, sample_set, question, name):
    client.force_login(sample_set.owner)
    response = client.get(reverse(name, args=[sample_set.slug, KEY]))
    assert response.status_code == 200
    text = shown_text(response)
    assert KEY not in text
    assert "ما عاصمة كازاخستان" in text.split("</title>")[0] or "ما عاصمة كازاخستان" in text


def test_the_editors_title_shows_the_prompt_not_the_key(client, sample_set, question):
    client.force_login(sample_set.owner)
    body = client.get(reverse("question_edit", args=[sample_set.slug, KEY])).content.decode()
    title = re.search(r"<title>(.*?)</title>", body, flags=re.S).group(1)
    h1 = re.search(r"<h1>(.*?)</h1>", body, flags=re.S).group(1)
    assert "ما عاصمة كازاخستان" in title and KEY not in title
    assert "ما عاصمة كازاخستان" in h1 and KEY not in h1 and "**" not in h1


def test_the_question_list_never_shows_a_key(client, sample_set, question):
    client.force_login(sample_set.owner)
    text = shown_text(client.get(reverse("set_questions", args=[sample_set.slug])))
    assert KEY not in text
    for key in sample_set.questions.values_list("key", flat=True):
        assert f" {key} " not in text


def test_problem_reports_never_show_a_key(client, student, sample_set, question):
    problems.report_problem(student, question.pk, "unclear", "")
    client.force_login(sample_set.owner)
    text = shown_text(client.get(reverse("set_problems", args=[sample_set.slug])))
    assert "ما عاصمة كازاخستان" in text and KEY not in text


def test_item_analysis_never_shows_a_key(client, sample_set, question):
    klass = classes.create_class(sample_set.owner, "الصف")
    classes.assign(klass, sample_set)
    client.force_login(sample_set.owner)
    response = client.get(reverse("item_analysis", args=[klass.pk, sample_set.slug]))
    assert response.status_code == 200
    assert KEY not in shown_text(response)
