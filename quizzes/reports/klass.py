"""The class report: students in rows, assigned sets in columns, each cell the student's
progress, mastery and last activity in the set, with flags for students who need a word."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, Count, DateTimeField, Max, Q, Sum, Value, When
from django.utils.translation import gettext as _

from .. import scheduling
from ..models import BinTally, CardState, DayTally, Membership, Question
from . import calibration, charts
from .student import MASTERY_RECALL, calibration_chart, mastery_target, percent

INACTIVE = timedelta(days=7)
RECENT = timedelta(days=14)
EARLIER = timedelta(days=30)
FALLING = 0.10
# Fewer reviews than this in either window say nothing about a trend.
TREND_MIN_REVIEWS = 10


@dataclass
class Cell:
    studied: int = 0
    total: int = 0
    mastered: int = 0
    last_activity: datetime | None = None

    @property
    def mastery(self):
        return self.mastered / self.total if self.total else None


def is_inactive(last_activity, joined_at, now) -> bool:
    """Whether a student has not studied for 7 days, counted from when they joined the class if
    that is later than their last review: a student who joined minutes ago is not inactive."""
    moments = [m for m in (last_activity, joined_at) if m is not None]
    return not moments or now - max(moments) > INACTIVE


def is_behind(due_date, today, studied, total) -> bool:
    """Whether a student is behind an assigned set: its due date has passed and they have not yet
    studied every one of its cards."""
    return due_date is not None and due_date < today and studied < total


@dataclass
class StudentRow:
    id: int
    name: str
    username: str
    cells: list = field(default_factory=list)
    joined_at: datetime | None = None
    last_activity: datetime | None = None
    recent_retention: float | None = None
    earlier_retention: float | None = None
    inactive: bool = False
    behind: bool = False
    falling: bool = False

    @property
    def flagged(self):
        return self.inactive or self.behind or self.falling


@dataclass
class ClassReport:
    assignments: list
    students: list
    tables: dict = field(default_factory=dict)
    charts: dict = field(default_factory=dict)
    calibration_error: float | None = None


def assignments_of(klass):
    return list(
        klass.assignments.select_related("question_set")
        .annotate(total=Count("question_set__questions", filter=Q(question_set__questions__retired_at__isnull=True)))
        .order_by("due_date", "question_set__title")
    )


def studied_cells(students, targets):
    """(student id, set id, cards studied, cards mastered, last review) per student and set, of
    the live cards being studied, counted by the database: mastery is `is_mastered` on the set's
    target day ({set id: target}). `students` is a queryset of ids (a subquery reads faster
    than a list of 200 ids)."""
    if len(set(targets.values())) == 1:
        target = Value(next(iter(targets.values())))
    else:
        target = Case(
            *[When(question__question_set_id=set_id, then=Value(when)) for set_id, when in targets.items()],
            output_field=DateTimeField(),
        )
    return (
        CardState.objects.filter(
            student_id__in=students,
            # Questions as a subquery: the database then walks each student's cards once.
            question_id__in=Question.objects.filter(question_set_id__in=list(targets), retired_at__isnull=True).values(
                "pk"
            ),
            suspended_at__isnull=True,
            last_review__isnull=False,
        )
        .values("student_id", "question__question_set_id")
        .annotate(
            studied=Count("id"),
            mastered=Count("id", filter=scheduling.recalled_by(target, MASTERY_RECALL)),
            last=Max("last_review"),
        )
        .values_list("student_id", "question__question_set_id", "studied", "mastered", "last")
        .order_by()
    )


def retention_trends(student_ids, set_ids, today):
    """{student id: (recent retention, earlier retention)}: reviews of cards in review in the
    last 14 study days against the 30 days before, answered above Again, from the day tallies."""
    recent = Q(day__gt=today - RECENT)
    rows = (
        DayTally.objects.filter(
            student_id__in=student_ids, question_set_id__in=set_ids, day__gt=today - RECENT - EARLIER
        )
        .values("student_id")
        .annotate(
            recent_n=Sum("in_review", filter=recent),
            recent_ok=Sum("in_review_recalled", filter=recent),
            earlier_n=Sum("in_review", filter=~recent),
            earlier_ok=Sum("in_review_recalled", filter=~recent),
        )
        .order_by()
    )
    result = {}
    for r in rows:
        recent_n, earlier_n = r["recent_n"] or 0, r["earlier_n"] or 0
        recent_rate = r["recent_ok"] / recent_n if recent_n >= TREND_MIN_REVIEWS else None
        earlier_rate = r["earlier_ok"] / earlier_n if earlier_n >= TREND_MIN_REVIEWS else None
        result[r["student_id"]] = (recent_rate, earlier_rate)
    return result


def build(klass, now, *, zone_name="UTC", rtl=False) -> ClassReport:
    found = assignments_of(klass)
    set_ids = [a.question_set_id for a in found]
    members = Membership.objects.current().filter(klass=klass)
    people = list(
        members.order_by("student__username").values_list(
            "student_id", "student__display_name", "student__username", "joined_at"
        )
    )
    student_ids = [p[0] for p in people]
    column = {a.question_set_id: i for i, a in enumerate(found)}
    targets = {a.question_set_id: mastery_target(a.due_date, now, zone_name) for a in found}
    rows = {}
    for pk, display, username, joined_at in people:
        rows[pk] = StudentRow(pk, display or username, username, [Cell(total=a.total) for a in found], joined_at)
    if student_ids and set_ids:
        for student_id, set_id, studied, mastered, last_review in studied_cells(members.values("student_id"), targets):
            cell = rows[student_id].cells[column[set_id]]
            cell.studied, cell.mastered, cell.last_activity = studied, mastered, last_review
    today = scheduling.study_date(now, zone_name)
    trends = retention_trends(student_ids, set_ids, today) if student_ids and set_ids else {}
    for row in rows.values():
        moments = [c.last_activity for c in row.cells if c.last_activity]
        row.last_activity = max(moments) if moments else None
        row.inactive = is_inactive(row.last_activity, row.joined_at, now)
        row.behind = any(
            is_behind(a.due_date, today, cell.studied, cell.total) for a, cell in zip(found, row.cells, strict=True)
        )
        row.recent_retention, row.earlier_retention = trends.get(row.id, (None, None))
        if row.recent_retention is not None and row.earlier_retention is not None:
            row.falling = row.recent_retention <= row.earlier_retention - FALLING
    report = ClassReport(found, list(rows.values()))
    headers = [_("Student"), _("Username")]
    for a in found:
        named = {"set": a.question_set.title}
        headers += [
            _("%(set)s: cards studied") % named,
            _("%(set)s: cards") % named,
            _("%(set)s: mastery (percent)") % named,
            _("%(set)s: last activity") % named,
        ]
    headers += [_("Not studied for 7 days"), _("Behind a due date"), _("Retention falling")]
    table_rows = []
    for row in report.students:
        line = [row.name, row.username]
        for cell in row.cells:
            line += [cell.studied, cell.total, percent(cell.mastery), _day(cell.last_activity)]
        line += [row.inactive, row.behind, row.falling]
        table_rows.append(line)
    report.tables["students"] = charts.Table("students", _("Students and assigned sets"), headers, table_rows)
    bins = calibration.bins_from_tallies(
        BinTally.objects.filter(student_id__in=student_ids, question_set_id__in=set_ids)
    )
    report.calibration_error = calibration.error(bins)
    report.charts["calibration"] = calibration_chart(bins, rtl)
    return report


def _day(moment) -> str:
    return moment.date().isoformat() if moment else ""
