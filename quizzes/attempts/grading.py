"""Marking by hand, as Moodle's manual grading: an essay's mark and comment, and an instructor's
override of any question's mark in an attempt, kept with its comment. Each mark is written under
the attempt's lock (lock.py), and the finished attempt's score follows its rows (scoring.py), so a
mark given while the quiz is regraded leaves one consistent grade."""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ..arabic import to_ascii_digits
from ..models import AttemptQuestion, Question
from ..questions import TYPES
from ..questions.essay import count_words
from ..refusals import Refused
from .deadline import FINISHED, effective_state
from .lock import lock_attempt
from .scoring import rows_score, stored_score

MAX_COMMENT = 5_000
_MARK = re.compile(r"^\d{1,4}(\.\d{1,4})?$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class GradeRefused(Refused):
    """The mark cannot be given (not a number, out of range, an attempt not finished): nothing was written."""


def hand_graded_types():
    return [name for name, t in TYPES.items() if t.graded_by_hand]


def parse_mark(text, maximum):
    """Marks typed by a grader («2.5», «٢٫٥», «2,5»), from 0 to `maximum`."""
    value = to_ascii_digits(text.strip()).replace("٫", ".").replace(",", ".") if isinstance(text, str) else ""
    if not _MARK.match(value):
        raise GradeRefused(_("Give the mark as a number, such as 2 or 2.5."))
    marks = float(value)
    if marks > maximum:
        raise GradeRefused(_("The mark is out of %(max)s: give at most %(max)s.") % {"max": f"{maximum:g}"})
    return marks


def clean_comment(text):
    comment = _CONTROL.sub("", text if isinstance(text, str) else "").strip()
    if len(comment) > MAX_COMMENT:
        raise GradeRefused(_("The comment is longer than %(max)d characters.") % {"max": MAX_COMMENT})
    return comment


def mark(attempt_id, row_id, marks_text, comment_text, grader, now, *, clear=False):
    """Gives one question of a finished attempt the grader's marks and comment (an essay's mark, or
    an override of the automatic one, which must say why), or with `clear` takes the override
    back; then the attempt's score follows. Returns the row as written."""
    comment = clean_comment(comment_text)
    with transaction.atomic():
        locked = lock_attempt(attempt_id)
        if effective_state(locked, now) != FINISHED:
            raise GradeRefused(_("Only a submitted attempt is marked."))
        row = AttemptQuestion.objects.select_related("version").filter(pk=row_id, attempt_id=locked.pk).first()
        if row is None:
            raise GradeRefused(_("This answer is not part of the attempt."))
        by_hand = TYPES[row.version.type].graded_by_hand
        if clear:
            changes = {"manual_score": None, "manual_comment": "", "manual_by": None, "manual_at": None}
        else:
            marks = parse_mark(marks_text, row.mark)
            if not by_hand and not comment:
                raise GradeRefused(_("Say why the mark is overridden: the student reads it."))
            fraction = marks / row.mark if row.mark else 0.0
            changes = {"manual_score": fraction, "manual_comment": comment, "manual_by": grader, "manual_at": now}
        AttemptQuestion.objects.filter(pk=row.pk).update(**changes)
        for name, value in changes.items():
            setattr(row, name, value)
        # A finished attempt's score follows its rows; one the deadline finished is scored when finalised.
        if locked.state == FINISHED:
            score = stored_score(rows_score(locked.questions.all()))
            if score != locked.score:
                type(locked).objects.filter(pk=locked.pk).update(score=score)
    return row


# An answer of a submitted attempt waiting for its grader (an attempt still going is not marked yet).
WAITING = Q(attempt__state=FINISHED, saved_at__isnull=False, score__isnull=True, manual_score__isnull=True)


@dataclass
class GradingQuestion:
    question_id: int
    prompt: str
    waiting: int
    graded: int


def overview(attempts):
    """The questions of these attempts marked by hand, each with its answers waiting for a mark
    and those marked, in the set's order (two queries)."""
    counts = (
        AttemptQuestion.objects.filter(attempt__in=attempts, version__type__in=hand_graded_types())
        .values("question_id")
        .annotate(
            waiting=Count("pk", filter=WAITING),
            graded=Count("pk", filter=Q(manual_score__isnull=False)),
        )
        .order_by()
    )
    found = {row["question_id"]: row for row in counts}
    prompts = Question.objects.filter(pk__in=list(found)).order_by("position", "pk").values_list("pk", "prompt")
    return [GradingQuestion(pk, prompt, found[pk]["waiting"], found[pk]["graded"]) for pk, prompt in prompts]


@dataclass
class Answer:
    row: AttemptQuestion
    state: str
    words: int
    waiting: bool
    marks: float | None = None
    # Shown beside the answer only where it differs from the page's (the question was edited after
    # this attempt began); the page shows its common guidance once.
    guidance: str = ""
    errors: list = field(default_factory=list)
    # The row's id as text, for its anchors and fields (an int is localised at each use in a template).
    key: str = ""
    # What the grader typed, shown again beside the error when it was refused.
    typed: dict | None = None


# Answers on one page of the manual grading report (Moodle's default).
PAGE_SIZE = 10


@dataclass
class AnswersPage:
    answers: list
    number: int
    pages: int
    total: int
    # The guidance for graders of the version most answers on the page were given, shown once.
    guidance: str = ""


def answers(attempts, question_id, now, *, waiting_only=False, page=1):
    """One page of the answers to the question in these attempts, by student and attempt (two
    queries): each answer's text, whether it waits for a mark, the marks given."""
    rows = AttemptQuestion.objects.filter(attempt__in=attempts, question_id=question_id)
    if waiting_only:
        rows = rows.filter(WAITING)
    total = rows.count()
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(page, 1), pages)
    shown = (
        rows.select_related("attempt__student", "version")
        # Only what the page shows and the deadline rule reads: a version's data, an attempt's and
        # a student's other columns cost more to convert than the page costs to draw.
        .only(*ANSWER_COLUMNS)
        .order_by("attempt__student__username", "attempt__number", "pk")[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    )
    result = []
    for row in shown:
        state = effective_state(row.attempt, now)
        waiting = state == FINISHED and row.saved_at is not None and row.score is None and row.manual_score is None
        result.append(
            Answer(
                row=row,
                state=state,
                words=count_words(row.response),
                waiting=waiting,
                marks=None if row.manual_score is None else row.manual_score * row.mark,
                guidance=row.version.data.get("guidance", ""),
                key=str(row.pk),
            )
        )
    common = Counter(a.guidance for a in result).most_common(1)[0][0] if result else ""
    for answer in result:
        if answer.guidance == common:
            answer.guidance = ""
    return AnswersPage(result, number, pages, total, common)


ANSWER_COLUMNS = (
    "attempt_id",
    "version_id",
    "response",
    "saved_at",
    "score",
    "manual_score",
    "manual_comment",
    "mark",
    "attempt__number",
    "attempt__state",
    "attempt__deadline",
    "attempt__grace_seconds",
    "attempt__student__username",
    "attempt__student__display_name",
    "version__data",
)
