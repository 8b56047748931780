"""A student's progress per set: what is due, what is new, what is learned, and retention."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Q

from . import scheduling
from .models import CardState, Review

MATURE = timedelta(days=21)
RETENTION_WINDOW = timedelta(days=30)


@dataclass
class SetProgress:
    total: int = 0
    due_now: int = 0
    new: int = 0
    new_left_today: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    suspended: int = 0
    retention: float | None = None
    retention_reviews: int = 0

    @property
    def learned(self):
        return self.young + self.mature


def progress_by_set(student, sets, now):
    """{set id: SetProgress} for sets annotated with question_count, in three queries whatever their number."""
    start = scheduling.day_start(now, student.time_zone)
    rollover = scheduling.next_rollover(now, student.time_zone)
    ids = [s.pk for s in sets]
    result = {s.pk: SetProgress(total=s.question_count) for s in sets}
    live = Q(suspended_at__isnull=True, last_review__isnull=False)
    is_learning = Q(state__in=[scheduling.LEARNING, scheduling.RELEARNING])
    is_review = Q(state=scheduling.REVIEW)
    rows = list(
        CardState.objects.filter(student=student, question__question_set_id__in=ids, question__retired_at__isnull=True)
        .values("question__question_set_id")
        .annotate(
            cards=Count("id"),
            due_now=Count(
                "id",
                filter=live
                & ((is_review & Q(due__lt=rollover)) | (is_learning & Q(due__lte=now + scheduling.LEARN_AHEAD))),
            ),
            learning=Count("id", filter=live & is_learning),
            mature=Count("id", filter=live & is_review & Q(due__gte=F("last_review") + MATURE)),
            young=Count("id", filter=live & is_review & Q(due__lt=F("last_review") + MATURE)),
            suspended=Count("id", filter=Q(suspended_at__isnull=False)),
            new_today=Count("id", filter=Q(first_reviewed_at__gte=start)),
        )
    )
    for row in rows:
        p = result[row["question__question_set_id"]]
        p.due_now, p.learning, p.young, p.mature = row["due_now"], row["learning"], row["young"], row["mature"]
        p.suspended = row["suspended"]
        p.new = max(0, p.total - row["cards"])
        p.new_left_today = min(p.new, max(0, student.new_per_day - row["new_today"]))
    untouched = set(ids) - {row["question__question_set_id"] for row in rows}
    for set_id in untouched:
        p = result[set_id]
        p.new = p.total
        p.new_left_today = min(p.total, student.new_per_day)
    retention = (
        Review.objects.filter(
            student=student,
            question__question_set_id__in=ids,
            reviewed_at__gte=now - RETENTION_WINDOW,
            undone_at__isnull=True,
            state_before=scheduling.REVIEW,
        )
        .values("question__question_set_id")
        .annotate(total=Count("id"), recalled=Count("id", filter=Q(rating__gt=scheduling.AGAIN)))
    )
    for row in retention:
        p = result[row["question__question_set_id"]]
        p.retention_reviews = row["total"]
        p.retention = row["recalled"] / row["total"] if row["total"] else None
    return result
