"""The teacher's home: what needs an instructor's attention, as plain values. Open problem reports
and unjudged "I was right" claims on the sets they may edit; students of the classes they teach who
are behind a due date, have a quiz closing soon they have not submitted, or have not studied for 7
days (counted from when they joined); essays waiting for their grader. Each item is gone once
handled. A fixed number of queries, whatever the number of classes, sets and reports."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, OuterRef, Q

from .. import classes, scheduling
from ..attempts.grading import hand_graded_types
from ..bank import problems, sets
from ..models import Assignment, Attempt, AttemptQuestion, CardState, Membership, ProblemReport, Quiz
from .klass import is_behind, is_inactive

# How soon a quiz closes for an unsubmitted one to need a word.
CLOSING_SOON = timedelta(days=2)
# At most this many reports and claims are listed (the oldest first: they have waited longest).
LIMIT = 100


@dataclass(frozen=True)
class ProblemItem:
    id: int
    set_slug: str
    set_title: str
    prompt: str
    reason_label: str
    comment: str
    student: str
    created_at: datetime


@dataclass(frozen=True)
class ClaimItem:
    id: int
    set_slug: str
    set_title: str
    prompt: str
    response: str
    original_score: float
    student: str
    at: datetime


@dataclass(frozen=True)
class QuizDue:
    id: int
    title: str
    closes_at: datetime


@dataclass
class StudentItem:
    klass_id: int
    klass_name: str
    student_id: int
    student: str
    joined_at: datetime
    last_activity: datetime | None = None
    inactive: bool = False
    behind: list = field(default_factory=list)
    quizzes: list = field(default_factory=list)

    @property
    def needs_attention(self):
        return self.inactive or bool(self.behind) or bool(self.quizzes)


@dataclass(frozen=True)
class EssayItem:
    """Answers to one question of a quiz waiting for their grader."""

    quiz_id: int
    quiz_title: str
    question_id: int
    prompt: str
    waiting: int


@dataclass
class Attention:
    problems: list
    claims: list
    students: list
    essays: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.problems) + len(self.claims) + len(self.students) + len(self.essays)


def essays_waiting(user, *, limit=LIMIT) -> list[EssayItem]:
    """Answers marked by hand and not yet marked, in the finished attempts this person grades: every
    attempt at their own quizzes (all of them for staff), their own classes' students' at a quiz
    set for a class they teach. One row per quiz question, the most waiting first."""
    rows = AttemptQuestion.objects.filter(
        attempt__state=Attempt.State.FINISHED,
        saved_at__isnull=False,
        manual_score__isnull=True,
        score__isnull=True,
        version__type__in=hand_graded_types(),
    )
    if not user.is_staff:
        taught = Membership.objects.current().filter(klass__instructors=user, klass__quizzes=OuterRef("attempt__quiz"))
        rows = rows.filter(Q(attempt__quiz__owner=user) | Q(attempt__student_id__in=taught.values("student_id")))
    found = (
        rows.values("attempt__quiz_id", "attempt__quiz__title", "question_id", "version__prompt")
        .annotate(waiting=Count("pk"))
        .order_by("-waiting", "attempt__quiz_id", "question_id")[:limit]
    )
    merged = {}
    for row in found:
        key = (row["attempt__quiz_id"], row["question_id"])
        if key in merged:
            merged[key]["waiting"] += row["waiting"]
        else:
            merged[key] = dict(row)
    return [
        EssayItem(
            r["attempt__quiz_id"], r["attempt__quiz__title"], r["question_id"], r["version__prompt"], r["waiting"]
        )
        for r in merged.values()
    ]


def open_problems(user, *, limit=LIMIT) -> list[ProblemItem]:
    """Open problem reports on the sets the person may edit, oldest first."""
    labels = dict(ProblemReport.Reason.choices)
    found = (
        ProblemReport.objects.filter(
            resolved_at__isnull=True, question__question_set__in=sets.editable_by(user).values("pk")
        )
        .select_related("question__question_set", "student")
        .order_by("created_at", "pk")[:limit]
    )
    return [
        ProblemItem(
            id=r.pk,
            set_slug=r.question.question_set.slug,
            set_title=r.question.question_set.title,
            prompt=r.question.prompt,
            reason_label=str(labels.get(r.reason, r.reason)),
            comment=r.comment,
            student=str(r.student),
            created_at=r.created_at,
        )
        for r in found
    ]


def open_claims(user, *, limit=LIMIT) -> list[ClaimItem]:
    """ "I was right" claims not yet confirmed or rejected, on the sets the person may edit."""
    found = (
        problems.live_overrides()
        .filter(override_reviewed_at__isnull=True, question__question_set__in=sets.editable_by(user).values("pk"))
        .select_related("question__question_set", "student")
        .order_by("reviewed_at", "pk")[:limit]
    )
    return [
        ClaimItem(
            id=r.pk,
            set_slug=r.question.question_set.slug,
            set_title=r.question.question_set.title,
            prompt=r.question.prompt,
            response=problems.as_text(r.response),
            original_score=r.overridden_score,
            student=str(r.student),
            at=r.reviewed_at,
        )
        for r in found
    ]


def students_needing_attention(user, now, today: date) -> list[StudentItem]:
    """The current students of the classes the person teaches who are inactive, behind a due date
    or have a quiz closing soon unsubmitted, by class and name. Five queries."""
    taught = classes.taught_by(user).values("pk")
    memberships = list(
        Membership.objects.current()
        .filter(klass__in=taught)
        .select_related("klass", "student")
        .order_by("klass__name", "klass_id", "student__username")
    )
    if not memberships:
        return []
    assignments = list(
        Assignment.objects.filter(klass__in=taught)
        .select_related("question_set")
        .annotate(total=Count("question_set__questions", filter=Q(question_set__questions__retired_at__isnull=True)))
    )
    student_ids = {m.student_id for m in memberships}
    set_ids = {a.question_set_id for a in assignments}
    cells = {}
    if set_ids:
        rows = (
            CardState.objects.filter(
                student_id__in=Membership.objects.current().filter(klass__in=taught).values("student_id"),
                question__question_set_id__in=set_ids,
                question__retired_at__isnull=True,
                suspended_at__isnull=True,
                last_review__isnull=False,
            )
            .values("student_id", "question__question_set_id")
            .annotate(studied=Count("id"), last=Max("last_review"))
            .values_list("student_id", "question__question_set_id", "studied", "last")
            .order_by()
        )
        cells = {(student, set_id): (studied, last) for student, set_id, studied, last in rows}
    closing = list(
        Quiz.classes.through.objects.filter(
            klass__in=taught, quiz__closes_at__gt=now, quiz__closes_at__lte=now + CLOSING_SOON
        ).values_list("klass_id", "quiz_id", "quiz__title", "quiz__closes_at")
    )
    submitted = set()
    if closing:
        submitted = set(
            Attempt.objects.filter(
                quiz_id__in={quiz_id for _, quiz_id, _, _ in closing},
                student_id__in=student_ids,
                state=Attempt.State.FINISHED,
            ).values_list("quiz_id", "student_id")
        )
    by_class = {}
    for a in assignments:
        by_class.setdefault(a.klass_id, []).append(a)
    quizzes_by_class = {}
    for klass_id, quiz_id, title, closes_at in closing:
        quizzes_by_class.setdefault(klass_id, []).append(QuizDue(quiz_id, title, closes_at))
    found = []
    for m in memberships:
        item = StudentItem(m.klass_id, m.klass.name, m.student_id, str(m.student), m.joined_at)
        moments = []
        for a in by_class.get(m.klass_id, []):
            studied, last = cells.get((m.student_id, a.question_set_id), (0, None))
            if last is not None:
                moments.append(last)
            if is_behind(a.due_date, today, studied, a.total):
                item.behind.append(a.question_set.title)
        item.last_activity = max(moments) if moments else None
        item.inactive = is_inactive(item.last_activity, m.joined_at, now)
        item.quizzes = [q for q in quizzes_by_class.get(m.klass_id, []) if (q.id, m.student_id) not in submitted]
        if item.needs_attention:
            found.append(item)
    return found


def build(user, now, zone_name="UTC") -> Attention:
    today = scheduling.study_date(now, zone_name)
    return Attention(
        problems=open_problems(user),
        claims=open_claims(user),
        students=students_needing_attention(user, now, today),
        essays=essays_waiting(user),
    )
