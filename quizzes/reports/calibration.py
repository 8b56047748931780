"""Calibration: the recall FSRS predicted at each review against what students answered, binned;
and fitting a student's own FSRS parameters to their log."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, F, Q, Sum, Value
from django.db.models.functions import Floor, Least
from django.utils import timezone

from .. import scheduling
from ..models import FitRequest, FittedSchedule, Review

BINS = 10
FIT_MIN_REVIEWS = scheduling.FIT_MIN_REVIEWS
# A fit queued or running this long was lost (a worker killed, a task pruned): it may be asked again.
FIT_STALE = timedelta(minutes=30)


@dataclass
class Bin:
    lower: float
    upper: float
    reviews: int = 0
    predicted: float = 0.0
    observed: float = 0.0


def bins(reviews) -> list[Bin]:
    """Ten bins of predicted recall (0–10 %, … 90–100 %) over a queryset of reviews: how many
    reviews, their mean prediction and the share answered right (rated above Again), in one query."""
    rows = (
        reviews.filter(retrievability__isnull=False, undone_at__isnull=True)
        .annotate(bin=Least(Floor(F("retrievability") * Value(float(BINS))), Value(BINS - 1.0)))
        .values("bin")
        .annotate(n=Count("id"), predicted=Avg("retrievability"), recalled=Count("id", filter=Q(rating__gt=1)))
        .order_by()
    )
    result = [Bin(i / BINS, (i + 1) / BINS) for i in range(BINS)]
    for row in rows:
        b = result[max(0, int(row["bin"]))]
        b.reviews, b.predicted, b.observed = row["n"], row["predicted"], row["recalled"] / row["n"]
    return result


def bins_from_tallies(tallies) -> list[Bin]:
    """`bins` from bin tallies (a BinTally queryset) instead of the review log: the same numbers."""
    rows = (
        tallies.filter(bin__gte=0)
        .values("bin")
        .annotate(n=Sum("reviews"), predicted=Sum("predicted_sum"), ok=Sum("recalled"))
        .order_by()
    )
    result = [Bin(i / BINS, (i + 1) / BINS) for i in range(BINS)]
    for row in rows:
        if row["n"]:
            b = result[row["bin"]]
            b.reviews, b.predicted, b.observed = row["n"], row["predicted"] / row["n"], row["ok"] / row["n"]
    return result


def error(bins_) -> float | None:
    """Root mean square of observed minus predicted recall, each bin weighted by its reviews."""
    total = sum(b.reviews for b in bins_)
    if not total:
        return None
    return (sum(b.reviews * (b.observed - b.predicted) ** 2 for b in bins_) / total) ** 0.5


class NotEnoughReviews(Exception):
    pass


def histories(student):
    """Each card's (rating, reviewed_at) list, oldest first, from the student's study log."""
    rows = (
        Review.objects.filter(student=student, undone_at__isnull=True)
        .exclude(kind=Review.Kind.QUIZ)
        .order_by("question_id", "reviewed_at", "id")
        .values_list("question_id", "rating", "reviewed_at")
    )
    result, current, last = [], None, None
    for question_id, rating, at in rows:
        if question_id != last:
            current, last = [], question_id
            result.append(current)
        current.append((rating, at))
    return result


def review_count(student):
    return Review.objects.filter(student=student, undone_at__isnull=True).exclude(kind=Review.Kind.QUIZ).count()


def fit_schedule(student, now) -> FittedSchedule:
    """Fits FSRS to the student's log and keeps the parameters with rmse_bins before and after."""
    count = review_count(student)
    if count < scheduling.FIT_MIN_REVIEWS:
        raise NotEnoughReviews(count)
    fitted = scheduling.fit(histories(student))
    if fitted is None:
        raise NotEnoughReviews(count)
    schedule, _ = FittedSchedule.objects.update_or_create(
        student=student,
        defaults={
            "parameters": fitted["parameters"],
            "rmse_before": fitted["rmse_before"],
            "rmse_after": fitted["rmse_after"],
            "items": fitted["items"],
            "reviews": count,
            "fitted_at": now,
        },
    )
    return schedule


def request_fit(student, now) -> bool:
    """Marks the student's fit as queued; False when one is already queued or running (a double
    click), so the caller enqueues at most one. Raises NotEnoughReviews before anything is written."""
    count = review_count(student)
    if count < scheduling.FIT_MIN_REVIEWS:
        raise NotEnoughReviews(count)
    FitRequest.objects.get_or_create(
        student=student, defaults={"state": FitRequest.State.DONE, "requested_at": now - FIT_STALE}
    )
    pending = [FitRequest.State.QUEUED, FitRequest.State.RUNNING]
    # Conditional, so two requests at once queue one fit.
    return bool(
        FitRequest.objects.filter(student=student)
        .exclude(state__in=pending, requested_at__gt=now - FIT_STALE)
        .update(state=FitRequest.State.QUEUED, requested_at=now, started_at=None, finished_at=None)
    )


def run_fit(student, now):
    """The queued fit, in the background: running, then done (FittedSchedule kept) or failed."""
    if not FitRequest.objects.filter(student=student, state=FitRequest.State.QUEUED).update(
        state=FitRequest.State.RUNNING, started_at=now
    ):
        return None  # already taken by another run, or never asked
    schedule = None
    try:
        schedule = fit_schedule(student, now)
    except NotEnoughReviews:
        pass
    finally:
        # Failed as well when the fit raised something unexpected (the task then fails too).
        FitRequest.objects.filter(student=student).update(
            state=FitRequest.State.FAILED if schedule is None else FitRequest.State.DONE, finished_at=timezone.now()
        )
    return schedule


def fit_state(student):
    """(the fit request or None, the last fitted schedule or None), for the report page."""
    return FitRequest.objects.filter(student=student).first(), FittedSchedule.objects.filter(student=student).first()
