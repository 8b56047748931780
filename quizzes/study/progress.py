"""A student's progress per set: what is due, what is new, what is learned, and true retention."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Min, Q

from .. import scheduling
from ..models import CardState, Review
from .queue import counts_by_set, studied_cards
from .tallies import true_retention


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
    ids = [s.pk for s in sets]
    result = {s.pk: SetProgress(total=s.question_count) for s in sets}
    # What is due and new comes from the study queue's own rule and limits, so the two agree.
    for set_id, counts in counts_by_set(student, sets, now).items():
        result[set_id].due_now = counts.learning + counts.review
        result[set_id].new_left_today = counts.new
    live = Q(suspended_at__isnull=True, last_review__isnull=False)
    stages = {name: Count("id", filter=live & q) for name, q in scheduling.stage_filters().items()}
    rows = list(
        CardState.objects.filter(student=student, question__question_set_id__in=ids, question__retired_at__isnull=True)
        .values("question__question_set_id")
        .annotate(cards=Count("id"), suspended=Count("id", filter=Q(suspended_at__isnull=False)), **stages)
    )
    for row in rows:
        p = result[row["question__question_set_id"]]
        p.learning, p.young, p.mature = row["learning"], row["young"], row["mature"]
        p.suspended = row["suspended"]
        p.new = max(0, p.total - row["cards"])
    untouched = set(ids) - {row["question__question_set_id"] for row in rows}
    for set_id in untouched:
        result[set_id].new = result[set_id].total
    for set_id, (reviews, recalled) in true_retention([student.pk], ids, now, student.time_zone).items():
        result[set_id].retention_reviews = reviews
        result[set_id].retention = recalled / reviews if reviews else None
    return result


@dataclass
class Summary:
    studied: int = 0
    accuracy: float | None = None
    seconds: int = 0
    next_due: datetime | None = None
    ratings: dict = field(default_factory=dict)


def summary(student, qset, since, now) -> Summary:
    """The session's figures: cards studied since `since`, their average score and time."""
    reviews = list(
        Review.objects.filter(
            student=student, question__question_set=qset, reviewed_at__gte=since, undone_at__isnull=True
        ).values_list("score", "duration_ms", "rating")
    )
    result = Summary(studied=len(reviews))
    if reviews:
        result.accuracy = sum(r[0] for r in reviews) / len(reviews)
        result.seconds = sum(r[1] for r in reviews) // 1000
        for _score, _ms, rating in reviews:
            result.ratings[rating] = result.ratings.get(rating, 0) + 1
    result.next_due = studied_cards(student, qset).filter(due__gt=now).aggregate(m=Min("due"))["m"]
    return result
