"""The editor's "Try" grades an answer exactly as a student's check does: the same display for the
preview's seed, the same reading of the form, the same grade; for every type, with and without
sources, whatever the seed's length. A try it cannot match to its preview is drawn again, never
graded wrong."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.bank.importing import stored_question
from quizzes.models import PendingAnswer
from quizzes.questions import get_type, study_types
from quizzes.study import cards
from tests.question_forms import FORMS, answer_form, editor_form

pytestmark = pytest.mark.django_db

PREVIEW = reverse("question_preview", args=["sample"])
# One seed of each length a card can be shown with, the longest being the largest.
SEEDS = [7, 42, 907, 4_321, 65_536, 123_457, 7_654_321, 98_765_432, 987_654_321, 2_147_483_647]
KEY_OF_TYPE = {
    "single": "capital",
    "multiple": "members",
    "true_false": "first-operation",
    "short": "president",
    "number": "founded",
    "order": "timeline",
    "match": "people",
    "cloze": "criterion",
    "flashcard": "medvedev",
}


@pytest.fixture
def teacher_client(client, sample_set):
    client.force_login(sample_set.owner)
    return client


def drawn(html):
    """The seed and the mark of the data a preview page was drawn with, as its Try form sends them."""
    seed = re.search(r'name="seed" value="([0-9]+)"', html)
    shown = re.search(r'name="shown" value="([0-9a-f]+)"', html)
    return seed and seed.group(1), shown and shown.group(1)


def verdict(html):
    found = re.search(r'class="verdict (correct|partial|incorrect)"', html)
    return found and found.group(1)


def try_in_editor(client, raw, seed, answer):
    """Previews `raw` in the editor drawn with `seed` (as "Try again" does), then tries `answer` (a form
    built from that preview's display) on it; the Try's page."""
    form = editor_form(raw, seed=str(seed))
    page = client.post(PREVIEW, form, HTTP_HX_REQUEST="true").content.decode()
    shown_seed, digest = drawn(page)
    assert shown_seed == str(seed)
    response = client.post(PREVIEW, {**form, "try": "1", "shown": digest, **answer}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def check_in_study(client, student, question, seed, answer):
    """The score a student's check gives `answer` on the card of `question` shown with `seed`."""
    shown = cards.show_again(student, question.pk, timezone.now())
    PendingAnswer.objects.filter(pk=shown.pk).update(seed=seed)
    response = client.post(reverse("study_check", args=["sample"]), {"token": str(shown.token), **answer})
    assert response.status_code in (200, 302), response.status_code
    return PendingAnswer.objects.get(pk=shown.pk).score


@pytest.mark.parametrize("seed", SEEDS, ids=[f"{len(str(s))}-digits" for s in SEEDS])
@pytest.mark.parametrize("type_name", study_types())
def test_try_and_study_agree_on_right_and_wrong_answers(teacher_client, sample_set, student, type_name, seed):
    question = sample_set.questions.get(key=KEY_OF_TYPE[type_name])
    with_sources = stored_question(question)
    assert with_sources["sources"]
    without_sources = {**with_sources, "sources": []}
    client = Client()
    client.force_login(student)
    qtype, forms = get_type(type_name), FORMS[type_name]
    data = question.data
    for response, right in ((qtype.correct_response(data), True), (forms.wrong(data), False)):
        answer = answer_form(type_name, data, seed, response)
        score = check_in_study(client, student, question, seed, answer)
        for raw in (with_sources, without_sources):
            page = try_in_editor(teacher_client, raw, seed, answer)
            if qtype.self_graded:
                # Rated by the student: no verdict either way, the back shown.
                assert score is None and verdict(page) is None and data["back"] in page
                continue
            assert (verdict(page) == "correct") == (score == 1) == right, (response, verdict(page), score)


def test_a_ten_digit_seed_is_graded_on_its_own_preview(teacher_client, sample_set):
    # The preview draws seeds of up to ten digits; a try on one used to be graded on another draw.
    raw = stored_question(sample_set.questions.get(key="timeline"))
    data = sample_set.questions.get(key="timeline").data
    answer = answer_form("order", data, 2_000_000_000, get_type("order").correct_response(data))
    assert verdict(try_in_editor(teacher_client, raw, 2_000_000_000, answer)) == "correct"


@pytest.mark.parametrize("seed", ["", "abc", "-1", "1.5", "١٢", "1" * 19, "9" * 40, " 7"])
def test_a_try_with_a_malformed_seed_is_drawn_again_and_not_graded(teacher_client, sample_set, seed):
    question = sample_set.questions.get(key="capital")
    answer = answer_form("single", question.data, 7, "a")
    form = {**editor_form(stored_question(question)), "try": "1", "seed": seed, "shown": "0" * 16, **answer}
    response = teacher_client.post(PREVIEW, form, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert verdict(html) is None and 'role="status"' in html
    new_seed, digest = drawn(html)
    assert new_seed and digest and new_seed != seed


def test_a_seed_with_a_nul_byte_is_refused(teacher_client, sample_set):
    form = {**editor_form(stored_question(sample_set.questions.get(key="capital"))), "try": "1", "seed": "7\x00"}
    assert teacher_client.post(PREVIEW, form, HTTP_HX_REQUEST="true").status_code == 400


def test_a_try_on_a_question_changed_since_its_preview_is_drawn_again(teacher_client, sample_set):
    # A new question: removing its first row gives the others new keys, and so new names on the page.
    raw = {
        "id": "",
        "type": "match",
        "prompt": "صل",
        "pairs": [{"key": "", "left": t, "right": t + "!"} for t in ("أ", "ب", "ج")],
        "sources": [],
    }
    form = editor_form(raw)
    seed, digest = drawn(teacher_client.post(PREVIEW, form, HTTP_HX_REQUEST="true").content.decode())
    data = {"pairs": [{"key": k, "left": t, "right": t + "!"} for k, t in zip("abc", ("أ", "ب", "ج"), strict=True)]}
    answer = answer_form("match", data, int(seed), {"a": "a", "b": "b", "c": "c"})
    html = teacher_client.post(
        PREVIEW, {**form, "pair-0-remove": "1", "seed": seed, "shown": digest, "try": "1", **answer}
    ).content.decode()
    assert verdict(html) is None and 'role="status"' in html
    # Unchanged, the same answer is right.
    html = teacher_client.post(PREVIEW, {**form, "seed": seed, "shown": digest, "try": "1", **answer}).content.decode()
    assert verdict(html) == "correct"


def test_try_writes_nothing(teacher_client, sample_set):
    question = sample_set.questions.get(key="people")
    answer = answer_form("match", question.data, 5, get_type("match").correct_response(question.data))
    try_in_editor(teacher_client, stored_question(question), 5, answer)
    assert not PendingAnswer.objects.exists()
    assert question.versions.count() == 1


def test_trying_an_essay_shows_the_text_and_says_a_grader_marks_it(teacher_client, sample_set):
    raw = {
        "id": "why",
        "type": "essay",
        "prompt": "لماذا؟",
        "word_limit": 10,
        "guidance": "سبب واحد يكفي.",
        "explanation": "",
        "tags": [],
        "sources": [{"doc": "doc0", "quote": "في عام 2002"}],
    }
    html = try_in_editor(teacher_client, raw, 12345, {"response": ["لأن الرئيس طلب المساعدة"]})
    assert "لأن الرئيس طلب المساعدة" in html
    assert 'class="verdict pending"' in html and verdict(html) is None
    over = try_in_editor(teacher_client, raw, 12345, {"response": [" ".join(["كلمة"] * 11)]})
    assert "11" in over
