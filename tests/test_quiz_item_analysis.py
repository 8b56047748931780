"""Item analysis of quiz attempts against a small set of attempts worked out by hand.

Five students, three questions (Q1, Q2, Q3), each student's first finished attempt:

    student  Q1 Q2 Q3
    A         1  1  1
    B         1  1  0
    C         1  0  1
    D         0  1  0     (in progress past its deadline: counts as submitted)
    E         0  0  0     (E's second attempt, all right, is not the first: left out)

The rest of the attempt is the mean score of its other two questions.

Q1: facility 3/5 = 60 %. Item x = 1,1,1,0,0 (mean .6); rest y = 1,.5,.5,.5,0 (mean .5).
    dx = .4,.4,.4,-.6,-.6; dy = .5,0,0,0,-.5; Sxy = .2+.3 = .5; Sxx = 1.2; Syy = .5.
    r = .5 / sqrt(.6) = .6455 -> discrimination 64.55. Sorted alike (x 0,0,1,1,1; y 0,.5,.5,.5,1)
    Sxy is .5 as well, so the best r is the same: efficiency 100 %.
Q2: facility 60 %. x = 1,1,0,1,0; y = 1,.5,1,0,0 (mean .5); dy = .5,0,.5,-.5,-.5;
    Sxy = .2 + 0 - .3 - .2 + .3 = 0 -> discrimination 0, efficiency 0 %.
Q3: facility 2/5 = 40 %. x = 1,0,1,0,0 (mean .4); y = 1,1,.5,.5,0 (mean .6).
    dx = .6,-.4,.6,-.4,-.4; dy = .4,.4,-.1,-.1,-.6; Sxy = .24-.16-.06+.04+.24 = .30;
    Sxx = 1.2; Syy = .70; r = .3 / sqrt(.84) = .3273 -> discrimination 32.73.
    Sorted alike: x 0,0,0,1,1; y 0,.5,.5,1,1 (dy -.6,-.1,-.1,.4,.4): Sxy = .80, best r =
    .8 / sqrt(.84) = .8729; efficiency .3273 / .8729 = 37.5 %.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes import reports
from quizzes.models import Attempt, AttemptQuestion

pytestmark = pytest.mark.django_db

SCORES = {"A": (1, 1, 1), "B": (1, 1, 0), "C": (1, 0, 1), "D": (0, 1, 0), "E": (0, 0, 0)}


@pytest.fixture
def sitting(make_user, make_quiz, sample_set):
    """The quiz, its three questions and the students, each with the attempts of the table."""
    students = {name: make_user(f"student-{name}") for name in SCORES}
    quiz = make_quiz(*students.values())
    questions = list(sample_set.questions.exclude(type="flashcard").order_by("position")[:3])
    now = timezone.now()

    def attempt(student, number, scores, *, state=Attempt.State.FINISHED, started=None, deadline=None):
        started = started or now - timedelta(hours=5 - number)
        made = Attempt.objects.create(
            quiz=quiz, student=student, number=number, started_at=started, state=state, deadline=deadline
        )
        AttemptQuestion.objects.bulk_create(
            AttemptQuestion(
                attempt=made,
                question=q,
                version_id=q.current_version_id,
                position=i,
                seed=1,
                score=float(s),
                response="zzz" if not s else None,
                saved_at=started,
            )
            for i, (q, s) in enumerate(zip(questions, scores, strict=True), start=1)
        )
        return made

    for name, scores in SCORES.items():
        if name == "D":
            attempt(students[name], 1, scores, state=Attempt.State.IN_PROGRESS, deadline=now - timedelta(minutes=1))
        else:
            attempt(students[name], 1, scores)
    attempt(students["E"], 2, (1, 1, 1))
    # A never-submitted attempt before A's first finished one is not A's first finished attempt.
    attempt(students["A"], 2, (0, 0, 0), state=Attempt.State.ABANDONED, started=now - timedelta(days=1))
    return quiz, questions, students, now


def test_quiz_items_match_the_hand_worked_numbers(sitting, sample_set):
    quiz, questions, students, now = sitting
    ids = [s.pk for s in students.values()]
    rows = {r.question_id: r for r in reports.quiz_item_rows(ids, sample_set.pk, now)}
    q1, q2, q3 = (rows[q.pk] for q in questions)
    assert [q1.responses, q2.responses, q3.responses] == [5, 5, 5]
    assert q1.facility == pytest.approx(0.6) and q2.facility == pytest.approx(0.6)
    assert q3.facility == pytest.approx(0.4)
    assert q1.discrimination == pytest.approx(64.55, abs=0.01)
    assert q1.efficiency == pytest.approx(100)
    assert q2.discrimination == pytest.approx(0, abs=1e-9) and q2.efficiency == pytest.approx(0, abs=1e-9)
    assert q3.discrimination == pytest.approx(32.73, abs=0.01)
    assert q3.efficiency == pytest.approx(37.5, abs=0.01)
    # Fewer than 20 students: no warnings, however the numbers look.
    assert not q2.flags


def test_only_the_given_students_count(sitting, sample_set):
    quiz, questions, students, now = sitting
    rows = reports.quiz_item_rows([students["A"].pk, students["B"].pk], sample_set.pk, now)
    assert {r.responses for r in rows} == {2}


def test_twenty_students_who_all_got_a_question_right_flag_it_as_very_easy(make_user, make_quiz, sample_set):
    students = [make_user(f"s{i}") for i in range(20)]
    quiz = make_quiz(*students)
    question = sample_set.questions.exclude(type="flashcard").order_by("position").first()
    now = timezone.now()
    for student in students:
        made = Attempt.objects.create(
            quiz=quiz, student=student, number=1, started_at=now, state=Attempt.State.FINISHED, score=1
        )
        AttemptQuestion.objects.create(
            attempt=made, question=question, version_id=question.current_version_id, position=1, seed=1, score=1.0
        )
    (row,) = reports.quiz_item_rows([s.pk for s in students], sample_set.pk, now)
    assert row.facility == 1 and any("95%" in str(flag) for flag in row.flags)
