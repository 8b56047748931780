"""Checking, rating and overriding the answer to a shown card.

Checking stores the grade and the four fsrs outcomes; rating applies the stored outcome once,
however often it is sent. Locks are taken in recording's one order: the shown card's row, then
the student's card row, then the review log and the tallies.
"""

from contextlib import nullcontext

from django.db import connection, transaction

from .. import scheduling, signals
from ..bank.sets import version as cached_version
from ..models import CardState, PendingAnswer, Review
from ..questions import check as check_response
from ..questions import get_type
from . import recording, tallies
from .cards import find_shown
from .recording import card_fields, is_after, lapse


class RatingRefused(Exception):
    """The rating is not one the checked answer allows (Easy after a wrong answer, say)."""


class OverrideRefused(Exception):
    """ "I was right" is not offered for this answer, or came too late."""


def grade(shown):
    """The grade of a checked card, as the answer side shows it; None for a self-graded one."""
    qtype = get_type(shown.version.type)
    if qtype.self_graded or shown.checked_at is None:
        return None
    return qtype.grade(shown.version.data, shown.response)


def check(student, qset, token, form, now) -> PendingAnswer:
    """Grades a response once; a wrong or partly right answer is rated at once, without asking.

    Raises PendingAnswer.DoesNotExist (or CardClosed) before writing anything if the card is not
    the student's in this set, and InvalidResponse if the response cannot be graded.
    """
    shown = find_shown(student, qset, token, related=("card",))
    if shown.checked_at is not None:
        return shown
    checked = check_response(shown.version.type, shown.version.data, shown.seed, form)
    return _store_check(student, shown, checked.response, checked.score, now)


def dont_know(student, qset, token, now) -> PendingAnswer:
    """ "I don't know": shows the answer and records Again, as a wrong answer would."""
    shown = find_shown(student, qset, token, related=("card",))
    if get_type(shown.version.type).self_graded:
        raise RatingRefused("A flashcard is rated by the student.")
    if shown.checked_at is not None:
        return shown
    return _store_check(student, shown, None, 0.0, now)


def _store_check(student, shown, response, score, now):
    before = card_fields(shown.card)
    outcomes = scheduling.outcomes(before, now, student.desired_retention, student.fsrs_parameters)
    # The state the outcomes start from, so rating can tell whether the card moved in between.
    outcomes["before"] = scheduling.card_to_json(before)
    changes = {"response": response, "score": score, "checked_at": now, "outcomes": outcomes}
    auto = score is not None and score < 1
    if auto:
        changes["rated_at"] = now
    # A wrong answer is rated in the same transaction; a right one only stores its result.
    with transaction.atomic() if auto else nullcontext():
        # The conditional update makes one request the winner when two arrive at once.
        if not PendingAnswer.objects.filter(pk=shown.pk, checked_at__isnull=True).update(**changes):
            winner = PendingAnswer.objects.get(pk=shown.pk)
            winner.version = shown.version
            return winner
        for name, value in changes.items():
            setattr(shown, name, value)
        if auto:
            recording.record(student, _answer(shown, score), scheduling.allowed_ratings(score, False)[0], now)
    return shown


def auto_rating(shown):
    """The rating a wrong or partial answer was given without asking, or None."""
    if shown.score is None or shown.score >= 1 or shown.checked_at is None:
        return None
    return scheduling.allowed_ratings(shown.score, False)[0]


def rate(student, qset, token, rating, now) -> PendingAnswer:
    """Applies the stored outcome of a rating; a second request for the same token changes nothing.

    Raises PendingAnswer.DoesNotExist or CardClosed, writing nothing, if the student has no such
    card in this set.
    """
    with transaction.atomic():
        shown = _claim(student, token, qset, now)
        if shown is None:
            shown = find_shown(student, qset, token)
            if shown.checked_at is None:
                raise RatingRefused("The answer has not been checked yet.")
            return shown  # rated already: by a double click, a resent request or another tab
        shown.version = cached_version(shown.version_id)
        self_graded = get_type(shown.version.type).self_graded
        if rating not in scheduling.allowed_ratings(shown.score or 0, self_graded):
            # Raising inside the transaction also undoes the claim.
            raise RatingRefused(f"Rating {rating} is not allowed for a score of {shown.score}.")
        score = shown.score
        if self_graded:
            # A self-graded card is scored by its rating, as its type grades it.
            score = get_type(shown.version.type).grade(shown.version.data, rating).score
        recording.record(student, _answer(shown, score), rating, now)
        signals.study_progress_changed.send(sender=None, student_id=student.pk, question_set_id=qset.pk)
        return shown


def _answer(shown, score):
    return recording.Answer.of_shown(shown, score)


def _claim(student, token, qset, now):
    """Marks a checked, unrated card of the set as rated and returns it, in one statement
    (UPDATE … RETURNING, which the ORM does not offer); None if no such card waits for a rating."""
    field = PendingAnswer._meta.get_field
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(PendingAnswer._meta.db_table)} SET rated_at = %s"
        f" WHERE token = %s AND student_id = %s AND question_set_id = %s"
        f" AND checked_at IS NOT NULL AND rated_at IS NULL RETURNING *"
    )
    params = [
        field("rated_at").get_db_prep_value(now, connection),
        field("token").get_db_prep_value(token, connection),
        student.pk,
        qset.pk,
    ]
    return next(iter(PendingAnswer.objects.raw(sql, params)), None)


def may_override(shown, grade):
    """ "I was right" is offered after a wrong typed answer in study: every wrong part was typed."""
    if shown.kind not in (Review.Kind.STUDY, Review.Kind.AHEAD) or shown.overridden_at is not None:
        return False
    if grade is None or grade.correct or shown.response is None or shown.rated_at is None:
        return False
    wrong = [part for part in grade.parts if not part.correct]
    return bool(wrong) and all(getattr(part, "typed", False) for part in wrong)


def judge_override(qset, review_id, accepted, now) -> bool:
    """An instructor confirms or rejects a student's "I was right" in the set: once (a conditional
    UPDATE; False if the claim is not the set's, not live, or judged already). A rejected claim's
    review takes back its original score, and the question's tally with it, so reports count the
    answer as graded; the schedule (the Good the student recorded) is left as it is."""
    with transaction.atomic():
        claims = Review.objects.filter(
            pk=review_id,
            question__question_set=qset,
            overridden_score__isnull=False,
            undone_at__isnull=True,
            override_reviewed_at__isnull=True,
        )
        if not claims.update(override_reviewed_at=now, override_accepted=accepted):
            return False
        if not accepted:
            review = Review.objects.get(pk=review_id)
            tallies.rescore(review, review.overridden_score)
            Review.objects.filter(pk=review_id).update(score=review.overridden_score)
    return True


def override(student, qset, token, now) -> PendingAnswer:
    """The student says their wrong typed answer was right: the automatic review is marked undone
    and Good is recorded from the outcomes stored at check, with the original score, in one
    transaction, and only while that review is still the card's latest."""
    shown = find_shown(student, qset, token)
    if not may_override(shown, grade(shown)):
        raise OverrideRefused("“I was right” is not offered for this answer.")
    with transaction.atomic():
        # Lock order: the shown card, then the student's card, then the review log.
        if not PendingAnswer.objects.filter(pk=shown.pk, overridden_at__isnull=True).update(overridden_at=now):
            winner = PendingAnswer.objects.get(pk=shown.pk)  # a double click: the first one won
            winner.version = shown.version
            return winner
        card = CardState.objects.select_for_update(of=("self",), no_key=True).get(
            student=student, question_id=shown.question_id
        )
        review = (
            Review.objects.filter(student=student, question_id=shown.question_id, undone_at__isnull=True)
            .order_by("-reviewed_at", "-id")
            .first()
        )
        if review is None or review.reviewed_at != shown.rated_at or not is_after(card, review):
            raise OverrideRefused("The card was answered again since.")
        before = scheduling.card_from_json(shown.outcomes["before"])
        outcome = shown.outcomes[str(scheduling.GOOD)]
        after = scheduling.stored_card(outcome)
        for name in scheduling.CARD_FIELDS:
            setattr(card, name, after[name])
        card.lapses = max(0, card.lapses - lapse(review.state_before, review.rating))
        card.save()
        Review.objects.filter(pk=review.pk).update(undone_at=now)
        tallies.forget(review, shown.question_set_id, student.time_zone)
        recording.log(
            student,
            _answer(shown, 1.0),
            scheduling.GOOD,
            before,
            after,
            outcome["seconds"],
            now,
            overridden_score=shown.score,
        )
    shown.overridden_at = now
    return shown
