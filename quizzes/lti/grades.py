"""Grades to the LMS gradebook through Assignment and Grade Services: a quiz's grade, and a set's
study progress where the teacher placed it graded. Each send is one try: a failure the platform
may get over (a 5xx, 429, a network error) raises RetryLater with a backoff that doubles with each
failure in a row, for whatever runs the send to try again then.

The app calls only `grade_changed(attempt_id)` and `study_progress_changed(...)`; for now they send
once the transaction commits."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector
from requests import RequestException

from .. import background
from ..attempts import deadline, scoring
from ..models import Attempt, LtiLineItem, LtiScoreSent, LtiUserLink, QuestionSet, Quiz
from . import config

log = logging.getLogger(__name__)

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
# A set's study progress is sent as a percentage of its questions learned.
PROGRESS_MAXIMUM = 100
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 6 * 3600

SENT, NOTHING_TO_SEND, REFUSED = "sent", "nothing to send", "refused"


# How long a set's being graded in some LMS is remembered (placing it forgets it at once).
PLACEMENT_SECONDS = 600
# The task engine's own: a send that raises it is tried again after the backoff.
RetryLater = background.RetryLater


def backoff(failures):
    """Seconds before the next try after `failures` failures in a row: 60, 120, 240… up to 6 hours."""
    return min(FIRST_RETRY_SECONDS * 2 ** max(failures - 1, 0), LONGEST_RETRY_SECONDS)


def score_maximum(target):
    """The gradebook column's maximum: a quiz's maximum grade, a set's 100."""
    kind, value = target
    if kind == "set":
        return PROGRESS_MAXIMUM
    return float(Quiz.objects.get(pk=value).max_grade)


@dataclass
class Score:
    """What one send says: a score given (None while there is none to give) and the progress words of AGS."""

    given: float | None
    maximum: float
    activity: str
    grading: str


def quiz_score(quiz, student, maximum, now):
    """The student's quiz grade by the quiz's grading method. While no attempt is finished (one in
    progress, or reopened) no score is given: the gradebook reads Pending."""
    found = list(scoring.with_points(Attempt.objects.filter(quiz=quiz, student=student)).order_by("number"))
    grade = scoring.final_grade(found, quiz, now)
    in_progress = any(deadline.effective_state(a, now) in deadline.OPEN_STATES for a in found)
    if grade is None:
        return Score(None, maximum, "InProgress" if in_progress else "Initialized", "Pending")
    if grade is scoring.PENDING:
        # An essay waits for its grader: the gradebook is told so, and given no score until it is marked.
        return Score(None, maximum, "Completed", "PendingManual")
    return Score(round(grade * maximum, 4), maximum, "InProgress" if in_progress else "Completed", "FullyGraded")


def progress_score(qset, student, maximum):
    """The share of the set's live questions the student has learned (their cards in review)."""
    total = qset.questions.filter(retired_at__isnull=True).count()
    learned = (
        student.cards.filter(question__question_set=qset, question__retired_at__isnull=True, state=2)
        .aggregate(n=Count("id", filter=Q(suspended_at__isnull=True)))
        .get("n")
        or 0
    )
    given = round(maximum * learned / total, 4) if total else 0.0
    return Score(given, maximum, "InProgress" if learned < total else "Completed", "FullyGraded")


def _send(item, student, score, now):
    """Posts one score to the item's column, timestamped after any score sent before for this student."""
    link = LtiUserLink.objects.filter(issuer=item.course.issuer, user=student).first()
    if link is None:
        return NOTHING_TO_SEND
    row, _created = LtiScoreSent.objects.get_or_create(line_item=item, student=student)
    # A platform ignores a score older than the one it has: a resend's timestamp only goes forward.
    stamp = now if row.timestamp is None or now > row.timestamp else row.timestamp + timedelta(milliseconds=1)
    grade = (
        Grade()
        .set_user_id(link.subject)
        .set_score_maximum(score.maximum)
        .set_activity_progress(score.activity)
        .set_grading_progress(score.grading)
        .set_timestamp(stamp.isoformat(timespec="milliseconds"))
    )
    if score.given is not None:
        grade.set_score_given(score.given)
    connector = ServiceConnector(config.registration(item.course.platform, now))
    service = AssignmentsGradesService(connector, {"scope": [SCORE_SCOPE], "lineitem": item.lineitem_url})
    try:
        service.put_grade(grade)
    except LtiServiceException as error:
        status = error.response.status_code
        if status >= 500 or status == 429:
            return _failed(row, f"{status}: {error.response.text[:200]}")
        LtiScoreSent.objects.filter(pk=row.pk).update(last_error=f"{status}: {error.response.text[:400]}")
        log.warning("LTI score for line item %s refused: %s", item.pk, status)
        return REFUSED
    except (RequestException, LtiException) as error:
        return _failed(row, str(error)[:400])
    LtiScoreSent.objects.filter(pk=row.pk).update(
        timestamp=stamp, score_given=score.given, grading_progress=score.grading, failures=0, last_error=""
    )
    return SENT


def _failed(row, reason):
    failures = row.failures + 1
    LtiScoreSent.objects.filter(pk=row.pk).update(failures=failures, last_error=reason[:500])
    raise RetryLater(backoff(failures), reason)


def _send_all(items, student, score_of, now):
    outcome, retry = NOTHING_TO_SEND, None
    for item in items:
        try:
            result = _send(item, student, score_of(item), now)
        except RetryLater as later:
            retry = later if retry is None or later.after_seconds < retry.after_seconds else retry
            continue
        outcome = result if outcome == NOTHING_TO_SEND else outcome
    if retry is not None:
        raise retry
    return outcome


def send_quiz_grade(attempt_id, now=None):
    """Sends the grade of the attempt's student at its quiz to every LMS column the quiz is placed in."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_related("quiz", "student").filter(pk=attempt_id).first()
    if attempt is None:
        return NOTHING_TO_SEND
    items = list(
        LtiLineItem.objects.filter(quiz=attempt.quiz).exclude(lineitem_url="").select_related("course__platform")
    )
    return _send_all(
        items, attempt.student, lambda item: quiz_score(attempt.quiz, attempt.student, item.score_maximum, now), now
    )


def send_study_progress(student_id, question_set_id, now=None):
    """Sends the student's progress in the set to every LMS column the set is placed in as graded."""
    now = now or timezone.now()
    items = list(
        LtiLineItem.objects.filter(question_set_id=question_set_id)
        .exclude(lineitem_url="")
        .select_related("course__platform")
    )
    if not items:
        return NOTHING_TO_SEND
    qset = QuestionSet.objects.get(pk=question_set_id)
    student = get_user_model().objects.get(pk=student_id)
    return _send_all(items, student, lambda item: progress_score(qset, student, item.score_maximum), now)


@background.retrying(attempts=10, backoff_seconds=60, max_seconds=6 * 3600)
def send_quiz_grade_later(attempt_id):
    send_quiz_grade(attempt_id)


@background.retrying(attempts=10, backoff_seconds=60, max_seconds=6 * 3600)
def send_study_progress_later(student_id, question_set_id):
    send_study_progress(student_id, question_set_id)


def grade_changed(attempt_id):
    """The one call the app makes when an attempt's grade may have moved (submit, finalise, regrade,
    reopen): a task, after the commit, retried with backoff while the platform cannot take it."""
    if LtiLineItem.objects.filter(quiz__attempts__pk=attempt_id).exists():
        background.enqueue(send_quiz_grade_later, attempt_id)


def on_grade_changed(sender, attempt_id, **kwargs):
    grade_changed(attempt_id)


def on_study_progress(sender, student_id, question_set_id, **kwargs):
    study_progress_changed(student_id, question_set_id)


def study_progress_changed(student_id, question_set_id):
    """The call study makes after a rating: sends progress where the set is placed as graded. Whether
    it is placed anywhere is kept in the cache, so a rating in a set no LMS grades costs no query."""
    if _placed(question_set_id):
        background.enqueue(send_study_progress_later, student_id, question_set_id)


def _placed(question_set_id) -> bool:
    return cache.get_or_set(
        f"lti:graded-set:{question_set_id}",
        lambda: LtiLineItem.objects.filter(question_set_id=question_set_id).exclude(lineitem_url="").exists(),
        PLACEMENT_SECONDS,
    )


def forget_placements(question_set_id):
    """A set was just placed in a gradebook: its next rating looks again."""
    cache.delete(f"lti:graded-set:{question_set_id}")
