"""Moodle's quiz overview report: how the students' grades for a quiz are spread (a chart with its
table), their average and median, and each question's average mark, from the attempts the reader
may see. Reads only; a grade waiting for a grader is counted apart, not as a number."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import BooleanField, Case, Count, F, FloatField, Max, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ..attempts import scoring
from ..attempts.deadline import FINISHED, IN_PROGRESS, finished_filter
from ..models import AttemptQuestion
from ..richtext import summary
from . import charts

# Moodle's overview draws ten bands of the maximum grade.
BANDS = 10


@dataclass
class QuestionMean:
    question_id: int
    prompt: str
    answers: int
    mean_marks: float | None
    mark: float


@dataclass
class Overview:
    students: int
    graded: int
    waiting: int
    average: float | None
    median: float | None
    chart: charts.Chart
    questions: list
    table: charts.Table


def band_labels(max_grade):
    step = max_grade / BANDS
    return [f"{_num(i * step)}–{_num((i + 1) * step)}" for i in range(BANDS)]


def _num(value):
    value = round(value, 2)
    return f"{int(value)}" if value == int(value) else f"{value:g}"


def distribution(grades, max_grade):
    """How many grades (each out of `max_grade`) fall in each tenth of it; full marks in the last."""
    counts = [0] * BANDS
    for grade in grades:
        band = min(BANDS - 1, int(grade / max_grade * BANDS)) if max_grade else 0
        counts[max(0, band)] += 1
    return counts


def build(quiz, attempts, now, *, rtl=False):
    """The overview of the quiz over `attempts` (the reader's: a co-instructor's classes only), in
    two queries whatever the number of students."""
    grades, waiting, students = [], 0, 0
    for grade in student_grades(quiz, attempts, now).values():
        students += 1
        if grade is scoring.PENDING:
            waiting += 1
        elif grade is not None:
            grades.append(grade * quiz.max_grade)
    counts = distribution(grades, quiz.max_grade)
    labels = band_labels(quiz.max_grade)
    table = charts.Table(
        "grades",
        _("Grades of the students"),
        [_("Grade"), _("Students")],
        [list(r) for r in zip(labels, counts, strict=True)],
    )
    chart = charts.bar_chart(
        table,
        _("How many students have a grade in each tenth of the maximum grade, by the quiz's grading method."),
        labels,
        counts,
        rtl=rtl,
    )
    # The finished attempts as a subquery: a list of hundreds of ids cost more to send than to sum.
    questions = question_means(attempts.filter(finished_filter(now)).values("pk"))
    return Overview(
        students=students,
        graded=len(grades),
        waiting=waiting,
        average=statistics.fmean(grades) if grades else None,
        median=statistics.median(grades) if grades else None,
        chart=chart,
        questions=questions,
        table=question_table(questions),
    )


def student_grades(quiz, attempts, now):
    """{student id: their grade by the quiz's grading method} over `attempts`, in one query.

    Each attempt's state comes from the deadline rule in SQL (`finished_filter`), so no datetime is
    read: an attempt finished by it counts as finished, any other as still open, which is all
    `effective_score` asks of the state. Plain rows, not model instances: a class of hundreds spent
    most of the page building them."""
    finished = Case(When(finished_filter(now), then=Value(True)), default=Value(False), output_field=BooleanField())
    rows = (
        scoring.with_points(attempts.annotate(finished=finished))
        .values_list("student_id", "finished", "score", "points", "marks", "pending")
        .order_by("student_id", "number")
    )
    by_student = defaultdict(list)
    for student_id, done, score, points, marks, pending in rows:
        state = FINISHED if done else IN_PROGRESS
        attempt = SimpleNamespace(state=state, deadline=None, score=score, points=points, marks=marks, pending=pending)
        by_student[student_id].append(scoring.effective_score(attempt, now))
    return {student_id: scoring.quiz_grade(scores, quiz.grading) for student_id, scores in by_student.items()}


def question_means(attempt_ids):
    """Each question's average marks over the finished attempts that asked it (`attempt_ids`: ids,
    or a query of them), an answer waiting for its grader left out, in the set's order; summed in
    the database, in one query."""
    waiting = Q(manual_score__isnull=True, score__isnull=True, saved_at__isnull=False)
    counted = Coalesce(F("manual_score"), F("score"), Value(0.0)) * F("mark")
    rows = (
        AttemptQuestion.objects.filter(attempt_id__in=attempt_ids)
        .values("question_id", "question__prompt", "question__position")
        .annotate(
            answers=Count("pk", filter=~waiting),
            points=Sum(counted, filter=~waiting, output_field=FloatField()),
            mark=Max("mark"),
        )
        .order_by("question__position", "question_id")
    )
    return [
        QuestionMean(
            r["question_id"],
            r["question__prompt"],
            r["answers"],
            r["points"] / r["answers"] if r["answers"] else None,
            r["mark"],
        )
        for r in rows
    ]


def question_table(questions):
    return charts.Table(
        "questions",
        _("Average mark of each question"),
        [_("Question"), _("Answers"), _("Average mark"), _("Out of")],
        [
            [summary(q.prompt, 80), q.answers, None if q.mean_marks is None else round(q.mean_marks, 2), q.mark]
            for q in questions
        ],
    )
