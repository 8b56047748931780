"""Whether a set's questions must cite an article is the set's choice: a teacher writing from their
own knowledge saves questions without a source; a set built from documents refuses them, saying
which field, in the teacher's words."""

import pytest
from django.urls import reverse

from quizzes.bank import editing
from quizzes.models import Question

pytestmark = pytest.mark.django_db

SHORT = {"type": "short", "prompt": "ما عاصمة مصر؟", "answer-0-text": "القاهرة"}


@pytest.fixture
def own_set(instructor):
    return editing.create_set(instructor, title="أسئلتي")


def test_a_new_set_does_not_ask_its_questions_to_cite(own_set):
    assert not own_set.requires_sources


def test_a_question_with_no_source_is_saved_in_a_set_that_does_not_cite(client, instructor, own_set):
    client.force_login(instructor)
    response = client.post(reverse("question_new", args=[own_set.slug]), SHORT)
    assert response.status_code == 302
    question = Question.objects.get(question_set=own_set)
    assert question.sources == [] and question.data["answers"][0]["text"] == "القاهرة"


def test_a_question_may_still_cite_in_a_set_that_does_not(client, instructor, own_set):
    editing.add_source(own_set, key="doc1", title="مقال")
    client.force_login(instructor)
    form = {**SHORT, "source-0-doc": "doc1", "source-0-quote": "القاهرة عاصمة مصر"}
    assert client.post(reverse("question_new", args=[own_set.slug]), form).status_code == 302
    assert Question.objects.get(question_set=own_set).sources == [{"doc": "doc1", "quote": "القاهرة عاصمة مصر"}]


def test_a_quote_without_its_article_is_refused_by_the_articles_label(client, instructor, own_set):
    editing.add_source(own_set, key="doc1", title="مقال")
    client.force_login(instructor)
    form = {**SHORT, "source-0-doc": "", "source-0-quote": "القاهرة"}
    response = client.post(reverse("question_new", args=[own_set.slug]), form)
    assert response.status_code == 422
    assert [p.label for p in response.context["problems"]] == ["المصدر 1 — المقال"]
    assert not Question.objects.exists()


def test_a_citing_set_refuses_a_question_without_a_source_naming_the_field(client, sample_set):
    client.force_login(sample_set.owner)
    count = sample_set.questions.count()
    response = client.post(reverse("question_new", args=[sample_set.slug]), SHORT)
    assert response.status_code == 422
    text = response.content.decode()
    summary = text.split('<div class="problems" role="alert">')[1].split("</div>")[0]
    assert "المصادر" in summary
    # No YAML path or key name reaches the teacher.
    for yaml_word in ("sources", "{doc, quote}", "›", "quote"):
        assert yaml_word not in summary
    assert sample_set.questions.count() == count


def test_an_empty_quote_is_named_by_its_sources_number_and_label_in_arabic(client, sample_set):
    client.force_login(sample_set.owner)
    form = {**SHORT, "source-0-doc": "doc0", "source-0-quote": "", "source-1-doc": "doc0", "source-1-quote": ""}
    response = client.post(reverse("question_new", args=[sample_set.slug]), form)
    assert response.status_code == 422
    summary = response.content.decode().split('<div class="problems" role="alert">')[1].split("</div>")[0]
    assert "المصدر 1 — الاقتباس" in summary
    assert "«الاقتباس»" in summary and "quote" not in summary


def test_the_settings_turn_citing_on_and_the_next_uncited_question_is_refused(client, instructor, own_set):
    client.force_login(instructor)
    settings = {"title": own_set.title, "language": "ar", "requires_sources": "on"}
    assert client.post(reverse("set_settings", args=[own_set.slug]), settings).status_code == 302
    own_set.refresh_from_db()
    assert own_set.requires_sources
    assert client.post(reverse("question_new", args=[own_set.slug]), SHORT).status_code == 422


def test_quick_entry_saves_lines_without_a_quote_in_a_set_that_does_not_cite(client, instructor, own_set):
    editing.add_source(own_set, key="doc1", title="مقال")
    client.force_login(instructor)
    form = {"type": "short", "doc": "doc1", "quote": "", "lines": "عاصمة مصر\tالقاهرة", "action": "save"}
    assert client.post(reverse("quick_entry", args=[own_set.slug]), form).status_code == 302
    assert Question.objects.get(question_set=own_set).sources == []
