"""Learn mode's course: choices that the matcher never accepts, stages from choices to typing,
rounds that bring a missed question back, one count per answer, and no trace in the schedule."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes.bank import writing
from quizzes.learn import choices, sessions
from quizzes.models import (
    BinTally,
    CardState,
    DayTally,
    LearnSession,
    PendingAnswer,
    QuestionSet,
    QuestionTally,
    Review,
)
from quizzes.questions import InvalidResponse

from .learn_answers import right_form, wrong_form

pytestmark = pytest.mark.django_db

# A short answer with listed variants, a name, and spellings a teacher accepts: hamza forms,
# ى/ي, ة/ه, diacritics, the article.
SHORT = {"answers": [{"text": "أستانا", "variants": ["نور سلطان"]}]}
NAME = {"answers": [{"text": "نزاربايف", "name": "person"}]}
NUMBER = {"answer": 2002}


def _pool(kind, texts):
    return {kind: [(1000 + i, text) for i, text in enumerate(texts)]}


def _made(kind, data, texts, seed=1):
    return choices.make(1, kind, data, _pool(kind, texts), seed)


def test_a_short_answer_never_gets_its_own_spellings_as_wrong_choices():
    spellings = ["استانا", "إستانا", "آستانا", "أَسْتَانَا", "الأستانا", "نور سلطان", "نور سُلطان"]
    made = _made("short", SHORT, [*spellings, "ألماتي", "طشقند", "بيشكيك"])["response"]
    assert sorted(made) == sorted(["أستانا", "ألماتي", "طشقند", "بيشكيك"])


def test_a_name_never_gets_a_spelling_the_name_rule_accepts_as_a_wrong_choice():
    made = _made("short", NAME, ["نزارباييف", "نزار باييف", "نازارباييف", "توكايف", "بوتين", "لوكاشينكو"])
    assert sorted(made["response"]) == sorted(["نزاربايف", "توكايف", "بوتين", "لوكاشينكو"])


def test_a_number_never_gets_its_own_value_in_other_digits_as_a_wrong_choice():
    made = _made("number", NUMBER, ["٢٠٠٢", "۲۰۰۲", "2002.0", "عام 2002", "1991", "1992", "2010"], seed=3)
    wrong = [text for text in made["response"] if text != "2002"]
    assert len(wrong) == 3
    assert all(not choices.accepts("number", NUMBER, "response", text) for text in wrong)
    assert not {"٢٠٠٢", "۲۰۰۲", "2002.0", "عام 2002"} & set(made["response"])


def test_a_number_within_its_tolerance_is_never_a_wrong_choice():
    data = {"answer": 100, "tolerance": 5}
    made = _made("number", data, ["103", "97", "105", "200", "300", "400"])
    assert sorted(made["response"]) == ["100", "200", "300", "400"]


def test_a_number_alone_in_its_set_gets_near_numbers_that_are_wrong():
    made = _made("number", NUMBER, [], seed=7)["response"]
    assert "2002" in made and len(made) == 4
    assert sum(choices.accepts("number", NUMBER, "response", text) for text in made) == 1


def test_a_cloze_gap_gets_choices_from_other_gaps_never_its_own_spelling():
    data = {"text": "[[y]] في [[c]]", "gaps": [{"key": "y", "answers": ["2002"]}, {"key": "c", "answers": ["موسكو"]}]}
    made = choices.make(1, "cloze", data, _pool("cloze", ["٢٠٠٢", "1999", "مُوسكو", "مينسك"]), 5)
    assert "٢٠٠٢" not in made["gap:y"] and "2002" in made["gap:y"]
    assert "مُوسكو" not in made["gap:c"] and "موسكو" in made["gap:c"]


def test_a_question_with_nothing_of_its_kind_to_choose_from_gets_no_choices():
    assert _made("short", SHORT, ["استانا", "أستانا"]) == {}


# Spellings of the answer a student might type (all accepted), and other words (mostly not).
_VARIANT_OF = st.sampled_from(["أستانا", "استانا", "إستانا", "آستانا", "أَسْتَانَا", "الأستانا", "نور سلطان"])
_OTHER = st.text(alphabet="ابتثجحخدذرسشصضطظعغفقكلمنهويىةءأإآ ٠١٢٣٤٥٦٧٨٩0123456789", min_size=1, max_size=8)
_ACCEPTED = st.sampled_from(
    [
        SHORT,
        NAME,
        {"answers": [{"text": "2002"}]},
        {"answers": ["الكرملين"]},
        {"answers": [{"text": "قاسم جومارت توكايف", "name": "person", "heads": ["قاسم"]}]},
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_ACCEPTED, texts=st.lists(st.one_of(_VARIANT_OF, _OTHER), max_size=12), seed=st.integers(0, 2**31 - 1))
def test_no_generated_choice_is_one_the_matcher_accepts(data, texts, seed):
    made = choices.make(1, "short", data, _pool("short", texts), seed)
    right = choices.fields("short", data)["response"]
    for text in made.get("response", []):
        assert (text == right) == choices.accepts("short", data, "response", text), (text, data)
    if made:
        assert made["response"].count(right) == 1


@settings(max_examples=80, deadline=None)
@given(
    answer=st.integers(0, 3000),
    texts=st.lists(st.integers(0, 3000).map(str) | st.sampled_from(["٢٠٠٢", "١٩٩١", "۲۰۰۲"]), max_size=10),
    seed=st.integers(0, 2**31 - 1),
)
def test_no_generated_number_choice_is_one_the_matcher_accepts(answer, texts, seed):
    data = {"answer": answer}
    made = choices.make(1, "number", data, _pool("number", texts), seed)
    accepted = [text for text in made["response"] if choices.accepts("number", data, "response", text)]
    assert accepted == [str(answer)]


# Sessions ---------------------------------------------------------------------------------------


def _posted(form):
    return {k: v if isinstance(v, list) else [v] for k, v in form.items()}


def _run(session, qset, *, wrong_first=(), limit=200):
    """Answers the session to its end (each question of `wrong_first` missed once), returning the
    question ids in the order they were shown with their stage."""
    seen, missed = [], set()
    now = timezone.now()
    for _ in range(limit):
        shown = sessions.current(session, qset, now)
        if shown is None:
            return seen
        seen.append((shown["question"], shown["stage"]))
        key = qset.questions.get(pk=shown["question"]).key
        if key in wrong_first and key not in missed:
            missed.add(key)
            form = wrong_form(shown)
        else:
            form = right_form(shown)
        if shown["stage"] == sessions.RECALL and "knew" in form:
            assert sessions.answer(session, qset, shown["token"], {}, now) is None
        sessions.answer(session, qset, shown["token"], _posted(form), now)
    raise AssertionError("The session did not end.")


def test_a_whole_session_masters_every_question_and_leaves_the_schedule_untouched(student, sample_set):
    session = sessions.start(student, sample_set, [], timezone.now())
    seen = _run(session, sample_set)
    session.refresh_from_db()
    assert session.finished_at is not None
    assert session.mastered == session.total == 9
    assert len(seen) == 2 * 9
    assert not Review.objects.exists() and not CardState.objects.exists()
    assert not PendingAnswer.objects.exists()
    assert not QuestionTally.objects.exists() and not DayTally.objects.exists() and not BinTally.objects.exists()


def test_a_typed_question_moves_from_choices_to_typing_and_a_choice_question_stays_in_its_form(student, sample_set):
    session = sessions.start(student, sample_set, [], timezone.now())
    seen = _run(session, sample_set)
    by_question = {}
    for qid, stage in seen:
        by_question.setdefault(sample_set.questions.get(pk=qid).type, []).append(stage)
    assert by_question["short"] == ["recall", "recall"]  # the only short answer: nothing to choose among
    assert by_question["number"] == ["choices", "recall"]  # near numbers stand in for other answers
    assert by_question["flashcard"] == ["recall", "recall"]  # the only flashcard: nothing to choose among
    assert by_question["single"] == ["own", "own"]
    assert by_question["match"] == ["own", "own"]


def test_a_short_answer_with_others_of_its_kind_is_chosen_then_typed(student, sample_set):
    writing.save_question(
        sample_set,
        {
            "id": "capital-city",
            "type": "short",
            "prompt": "ما عاصمة كازاخستان؟",
            "answers": ["أستانا"],
            "sources": [{"doc": "doc0", "quote": "في عام 2002"}],
        },
        author=sample_set.owner,
    )
    sample_set = QuestionSet.objects.get(pk=sample_set.pk)
    session = sessions.start(student, sample_set, [], timezone.now())
    seen = _run(session, sample_set)
    shorts = set(sample_set.questions.filter(type="short").values_list("pk", flat=True))
    assert [stage for qid, stage in seen if qid in shorts] == ["choices", "choices", "recall", "recall"]


def test_a_missed_question_comes_back_later_in_the_session(student, sample_set):
    session = sessions.start(student, sample_set, [], timezone.now())
    seen = [qid for qid, _stage in _run(session, sample_set, wrong_first=("president",))]
    president = sample_set.questions.get(key="president").pk
    assert seen.count(president) == 3
    first, second = [i for i, qid in enumerate(seen) if qid == president][:2]
    assert second - first > 1


def test_rounds_hold_seven_questions(student, sample_set):
    session = sessions.start(student, sample_set, [], timezone.now())
    now = timezone.now()
    for _ in range(7):
        shown = sessions.current(session, sample_set, now)
        sessions.answer(session, sample_set, shown["token"], _posted(right_form(shown)), now)
    assert sessions.progress(session)["round"] == 1
    sessions.current(session, sample_set, now)
    assert sessions.progress(session)["round"] == 2


def test_an_answer_sent_twice_counts_once(student, sample_set):
    session = sessions.start(student, sample_set, [], timezone.now())
    now = timezone.now()
    shown = sessions.current(session, sample_set, now)
    form = _posted(right_form(shown))
    first = sessions.answer(session, sample_set, shown["token"], form, now)
    again = sessions.answer(session, sample_set, shown["token"], form, now)
    assert first.correct and again.again and not first.again
    assert sessions.progress(session)["value"] == 1
    session.refresh_from_db()
    assert sessions.progress(session)["value"] == 1


def test_two_tabs_answering_the_same_question_count_it_once(student, sample_set):
    now = timezone.now()
    session = sessions.start(student, sample_set, [], now)
    shown = sessions.current(session, sample_set, now)
    other_tab = LearnSession.objects.get(pk=session.pk)
    form = _posted(right_form(shown))
    sessions.answer(session, sample_set, shown["token"], form, now)
    # The other tab read the session before the answer: its write is refused, it reads again.
    answered = sessions.answer(other_tab, sample_set, shown["token"], form, now)
    assert answered.again
    session.refresh_from_db()
    assert sessions.progress(session)["value"] == 1 and session.state["answered"] == 1


def test_a_token_the_session_never_showed_is_refused(student, sample_set):
    session = sessions.start(student, sample_set, [], timezone.now())
    sessions.current(session, sample_set, timezone.now())
    with pytest.raises(sessions.ForeignToken):
        sessions.answer(session, sample_set, "6f1c8f54-3a8e-4c1f-9a53-2f9c0f0f0f0f", {}, timezone.now())


def test_a_choice_the_page_never_offered_records_nothing(student, sample_set):
    session = sessions.start(student, sample_set, [], timezone.now())
    shown = sessions.current(session, sample_set, timezone.now())
    assert shown["stage"] == sessions.CHOICES
    with pytest.raises(InvalidResponse):
        sessions.answer(session, sample_set, shown["token"], {"response": ["2002"]}, timezone.now())
    session.refresh_from_db()
    assert session.state["shown"]["token"] == shown["token"] and session.state["answered"] == 0


def test_learn_leaves_out_essays_and_counts_them(student, sample_set):
    writing.save_question(
        sample_set,
        {
            "id": "essay",
            "type": "essay",
            "prompt": "ناقش.",
            "sources": [{"doc": "doc0", "quote": "في عام 2002"}],
        },
        author=sample_set.owner,
    )
    sample_set = QuestionSet.objects.get(pk=sample_set.pk)
    session = sessions.start(student, sample_set, [], timezone.now())
    assert session.skipped == 1 and session.total == 9


def test_chosen_tags_narrow_the_session(student, sample_set):
    session = sessions.start(student, sample_set, ["تأسيس", "أعضاء"], timezone.now())
    keys = set(sample_set.questions.filter(pk__in=session.state["order"]).values_list("key", flat=True))
    assert keys == {"founded", "members"} and session.total == 2


def test_a_flashcard_is_chosen_among_other_backs_then_revealed_and_judged(student, sample_set):
    writing.save_question(
        sample_set,
        {
            "id": "putin-criterion",
            "type": "flashcard",
            "prompt": "ما الذي يطلبه بوتين؟",
            "back": "طلب رسمي من الدولة العضو.",
            "sources": [{"doc": "doc0", "quote": "في عام 2002"}],
        },
        author=sample_set.owner,
    )
    sample_set = QuestionSet.objects.get(pk=sample_set.pk)
    session = sessions.start(student, sample_set, [], timezone.now())
    seen = _run(session, sample_set)
    flashcards = set(sample_set.questions.filter(type="flashcard").values_list("pk", flat=True))
    assert [stage for qid, stage in seen if qid in flashcards].count("choices") == 2
    assert [stage for qid, stage in seen if qid in flashcards].count("recall") == 2
