"""Taking back a rating, and suspending or restoring a card, as Anki does."""

from django.db import transaction

from .. import scheduling
from ..models import CardState, PendingAnswer, Review
from . import tallies
from .cards import open_in_set, show_again
from .recording import is_after, lapse

UNDO_KINDS = (Review.Kind.STUDY, Review.Kind.AHEAD)


class UndoRefused(Exception):
    """Undo would throw away an answer the student checked and has not rated yet."""


def _last_live_review(student, qset, since):
    return (
        Review.objects.filter(
            student=student,
            question__question_set=qset,
            undone_at__isnull=True,
            kind__in=UNDO_KINDS,
            reviewed_at__gte=since,
        )
        .order_by("-reviewed_at", "-id")
        .first()
    )


def undo_last(student, qset, now, *, since) -> PendingAnswer | None:
    """Restores the card state saved in the last review's row, marks that row undone, and shows
    the card again. Goes back no further than `since` (the start of the study session).

    Returns the new shown card, or None when there is nothing to undo. Raises UndoRefused when
    an answer of this set was checked and waits for its rating (in another tab, say).
    """
    with transaction.atomic():
        # Recording's lock order: the shown cards first, then the student's card (a no-key lock,
        # so that the next card another tab shows meanwhile may still refer to it).
        open_cards = list(open_in_set(student, qset).select_for_update(of=("self",)))
        if any(card.checked_at is not None for card in open_cards):
            raise UndoRefused()
        for _attempt in range(5):
            review = _last_live_review(student, qset, since)
            if review is None:
                return None
            card = CardState.objects.select_for_update(of=("self",), no_key=True).get(
                student=student, question_id=review.question_id
            )
            # Under the lock, the review must still be the set's last and the card's current state.
            if _last_live_review(student, qset, since) == review and is_after(card, review):
                break
        else:
            return None
        if review.state_before is None:
            card.state, card.step, card.stability, card.difficulty = scheduling.LEARNING, 0, None, None
            card.due, card.last_review, card.first_reviewed_at = now, None, None
        else:
            card.state, card.step = review.state_before, review.step_before
            card.stability, card.difficulty = review.stability_before, review.difficulty_before
            card.due, card.last_review = review.due_before, review.last_review_before
        card.reps = max(0, card.reps - 1)
        card.lapses = max(0, card.lapses - lapse(review.state_before, review.rating))
        Review.objects.filter(pk=review.pk).update(undone_at=now)
        tallies.forget(review, qset.pk, student.time_zone)
        if card.last_review is None and card.suspended_at is None:
            # New again: the card is shown before its row goes, since deleting the row takes the
            # strong lock that a shown card another tab inserts meanwhile would wait for.
            shown = show_again(student, review.question_id, now, new=True)
            card.delete()
            return shown
        card.save()
        return show_again(student, review.question_id, now)


def suspend(student, shown, now):
    """Takes the shown card's question out of study until the student restores it."""
    with transaction.atomic():
        # Recording's lock order: the shown cards go first, then the student's card is marked.
        PendingAnswer.objects.filter(student=student, question_id=shown.question_id, rated_at__isnull=True).delete()
        cards = CardState.objects.filter(student=student, question_id=shown.question_id)
        if not cards.update(suspended_at=now):
            # A new card gets a row to carry the mark; another tab may have added it meanwhile.
            CardState.objects.bulk_create(
                [CardState(student=student, question_id=shown.question_id, due=now, suspended_at=now)],
                ignore_conflicts=True,
            )
            cards.update(suspended_at=now)


def restore(student, question):
    """Brings a suspended card back into study; a card suspended before its first review is new again."""
    with transaction.atomic():
        CardState.objects.filter(student=student, question=question).update(suspended_at=None)
        CardState.objects.filter(student=student, question=question, last_review__isnull=True).delete()
