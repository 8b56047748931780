"""A schedule fitted to the student: FSRS parameters fitted to their own answers with
fsrs-rs-python, used for their next reviews only when they beat the defaults on the student's
latest reviews, held out of the fit; and going back to the defaults.

Scheduling with the parameters is scheduling.py's (the only module that imports fsrs); this
module fits and judges them. Existing due dates stay as they are: only the reviews that follow
use the parameters the student has then.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .. import scheduling
from ..models import FitRequest, FittedSchedule, Review, User

# Anki asks for several hundred reviews before it optimises; fewer fit noise.
FIT_MIN_REVIEWS = 400
# The fit reads at most the latest this many reviews, which bounds its time (about 1.5 s for 28,000).
FIT_MAX_REVIEWS = 20_000
# The latest fifth of the reviews is held out of the fit to judge it against the defaults.
HELD_OUT_SHARE = 0.2
# A fit beats the defaults when its log loss is lower by at least this (the page shows three
# decimals: a win that would show as equal figures is none) and its calibration error no higher.
FIT_MARGIN = 0.001
# A fit queued or running this long was lost (a worker killed, a task pruned): it may be asked again.
FIT_STALE = timedelta(minutes=30)


class NotEnoughReviews(Exception):
    pass


@dataclass
class Fit:
    """Fitted parameters and how they and the defaults predicted the held-out reviews."""

    parameters: list
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    items: int
    held_out: int

    @property
    def better(self):
        """The fitted parameters are used only if they beat the defaults on both measures."""
        return self.log_loss_after <= self.log_loss_before - FIT_MARGIN and self.rmse_after <= self.rmse_before


def fsrs_items(histories, *, before=None, since=None):
    """fsrs-rs-python items from cards' histories: one item per prefix of each card's list of
    (rating, reviewed_at), each review with its interval in whole days since the one before,
    keeping the prefixes whose last review was before `before` or at or after `since` (a review
    held out is predicted from all the card's earlier ones). Only prefixes ending in a review a
    day or more after the one before are kept: fsrs-rs refuses the others (and panics on items
    with no interval above zero, a PanicException that `except Exception` does not catch)."""
    import fsrs_rs_python as rs

    items = []
    for history in histories:
        reviews, previous = [], None
        for rating, at in history:
            delta = 0 if previous is None else max(0, (at.date() - previous.date()).days)
            reviews.append(rs.FSRSReview(int(rating), delta))
            previous = at
            if len(reviews) < 2 or delta <= 0:
                continue
            if (before is None or at < before) and (since is None or at >= since):
                items.append(rs.FSRSItem(list(reviews)))
    return items


def held_out_since(histories):
    """When the held-out reviews begin: the moment of the first of the latest HELD_OUT_SHARE."""
    moments = sorted(at for history in histories for _rating, at in history)
    if not moments:
        return None
    return moments[min(len(moments) - 1, int(len(moments) * (1 - HELD_OUT_SHARE)))]


def fit(histories) -> Fit | None:
    """Fits FSRS to the histories' reviews before the latest fifth, then measures the defaults
    and the fit on that fifth; None when either part has no review to learn from or fsrs-rs
    cannot fit the log."""
    import fsrs_rs_python as rs

    since = held_out_since(histories)
    training = fsrs_items(histories, before=since)
    held_out = fsrs_items(histories, since=since)
    if not training or not held_out:
        return None
    try:
        default = rs.FSRS(list(rs.DEFAULT_PARAMETERS))
        parameters = list(scheduling.fitted_parameters(default.compute_parameters(training)))
        before = default.evaluate(held_out)
        after = rs.FSRS(parameters).evaluate(held_out)
    except BaseException as exc:
        # A log fsrs-rs cannot fit is not a server error; it may panic with pyo3's PanicException,
        # a BaseException that `except Exception` misses. Interrupts and exits still propagate.
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        return None
    return Fit(
        parameters=parameters,
        log_loss_before=before.log_loss,
        log_loss_after=after.log_loss,
        rmse_before=before.rmse_bins,
        rmse_after=after.rmse_bins,
        items=len(training),
        held_out=len(held_out),
    )


def _reviews(student):
    return Review.objects.filter(student=student, undone_at__isnull=True).exclude(kind=Review.Kind.QUIZ)


def histories(student, limit=FIT_MAX_REVIEWS):
    """Each card's (rating, reviewed_at) list, oldest first, from the student's latest `limit`
    study reviews (a card reviewed before them starts at its first review among them)."""
    latest = _reviews(student).order_by("-reviewed_at", "-id").values_list("question_id", "rating", "reviewed_at")
    by_card = {}
    for question_id, rating, at in reversed(list(latest[:limit])):
        by_card.setdefault(question_id, []).append((rating, at))
    return list(by_card.values())


def review_count(student):
    return _reviews(student).count()


def fit_schedule(student, now) -> FittedSchedule:
    """Fits the student's schedule and keeps the fit with its figures; its parameters become the
    student's when they beat the defaults on the held-out reviews, and the defaults otherwise."""
    count = review_count(student)
    if count < FIT_MIN_REVIEWS:
        raise NotEnoughReviews(count)
    fitted = fit(histories(student))
    if fitted is None:
        raise NotEnoughReviews(count)
    with transaction.atomic():
        schedule, _ = FittedSchedule.objects.update_or_create(
            student=student,
            defaults={
                "parameters": fitted.parameters,
                "rmse_before": fitted.rmse_before,
                "rmse_after": fitted.rmse_after,
                "log_loss_before": fitted.log_loss_before,
                "log_loss_after": fitted.log_loss_after,
                "items": fitted.items,
                "held_out": fitted.held_out,
                "better": fitted.better,
                "reviews": min(count, FIT_MAX_REVIEWS),
                "fitted_at": now,
            },
        )
        student.fsrs_parameters = fitted.parameters if fitted.better else None
        User.objects.filter(pk=student.pk).update(fsrs_parameters=student.fsrs_parameters)
    return schedule


def use_defaults(student):
    """Back to the default parameters for the student's next reviews; doing it twice changes nothing.
    The last fit stays on record, and the student may fit again."""
    User.objects.filter(pk=student.pk).update(fsrs_parameters=None)
    student.fsrs_parameters = None


def request_fit(student, now) -> bool:
    """Marks the student's fit as queued; False when one is already queued or running (a double
    click), so the caller enqueues at most one. Raises NotEnoughReviews before anything is written."""
    count = review_count(student)
    if count < FIT_MIN_REVIEWS:
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
    """(the fit request or None, the last fitted schedule or None), for the report page: both are
    one row per student, read together through the student in one query."""
    found = User.objects.select_related("fit_request", "fitted_schedule").only(
        "pk", *(f"{relation}__{f.name}" for relation, model in RELATIONS for f in model._meta.concrete_fields)
    )
    found = found.get(pk=student.pk)
    return tuple(getattr(found, relation, None) for relation, _model in RELATIONS)


RELATIONS = (("fit_request", FitRequest), ("fitted_schedule", FittedSchedule))
