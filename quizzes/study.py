"""Spaced-repetition study: which card comes next, and checking, rating and undoing answers.

A card shown to a student becomes a PendingAnswer with a one-time token; checking stores the
grade and the four fsrs outcomes; rating applies the stored outcome once, however often it is sent.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import BooleanField, Case, DateTimeField, ExpressionWrapper, F, Min, Q, Value, When

from . import scheduling
from .models import CardState, PendingAnswer, ProblemReport, Question, Review
from .questions import get_type
from .questions.flashcard import RATING_SCORES
from .sets import study_order
from .sets import version as cached_version


class RatingRefused(Exception):
    """The rating is not one the checked answer allows (Easy after a wrong answer, say)."""


@dataclass
class Counts:
    new: int = 0
    learning: int = 0
    review: int = 0

    @property
    def total(self):
        return self.new + self.learning + self.review


@dataclass
class Queue:
    counts: Counts
    question_id: int | None = None
    is_new: bool = False
    next_due: datetime | None = None
    ahead_available: bool = False


@dataclass
class Summary:
    studied: int = 0
    accuracy: float | None = None
    seconds: int = 0
    next_due: datetime | None = None
    ratings: dict = field(default_factory=dict)


def card_fields(card):
    if card is None or card.last_review is None:
        return None
    return {name: getattr(card, name) for name in scheduling.CARD_FIELDS}


OPEN_CARDS_SCANNED = 50


def _set_cards(student, qset):
    return CardState.objects.filter(student=student, question__question_set=qset, question__retired_at__isnull=True)


def build_queue(student, qset, now, *, ahead=False) -> Queue:
    """Due learning cards first, then due reviews (most overdue first), then new cards up to the day's limit."""
    start = scheduling.day_start(now, student.time_zone)
    rollover = scheduling.next_rollover(now, student.time_zone)
    # One query: every card the student has in the set (at most the set's size, whatever the
    # number of reviews), as flags computed by the database; only cards that may be due bring
    # their due time, since reading datetimes back is the costly part.
    horizon = max(rollover, now + scheduling.LEARN_AHEAD)
    rows = _set_cards(student, qset).values_list(
        "question_id",
        "state",
        Case(When(due__lte=horizon, then=F("due")), default=Value(None), output_field=DateTimeField()),
        ExpressionWrapper(Q(first_reviewed_at__gte=start), output_field=BooleanField()),
        ExpressionWrapper(Q(last_review__gte=start), output_field=BooleanField()),
        ExpressionWrapper(Q(last_review__isnull=False, suspended_at__isnull=True), output_field=BooleanField()),
    )
    learning, reviews = [], []
    seen = set()
    new_today = reviews_today = 0
    for question_id, state, due, first_today, reviewed_today, studying in rows:
        seen.add(question_id)
        if first_today:
            new_today += 1
        elif reviewed_today:
            reviews_today += 1
        if studying and due is not None and scheduling.is_due(state, due, now, rollover):
            (reviews if state == scheduling.REVIEW else learning).append((due, question_id))
    learning.sort()
    reviews.sort()
    reviews = reviews[: max(0, student.max_reviews_per_day - reviews_today)]
    new_left = max(0, student.new_per_day - new_today)
    new_ids = []
    if new_left:
        new_ids = [qid for qid in study_order(qset) if qid not in seen][:new_left]
    counts = Counts(new=len(new_ids), learning=len(learning), review=len(reviews))
    # As Anki does, a learning card due within the learn-ahead window waits for the other cards.
    learning_now = [item for item in learning if item[0] <= now]
    if learning_now:
        return Queue(counts, learning_now[0][1])
    if reviews:
        return Queue(counts, reviews[0][1])
    if new_ids:
        return Queue(counts, new_ids[0], True)
    if learning:
        return Queue(counts, learning[0][1])
    upcoming = _set_cards(student, qset).filter(suspended_at__isnull=True, last_review__isnull=False)
    first_ahead = upcoming.order_by("due").values_list("question_id", "due").first()
    if ahead and first_ahead:
        return Queue(counts, first_ahead[0], False, first_ahead[1], True)
    return Queue(counts, None, False, first_ahead[1] if first_ahead else None, first_ahead is not None)


def open_pending(student, qset):
    """The card a student was shown and has not rated yet, so a reload shows it again."""
    live = study_order(qset)
    # A student has at most one open card per set, so the few newest open cards suffice.
    candidates = PendingAnswer.objects.filter(
        student=student, rated_at__isnull=True, kind__in=(Review.Kind.STUDY, Review.Kind.AHEAD)
    ).order_by("-shown_at")
    scanned = list(candidates[:OPEN_CARDS_SCANNED])
    if len(scanned) == OPEN_CARDS_SCANNED:
        # Open cards left in many other sets: ask the database for this set's only.
        scanned = list(candidates.filter(question_id__in=list(live))[:1])
    for pending in scanned:
        if pending.question_id in live:
            pending.version = cached_version(pending.version_id)
            return pending
    return None


def show(student, question_id, now, *, kind=Review.Kind.STUDY, qset=None) -> PendingAnswer:
    """Records that a card is shown: its one-time token and the version the student sees."""
    version_id = study_order(qset).get(question_id) if qset is not None else None
    if version_id is None:
        version_id = Question.objects.values_list("current_version_id", flat=True).get(pk=question_id)
    return PendingAnswer.objects.create(
        token=uuid.uuid4(),
        student=student,
        question_id=question_id,
        version=cached_version(version_id),
        kind=kind,
        shown_at=now,
        seed=random.randrange(2**31),
    )


def display(pending):
    """The question's data as this student sees it (a stable shuffle per card shown)."""
    qtype = get_type(pending.version.type)
    return qtype.display(pending.version.data, random.Random(pending.seed))


def check(student, token, form, now) -> PendingAnswer:
    """Grades a response once; a wrong or partly right answer is rated at once, without asking."""
    with transaction.atomic():
        pending = (
            PendingAnswer.objects.select_for_update()
            .select_related("version", "question__question_set")
            .get(token=token, student=student)
        )
        if pending.checked_at is not None:
            return pending
        qtype = get_type(pending.version.type)
        if qtype.self_graded:
            response, score = None, None
        else:
            response = qtype.response_from_form(pending.version.data, form)
            score = qtype.grade(pending.version.data, response).score
        card = CardState.objects.select_for_update().filter(student=student, question_id=pending.question_id).first()
        outcomes = scheduling.outcomes(card_fields(card), now, student.desired_retention)
        outcomes["before"] = card.last_review.isoformat() if card and card.last_review else None
        auto = not qtype.self_graded and score < 1
        changes = {"response": response, "score": score, "checked_at": now, "outcomes": outcomes}
        if auto:
            changes["rated_at"] = now
        # The conditional update makes one request the winner when two arrive at once.
        if not PendingAnswer.objects.filter(pk=pending.pk, checked_at__isnull=True).update(**changes):
            return PendingAnswer.objects.select_related("version", "question__question_set").get(pk=pending.pk)
        for name, value in changes.items():
            setattr(pending, name, value)
        if auto:
            card = card or _lock_new_card(student, pending.question_id, now)
            _record(student, pending, scheduling.allowed_ratings(score, False)[0], card, now)
        return pending


def rate(student, token, rating, now) -> PendingAnswer:
    """Applies the stored outcome of a rating; a second request for the same token changes nothing."""
    with transaction.atomic():
        claimed = PendingAnswer.objects.filter(
            token=token, student=student, checked_at__isnull=False, rated_at__isnull=True
        ).update(rated_at=now)
        pending = PendingAnswer.objects.select_related("version", "question__question_set").get(
            token=token, student=student
        )
        if not claimed:
            if pending.checked_at is None:
                raise RatingRefused("The answer has not been checked yet.")
            return pending
        qtype = get_type(pending.version.type)
        if rating not in scheduling.allowed_ratings(pending.score or 0, qtype.self_graded):
            # Raising inside the transaction also undoes the claim above.
            raise RatingRefused(f"Rating {rating} is not allowed for a score of {pending.score}.")
        card = CardState.objects.select_for_update().filter(student=student, question_id=pending.question_id).first()
        card = card or _lock_new_card(student, pending.question_id, now)
        _record(student, pending, rating, card, now)
        return pending


def _lock_new_card(student, question_id, now):
    """Inserts a new card's row and locks it, so two tabs answering it at once queue up, not clash.

    The insert of the second tab waits for the first to commit, then finds its row; `_record`
    then schedules from the state the first tab left. The row is filled in the same transaction.
    """
    CardState.objects.bulk_create([CardState(student=student, question_id=question_id, due=now)], ignore_conflicts=True)
    return CardState.objects.select_for_update().get(student=student, question_id=question_id)


def _record(student, pending, rating, card, now):
    """Logs the review and moves the card to the outcome the student was shown."""
    before = card_fields(card)
    current_before = card.last_review.isoformat() if card and card.last_review else None
    outcomes = pending.outcomes
    if outcomes.get("before") != current_before:
        # Another tab reviewed this card since it was checked: schedule from its state now.
        outcomes = scheduling.outcomes(before, now, student.desired_retention)
    outcome = outcomes[str(rating)]
    after = scheduling.stored_card(outcome)
    rollover = scheduling.next_rollover(now, student.time_zone)
    kind = pending.kind
    if before and kind == Review.Kind.STUDY and not scheduling.is_due(before["state"], before["due"], now, rollover):
        kind = Review.Kind.AHEAD
    score = RATING_SCORES[rating] if pending.score is None else pending.score
    review = Review.objects.create(
        student=student,
        question_id=pending.question_id,
        version_id=pending.version_id,
        kind=kind,
        response=pending.response,
        rating=rating,
        score=score,
        duration_ms=max(0, int(((pending.checked_at or now) - pending.shown_at).total_seconds() * 1000)),
        state_before=before["state"] if before else None,
        step_before=before["step"] if before else None,
        stability_before=before["stability"] if before else None,
        difficulty_before=before["difficulty"] if before else None,
        due_before=before["due"] if before else None,
        last_review_before=before["last_review"] if before else None,
        state_after=after["state"],
        step_after=after["step"],
        stability_after=after["stability"],
        difficulty_after=after["difficulty"],
        due_after=after["due"],
        scheduled_seconds=outcome["seconds"],
        reviewed_at=now,
    )
    lapse = 1 if before and before["state"] == scheduling.REVIEW and rating == scheduling.AGAIN else 0
    if card is None:
        card = CardState(student=student, question_id=pending.question_id)
    if card.first_reviewed_at is None:
        card.first_reviewed_at = now
    for name in scheduling.CARD_FIELDS:
        setattr(card, name, after[name])
    card.reps += 1
    card.lapses += lapse
    card.save()
    return review


def undo_last(student, qset, now):
    """Restores the card state saved in the last review's row, marks that row undone, and shows
    the card again. Returns the new PendingAnswer, or None when there is nothing to undo."""
    with transaction.atomic():
        review = (
            Review.objects.select_for_update()
            .filter(
                student=student,
                question__question_set=qset,
                undone_at__isnull=True,
                kind__in=[Review.Kind.STUDY, Review.Kind.AHEAD],
            )
            .order_by("-reviewed_at", "-id")
            .first()
        )
        if review is None:
            return None
        card = CardState.objects.select_for_update().get(student=student, question_id=review.question_id)
        if review.state_before is None:
            card.state, card.step, card.stability, card.difficulty = scheduling.LEARNING, 0, None, None
            card.due, card.last_review, card.first_reviewed_at = now, None, None
        else:
            card.state, card.step = review.state_before, review.step_before
            card.stability, card.difficulty = review.stability_before, review.difficulty_before
            card.due, card.last_review = review.due_before, review.last_review_before
        card.reps = max(0, card.reps - 1)
        if review.state_before == scheduling.REVIEW and review.rating == scheduling.AGAIN:
            card.lapses = max(0, card.lapses - 1)
        if card.last_review is None and card.suspended_at is None:
            card.delete()
        else:
            card.save()
        Review.objects.filter(pk=review.pk).update(undone_at=now)
        PendingAnswer.objects.filter(student=student, question__question_set=qset, rated_at__isnull=True).delete()
        return show(student, review.question_id, now)


def suspend(student, question, now):
    card, _ = CardState.objects.get_or_create(student=student, question=question, defaults={"due": now})
    card.suspended_at = now
    card.save(update_fields=["suspended_at"])
    PendingAnswer.objects.filter(student=student, question=question, rated_at__isnull=True).delete()


def restore(student, question):
    CardState.objects.filter(student=student, question=question).update(suspended_at=None)
    CardState.objects.filter(student=student, question=question, last_review__isnull=True).delete()


def report_problem(student, question, reason, comment):
    return ProblemReport.objects.create(student=student, question=question, reason=reason, comment=comment[:1000])


def summary(student, qset, since, now) -> Summary:
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
    result.next_due = (
        _set_cards(student, qset)
        .filter(suspended_at__isnull=True, last_review__isnull=False, due__gt=now)
        .aggregate(m=Min("due"))["m"]
    )
    return result
