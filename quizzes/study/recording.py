"""Recording a review: the card moved to the outcome the student was shown, the review logged and
counted in the tallies, in the caller's transaction, whether the answer came from study or a quiz.

Every study write takes its locks in one order: the shown card (`PendingAnswer`), then the
student's card state, then the review log, then the tallies. PostgreSQL checks a shown card's
reference to a card state after the shown card's own row is in, so inserting a shown card follows
that order too; a write never inserts a shown card while it holds a card state.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from .. import scheduling
from ..models import CardState, Review
from . import tallies


@dataclass(frozen=True)
class Answer:
    """What a review records of an answer: its question, set and version, how it was asked, the
    response and its score, and the outcomes its ratings offered when it was checked."""

    question_id: int
    question_set_id: int
    version_id: int
    kind: str
    response: object
    score: float
    outcomes: dict
    shown_at: datetime
    checked_at: datetime | None

    @classmethod
    def of_shown(cls, shown, score):
        """The answer to a shown card, recorded with `score` (a flashcard's comes from its rating)."""
        return cls(
            shown.question_id,
            shown.question_set_id,
            shown.version_id,
            shown.kind,
            shown.response,
            score,
            shown.outcomes,
            shown.shown_at,
            shown.checked_at,
        )


def card_fields(card):
    """The fsrs fields of a card row; None for a new card (no row, or no review yet)."""
    if card is None or card.last_review is None:
        return None
    return {name: getattr(card, name) for name in scheduling.CARD_FIELDS}


def is_after(card, review):
    """True if the card is in the state this review left it in: no later answer moved it."""
    return card.due == review.due_after and card.stability == review.stability_after


def lapse(before_state, rating):
    """1 if this rating forgets a card in review (a lapse, as Anki counts them), else 0."""
    return 1 if before_state == scheduling.REVIEW and rating == scheduling.AGAIN else 0


def lock_card(student, question_id, now):
    """Locks the card's row, inserting it first if the card is new, so two tabs answering it at
    once queue up, not clash.

    The insert of the second tab waits for the first to commit, then finds its row; `record`
    then schedules from the state the first tab left. The row is filled in the same transaction.
    A no-key lock: a shown card may still be inserted referring to it meanwhile.
    """
    CardState.objects.bulk_create([CardState(student=student, question_id=question_id, due=now)], ignore_conflicts=True)
    return CardState.objects.select_for_update(of=("self",), no_key=True).get(student=student, question_id=question_id)


def _insert_new_card(student, question_id, after, now):
    """Adds a new card's row in its first state; False if the card has a row already (another
    tab's answer came first, or the card was suspended before its first review)."""
    try:
        with transaction.atomic():
            CardState.objects.create(student=student, question_id=question_id, **after, first_reviewed_at=now, reps=1)
    except IntegrityError:
        return False
    return True


def record(student, answer: Answer, rating, now) -> Review:
    """Moves the card to the outcome the student was shown for `rating` and logs the review."""
    outcomes = answer.outcomes
    stored = outcomes.get("before")
    # Answers checked before the whole state was stored kept only its time: treated as moved.
    before = scheduling.card_from_json(stored) if isinstance(stored, dict) else None
    outcome = outcomes[str(rating)]
    after = scheduling.stored_card(outcome)
    lapses = lapse(before and before["state"], rating)
    # Usually the card is as it was when checked: one statement moves it (or adds a new one).
    if before is None:
        moved = _insert_new_card(student, answer.question_id, after, now)
    else:
        moved = CardState.objects.filter(
            student=student, question_id=answer.question_id, last_review=before["last_review"]
        ).update(
            **after,
            reps=F("reps") + 1,
            lapses=F("lapses") + lapses,
            first_reviewed_at=Coalesce(F("first_reviewed_at"), now),
        )
    if not moved:
        # A new card, or one reviewed in between (another tab): lock its row, and if it moved,
        # schedule from its state now.
        card = lock_card(student, answer.question_id, now)
        current = card_fields(card)
        if current != before:
            before = current
            outcome = scheduling.outcomes(before, now, student.desired_retention, student.fsrs_parameters)[str(rating)]
            after = scheduling.stored_card(outcome)
            lapses = lapse(before and before["state"], rating)
        if card.first_reviewed_at is None:
            card.first_reviewed_at = now
        for name in scheduling.CARD_FIELDS:
            setattr(card, name, after[name])
        card.reps += 1
        card.lapses += lapses
        card.save()
    return log(student, answer, rating, before, after, outcome["seconds"], now)


def log(student, answer: Answer, rating, before, after, seconds, now, *, overridden_score=None) -> Review:
    """Writes the review of `answer` and counts it in the tallies."""
    rollover = scheduling.next_rollover(now, student.time_zone)
    kind = answer.kind
    if before and kind == Review.Kind.STUDY and not scheduling.is_due(before["state"], before["due"], now, rollover):
        kind = Review.Kind.AHEAD
    review = Review.objects.create(
        student=student,
        question_id=answer.question_id,
        version_id=answer.version_id,
        kind=kind,
        response=answer.response,
        rating=rating,
        score=answer.score,
        overridden_score=overridden_score,
        duration_ms=max(0, int(((answer.checked_at or now) - answer.shown_at).total_seconds() * 1000)),
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
        scheduled_seconds=seconds,
        reviewed_at=now,
        retrievability=scheduling.retrievability(before, now, student.fsrs_parameters),
    )
    tallies.count(review, answer.question_set_id, student.time_zone)
    return review


def record_outside_study(
    student, *, question_id, question_set_id, version_id, kind, response, score, shown_at, choose_rating, now
) -> Review:
    """Records an answer given outside study (a quiz) as a review that moves the card, through the
    same path as a rated study card; `choose_rating(before)` picks the rating from the card's state
    (None when new). Returns the review."""
    card = CardState.objects.filter(student=student, question_id=question_id).first()
    before = card_fields(card)
    rating = choose_rating(before)
    outcomes = scheduling.outcomes(before, now, student.desired_retention, student.fsrs_parameters)
    outcomes["before"] = scheduling.card_to_json(before)
    answer = Answer(question_id, question_set_id, version_id, kind, response, score, outcomes, shown_at, now)
    return record(student, answer, rating, now)


def reset_progress(question_id):
    """Makes a question new again for every student: their cards go, and with them any shown card's
    claim on the old state (a rating of it schedules the card as new). The review log and the
    tallies, counts of answers given, stay as they are. Returns how many cards were reset."""
    with transaction.atomic():
        _, deleted = CardState.objects.filter(question_id=question_id).delete()
    return deleted.get(CardState._meta.label, 0)
