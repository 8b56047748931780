"""Attempts: starting one with its questions fixed, saving answers, submitting, finalising,
reopening and extra time.

Every reader asks `effective_state` (deadline.py), so an attempt past its deadline counts as
submitted wherever it is read, before anything finalises it. Writers take the attempt's lock first
(lock.py), then write its question rows, then the student's cards (study/answering.py's order).
"""

import random
import re
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .. import scheduling, signals
from ..bank.sets import version as cached_version
from ..models import Attempt, AttemptQuestion, Quiz, Review
from ..questions import get_type
from ..refusals import Refused
from ..study import recording
from . import overrides, scoring
from .deadline import (  # noqa: F401 - the deadline rule, read through this module by views and reports
    ABANDONED,
    FINISHED,
    FINISHED_STATES,
    GRACE,
    IN_PROGRESS,
    OPEN_STATES,
    effective_state,
    effective_submitted_at,
    time_left,
)
from .lock import lock_attempt
from .quizzes import draw_questions, is_open
from .scoring import effective_score, final_grade, with_points  # noqa: F401 - as above


class StartRefused(Refused):
    """The attempt cannot start or change; `message` says why."""


class AnswerRefused(StartRefused):
    """The answer came too late, or changes one already checked: nothing was written."""


class ActionRefused(StartRefused):
    """An instructor's reopen or extra time does not apply to the attempt as it is."""


def student_attempts(quiz, student):
    return with_points(Attempt.objects.filter(quiz=quiz, student=student)).order_by("number")


def start(quiz, student, now):
    """The student's open attempt (a reload, a second tab or a double click resumes it), or a new
    one with its questions, their order and each one's option order fixed now."""
    try:
        return _start(quiz, student, now)
    except StartRefused:
        # Another tab's start opened the attempt this one counted as used: it is the student's.
        current = _open_attempt(quiz, student, now)
        if current is None:
            raise
        return current


def _open_attempt(quiz, student, now):
    """The student's attempt still open at the quiz, finalising one past its deadline; else None."""
    current = Attempt.objects.filter(quiz=quiz, student=student, state=IN_PROGRESS).first()
    if current is None:
        return None
    if effective_state(current, now) in OPEN_STATES:
        return current
    finalise_due(current.pk, now)
    return None


def _start(quiz, student, now):
    # The student's own time limit, dates and attempts, where an instructor gave them some.
    quiz = overrides.for_student(quiz, student)
    current = _open_attempt(quiz, student, now)
    if current is not None:
        return current
    if not is_open(quiz, now):
        raise StartRefused(_("This quiz is not open now."))
    used = Attempt.objects.filter(quiz=quiz, student=student).aggregate(n=Max("number"))["n"] or 0
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise StartRefused(_("You have used every attempt this quiz allows."))
    rng = random.SystemRandom()
    chosen = draw_questions(quiz, rng)
    if not chosen:
        raise StartRefused(_("This quiz has no questions yet."))
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    deadline = now + timedelta(minutes=quiz.time_limit) if quiz.time_limit else None
    if quiz.closes_at is not None and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    grace = quiz.grace_minutes * 60 if quiz.on_timeout == Quiz.Timeout.GRACE else 0
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz, student=student, number=used + 1, started_at=now, deadline=deadline, grace_seconds=grace
            )
            AttemptQuestion.objects.bulk_create(
                AttemptQuestion(
                    attempt=attempt,
                    question_id=question_id,
                    version_id=version_id,
                    position=position,
                    seed=rng.randrange(2**31),
                    mark=mark,
                )
                for position, (question_id, version_id, mark) in enumerate(chosen, start=1)
            )
    except IntegrityError:
        # Another tab started an attempt at the same moment (start() resumes it).
        raise StartRefused(_("You have used every attempt this quiz allows.")) from None
    return attempt


def rows(attempt):
    return list(attempt.questions.order_by("position"))


def is_answered(row):
    return row.saved_at is not None and row.response not in (None, "", [], {})


# The names a question's inputs carry: "response" or an opaque key (questions/base.py).
FORM_NAME = re.compile(r"^(response|k[0-9a-f]{10})$")


def kept_form(form, length=500):
    """The submitted values a reload shows again: only the question's own names, texts cut at
    `length` (the type's `kept_length`: an essay is kept whole)."""
    kept = {}
    for name, values in form.items():
        if FORM_NAME.match(name) and isinstance(values, list | tuple):
            kept[name] = [v.replace("\x00", "")[:length] for v in values[:20] if isinstance(v, str)]
    return kept


def save_from_form(attempt, row, form, now, *, seq=None, moving=False):
    """Saves what the question's form holds ("check" in it: checked at once, with immediate
    feedback). Moving on ("Save and next", "Save") from a question left blank saves nothing."""
    blank = not any(v.strip() for values in kept_form(form).values() for v in values)
    if blank and moving:
        return row
    return save_answer(attempt, row, form, now, check="check" in form, seq=seq)


def unanswered(attempt):
    return sum(1 for r in rows(attempt) if not is_answered(r))


def save_answer(attempt, row, form, now, *, check=False, seq=None):
    """Saves the response to one question of the attempt, graded by the registry with the version
    the row has under the attempt's lock (a regrade may have just moved it), stored with the score.

    Raises InvalidResponse (cannot be graded) and AnswerRefused (after the deadline, or an answer
    already checked), writing nothing. `seq` is the browser's number for this save: one older than
    the save stored (a retry arriving late) changes nothing. Saving the same answer twice gives the
    same row.
    """
    immediate = attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE
    with transaction.atomic():
        locked = lock_attempt(attempt.pk)
        if effective_state(locked, now) != IN_PROGRESS:
            raise AnswerRefused(_("Time is up: this answer arrived after the deadline and was not saved."))
        current = AttemptQuestion.objects.get(pk=row.pk)
        if immediate and current.checked_at is not None:
            raise AnswerRefused(_("This answer was checked already; it cannot change."))
        if seq is not None and seq <= current.saved_seq:
            return current
        version = cached_version(current.version_id)
        qtype = get_type(version.type)
        response = qtype.response_from_form(version.data, form, current.seed)
        changes = {
            "response": response,
            "form": kept_form(form, qtype.kept_length),
            "version_id": version.pk,
            "score": scoring.row_grade(version, response, now),
            "saved_at": now,
            "saved_seq": current.saved_seq if seq is None else seq,
        }
        if immediate and check:
            changes["checked_at"] = now
        AttemptQuestion.objects.filter(pk=row.pk).update(**changes)
    for name, value in changes.items():
        setattr(current, name, value)
    return current


def set_flag(attempt, row, flagged, now):
    with transaction.atomic():
        locked = lock_attempt(attempt.pk)
        if effective_state(locked, now) not in OPEN_STATES:
            raise AnswerRefused(_("This attempt is over."))
        AttemptQuestion.objects.filter(pk=row.pk).update(flagged=flagged)
    row.flagged = flagged
    return row


def submit(attempt, now):
    """Submits the attempt once, with what was saved; a second submit (a double click, another
    tab) or a submit after the deadline changes nothing the first one or the deadline decided."""
    with transaction.atomic():
        locked = lock_attempt(attempt.pk)
        state = effective_state(locked, now)
        if state in OPEN_STATES:
            _finalise(locked, FINISHED, now, now)
        elif locked.state == IN_PROGRESS:
            _finalise(locked, state, effective_submitted_at(locked, now), now)
    return locked


def finalise_due(attempt_id, now):
    """Finalises one attempt past its deadline (and grace period) as the deadline rule says it is."""
    with transaction.atomic():
        locked = lock_attempt(attempt_id)
        state = effective_state(locked, now)
        if locked.state == IN_PROGRESS and state in FINISHED_STATES:
            _finalise(locked, state, effective_submitted_at(locked, now), now)
            return True
    return False


def finalise_overdue(now):
    """Finalises every attempt past its deadline and grace period; returns how many (for cron)."""
    candidates = Attempt.objects.filter(state=IN_PROGRESS, deadline__lte=now).values_list("pk", flat=True)
    return sum(finalise_due(pk, now) for pk in list(candidates))


def _finalise(locked, state, submitted_at, now):
    score = scoring.stored_score(scoring.rows_score(locked.questions.all())) if state == FINISHED else None
    # Conditional, so that a database without row locks (SQLite) still finalises once.
    if not Attempt.objects.filter(pk=locked.pk, state=IN_PROGRESS).update(
        state=state, submitted_at=submitted_at, score=score
    ):
        locked.refresh_from_db()
        return
    locked.state, locked.submitted_at, locked.score = state, submitted_at, score
    signals.attempt_grade_changed.send(sender=None, attempt_id=locked.pk)
    if state == FINISHED and locked.quiz.feeds_schedule:
        feed_schedule(locked, now)


def policy_rating(score, before):
    """The quiz's schedule policy: wrong is Again (due again), partly right Hard; right is Easy on a
    new or learning card (in fsrs a new card rated Good is due again in minutes) and Good on a
    card in review."""
    if score < 0.5:
        return scheduling.AGAIN
    if score < 1:
        return scheduling.HARD
    if before is None or before["state"] != scheduling.REVIEW:
        return scheduling.EASY
    return scheduling.GOOD


def feed_schedule(attempt, now):
    """Records each answered question of a finished attempt as a review, once per row."""
    for row in attempt.questions.filter(review__isnull=True).order_by("position"):
        # An essay is never on the schedule (and waits for its grader).
        if not is_answered(row) or not get_type(cached_version(row.version_id).type).in_study:
            continue
        review = recording.record_outside_study(
            attempt.student,
            question_id=row.question_id,
            question_set_id=attempt.quiz.question_set_id,
            version_id=row.version_id,
            kind=Review.Kind.QUIZ,
            response=row.response,
            score=row.score or 0.0,
            shown_at=attempt.started_at,
            choose_rating=partial(policy_rating, row.score or 0.0),
            now=now,
        )
        Review.objects.filter(pk=review.pk).update(attempt=attempt)
        AttemptQuestion.objects.filter(pk=row.pk).update(review=review)


def reopen(attempt, minutes, now):
    """Gives a finished attempt back to its student, with `minutes` to go (None: no limit)."""
    with transaction.atomic():
        locked = lock_attempt(attempt.pk)
        if effective_state(locked, now) not in FINISHED_STATES:
            raise ActionRefused(_("Only a finished attempt can be reopened."))
        deadline = now + timedelta(minutes=minutes) if minutes else None
        try:
            with transaction.atomic():
                Attempt.objects.filter(pk=locked.pk).update(
                    state=IN_PROGRESS, submitted_at=None, score=None, deadline=deadline
                )
        except IntegrityError:
            raise ActionRefused(_("The student has another attempt in progress.")) from None
        signals.attempt_grade_changed.send(sender=None, attempt_id=locked.pk)


def extra_time(attempt, minutes, now):
    """Moves the deadline of an attempt still in progress `minutes` later."""
    with transaction.atomic():
        locked = lock_attempt(attempt.pk)
        if locked.deadline is None or effective_state(locked, now) not in OPEN_STATES:
            raise ActionRefused(_("Extra time is for an attempt in progress with a time limit."))
        Attempt.objects.filter(pk=locked.pk).update(deadline=locked.deadline + timedelta(minutes=minutes))
