"""The deadline rule: the state an attempt is in at a moment, its time left and its submission time,
as every reader must see them whether or not anything finalised it yet (pure rules, no queries)."""

from datetime import timedelta

from django.db.models import Q

from ..models import Attempt

IN_PROGRESS = Attempt.State.IN_PROGRESS
FINISHED = Attempt.State.FINISHED
ABANDONED = Attempt.State.ABANDONED
# Past the deadline, within the grace period: the student may only submit.
GRACE = "grace"
FINISHED_STATES = (FINISHED, ABANDONED)
# The attempt is still the student's: they may answer (in progress) or only submit (in grace).
OPEN_STATES = (IN_PROGRESS, GRACE)


def effective_state(attempt, now):
    """The attempt's state as everyone must read it: past its deadline it is finished (or, with a
    grace period, in grace and then never submitted), whether or not anything finalised it yet."""
    if attempt.state != IN_PROGRESS:
        return attempt.state
    if attempt.deadline is None or now < attempt.deadline:
        return IN_PROGRESS
    if attempt.grace_seconds:
        return GRACE if now < attempt.deadline + timedelta(seconds=attempt.grace_seconds) else ABANDONED
    return FINISHED


def finished_filter(now):
    """`effective_state(attempt, now) == FINISHED` as a filter on attempts, for a query (the same
    rule: finished, or in progress past a deadline with no grace period)."""
    past_deadline = Q(state=IN_PROGRESS, deadline__isnull=False, deadline__lte=now)
    no_grace = Q(grace_seconds__isnull=True) | Q(grace_seconds=0)
    return Q(state=FINISHED) | (past_deadline & no_grace)


def effective_submitted_at(attempt, now):
    if attempt.state != IN_PROGRESS:
        return attempt.submitted_at
    return attempt.deadline if effective_state(attempt, now) == FINISHED else None


def time_left(attempt, now):
    if attempt.deadline is None:
        return None
    return max(timedelta(0), attempt.deadline - now)
