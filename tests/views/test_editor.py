"""The question editor: creating a set, its settings and sharing, and each question type's form
with its errors, its preview, and keeping or resetting students' progress."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.bank.importing import stored_question
from quizzes.models import CardState, Question, QuestionSet, QuestionVersion, Review
from tests.question_forms import editor_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_client(client, sample_set):
    client.force_login(sample_set.owner)
    return client


# Creating a set and its settings


def test_it_creates_a_set_owned_by_the_instructor(teacher_client, sample_set):
    response = teacher_client.post(
        reverse("set_create"), {"slug": "new-set", "title": "مجموعة", "language": "ar", "description": ""}
    )
    assert response.status_code == 302
    qset = QuestionSet.objects.get(slug="new-set")
    assert qset.owner == sample_set.owner and not qset.is_public and not qset.requires_sources
    # No article is asked for first: the teacher goes straight to the first question.
    assert response.url == reverse("question_new", args=["new-set"])


def test_a_set_that_cites_asks_for_its_article_first(teacher_client):
    form = {"title": "مجموعة", "language": "ar", "requires_sources": "on"}
    response = teacher_client.post(reverse("set_create"), form)
    qset = QuestionSet.objects.get(title="مجموعة")
    assert qset.requires_sources
    assert response.url == reverse("set_sources", args=[qset.slug])


def test_it_makes_the_slug_from_an_arabic_title_when_none_is_typed(teacher_client):
    response = teacher_client.post(reverse("set_create"), {"title": "الصف الثالث: العلوم", "language": "ar"})
    assert response.status_code == 302
    qset = QuestionSet.objects.get(title="الصف الثالث: العلوم")
    assert qset.slug == "alsf-althalth-allwm"
    assert response.url == reverse("question_new", args=[qset.slug])


def test_a_second_set_of_the_same_title_gets_a_slug_of_its_own(teacher_client):
    for _ in range(2):
        teacher_client.post(reverse("set_create"), {"title": "تاريخ", "language": "ar"})
    assert sorted(QuestionSet.objects.filter(title="تاريخ").values_list("slug", flat=True)) == ["tarykh", "tarykh-2"]


def test_a_title_with_no_letter_to_spell_gets_a_short_opaque_slug(teacher_client):
    teacher_client.post(reverse("set_create"), {"title": "日本語", "language": "ar"})
    slug = QuestionSet.objects.get(title="日本語").slug
    assert slug.startswith("set-") and len(slug) == len("set-") + 8


def test_the_create_page_asks_for_the_title_first_and_the_slug_last_and_optional(teacher_client):
    form = teacher_client.get(reverse("set_create")).context["form"]
    assert list(form.fields)[0] == "title" and list(form.fields)[-1] == "slug"
    assert not form.fields["slug"].required


def test_it_refuses_a_slug_already_taken(teacher_client):
    response = teacher_client.post(reverse("set_create"), {"slug": "sample", "title": "x", "language": "ar"})
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert QuestionSet.objects.count() == 1


def test_it_refuses_a_slug_that_is_not_a_slug(teacher_client):
    response = teacher_client.post(reverse("set_create"), {"slug": "Not A Slug", "title": "x", "language": "ar"})
    assert response.status_code == 200
    assert QuestionSet.objects.count() == 1


def test_a_student_creates_only_a_set_of_their_own(client, student):
    client.force_login(student)
    form = {"slug": "mine", "title": "x", "language": "ar", "is_public": "on"}
    assert client.post(reverse("set_create"), form).status_code == 302
    # The slug asked for is ignored (it is made from the title) and the set is private.
    assert not QuestionSet.objects.filter(slug="mine").exists()
    qset = QuestionSet.objects.get(owner=student)
    assert qset.personal and not qset.is_public


def test_it_saves_the_settings_keeping_the_slug_when_none_is_given(teacher_client, sample_set):
    url = reverse("set_settings", args=["sample"])
    response = teacher_client.post(url, {"title": "عنوان جديد", "language": "en", "description": "d"})
    assert response.status_code == 302
    sample_set.refresh_from_db()
    assert (sample_set.slug, sample_set.title, sample_set.language, sample_set.is_public) == (
        "sample",
        "عنوان جديد",
        "en",
        False,
    )


def test_settings_refuse_an_empty_title(teacher_client, sample_set):
    response = teacher_client.post(reverse("set_settings", args=["sample"]), {"title": "", "language": "ar"})
    assert response.status_code == 200
    sample_set.refresh_from_db()
    assert sample_set.title == "مجموعة تجريبية"


def test_it_adds_an_article_to_a_set(teacher_client, sample_set):
    response = teacher_client.post(reverse("source_add", args=["sample"]), {"key": "doc1", "title": "مقال"})
    assert response.status_code == 302
    assert sample_set.sources.filter(key="doc1", title="مقال").exists()
    teacher_client.post(reverse("source_add", args=["sample"]), {"key": "doc1", "title": "مرة ثانية"})
    assert sample_set.sources.filter(key="doc1").count() == 1


# Sharing


def test_the_owner_shares_the_set_with_an_instructor_who_may_then_edit_it(
    teacher_client, sample_set, make_user, client
):
    colleague = make_user("colleague", instructor=True)
    response = teacher_client.post(reverse("set_sharing", args=["sample"]), {"username": "colleague"})
    assert response.status_code == 302
    assert list(sample_set.editors.all()) == [colleague]
    client.force_login(colleague)
    assert client.get(reverse("question_edit", args=["sample", "capital"])).status_code == 200
    assert client.get(reverse("set_problems", args=["sample"])).status_code == 200
    # Only the owner shares.
    assert client.get(reverse("set_sharing", args=["sample"])).status_code == 404


def test_it_shares_only_with_instructors(teacher_client, sample_set, student):
    response = teacher_client.post(reverse("set_sharing", args=["sample"]), {"username": student.username})
    assert response.status_code == 200
    assert not sample_set.editors.exists()
    response = teacher_client.post(reverse("set_sharing", args=["sample"]), {"username": "nobody"})
    assert "nobody" in response.content.decode()


def test_the_owner_stops_sharing(teacher_client, sample_set, make_user):
    colleague = make_user("colleague", instructor=True)
    sample_set.editors.add(colleague)
    response = teacher_client.post(reverse("set_sharing", args=["sample"]), {"remove": str(colleague.pk)})
    assert response.status_code == 302
    assert not sample_set.editors.exists()


# The question editor, one form per type


@pytest.mark.parametrize(
    "key",
    ["founded", "capital", "members", "first-operation", "president", "timeline", "people", "criterion", "medvedev"],
)
def test_each_type_reads_back_what_its_form_shows(teacher_client, sample_set, key):
    question = sample_set.questions.get(key=key)
    before = stored_question(question)
    page = teacher_client.get(reverse("question_edit", args=["sample", key]))
    assert page.status_code == 200
    response = teacher_client.post(reverse("question_edit", args=["sample", key]), editor_form(before))
    assert response.status_code == 302
    question.refresh_from_db()
    assert stored_question(question) == before
    assert question.versions.count() == 1  # nothing changed, nothing recorded


@pytest.mark.parametrize(
    "type_name", ["single", "multiple", "true_false", "short", "number", "order", "match", "cloze", "flashcard"]
)
def test_the_new_question_form_of_each_type_shows(teacher_client, type_name):
    response = teacher_client.get(reverse("question_new", args=["sample"]) + f"?type={type_name}")
    assert response.status_code == 200
    assert f"quizzes/questions/edit_{type_name}.html" in [t.name for t in response.templates]


def test_it_adds_a_single_choice_question_with_a_key_from_nothing(teacher_client, sample_set):
    form = {
        "type": "single",
        "prompt": "ما عاصمة روسيا؟",
        "option-0-key": "",
        "option-0-text": "موسكو",
        "option-1-key": "",
        "option-1-text": "كييف",
        "option-2-key": "",
        "option-2-text": "",
        "answer": "0",
        "source-0-doc": "doc0",
        "source-0-quote": "في موسكو",
        "tags": "عواصم، روسيا",
    }
    response = teacher_client.post(reverse("question_new", args=["sample"]), form)
    assert response.status_code == 302
    question = sample_set.questions.order_by("-id").first()
    assert question.key == "single"
    assert question.data == {"options": [{"key": "a", "text": "موسكو"}, {"key": "b", "text": "كييف"}], "answer": "a"}
    assert sorted(t.name for t in question.tags.all()) == ["روسيا", "عواصم"]
    assert question.position == sample_set.questions.count() - 1
    assert question.current_version.author == sample_set.owner
    # The same form sent twice writes once, and says so.
    response = teacher_client.post(reverse("question_new", args=["sample"]), form, follow=True)
    assert sample_set.questions.filter(key__startswith="single").count() == 1
    assert [m.level_tag for m in response.context["messages"]][-1] == "info"


def test_a_new_question_takes_the_key_given(teacher_client, sample_set):
    form = editor_form(stored_question(sample_set.questions.get(key="medvedev")), key="my-card")
    assert teacher_client.post(reverse("question_new", args=["sample"]), form).status_code == 302
    assert sample_set.questions.filter(key="my-card").exists()


def test_a_new_question_may_not_take_a_key_in_use(teacher_client, sample_set):
    form = editor_form(stored_question(sample_set.questions.get(key="medvedev")), key="capital", prompt="تغيير")
    response = teacher_client.post(reverse("question_new", args=["sample"]), form)
    assert response.status_code == 422
    assert sample_set.questions.get(key="capital").type == "single"


def test_each_problem_shows_next_to_its_field_by_its_label(teacher_client, sample_set):
    form = {
        "type": "single",
        "prompt": "",
        "option-0-text": "وحيد",
        "source-0-doc": "nope",
        "source-0-quote": "x",
    }
    response = teacher_client.post(reverse("question_new", args=["sample"]), form)
    assert response.status_code == 422
    html = response.content.decode()
    assert QuestionVersion.objects.count() == 9  # nothing written
    from quizzes.questions import validate_question

    raw = {
        "id": "x",
        "type": "single",
        "prompt": "",
        "options": [{"key": "a", "text": "وحيد"}],
        "sources": [{"doc": "nope", "quote": "x"}],
    }
    from quizzes.bank.editing import field_problems

    shown = field_problems(validate_question(raw, {"doc0"}), "single")
    assert len(shown) >= 3
    for problem in shown:
        assert problem.label and problem.label in html
        assert problem.message in html
    summary = html.split('<div class="problems" role="alert">')[1].split("</div>")[0]
    assert "options" not in summary and "sources" not in summary and "›" not in summary


def test_a_quote_missing_from_its_article_is_refused(teacher_client, sample_set):
    sample_set.sources.filter(key="doc0").update(text="تم إنشاء المنظمة في عام 2002 في موسكو.")
    before = stored_question(sample_set.questions.get(key="medvedev"))
    form = editor_form(before, **{"source-0-quote": "جملة لم ترد في المقال أبدا"})
    response = teacher_client.post(reverse("question_edit", args=["sample", "medvedev"]), form)
    assert response.status_code == 422
    assert stored_question(sample_set.questions.get(key="medvedev")) == before


def test_an_option_is_added_in_place_with_htmx_without_saving(teacher_client, sample_set):
    form = editor_form(stored_question(sample_set.questions.get(key="capital")), add="options")
    response = teacher_client.post(reverse("question_edit", args=["sample", "capital"]), form, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="option-4-text"' in html and "<html" not in html
    assert sample_set.questions.get(key="capital").versions.count() == 1


def test_a_ticked_row_is_removed(teacher_client, sample_set):
    form = editor_form(stored_question(sample_set.questions.get(key="capital")), **{"option-3-remove": "1"})
    assert teacher_client.post(reverse("question_edit", args=["sample", "capital"]), form).status_code == 302
    assert [o["key"] for o in sample_set.questions.get(key="capital").data["options"]] == ["a", "b", "c"]


def test_duplicate_opens_a_copy_without_its_key(teacher_client):
    response = teacher_client.get(reverse("question_new", args=["sample"]) + "?from=capital")
    assert response.status_code == 200
    assert "ألماتي" in response.content.decode()
    assert teacher_client.get(reverse("question_new", args=["sample"]) + "?from=nope").status_code == 404


def test_it_moves_a_question_up_once_for_a_double_click(teacher_client, sample_set):
    question = sample_set.questions.get(key="members")
    position = question.position
    url = reverse("question_move", args=["sample", "members"])
    teacher_client.post(url, {"direction": "up", "position": str(position)})
    teacher_client.post(url, {"direction": "up", "position": str(position)})
    keys = list(sample_set.questions.order_by("position", "id").values_list("key", flat=True))
    assert keys[:3] == ["founded", "members", "capital"]


def test_retire_and_restore_from_the_list(teacher_client, sample_set):
    url = reverse("question_retire", args=["sample", "capital"])
    teacher_client.post(url, {"action": "retire"})
    assert sample_set.questions.get(key="capital").retired_at is not None
    teacher_client.post(url, {"action": "restore"})
    assert sample_set.questions.get(key="capital").retired_at is None


# Keep or reset students' progress


@pytest.fixture
def studied(sample_set, student):
    question = sample_set.questions.get(key="capital")
    CardState.objects.create(student=student, question=question, due=timezone.now(), reps=3, state=2)
    return question


def test_a_wording_change_of_a_studied_question_is_saved_without_asking(teacher_client, studied):
    form = editor_form(stored_question(studied), prompt="أي مدينة هي أكبر مدن كازاخستان؟")
    assert teacher_client.post(reverse("question_edit", args=["sample", "capital"]), form).status_code == 302
    studied.refresh_from_db()
    assert studied.prompt.startswith("أي مدينة هي أكبر") and studied.versions.count() == 2
    assert CardState.objects.filter(question=studied).exists()


def test_a_graded_change_of_a_studied_question_asks_first(teacher_client, studied):
    form = editor_form(stored_question(studied), answer="1")
    response = teacher_client.post(reverse("question_edit", args=["sample", "capital"]), form)
    assert response.status_code == 200
    assert 'name="progress"' in response.content.decode()
    studied.refresh_from_db()
    assert studied.data["answer"] == "a" and studied.versions.count() == 1


def test_keeping_progress_saves_a_version_and_keeps_the_cards(teacher_client, studied):
    form = editor_form(stored_question(studied), answer="1", progress="keep")
    assert teacher_client.post(reverse("question_edit", args=["sample", "capital"]), form).status_code == 302
    studied.refresh_from_db()
    assert studied.data["answer"] == "b" and studied.versions.count() == 2
    assert CardState.objects.get(question=studied).reps == 3


def test_resetting_progress_makes_the_card_new_and_keeps_the_reviews(teacher_client, studied, student):
    review = Review.objects.create(
        student=student,
        question=studied,
        version=studied.current_version,
        rating=3,
        score=1,
        state_after=2,
        stability_after=1,
        difficulty_after=5,
        due_after=timezone.now(),
        scheduled_seconds=60,
        reviewed_at=timezone.now(),
    )
    form = editor_form(stored_question(studied), answer="1", progress="reset")
    assert teacher_client.post(reverse("question_edit", args=["sample", "capital"]), form).status_code == 302
    studied.refresh_from_db()
    assert studied.data["answer"] == "b" and studied.versions.count() == 2
    assert not CardState.objects.filter(question=studied).exists()
    assert Review.objects.filter(pk=review.pk).exists()


# The preview


def test_the_preview_shows_the_question_as_a_card_does_and_writes_nothing(teacher_client, sample_set):
    form = editor_form(stored_question(sample_set.questions.get(key="president")), prompt="من الرئيس؟")
    response = teacher_client.post(reverse("question_preview", args=["sample"]), form, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "من الرئيس؟" in html and 'name="response"' in html and "توكايف" not in html
    assert sample_set.questions.get(key="president").prompt != "من الرئيس؟"


def test_trying_an_answer_grades_it_with_arabic_normalisation(teacher_client, sample_set):
    from tests.views.test_editor_try import try_in_editor, verdict

    raw = stored_question(sample_set.questions.get(key="president"))
    assert verdict(try_in_editor(teacher_client, raw, 7, {"response": "تُوكَايِف"})) == "correct"
    assert verdict(try_in_editor(teacher_client, raw, 7, {"response": "نزارباييف"})) == "incorrect"


def test_trying_a_choice_reads_the_shown_options(teacher_client, sample_set):
    from tests.conftest import form_for
    from tests.views.test_editor_try import try_in_editor, verdict

    data = sample_set.questions.get(key="members").data
    html = try_in_editor(
        teacher_client,
        stored_question(sample_set.questions.get(key="members")),
        11,
        form_for("multiple", data, 11, ["ru", "am"]),
    )
    assert verdict(html) == "correct"


def test_the_preview_lists_what_keeps_the_question_from_showing(teacher_client):
    form = {"type": "order", "prompt": "رتب", "item-0-text": "وحيد"}
    html = teacher_client.post(reverse("question_preview", args=["sample"]), form).content.decode()
    assert "items" in html and 'class="problems"' in html


# Problem reports for every editor


def test_reports_link_to_the_editor_and_are_resolved_there(teacher_client, sample_set, student, make_user, client):
    from quizzes.models import ProblemReport

    question = sample_set.questions.get(key="capital")
    report = ProblemReport.objects.create(student=student, question=question, reason="wrong", comment="خطأ")
    colleague = make_user("colleague", instructor=True)
    sample_set.editors.add(colleague)
    client.force_login(colleague)
    listing = client.get(reverse("set_problems", args=["sample"])).content.decode()
    assert reverse("question_edit", args=["sample", "capital"]) in listing
    editor = client.get(reverse("question_edit", args=["sample", "capital"])).content.decode()
    assert "خطأ" in editor
    response = client.post(reverse("resolve_problem", args=["sample"]), {"report": report.pk, "question": "capital"})
    assert response.url == reverse("question_edit", args=["sample", "capital"])
    report.refresh_from_db()
    assert report.resolved_at is not None


def test_the_question_list_stays_within_a_few_queries(teacher_client, sample_set, assert_max_queries):
    with assert_max_queries(12):
        assert teacher_client.get(reverse("set_questions", args=["sample"])).status_code == 200


def test_the_editor_page_stays_within_a_few_queries(teacher_client, assert_max_queries):
    with assert_max_queries(12):
        assert teacher_client.get(reverse("question_edit", args=["sample", "people"])).status_code == 200


def test_questions_are_not_created_outside_the_set(teacher_client):
    assert not Question.objects.filter(key="x").exists()


def test_an_edit_in_the_editor_is_what_the_next_student_sees_and_is_graded_on(
    teacher_client, sample_set, make_user, client
):
    from django.test import Client

    from quizzes.models import PendingAnswer

    first, second = make_user("first"), make_user("second")
    first_client = Client()
    first_client.force_login(first)
    assert "في أي عام أنشئت المنظمة؟" in first_client.get(reverse("study", args=["sample"])).content.decode()
    form = editor_form(
        stored_question(sample_set.questions.get(key="founded")), prompt="في أي عام وقّعت المعاهدة؟", answer="1992"
    )
    assert teacher_client.post(reverse("question_edit", args=["sample", "founded"]), form).status_code == 302
    client.force_login(second)
    page = client.get(reverse("study", args=["sample"])).content.decode()
    assert "في أي عام وقّعت المعاهدة؟" in page and "في أي عام أنشئت المنظمة؟" not in page
    shown = PendingAnswer.objects.get(student=second)
    client.post(reverse("study_check", args=["sample"]), {"token": shown.token, "response": "١٩٩٢"})
    shown.refresh_from_db()
    assert shown.score == 1.0


@pytest.mark.parametrize(
    "url",
    [
        reverse("question_edit", args=["sample", "capital"]),
        reverse("question_new", args=["sample"]),
        reverse("question_preview", args=["sample"]),
        reverse("quick_entry", args=["sample"]),
        reverse("question_move", args=["sample", "capital"]),
        reverse("set_sharing", args=["sample"]),
    ],
)
def test_malformed_editor_forms_are_refused_or_shown_again_never_a_server_error(teacher_client, sample_set, url):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(sample_set.owner)
    bodies = [
        {"type": "single", "prompt": "a\x00b", "option-0-text": "\x00", "answer": "0", "source-0-doc": "\x00"},
        {"type": "short", "prompt": "x" * 200_000, "answer-0-text": "ب" * 100_000, "key": "\x00"},
        {"type": ["cloze", "nope"], "text": "[[", "gap-0-key": "../..", "gap-0-options": "\n\n", "try": "1"},
        {"type": "number", "answer": "1" * 5000, "tolerance": "-inf", "try": "1", "seed": "9" * 40},
        {"type": "order", "item-99-text": "x", "add": "items", "progress": "reset", "position": "-1"},
        {"type": "match", "add": "<script>", "remove": "1" * 40, "username": "\x00", "direction": "sideways"},
        {"type": "single", "lines": "\t\t\t\n" * 300, "doc": "\x00", "action": "save"},
    ]
    before = stored_question(sample_set.questions.get(key="capital"))
    for body in bodies:
        status = client.post(url, body).status_code
        assert status in (200, 302, 400, 404, 422), (url, body.keys(), status)
    assert stored_question(sample_set.questions.get(key="capital")) == before
    assert QuestionVersion.objects.count() == 9


def test_without_htmx_the_preview_comes_back_under_the_form(teacher_client, sample_set):
    form = editor_form(
        stored_question(sample_set.questions.get(key="capital")), prompt="سؤال معاين", question="capital"
    )
    response = teacher_client.post(reverse("question_preview", args=["sample"]), form)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="editor"' in html and 'id="preview"' in html and html.count("سؤال معاين") >= 2
    assert reverse("question_edit", args=["sample", "capital"]) in html
    assert sample_set.questions.get(key="capital").prompt != "سؤال معاين"


def test_the_editor_page_retires_and_restores_its_question(teacher_client, sample_set):
    html = teacher_client.get(reverse("question_edit", args=["sample", "capital"])).content.decode()
    assert reverse("question_retire", args=["sample", "capital"]) in html


def test_saving_a_retired_question_in_the_editor_says_it_brings_it_back(teacher_client, sample_set):
    from quizzes.bank import writing

    question = sample_set.questions.get(key="capital")
    writing.retire_question(question)
    html = teacher_client.get(reverse("question_edit", args=["sample", "capital"])).content.decode()
    assert 'name="action" value="restore"' in html and 'class="notice"' in html
    form = editor_form(stored_question(question), prompt="أي مدينة هي أكبر مدن كازاخستان؟")
    assert teacher_client.post(reverse("question_edit", args=["sample", "capital"]), form).status_code == 302
    assert sample_set.questions.get(key="capital").retired_at is None


class _FormFields(HTMLParser):
    """The values a browser posts for the page's editor form: text inputs, ticked boxes, text areas
    and chosen options."""

    def __init__(self):
        super().__init__()
        self.fields, self._textarea, self._select = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "radio", "checkbox"):
            self.fields.setdefault(name, a.get("value") or "")
        elif tag == "input" and name and "checked" in a:
            self.fields[name] = a.get("value") or "on"
        elif tag == "textarea" and name:
            self._textarea, self.fields[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def test_editing_a_clozes_prompt_keeps_every_field_of_its_gaps_answers(teacher_client, sample_set):
    from quizzes.bank import writing

    question = sample_set.questions.get(key="criterion")
    raw = stored_question(question)
    raw["gaps"][0]["answers"] = [
        {"text": "2002", "tolerance": 1},
        {"text": "عام ألفين واثنين", "variants": ["ألفين واثنين"], "strict": True},
    ]
    raw["text"] = "أنشئت المنظمة عام [[year]] في [[city]] برئاسة [[who]]."
    raw["gaps"].append(
        {"key": "who", "answers": [{"text": "يلتسين", "variants": ["يلتسن"], "name": "person", "heads": ["الرئيس"]}]}
    )
    writing.save_question(sample_set, raw, author=sample_set.owner)
    question.refresh_from_db()
    before = stored_question(question)
    assert before["gaps"][2]["answers"][0]["heads"] == ["الرئيس"]
    url = reverse("question_edit", args=["sample", "criterion"])
    page = _FormFields()
    page.feed(teacher_client.get(url).content.decode())
    form = {**page.fields, "prompt": "أكمل الفراغات بما يقوله المقال."}
    assert teacher_client.post(url, form).status_code == 302
    question.refresh_from_db()
    assert stored_question(question) == {**before, "prompt": "أكمل الفراغات بما يقوله المقال."}
