"""Reordering a set's questions by hand: the whole live order at once, all or nothing."""

import pytest

from quizzes.bank import writing
from quizzes.bank.sets import study_order
from quizzes.models import Question, QuestionSet

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
