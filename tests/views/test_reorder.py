"""Reordering a set's questions by dragging: one POST with the whole live order, answered with the
list (htmx) or a redirect (a plain form), and refused whole when the order is not the set's."""

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.bank import writing
from quizzes.models import QuestionSet

pytestmark = pytest.mark.django_db

URL = reverse("question_reorder", args=["sample"])
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def teacher_client(client, sample_set):
    client.force_login(sample_set.owner)
    return client


def live_keys(qset):
    return list(qset.questions.filter(retired_at__isnull=True).order_by("position", "id").values_list("key", flat=True))


def positions(qset):
    return dict(qset.questions.values_list("key", "position"))


def test_it_saves_the_dragged_order_and_answers_with_the_list(
    teacher_client, sample_set, django_assert_max_num_queries
):
    keys = live_keys(sample_set)
    wanted = [*keys[1:3], keys[0], *keys[3:]]
    with django_assert_max_num_queries(14):
        response = teacher_client.post(URL, {"order": wanted, "moved": keys[0]}, **HTMX)
    assert response.status_code == 200
    assert live_keys(sample_set) == wanted
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="question-list"')
    assert "<html" not in body
    assert f'data-announce="نُقل السؤال إلى الموضع 3 من {len(keys)}."' in body
    # The list is drawn in the new order.
    assert [body.index(f'id="q-{key}"') for key in wanted] == sorted(body.index(f'id="q-{key}"') for key in wanted)


def test_the_announcement_is_in_english_for_an_english_page(teacher_client, sample_set):
    keys = live_keys(sample_set)
    teacher_client.cookies["django_language"] = "en"
    response = teacher_client.post(URL, {"order": [*keys[1:3], keys[0], *keys[3:]], "moved": keys[0]}, **HTMX)
    assert f'data-announce="Moved to position 3 of {len(keys)}."' in response.content.decode()


def test_without_htmx_it_redirects_to_the_moved_question(teacher_client, sample_set):
    keys = live_keys(sample_set)
    response = teacher_client.post(URL, {"order": [*reversed(keys)], "moved": keys[0]})
    assert response.status_code == 302
    assert response.url == reverse("set_questions", args=["sample"]) + f"#q-{keys[0]}"
    assert live_keys(sample_set) == [*reversed(keys)]


def test_sending_the_same_order_twice_moves_once(teacher_client, sample_set, django_assert_max_num_queries):
    keys = live_keys(sample_set)
    wanted = [*keys[1:], keys[0]]
    teacher_client.post(URL, {"order": wanted, "moved": keys[0]}, **HTMX)
    saved = positions(sample_set)
    revision = QuestionSet.objects.get(pk=sample_set.pk).content_revision
    with django_assert_max_num_queries(12):
        response = teacher_client.post(URL, {"order": wanted, "moved": keys[0]}, **HTMX)
    assert response.status_code == 200
    assert positions(sample_set) == saved
    assert QuestionSet.objects.get(pk=sample_set.pk).content_revision == revision


@pytest.mark.parametrize(
    "change",
    [
        lambda keys: keys[:-1],
        lambda keys: [*keys, "nope"],
        lambda keys: [*keys[:-1], keys[0]],
        lambda keys: [*keys, keys[0]],
        lambda keys: [],
    ],
    ids=["missing", "unknown", "duplicate-instead-of-one", "duplicate-extra", "empty"],
)
def test_an_order_that_is_not_the_sets_live_questions_is_refused_whole(
    teacher_client, sample_set, change, django_assert_max_num_queries
):
    before = positions(sample_set)
    with django_assert_max_num_queries(10):
        response = teacher_client.post(URL, {"order": change([*reversed(live_keys(sample_set))])}, **HTMX)
    assert response.status_code == 400
    assert positions(sample_set) == before


def test_a_retired_question_is_not_part_of_the_order(teacher_client, sample_set):
    keys = live_keys(sample_set)
    writing.retire_question(sample_set.questions.get(key=keys[0]))
    before = positions(sample_set)
    assert teacher_client.post(URL, {"order": keys}).status_code == 400
    assert positions(sample_set) == before


@pytest.mark.parametrize(
    "data",
    [
        lambda keys: {"order": [*keys[:-1], keys[-1] + "\x00"]},
        lambda keys: {"order": keys, "moved": "a\x00"},
        lambda keys: {"order": [*keys[:-1], "../" + keys[-1]]},
        lambda keys: {"order": [*keys[:-1], keys[-1] + "\n"]},
        lambda keys: {"order": keys, "moved": "nope"},
        lambda keys: {"order": ["x"] * 5001},
    ],
    ids=["nul-in-order", "nul-in-moved", "malformed", "trailing-newline", "moved-not-in-order", "too-long"],
)
def test_malformed_input_is_refused_before_the_database(sample_set, data, django_assert_max_num_queries):
    client = Client(raise_request_exception=False)
    client.force_login(sample_set.owner)
    keys = live_keys(sample_set)
    before = positions(sample_set)
    with django_assert_max_num_queries(4):
        response = client.post(URL, data([*reversed(keys)]), **HTMX)
    assert response.status_code == 400
    assert positions(sample_set) == before


def test_another_set_is_not_found(teacher_client, sample_set, make_user):
    other = QuestionSet.objects.create(slug="others", title="Other", owner=make_user("someone", instructor=True))
    url = reverse("question_reorder", args=[other.slug])
    keys = live_keys(sample_set)
    assert teacher_client.post(url, {"order": keys}).status_code == 404
    assert teacher_client.post(reverse("question_reorder", args=["no-such-set"]), {"order": keys}).status_code == 404


@pytest.mark.parametrize("who", ["student", "outsider"])
def test_someone_who_may_not_edit_the_set_gets_404_and_writes_nothing(client, sample_set, make_user, who):
    person = make_user(who, instructor=who == "outsider")
    client.force_login(person)
    before = positions(sample_set)
    response = client.post(URL, {"order": [*reversed(live_keys(sample_set))]})
    assert response.status_code == 404
    assert positions(sample_set) == before


def test_it_refuses_get(teacher_client):
    assert teacher_client.get(URL).status_code == 405


def test_an_arrow_button_through_htmx_answers_with_the_list_and_where_the_question_went(teacher_client, sample_set):
    keys = live_keys(sample_set)
    question = sample_set.questions.get(key=keys[1])
    url = reverse("question_move", args=["sample", keys[1]])
    response = teacher_client.post(url, {"direction": "up", "position": str(question.position)}, **HTMX)
    assert response.status_code == 200
    assert f'data-announce="نُقل السؤال إلى الموضع 1 من {len(keys)}."' in response.content.decode()
    # The second click of a double click moves nothing and announces nothing.
    response = teacher_client.post(url, {"direction": "up", "position": str(question.position)}, **HTMX)
    assert "data-announce" not in response.content.decode()
    assert live_keys(sample_set)[:2] == [keys[1], keys[0]]


def test_the_list_offers_dragging_only_when_it_shows_the_whole_set(teacher_client):
    page = teacher_client.get(reverse("set_questions", args=["sample"])).content.decode()
    assert "data-reorder-url" in page and "sortablejs-1.15.7/Sortable.min.js" in page and 'hx-post="' in page
    filtered = teacher_client.get(reverse("set_questions", args=["sample"]) + "?type=single").content.decode()
    assert "data-reorder-url" not in filtered and "Sortable.min.js" not in filtered and 'hx-post="' not in filtered
