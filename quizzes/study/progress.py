"""A student's progress per set: what is due, what is new, what is learned, and true retention."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Min

from ..models import Review
from .queue import cards_by_set, studied_cards
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
    # Cards ever reviewed, suspended ones included: what an assignment counts as studied.
    reviewed: int = 0
    retention: float | None = None
    retention_reviews: int = 0

    @property
    def learned(self):
        return self.young + self.mature


def progress_by_set(student, sets, now):
    """{set id: SetProgress} for sets annotated with question_count, in two queries whatever their number."""
    ids = [s.pk for s in sets]
    result = {s.pk: SetProgress(total=s.question_count) for s in sets}
    # What is due, new and at each stage comes from the study queue's own scan, rule and limits, so
    # the two agree (and the stages cost no second pass over the cards).
    for set_id, (counts, cards) in cards_by_set(student, sets, now, stages=True).items():
        p = result[set_id]
        p.due_now = counts.learning + counts.review
        p.new_left_today = counts.new
        p.learning, p.young, p.mature = (cards.stages.get(name, 0) for name in ("learning", "young", "mature"))
        p.suspended, p.reviewed = cards.suspended, cards.reviewed
        p.new = max(0, p.total - cards.total)
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
