"""A student's report: per set and overall, what is new, learning, young and mature, mastery,
true retention, accuracy per topic and per article, the most missed questions, the due
forecast, the year of daily reviews and the study streak.

Counts come from the database grouped per set, per question or per day; Python only walks
rows bounded by the number of cards or questions, never the review log itself.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from .. import scheduling
from ..models import Assignment, BinTally, CardState, DayTally, LearnSession, Question, QuestionTally, Source
from ..study import tallies
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


def _assignments_due(student):
    return Assignment.objects.filter(
        klass__memberships__student=student, klass__memberships__removed_at__isnull=True, due_date__isnull=False
    )


def due_dates(student, set_ids):
    """{set id: the earliest due date of the set among the student's classes}."""
    result = {}
    rows = _assignments_due(student).filter(question_set_id__in=set_ids)
    for set_id, due in rows.values_list("question_set_id", "due_date"):
        result[set_id] = min(due, result.get(set_id, due))
    return result


def with_due_dates(sets, student):
    """A queryset of sets annotated with `earliest_due`, `due_dates`'s date of each, read with them."""
    earliest = _assignments_due(student).filter(question_set=OuterRef("pk")).order_by("due_date")
    return sets.annotate(earliest_due=Subquery(earliest.values("due_date")[:1]))


def set_rows(student, sets, now, *, cards=None, days=None):
    """A SetRow per set (each with question_count, and earliest_due if read by `with_due_dates`),
    in three queries whatever the number of sets;
    `cards` (card_rows) and `days` (day_rows) already read are used instead of reading them again."""
    ids = [s.pk for s in sets]
    if cards is None:
        cards = card_rows([student.pk], ids)
    if days is None:
        days = day_rows([student.pk], ids, scheduling.study_date(now, student.time_zone))
    rows = {s.pk: SetRow(s.pk, s.slug, s.title, total=s.question_count) for s in sets}
    if all(hasattr(s, "earliest_due") for s in sets):
        dues = {s.pk: s.earliest_due for s in sets if s.earliest_due is not None}
    else:
        dues = due_dates(student, ids)
    for set_id, row in rows.items():
        row.due_date = dues.get(set_id)
    targets = {set_id: mastery_target(dues.get(set_id), now, student.time_zone) for set_id in ids}
    for _sid, set_id, state, stability, due, last_review, suspended in cards:
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
    # True retention as study.tallies.true_retention reads it: mature reviews since `retention_since`.
    since = scheduling.retention_since(now, student.time_zone)
    for set_id, day, _reviews, mature, mature_recalled in days:
        if day >= since:
            rows[set_id].retention_reviews += mature
            rows[set_id].retention_recalled += mature_recalled
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


CONTENT_SECONDS = 3600


def set_content(sets):
    """{question id: (set id, key, prompt, [articles cited], [tags])} and {(set id, article key):
    title} of the sets' questions, kept per set until its content revision moves: bank/writing.py
    and bank/sources.py renew it on every write, so a class's reports read them once, not each."""
    keys = {s.pk: f"report-content:{s.pk}:{s.content_revision}" for s in sets}
    kept = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in kept]
    if missing:
        fresh = {pk: ({}, {}) for pk in missing}
        found = Question.objects.filter(question_set_id__in=missing).order_by()
        for pk, set_id, key, prompt, cited in found.values_list("pk", "question_set_id", "key", "prompt", "sources"):
            docs = sorted({c.get("doc") for c in cited or [] if isinstance(c, dict) and c.get("doc")})
            fresh[set_id][0][pk] = (set_id, key, prompt, docs, [])
        through = Question.tags.through.objects.filter(question__question_set_id__in=missing).order_by()
        for pk, set_id, name in through.values_list("question_id", "question__question_set_id", "tag__name"):
            fresh[set_id][0][pk][4].append(name)
        articles = Source.objects.filter(question_set_id__in=missing).order_by()
        for set_id, key, title in articles.values_list("question_set_id", "key", "title"):
            fresh[set_id][1][(set_id, key)] = title
        fresh = {keys[pk]: value for pk, value in fresh.items()}
        cache.set_many(fresh, CONTENT_SECONDS)
        kept.update(fresh)
    questions, titles = {}, {}
    for q, t in kept.values():
        questions.update(q)
        titles.update(t)
    return questions, titles


def question_stats(student_ids, set_ids):
    """[(question id, answers, score sum, missed)] of the students' answers (undone ones left out),
    per question answered, from the tallies kept as answers are rated."""
    stats = (
        QuestionTally.objects.filter(student_id__in=student_ids, question_set_id__in=set_ids)
        .values_list("question_id")
        .annotate(n=Sum("answers"), total=Sum("score_sum"), missed=Sum("missed"))
        .order_by()
    )
    return [row for row in stats if row[1]]


def question_rows(student_ids, sets, *, stats=None, content=None):
    """{question id: QuestionRow} of question_stats (read here unless given), the questions
    themselves from `set_content`."""
    if stats is None:
        stats = question_stats(student_ids, [s.pk for s in sets])
    content, _titles = content or set_content(sets)
    moved = [pk for pk, *_n in stats if pk not in content]
    if moved:
        # A question tallied in one of the sets that now belongs to another: read as it is.
        found = Question.objects.filter(pk__in=moved).values_list("pk", "question_set_id", "key", "prompt", "sources")
        for pk, set_id, key, prompt, cited in found:
            docs = sorted({c.get("doc") for c in cited or [] if isinstance(c, dict) and c.get("doc")})
            content = {**content, pk: (set_id, key, prompt, docs, [])}
    result = {}
    for pk, n, total, missed in stats:
        set_id, key, prompt, docs, _tags = content[pk]
        result[pk] = QuestionRow(pk, set_id, key, prompt, n, total or 0.0, missed, docs)
    return result


def tally_figures(student, sets, today):
    """(day_rows, question_stats, calibration bins) of the student over the sets, kept until the
    student's tallies move (study.tallies.revision), the sets' content moves or the day ends: a
    report opened again, or by an instructor, without a review between reads them once."""
    ids = sorted(s.pk for s in sets)
    scope = hashlib.sha256(repr([(s.pk, s.content_revision) for s in sorted(sets, key=lambda s: s.pk)]).encode())
    key = f"report-tallies:{student.pk}:{tallies.revision(student.pk)}:{today.isoformat()}:{scope.hexdigest()[:24]}"
    kept = cache.get(key)
    if kept is None:
        bins = calibration.bins_from_tallies(BinTally.objects.filter(student=student, question_set_id__in=ids))
        kept = (day_rows([student.pk], ids, today), question_stats([student.pk], ids), bins)
        cache.set(key, kept, CONTENT_SECONDS)
    return kept


def accuracy_by(question_rows_, groups):
    """[(name, answers, accuracy)] of question groups ({question id: [group names]}), by name."""
    answers, scores = Counter(), Counter()
    for qid, row in question_rows_.items():
        for name in groups.get(qid, ()):
            answers[name] += row.answers
            scores[name] += row.score
    return [(name, answers[name], scores[name] / answers[name]) for name in sorted(answers) if answers[name]]


def tags_of(question_rows_, sets, *, content=None):
    content, _titles = content or set_content(sets)
    return {qid: content[qid][4] for qid in question_rows_ if qid in content}


def sources_of(question_rows_, sets, *, content=None):
    """{question id: [titles of the articles it cites]}."""
    _content, titles = content or set_content(sets)
    return {qid: [titles.get((row.set_id, doc), doc) for doc in row.sources] for qid, row in question_rows_.items()}


def day_rows(student_ids, set_ids, today):
    """[(set id, study day, reviews, mature reviews, mature ones recalled)] of the day tallies of the
    last year: one read for both the heatmap and true retention (whose 30 days lie within it)."""
    return list(
        DayTally.objects.filter(
            student_id__in=student_ids, question_set_id__in=set_ids, day__gt=today - timedelta(days=HEATMAP_DAYS)
        )
        .values_list("question_set_id", "day")
        .annotate(n=Sum("reviews"), mature=Sum("mature"), mature_recalled=Sum("mature_recalled"))
        .order_by()
    )


def daily_reviews(days):
    """{study day: reviews} for the last year, from day_rows."""
    result = Counter()
    for _set_id, day, reviews, _mature, _recalled in days:
        result[day] += reviews
    return {day: n for day, n in result.items() if n}


def streak(days, today):
    """Days in a row with at least one review, up to today (or yesterday, if today is still open)."""
    day = today if days.get(today) else today - timedelta(days=1)
    count = 0
    while days.get(day):
        count += 1
        day -= timedelta(days=1)
    return count


def forecast(cards, now, zone_name):
    """Cards falling due on each of the next 30 study days (overdue ones today), from card_rows:
    the studied cards that are not suspended."""
    today = scheduling.study_date(now, zone_name)
    counts = [0] * FORECAST_DAYS
    horizon = now + timedelta(days=FORECAST_DAYS + 1)
    for _sid, _set_id, _state, _stability, due, last_review, suspended in cards:
        if suspended is not None or last_review is None or due is None or due >= horizon:
            continue
        offset = max(0, (scheduling.study_date(due, zone_name) - today).days)
        if offset < FORECAST_DAYS:
            counts[offset] += 1
    return [(today + timedelta(days=i), n) for i, n in enumerate(counts)]


def percent(value):
    return None if value is None else round(value * 100, 1)


def build(student, sets, now, *, rtl=False) -> StudentReport:
    """The whole report of one student over the given sets (annotated with question_count)."""
    set_ids = [s.pk for s in sets]
    zone = student.time_zone
    today = scheduling.study_date(now, zone)
    card_states = list(card_rows([student.pk], set_ids))
    day_tallies, stats, bins = tally_figures(student, sets, today)
    rows = set_rows(student, sets, now, cards=card_states, days=day_tallies)
    total = overall(rows)
    report = StudentReport(rows, total)

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

    content = set_content(sets)
    questions = question_rows([student.pk], sets, stats=stats, content=content)
    report.tables["tags"] = charts.Table(
        "tags",
        _("Accuracy per topic"),
        [_("Topic"), _("Answers"), _("Accuracy (percent)")],
        [[name, n, percent(acc)] for name, n, acc in accuracy_by(questions, tags_of(questions, sets, content=content))],
    )
    report.tables["sources"] = charts.Table(
        "sources",
        _("Accuracy per article"),
        [_("Article"), _("Answers"), _("Accuracy (percent)")],
        [
            [name, n, percent(acc)]
            for name, n, acc in accuracy_by(questions, sources_of(questions, sets, content=content))
        ],
    )
    missed = sorted((q for q in questions.values() if q.missed), key=lambda q: (-q.missed, q.accuracy, q.key))
    report.tables["missed"] = charts.Table(
        "missed",
        _("Most often missed"),
        [_("Question"), _("Missed"), _("Answers"), _("Accuracy (percent)")],
        [[q.prompt, q.missed, q.answers, percent(q.accuracy)] for q in missed[:MOST_MISSED]],
    )

    due = forecast(card_states, now, zone)
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

    days = daily_reviews(day_tallies)
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
