"""Quiz attempts in the reports: each student's attempts and scores, and item analysis of a set's
quiz questions from each student's first finished attempt, as Moodle's quiz statistics do.

Attempts are read through `attempts.effective_state`, so one past its deadline counts as submitted
here too, before anything finalises it.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Q, TextField, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from ..attempts import attempts as attempt_rules
from ..attempts import review_options, scoring
from ..models import Attempt, AttemptQuestion, Question
from . import charts, items


@dataclass
class QuizRow:
    student_id: int
    attempt_id: int
    quiz_id: int
    quiz: str
    number: int
    state: str
    started_at: datetime
    finished_at: datetime | None
    score: float | None
    # The student's grade for the quiz by its grading method (highest, average, first, last).
    grade: float | None
    # Whether the student may see the marks now (the quiz's review options at this moment).
    marks_shown: bool


def quiz_rows(student_ids, now, *, quizzes=None):
    """The quiz attempts of these students, newest first, in one query; `quizzes` (a queryset)
    keeps only the attempts at those quizzes."""
    found = Attempt.objects.filter(student_id__in=student_ids)
    if quizzes is not None:
        found = found.filter(quiz__in=quizzes.values("pk"))
    found = list(attempt_rules.with_points(found.select_related("quiz")).order_by("-started_at", "-number", "-pk"))
    per_quiz = {}
    for attempt in sorted(found, key=lambda a: a.number):
        per_quiz.setdefault((attempt.student_id, attempt.quiz_id), []).append(attempt)
    grades = {
        key: scoring.quiz_grade([attempt_rules.effective_score(a, now) for a in group], group[0].quiz.grading)
        for key, group in per_quiz.items()
    }
    rows = []
    for attempt in found:
        state = attempt_rules.effective_state(attempt, now)
        submitted = attempt_rules.effective_submitted_at(attempt, now)
        when = review_options.moment(attempt.quiz, state, submitted, now)
        rows.append(
            QuizRow(
                student_id=attempt.student_id,
                attempt_id=attempt.pk,
                quiz_id=attempt.quiz_id,
                quiz=attempt.quiz.title,
                number=attempt.number,
                state=state,
                started_at=attempt.started_at,
                finished_at=submitted,
                score=attempt_rules.effective_score(attempt, now),
                grade=grades[(attempt.student_id, attempt.quiz_id)],
                marks_shown="marks" in review_options.allowed(attempt.quiz, when),
            )
        )
    return rows


def state_label(state):
    return {
        attempt_rules.FINISHED: _("Finished"),
        attempt_rules.ABANDONED: _("Never submitted"),
        attempt_rules.GRACE: _("Time is up: submit"),
        attempt_rules.IN_PROGRESS: _("In progress"),
    }.get(state, state)


def quiz_table(rows, *, own):
    """The attempts as a report table (and its CSV); a student sees only the marks the quiz's
    review options show now."""

    def shown(row, value):
        if value is None or (own and not row.marks_shown):
            return None
        if value is scoring.PENDING:
            return str(_("Needs grading"))
        return round(value * 100, 1)

    return charts.Table(
        "quizzes",
        _("Quiz attempts"),
        [
            _("Quiz"),
            _("Attempt"),
            _("State"),
            _("Started"),
            _("Finished"),
            _("Score (percent)"),
            _("Quiz grade (percent)"),
        ],
        [
            [
                r.quiz,
                r.number,
                str(state_label(r.state)),
                r.started_at.isoformat(timespec="minutes"),
                r.finished_at.isoformat(timespec="minutes") if r.finished_at else "",
                shown(r, r.score),
                shown(r, r.grade),
            ]
            for r in rows
        ],
    )


def first_attempts(student_ids, question_set_id, now):
    """{student id: attempt id} of each student's first finished attempt at a quiz of the set."""
    found = (
        Attempt.objects.filter(student_id__in=student_ids, quiz__question_set_id=question_set_id)
        .filter(Q(state=Attempt.State.FINISHED) | Q(state=Attempt.State.IN_PROGRESS, deadline__lte=now))
        .only("pk", "student_id", "state", "deadline", "grace_seconds", "started_at", "number")
        .order_by("started_at", "pk")
    )
    first = {}
    for attempt in found:
        if attempt.student_id not in first and attempt_rules.effective_state(attempt, now) == attempt_rules.FINISHED:
            first[attempt.student_id] = attempt.pk
    return first


def quiz_item_rows(student_ids, question_set_id, now):
    """items.ItemRow per question of the set's quizzes, from each student's first finished attempt:
    responses (attempts that drew the question; unanswered scores 0), facility, discrimination
    (the item's marks against the sum of the marks of the rest of that attempt, as Moodle's),
    efficiency, common wrong answers and Moodle's flags (only with at least 20 students). Three
    queries."""
    first = first_attempts(student_ids, question_set_id, now) if student_ids else {}
    if not first:
        return []
    by_attempt = {attempt_id: student_id for student_id, attempt_id in first.items()}
    # A wrong answer is described with the version it was shown (read as text, for those only).
    shown_with = Case(
        When(Q(score__lt=1) | Q(score__isnull=True), then=Cast("version__data", TextField())), default=Value(None)
    )
    found = (
        AttemptQuestion.objects.filter(attempt_id__in=list(by_attempt))
        .annotate(shown_with=shown_with)
        .values_list(
            "attempt_id",
            "question_id",
            "score",
            "manual_score",
            "saved_at",
            "mark",
            "response",
            "version_id",
            "shown_with",
        )
    )
    answers, versions, marks, decoded = [], [], [], {}
    for attempt_id, question_id, score, manual, saved_at, mark, response, version_id, data in found:
        counted = scoring.row_score(score, manual, saved_at)
        if counted is scoring.PENDING:
            continue  # an essay not marked yet has no score to compare
        answers.append((by_attempt[attempt_id], question_id, counted, response))
        marks.append(mark)
        if data is not None and version_id not in decoded:
            decoded[version_id] = json.loads(data)
        versions.append(decoded.get(version_id) if data is not None else None)
    questions = list(
        Question.objects.filter(pk__in={a[1] for a in answers})
        .order_by("position", "pk")
        .values_list("pk", "key", "prompt", "type", "position", "data")
    )
    rows = items.analyse(questions, answers, versions, marks)
    for row in rows:
        row.flags = items.flags(row)
    return rows


def quiz_item_table(rows):
    return items.table(rows, "quiz-items", _("Item analysis of quiz attempts"))
