"""Spaced-repetition study: which card comes next, and checking, rating and undoing answers.

A card shown to a student becomes a PendingAnswer with a one-time token; checking stores the
grade and the four fsrs outcomes; rating applies the stored outcome once, however often it is sent.
"""

import random
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_datetime

from . import scheduling
from .models import CardState, PendingAnswer, ProblemReport, Question, QuestionSet, Review
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
    card_id: int | None = None  # the card's row, if the student has one
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
    """The fsrs fields of a card row; None for a new card (no row, or no review yet)."""
    if card is None or card.last_review is None:
        return None
    return {name: getattr(card, name) for name in scheduling.CARD_FIELDS}


# The kinds of card a student studies one at a time per set (a quiz keeps its own).
OPEN_KINDS = (Review.Kind.STUDY, Review.Kind.AHEAD)


def _set_cards(student, qset):
    return CardState.objects.filter(student=student, question__question_set=qset, question__retired_at__isnull=True)


def _queue_rows(student, qset, horizon, day_start):
    """Every card the student has in the set (at most the set's size, whatever the number of
    reviews), with flags the database computes: (card id, question id, state, due if before
    `horizon`, first reviewed today, reviewed today, being studied).

    Plain SQL because this runs on every study page and the ORM spent three times as long
    building the query as the database spent answering it; reading datetimes back is the
    other costly part, so only cards that may be due bring their due time.
    """
    card, question = CardState._meta, Question._meta
    quote, moment = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    sql = (
        f"SELECT c.id, c.question_id, c.state, CASE WHEN c.due <= %s THEN c.due END,"
        f" c.first_reviewed_at >= %s, c.last_review >= %s,"
        f" c.last_review IS NOT NULL AND c.suspended_at IS NULL"
        f" FROM {quote(card.db_table)} c JOIN {quote(question.db_table)} q ON q.id = c.question_id"
        f" WHERE c.student_id = %s AND q.question_set_id = %s AND q.retired_at IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment(horizon), moment(day_start), moment(day_start), student.pk, qset.pk])
        rows = cursor.fetchall()
    for card_id, question_id, state, due, first_today, reviewed_today, studying in rows:
        if isinstance(due, str):  # SQLite returns a computed datetime as text, in UTC
            due = parse_datetime(due).replace(tzinfo=UTC)
        yield card_id, question_id, state, due, bool(first_today), bool(reviewed_today), bool(studying)


def build_queue(student, qset, now, *, ahead=False) -> Queue:
    """Due learning cards first, then due reviews (most overdue first), then new cards up to the day's limit."""
    start = scheduling.day_start(now, student.time_zone)
    rollover = scheduling.next_rollover(now, student.time_zone)
    horizon = max(rollover, now + scheduling.LEARN_AHEAD)
    learning, reviews = [], []
    cards = {}
    new_today = reviews_today = 0
    rows = _queue_rows(student, qset, horizon, start)
    for card_id, question_id, state, due, first_today, reviewed_today, studying in rows:
        cards[question_id] = card_id
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
        new_ids = [qid for qid in study_order(qset) if qid not in cards][:new_left]
    counts = Counts(new=len(new_ids), learning=len(learning), review=len(reviews))
    # As Anki does, a learning card due within the learn-ahead window waits for the other cards.
    learning_now = [item for item in learning if item[0] <= now]
    if learning_now:
        return Queue(counts, learning_now[0][1], cards[learning_now[0][1]])
    if reviews:
        return Queue(counts, reviews[0][1], cards[reviews[0][1]])
    if new_ids:
        return Queue(counts, new_ids[0], None, True)
    if learning:
        return Queue(counts, learning[0][1], cards[learning[0][1]])
    upcoming = _set_cards(student, qset).filter(suspended_at__isnull=True, last_review__isnull=False)
    first_ahead = upcoming.order_by("due").values_list("question_id", "id", "due").first()
    if ahead and first_ahead:
        return Queue(counts, first_ahead[0], first_ahead[1], False, first_ahead[2], True)
    return Queue(counts, next_due=first_ahead[2] if first_ahead else None, ahead_available=first_ahead is not None)


def next_card(student, qset, now, *, ahead=False):
    """The card to study now, with the queue: the student's open card in this set if there is
    one (a reload shows it again), else the next one from the queue, recorded as shown.
    The card is None when nothing is left to study."""
    queue = build_queue(student, qset, now, ahead=ahead)
    if queue.question_id is None:
        # A card studied ahead may still be open although nothing is due.
        return open_pending(student, qset), queue
    kind = Review.Kind.AHEAD if ahead and queue.ahead_available else Review.Kind.STUDY
    for _attempt in range(3):
        pending = _open_card(student, qset, queue.question_id, queue.card_id, now, kind)
        if pending is not None:
            return pending, queue
        # Another card of the set is open: show it. It may have been rated since, by another
        # tab, in which case the next round opens the queue's card after all.
        pending = open_pending(student, qset)
        if pending is not None:
            return pending, queue
    raise RuntimeError("The next card could not be opened.")


def _open_cards(student, qset):
    """The student's unrated study cards in the set: at most one, by the table's constraint."""
    return PendingAnswer.objects.filter(student=student, question_set=qset, rated_at__isnull=True, kind__in=OPEN_KINDS)


def open_pending(student, qset):
    """The card a student was shown in this set and has not rated yet, or None."""
    pending = _open_cards(student, qset).first()
    if pending is None:
        return None
    if pending.question_id not in study_order(qset):
        # Its question was retired since: the student moves on to a live one.
        pending.delete()
        return None
    pending.version = cached_version(pending.version_id)
    return pending


def _open_card(student, qset, question_id, card_id, now, kind):
    """Records a card as shown, or returns None if another card of the set is open already."""
    # Inside a transaction the failed insert needs a savepoint to roll back to; on its own (as
    # in a request) it fails alone, and the savepoint's two round trips would be wasted.
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            return _shown(student, qset, question_id, card_id, study_order(qset)[question_id], now, kind)
    except IntegrityError:
        return None


def show(student, question_id, now, *, kind=Review.Kind.STUDY) -> PendingAnswer:
    """Shows this question now, closing the card the student had open in its set, if any."""
    question = Question.objects.select_related("question_set").get(pk=question_id)
    if kind in OPEN_KINDS:
        _open_cards(student, question.question_set).delete()
    card_id = CardState.objects.filter(student=student, question_id=question_id).values_list("id", flat=True).first()
    return _shown(student, question.question_set, question_id, card_id, question.current_version_id, now, kind)


def _shown(student, qset, question_id, card_id, version_id, now, kind):
    return PendingAnswer.objects.create(
        token=uuid.uuid4(),
        student=student,
        question_id=question_id,
        card_id=card_id,
        question_set=qset,
        version=cached_version(version_id),
        kind=kind,
        shown_at=now,
        seed=random.randrange(2**31),
    )


def display(pending):
    """The question's data as this student sees it (a stable shuffle per card shown)."""
    qtype = get_type(pending.version.type)
    return qtype.display(pending.version.data, pending.seed)


def check(student, token, form, now) -> PendingAnswer:
    """Grades a response once; a wrong or partly right answer is rated at once, without asking."""
    pending = PendingAnswer.objects.select_related("question_set", "card").get(token=token, student=student)
    pending.version = cached_version(pending.version_id)
    if pending.checked_at is not None:
        return pending
    qtype = get_type(pending.version.type)
    if qtype.self_graded:
        response, score = None, None
    else:
        response = qtype.response_from_form(pending.version.data, form, pending.seed)
        score = qtype.grade(pending.version.data, response).score
    before = card_fields(pending.card)
    outcomes = scheduling.outcomes(before, now, student.desired_retention)
    # The state the outcomes start from, so rating can tell whether the card moved in between.
    outcomes["before"] = scheduling.card_to_json(before)
    changes = {"response": response, "score": score, "checked_at": now, "outcomes": outcomes}
    auto = not qtype.self_graded and score < 1
    if auto:
        changes["rated_at"] = now
    # A wrong answer is rated in the same transaction; a right one only stores its result.
    with transaction.atomic() if auto else nullcontext():
        # The conditional update makes one request the winner when two arrive at once.
        if not PendingAnswer.objects.filter(pk=pending.pk, checked_at__isnull=True).update(**changes):
            winner = PendingAnswer.objects.select_related("question_set").get(pk=pending.pk)
            winner.version = pending.version
            return winner
        for name, value in changes.items():
            setattr(pending, name, value)
        if auto:
            _record(student, pending, scheduling.allowed_ratings(score, False)[0], now)
    return pending


def rate(student, token, rating, now, *, set_slug) -> PendingAnswer:
    """Applies the stored outcome of a rating; a second request for the same token changes nothing.

    Raises PendingAnswer.DoesNotExist if the student has no such card in the set `set_slug`.
    """
    with transaction.atomic():
        pending = _claim(student, token, set_slug, now)
        if pending is None:
            pending = PendingAnswer.objects.get(token=token, student=student, question_set__slug=set_slug)
            if pending.checked_at is None:
                raise RatingRefused("The answer has not been checked yet.")
            return pending  # rated already: by a double click, a resent request or another tab
        self_graded = get_type(cached_version(pending.version_id).type).self_graded
        if rating not in scheduling.allowed_ratings(pending.score or 0, self_graded):
            # Raising inside the transaction also undoes the claim.
            raise RatingRefused(f"Rating {rating} is not allowed for a score of {pending.score}.")
        _record(student, pending, rating, now)
        return pending


def _claim(student, token, set_slug, now):
    """Marks a checked, unrated card of the set as rated and returns it, in one statement
    (UPDATE … RETURNING, which the ORM does not offer); None if no such card waits for a rating."""
    field = PendingAnswer._meta.get_field
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(PendingAnswer._meta.db_table)} SET rated_at = %s"
        f" WHERE token = %s AND student_id = %s AND checked_at IS NOT NULL AND rated_at IS NULL"
        f" AND question_set_id IN (SELECT id FROM {quote(QuestionSet._meta.db_table)} WHERE slug = %s)"
        f" RETURNING *"
    )
    params = [
        field("rated_at").get_db_prep_value(now, connection),
        field("token").get_db_prep_value(token, connection),
        student.pk,
        set_slug,
    ]
    return next(iter(PendingAnswer.objects.raw(sql, params)), None)


def _lock_card(student, question_id, now):
    """Locks the card's row, inserting it first if the card is new, so two tabs answering it at
    once queue up, not clash.

    The insert of the second tab waits for the first to commit, then finds its row; `_record`
    then schedules from the state the first tab left. The row is filled in the same transaction.
    """
    CardState.objects.bulk_create([CardState(student=student, question_id=question_id, due=now)], ignore_conflicts=True)
    return CardState.objects.select_for_update().get(student=student, question_id=question_id)


def _insert_new_card(student, question_id, after, now):
    """Adds a new card's row in its first state; False if the card has a row already (another
    tab's answer came first, or the card was suspended before its first review)."""
    try:
        with transaction.atomic():
            CardState.objects.create(student=student, question_id=question_id, **after, first_reviewed_at=now, reps=1)
    except IntegrityError:
        return False
    return True


def _lapse(before, rating):
    """1 if this rating forgets a card in review (a lapse, as Anki counts them), else 0."""
    return 1 if before and before["state"] == scheduling.REVIEW and rating == scheduling.AGAIN else 0


def _record(student, pending, rating, now):
    """Moves the card to the outcome the student was shown and logs the review."""
    outcomes = pending.outcomes
    stored = outcomes.get("before")
    # Answers checked before the whole state was stored kept only its time: treated as moved.
    before = scheduling.card_from_json(stored) if isinstance(stored, dict) else None
    outcome = outcomes[str(rating)]
    after = scheduling.stored_card(outcome)
    lapse = _lapse(before, rating)
    # Usually the card is as it was when checked: one statement moves it (or adds a new one).
    if before is None:
        moved = _insert_new_card(student, pending.question_id, after, now)
    else:
        moved = CardState.objects.filter(
            student=student, question_id=pending.question_id, last_review=before["last_review"]
        ).update(
            **after,
            reps=F("reps") + 1,
            lapses=F("lapses") + lapse,
            first_reviewed_at=Coalesce(F("first_reviewed_at"), now),
        )
    if not moved:
        # A new card, or one reviewed in between (another tab): lock its row, and if it moved,
        # schedule from its state now.
        card = _lock_card(student, pending.question_id, now)
        current = card_fields(card)
        if current != before:
            before = current
            outcome = scheduling.outcomes(before, now, student.desired_retention)[str(rating)]
            after = scheduling.stored_card(outcome)
            lapse = _lapse(before, rating)
        if card.first_reviewed_at is None:
            card.first_reviewed_at = now
        for name in scheduling.CARD_FIELDS:
            setattr(card, name, after[name])
        card.reps += 1
        card.lapses += lapse
        card.save()
    rollover = scheduling.next_rollover(now, student.time_zone)
    kind = pending.kind
    if before and kind == Review.Kind.STUDY and not scheduling.is_due(before["state"], before["due"], now, rollover):
        kind = Review.Kind.AHEAD
    score = RATING_SCORES[rating] if pending.score is None else pending.score
    return Review.objects.create(
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


def prune_answers(before):
    """Deletes the cards shown before `before`: rated ones are only kept to answer a resent
    request, and a card left open that long is opened afresh. Reviews are never touched.
    Returns how many were deleted."""
    deleted, _ = PendingAnswer.objects.filter(shown_at__lt=before).delete()
    return deleted
