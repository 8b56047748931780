"""A student's report: per set and overall, what is new, learning, young and mature, mastery,
true retention, accuracy per topic and per article, the most missed questions, the due
forecast, the year of daily reviews and the study streak.

Counts come from the database grouped per set, per question or per day; Python only walks
rows bounded by the number of cards or questions, never the review log itself.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from .. import scheduling
from ..models import Assignment, BinTally, CardState, DayTally, LearnSession, Question, QuestionTally, Source
from ..study.tallies import true_retention
from . import calibration, charts

MASTERY_RECALL = 0.9
MASTERY_HORIZON = timedelta(days=7)
FORECAST_DAYS = 30
HEATMAP_DAYS = 365
MOST_MISSED = 10


@dataclass
class SetRow:
    set_id: int
    slug: str
    title: str
    total: int = 0
    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    mastered: int = 0
    retention_reviews: int = 0
    retention_recalled: int = 0
    due_date: date | None = None
    last_activity: datetime | None = None

    @property
    def studied(self):
        return self.learning + self.young + self.mature

    @property
    def mastery(self):
        return self.mastered / self.total if self.total else None

    @property
    def retention(self):
        return self.retention_recalled / self.retention_reviews if self.retention_reviews else None


@dataclass
class StudentReport:
    sets: list
    overall: SetRow
    tables: dict = field(default_factory=dict)
    charts: dict = field(default_factory=dict)
    streak: int = 0
    calibration_error: float | None = None


def mastery_target(due_date, now, zone_name):
    """When mastery is measured: the end of the assignment's due day, or a week from now."""
    if due_date is not None:
        zone = scheduling.local_zone(zone_name)
        end = datetime.combine(due_date + timedelta(days=1), datetime.min.time(), tzinfo=zone)
        if end > now:
            return end
    return now + MASTERY_HORIZON


def is_mastered(stability, last_review, target):
    return scheduling.recalled_on(stability, last_review, target, MASTERY_RECALL)


def card_rows(student_ids, set_ids):
    """(student id, set id, state, stability, due, last_review, suspended) of the students' live cards."""
    return CardState.objects.filter(
        student_id__in=student_ids, question__question_set_id__in=set_ids, question__retired_at__isnull=True
    ).values_list("student_id", "question__question_set_id", "state", "stability", "due", "last_review", "suspended_at")


def due_dates(student, set_ids):
    """{set id: the earliest due date of the set among the student's classes}."""
    result = {}
    rows = Assignment.objects.filter(
        klass__memberships__student=student,
        klass__memberships__removed_at__isnull=True,
        question_set_id__in=set_ids,
        due_date__isnull=False,
    )
    for set_id, due in rows.values_list("question_set_id", "due_date"):
        result[set_id] = min(due, result.get(set_id, due))
    return result


def set_rows(student, sets, now):
    """A SetRow per set (each with question_count), in three queries whatever the number of sets."""
    ids = [s.pk for s in sets]
    rows = {s.pk: SetRow(s.pk, s.slug, s.title, total=s.question_count) for s in sets}
    dues = due_dates(student, ids)
    for set_id, row in rows.items():
        row.due_date = dues.get(set_id)
    targets = {set_id: mastery_target(dues.get(set_id), now, student.time_zone) for set_id in ids}
    for _sid, set_id, state, stability, due, last_review, suspended in card_rows([student.pk], ids):
        row = rows[set_id]
        if suspended is not None:
            row.suspended += 1
            continue
        if last_review is None:
            continue
        stage = scheduling.stage(state, due, last_review)
        setattr(row, stage, getattr(row, stage) + 1)
        row.mastered += is_mastered(stability, last_review, targets[set_id])
        row.last_activity = max(row.last_activity or last_review, last_review)
    for set_id, (reviews, recalled) in true_retention([student.pk], ids, now, student.time_zone).items():
        rows[set_id].retention_reviews, rows[set_id].retention_recalled = reviews, recalled
    for row in rows.values():
        row.new = max(0, row.total - row.studied - row.suspended)
    return [rows[s.pk] for s in sets]


def overall(rows):
    total = SetRow(0, "", _("All sets"))
    for row in rows:
        for name in ("total", "new", "learning", "young", "mature", "suspended", "mastered"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.retention_reviews += row.retention_reviews
        total.retention_recalled += row.retention_recalled
        if row.last_activity:
            total.last_activity = max(total.last_activity or row.last_activity, row.last_activity)
    return total


@dataclass
class QuestionRow:
    question_id: int
    set_id: int
    key: str
    prompt: str
    answers: int = 0
    score: float = 0.0
    missed: int = 0
    sources: list = field(default_factory=list)

    @property
    def accuracy(self):
        return self.score / self.answers if self.answers else None


def question_rows(student_ids, set_ids):
    """{question id: QuestionRow} of the students' answers (undone ones left out), per question,
    from the tallies kept as answers are rated."""
    stats = (
        QuestionTally.objects.filter(student_id__in=student_ids, question_set_id__in=set_ids)
        .values("question_id")
        .annotate(n=Sum("answers"), total=Sum("score_sum"), missed=Sum("missed"))
        .order_by()
    )
    stats = {r["question_id"]: r for r in stats if r["n"]}
    questions = (
        Question.objects.filter(pk__in=list(stats))
        .order_by()
        .values_list("pk", "question_set_id", "key", "prompt", "sources")
    )
    result = {}
    for pk, set_id, key, prompt, cited in questions:
        s = stats[pk]
        result[pk] = QuestionRow(pk, set_id, key, prompt, s["n"], s["total"] or 0.0, s["missed"], cited or [])
    return result


def accuracy_by(question_rows_, groups):
    """[(name, answers, accuracy)] of question groups ({question id: [group names]}), by name."""
    answers, scores = Counter(), Counter()
    for qid, row in question_rows_.items():
        for name in groups.get(qid, ()):
            answers[name] += row.answers
            scores[name] += row.score
    return [(name, answers[name], scores[name] / answers[name]) for name in sorted(answers) if answers[name]]


def tags_of(question_ids):
    result = defaultdict(list)
    through = Question.tags.through.objects.filter(question_id__in=question_ids)
    for qid, name in through.values_list("question_id", "tag__name"):
        result[qid].append(name)
    return result


def sources_of(question_rows_, set_ids):
    """{question id: [titles of the articles it cites]}."""
    found = Source.objects.filter(question_set_id__in=set_ids).order_by()
    titles = {(s, k): t for s, k, t in found.values_list("question_set_id", "key", "title")}
    result = defaultdict(list)
    for qid, row in question_rows_.items():
        for doc in sorted({c.get("doc") for c in row.sources if isinstance(c, dict) and c.get("doc")}):
            result[qid].append(titles.get((row.set_id, doc), doc))
    return result


def daily_reviews(student_ids, set_ids, today):
    """{study day: reviews} for the last year, from the day tallies."""
    rows = (
        DayTally.objects.filter(
            student_id__in=student_ids, question_set_id__in=set_ids, day__gt=today - timedelta(days=HEATMAP_DAYS)
        )
        .values("day")
        .annotate(n=Sum("reviews"))
        .order_by()
    )
    return {r["day"]: r["n"] for r in rows if r["n"]}


def streak(days, today):
    """Days in a row with at least one review, up to today (or yesterday, if today is still open)."""
    day = today if days.get(today) else today - timedelta(days=1)
    count = 0
    while days.get(day):
        count += 1
        day -= timedelta(days=1)
    return count


def forecast(student_ids, set_ids, now, zone_name):
    """Cards falling due on each of the next 30 study days (overdue ones today)."""
    today = scheduling.study_date(now, zone_name)
    counts = [0] * FORECAST_DAYS
    rows = CardState.objects.filter(
        student_id__in=student_ids,
        question__question_set_id__in=set_ids,
        question__retired_at__isnull=True,
        suspended_at__isnull=True,
        last_review__isnull=False,
        due__lt=now + timedelta(days=FORECAST_DAYS + 1),
    ).values_list("due", flat=True)
    for due in rows:
        offset = max(0, (scheduling.study_date(due, zone_name) - today).days)
        if offset < FORECAST_DAYS:
            counts[offset] += 1
    return [(today + timedelta(days=i), n) for i, n in enumerate(counts)]


def percent(value):
    return None if value is None else round(value * 100, 1)


def build(student, sets, now, *, rtl=False) -> StudentReport:
    """The whole report of one student over the given sets (annotated with question_count)."""
    rows = set_rows(student, sets, now)
    total = overall(rows)
    report = StudentReport(rows, total)
    set_ids = [s.pk for s in sets]
    zone = student.time_zone
    today = scheduling.study_date(now, zone)

    headers = [
        _("Set"),
        _("Cards"),
        _("New"),
        _("Learning"),
        _("Young"),
        _("Mature"),
        _("Suspended"),
        _("Mastery (percent)"),
        _("True retention (percent)"),
        _("Due date"),
    ]
    report.tables["sets"] = charts.Table(
        "sets",
        _("Progress per set"),
        headers,
        [
            [
                r.title,
                r.total,
                r.new,
                r.learning,
                r.young,
                r.mature,
                r.suspended,
                percent(r.mastery),
                percent(r.retention),
                r.due_date.isoformat() if r.due_date else "",
            ]
            for r in [*rows, total]
        ],
    )
    cards = charts.Table(
        "cards",
        _("Cards by stage"),
        [_("Stage"), _("Cards")],
        [
            [_("New"), total.new],
            [_("Learning"), total.learning],
            [_("Young"), total.young],
            [_("Mature"), total.mature],
            [_("Suspended"), total.suspended],
        ],
    )
    report.charts["cards"] = charts.bar_chart(
        cards,
        _("How many of your cards are new, learning, young (interval under 21 days) and mature."),
        [r[0] for r in cards.rows],
        [r[1] for r in cards.rows],
        rtl=rtl,
        css="bar stage",
    )

    questions = question_rows([student.pk], set_ids)
    report.tables["tags"] = charts.Table(
        "tags",
        _("Accuracy per topic"),
        [_("Topic"), _("Answers"), _("Accuracy (percent)")],
        [[name, n, percent(acc)] for name, n, acc in accuracy_by(questions, tags_of(list(questions)))],
    )
    report.tables["sources"] = charts.Table(
        "sources",
        _("Accuracy per article"),
        [_("Article"), _("Answers"), _("Accuracy (percent)")],
        [[name, n, percent(acc)] for name, n, acc in accuracy_by(questions, sources_of(questions, set_ids))],
    )
    missed = sorted((q for q in questions.values() if q.missed), key=lambda q: (-q.missed, q.accuracy, q.key))
    report.tables["missed"] = charts.Table(
        "missed",
        _("Most often missed"),
        [_("Question"), _("Missed"), _("Answers"), _("Accuracy (percent)")],
        [[q.prompt, q.missed, q.answers, percent(q.accuracy)] for q in missed[:MOST_MISSED]],
    )

    due = forecast([student.pk], set_ids, now, zone)
    table = charts.Table(
        "forecast", _("Due in the next 30 days"), [_("Day"), _("Cards due")], [[d.isoformat(), n] for d, n in due]
    )
    report.charts["forecast"] = charts.bar_chart(
        table,
        _("Cards falling due on each of the next 30 days; overdue cards count today."),
        [d.isoformat() for d, _n in due],
        [n for _d, n in due],
        rtl=rtl,
    )

    days = daily_reviews([student.pk], set_ids, today)
    report.streak = streak(days, today)
    table = charts.Table(
        "heatmap",
        _("Reviews per day, last year"),
        [_("Day"), _("Reviews")],
        [[d.isoformat(), n] for d, n in sorted(days.items())],
    )
    report.charts["heatmap"] = charts.heatmap(
        table, _("One square per day of the last year, darker for more reviews."), days, today, rtl=rtl
    )

    bins = calibration.bins_from_tallies(BinTally.objects.filter(student=student, question_set_id__in=set_ids))
    report.calibration_error = calibration.error(bins)
    report.charts["calibration"] = calibration_chart(bins, rtl)
    return report


def calibration_chart(bins, rtl):
    table = charts.Table(
        "calibration",
        _("Predicted against observed recall"),
        [_("Predicted recall"), _("Reviews"), _("Mean prediction (percent)"), _("Answered right (percent)")],
        [
            [
                f"{round(b.lower * 100)}–{round(b.upper * 100)}%",
                b.reviews,
                percent(b.predicted) if b.reviews else None,
                percent(b.observed) if b.reviews else None,
            ]
            for b in bins
        ],
    )
    return charts.calibration_chart(
        table,
        _(
            "Each dot is a group of reviews: across, the recall the schedule predicted; up, the share "
            "answered right. Dots on the diagonal mean the schedule fits."
        ),
        bins,
        rtl=rtl,
    )


@dataclass
class AssignmentRow:
    klass: str
    set_slug: str
    title: str
    due_date: date | None
    total: int
    left: int
    overdue: bool


def assignments(student, now, studied=None):
    """The sets assigned to the student's classes with their due dates and the cards not yet
    studied, overdue work first, then by due date (none last). `studied` ({set id: cards ever
    reviewed}, as the dashboard's progress already counted them) spares reading them again."""
    found = list(
        Assignment.objects.filter(klass__memberships__student=student, klass__memberships__removed_at__isnull=True)
        .select_related("klass", "question_set")
        .annotate(total=Count("question_set__questions", filter=Q(question_set__questions__retired_at__isnull=True)))
    )
    if not found:
        return []
    studied = dict(studied or {})
    unread = {a.question_set_id for a in found} - set(studied)
    if unread:
        studied |= dict(
            CardState.objects.filter(
                student=student,
                question__question_set_id__in=unread,
                question__retired_at__isnull=True,
                last_review__isnull=False,
            )
            .values("question__question_set_id")
            .annotate(n=Count("id"))
            .values_list("question__question_set_id", "n")
        )
    today = scheduling.study_date(now, student.time_zone)
    rows = []
    for a in found:
        left = max(0, a.total - studied.get(a.question_set_id, 0))
        overdue = a.due_date is not None and a.due_date < today and left > 0
        rows.append(
            AssignmentRow(a.klass.name, a.question_set.slug, a.question_set.title, a.due_date, a.total, left, overdue)
        )
    rows.sort(key=lambda r: (not r.overdue, r.due_date is None, r.due_date or date.max, r.title))
    return rows


def learn_rows(student, limit=20):
    """The student's Learn sessions, newest first: set, when, questions mastered of the total. They
    are practice apart from the schedule, so they stay out of retention and every other figure."""
    sessions = LearnSession.objects.filter(student=student).select_related("question_set").order_by("-started_at")
    return [
        {
            "set": s.question_set,
            "uuid": s.uuid,
            "started_at": s.started_at,
            "finished_at": s.finished_at,
            "mastered": s.mastered,
            "total": s.total,
        }
        for s in sessions.only(
            "uuid", "started_at", "finished_at", "mastered", "total", "question_set__slug", "question_set__title"
        )[:limit]
    ]
