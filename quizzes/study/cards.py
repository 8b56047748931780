"""The shown card: a question put in front of a student, with its one-time token.

Every study action starts here, by finding the shown card within the set of the URL for the
student who asks, before anything is written.
"""

import random
import uuid
from contextlib import nullcontext

from django.db import IntegrityError, connection, transaction

from ..bank.sets import study_order, version_in_set
from ..bank.sets import version as cached_version
from ..models import CardState, PendingAnswer, Question, Review
from ..questions import get_type
from .queue import build_queue

# The kinds of card a student studies one at a time per set (a quiz keeps its own).
OPEN_KINDS = (Review.Kind.STUDY, Review.Kind.AHEAD)


class BadToken(ValueError):
    """The request's token is not one well-formed UUID: refused before any query."""


class CardClosed(Exception):
    """The student's own shown card is no longer open (rated, undone or closed in another tab)."""


def parse_token(values):
    """The one token of a request (a list of submitted values) as a UUID, or BadToken."""
    if not isinstance(values, list) or len(values) != 1:
        raise BadToken("Send exactly one token.")
    raw = values[0]
    if not isinstance(raw, str) or len(raw) > 64 or "\x00" in raw:
        raise BadToken("Malformed token.")
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadToken("Malformed token.") from None


def find_shown(student, qset, token, *, related=()):
    """The student's shown card with this token in this set, its version attached.

    Raises PendingAnswer.DoesNotExist for a token of another student or set (a 404), and
    CardClosed when no card has this token any more: it was closed since.
    """
    try:
        shown = PendingAnswer.objects.select_related(*related).get(token=token, student=student, question_set=qset)
    except PendingAnswer.DoesNotExist:
        if PendingAnswer.objects.filter(token=token).exists():
            raise
        raise CardClosed() from None
    shown.version = cached_version(shown.version_id)
    return shown


def open_next(student, qset, now, *, ahead=False):
    """The card to study now, with the queue: the student's open card in this set if there is
    one (a reload shows it again), else the next one from the queue, recorded as shown.
    The card is None when nothing is left to study."""
    queue = build_queue(student, qset, now, ahead=ahead)
    if queue.question_id is None:
        # A card studied ahead may still be open although nothing is due.
        return open_shown_card(student, qset), queue
    kind = Review.Kind.AHEAD if ahead and queue.ahead_available else Review.Kind.STUDY
    for _attempt in range(3):
        shown = _try_show(student, qset, queue.question_id, queue.card_id, now, kind)
        if shown is not None:
            return shown, queue
        # Another card of the set is open: show it. It may have been rated since, by another
        # tab, in which case the next round opens the queue's card after all.
        shown = open_shown_card(student, qset)
        if shown is not None:
            return shown, queue
    raise RuntimeError("The next card could not be opened.")


def open_in_set(student, qset):
    """The student's unrated shown study cards in the set: at most one, by the table's constraint."""
    return PendingAnswer.objects.filter(student=student, question_set=qset, rated_at__isnull=True, kind__in=OPEN_KINDS)


def open_shown_card(student, qset):
    """The card a student was shown in this set and has not rated yet, or None."""
    shown = open_in_set(student, qset).first()
    if shown is None:
        return None
    if shown.question_id not in study_order(qset):
        # Its question was retired since: the student moves on to a live one.
        shown.delete()
        return None
    shown.version = cached_version(shown.version_id)
    return shown


def _try_show(student, qset, question_id, card_id, now, kind):
    """Records a card as shown, or returns None if another card of the set is open already."""
    # Inside a transaction the failed insert needs a savepoint to roll back to; on its own (as
    # in a request) it fails alone, and the savepoint's two round trips would be wasted.
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            return _record_shown(student, qset, question_id, card_id, study_order(qset)[question_id], now, kind)
    except IntegrityError:
        return None


def show_again(student, question_id, now, *, kind=Review.Kind.STUDY, new=False) -> PendingAnswer:
    """Shows this question now, closing the unchecked card the student had open in its set;
    `new` when the card is new again (its row is about to go)."""
    question = Question.objects.select_related("question_set").get(pk=question_id)
    card_id = None
    if not new:
        cards = CardState.objects.filter(student=student, question_id=question_id)
        card_id = cards.values_list("id", flat=True).first()
    qset, version_id = question.question_set, question.current_version_id
    if kind not in OPEN_KINDS:
        return _record_shown(student, qset, question_id, card_id, version_id, now, kind)
    for _attempt in range(3):
        open_in_set(student, qset).delete()
        try:
            with transaction.atomic():
                return _record_shown(student, qset, question_id, card_id, version_id, now, kind)
        except IntegrityError:
            # Another tab opened a card of the set meanwhile (the next card after a rating): it
            # is closed in turn, as the unchecked card was.
            continue
    raise RuntimeError("The card could not be shown again.")


def _record_shown(student, qset, question_id, card_id, version_id, now, kind):
    return PendingAnswer.objects.create(
        token=uuid.uuid4(),
        student=student,
        question_id=question_id,
        card_id=card_id,
        question_set=qset,
        version=version_in_set(qset, version_id),
        kind=kind,
        shown_at=now,
        seed=random.randrange(2**31),
    )


def display(shown):
    """The question's data as this student sees it (a stable shuffle per card shown)."""
    qtype = get_type(shown.version.type)
    return qtype.display(shown.version.data, shown.seed)


def prune_answers(before):
    """Deletes the cards shown before `before`: rated ones are only kept to answer a resent
    request, and a card left open that long is opened afresh. Reviews are never touched.
    Returns how many were deleted."""
    deleted, _ = PendingAnswer.objects.filter(shown_at__lt=before).delete()
    return deleted
