"""Reordering a set's questions by hand: the whole live order at once, all or nothing."""

import pytest
from django.db import connection

from quizzes.bank import writing
from quizzes.bank.sets import study_order
from quizzes.models import Question, QuestionSet
from tests.test_concurrency import at_once

pytestmark = pytest.mark.django_db


def live_keys(qset):
    return list(qset.questions.filter(retired_at__isnull=True).order_by("position", "id").values_list("key", flat=True))


def revision(qset):
    return QuestionSet.objects.values_list("content_revision", flat=True).get(pk=qset.pk)


def test_it_puts_the_live_questions_in_the_order_given(sample_set):
    keys = live_keys(sample_set)
    wanted = [keys[2], *keys[:2], *keys[3:]]
    study_order(sample_set)
    before = revision(sample_set)
    assert writing.reorder_questions(sample_set, wanted) == 3
    assert live_keys(sample_set) == wanted
    # The study order, cached by content revision, follows.
    assert revision(sample_set) == before + 1
    order = list(study_order(sample_set))
    assert [Question.objects.get(pk=pk).key for pk in order] == wanted


def test_the_same_order_again_moves_nothing(sample_set):
    keys = live_keys(sample_set)
    wanted = [*reversed(keys)]
    writing.reorder_questions(sample_set, wanted)
    before = revision(sample_set)
    assert writing.reorder_questions(sample_set, wanted) == 0
    assert revision(sample_set) == before
    assert live_keys(sample_set) == wanted


def test_retired_questions_keep_their_places(sample_set):
    keys = live_keys(sample_set)
    retired = sample_set.questions.get(key=keys[1])
    writing.retire_question(retired)
    position = Question.objects.get(pk=retired.pk).position
    live = [key for key in keys if key != keys[1]]
    writing.reorder_questions(sample_set, [*reversed(live)])
    assert live_keys(sample_set) == [*reversed(live)]
    assert Question.objects.get(pk=retired.pk).position == position


def test_equal_positions_from_an_old_import_are_told_apart(sample_set):
    sample_set.questions.update(position=0)
    keys = sorted(live_keys(sample_set))
    wanted = [*reversed(keys)]
    writing.reorder_questions(sample_set, wanted)
    assert live_keys(sample_set) == wanted
    positions = list(sample_set.questions.order_by("position").values_list("position", flat=True))
    assert len(set(positions)) == len(positions)


@pytest.mark.parametrize(
    "change",
    [
        lambda keys: keys[:-1],  # one missing
        lambda keys: [*keys, "nope"],  # one too many
        lambda keys: [*keys[:-1], keys[0]],  # one twice, one missing
        lambda keys: [*keys[:-1], "nope"],  # a key of no question in the set
        lambda keys: [],
    ],
    ids=["missing", "extra", "duplicate", "foreign", "empty"],
)
def test_an_order_that_is_not_exactly_the_live_questions_writes_nothing(sample_set, change):
    keys = live_keys(sample_set)
    positions = dict(sample_set.questions.values_list("key", "position"))
    before = revision(sample_set)
    with pytest.raises(writing.OrderRefused):
        writing.reorder_questions(sample_set, change([*reversed(keys)]))
    assert dict(sample_set.questions.values_list("key", "position")) == positions
    assert revision(sample_set) == before


def test_a_retired_question_cannot_be_placed(sample_set):
    keys = live_keys(sample_set)
    writing.retire_question(sample_set.questions.get(key=keys[0]))
    with pytest.raises(writing.OrderRefused):
        writing.reorder_questions(sample_set, keys)


# At the same moment (PostgreSQL): the set's lock serialises reorders and moves.

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this there"
)


def reorder(keys):
    return lambda: writing.reorder_questions(QuestionSet.objects.get(slug="sample"), keys)


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_the_same_order_sent_twice_at_once_moves_once(sample_set):
    wanted = [*reversed(live_keys(sample_set))]
    results = at_once(reorder(wanted), reorder(wanted))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results)[0] == 0 < sorted(results)[1], results
    assert live_keys(sample_set) == wanted


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_two_tabs_reordering_at_once_leave_one_of_their_orders_whole(sample_set):
    keys = live_keys(sample_set)
    first, second = [*reversed(keys)], [*keys[1:], keys[0]]
    results = at_once(reorder(first), reorder(second))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert live_keys(sample_set) in (first, second)


@pytest.mark.django_db(transaction=True)
@on_postgresql
def test_an_arrow_button_at_the_moment_of_a_drag_does_not_interleave_with_it(sample_set):
    keys = live_keys(sample_set)
    wanted = [*reversed(keys)]
    position = sample_set.questions.get(key=keys[1]).position

    def move():
        question = QuestionSet.objects.get(slug="sample").questions.get(key=keys[1])
        return writing.move_question(question, "up", expected_position=position)

    results = at_once(reorder(wanted), move)
    assert not [r for r in results if isinstance(r, Exception)], results
    # Whichever comes first, the dragged order names every question's place and stands.
    assert live_keys(sample_set) == wanted
    positions = list(sample_set.questions.values_list("position", flat=True))
    assert len(set(positions)) == len(positions)
