"""Which card a student studies next in a set, and how many are left: the one place the due rule
and the daily limits are applied, for the study page and the dashboard alike."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime

from .. import scheduling
from ..bank.sets import study_order, study_orders
from ..models import CardState, Question


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
class _Tally:
    """A set's cards as the due rule sorts them, before the daily limits are applied."""

    cards: dict = field(default_factory=dict)  # question id -> card id
    learning: list = field(default_factory=list)  # (due, question id)
    reviews: list = field(default_factory=list)
    new_today: int = 0
    reviews_today: int = 0
    # Read only when asked (`stages=True`): cards ever reviewed, suspended cards, and {stage: cards}
    # of those being studied.
    reviewed: int = 0
    suspended: int = 0
    stages: dict = field(default_factory=dict)


def studied_cards(student, qset):
    """The student's cards in the set that are being studied: reviewed, live and not suspended."""
    return CardState.objects.filter(
        student=student,
        question__question_set=qset,
        question__retired_at__isnull=True,
        suspended_at__isnull=True,
        last_review__isnull=False,
    )


def _queue_rows(student, set_ids, horizon, day_start, stages=False):
    """Every card the student has in the sets (at most the sets' size, whatever the number of
    reviews), with flags the database computes: (set id, card id, question id, state, due if
    before `horizon`, first reviewed today, reviewed today, being studied).

    Plain SQL because this runs on every study page and the ORM spent three times as long
    building the query as the database spent answering it; reading datetimes back is the
    other costly part, so only cards that may be due bring their due time. `stages` adds whether
    the card was ever reviewed, whether it is suspended and, for a review card being studied, its
    due time and last review (its stage, young or mature, is `scheduling.stage`'s to say).
    """
    card, question = CardState._meta, Question._meta
    quote, moment = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    placeholders = ", ".join(["%s"] * len(set_ids))
    studying = "c.last_review IS NOT NULL AND c.suspended_at IS NULL"
    extra, params = "", []
    if stages:
        in_review = f"CASE WHEN c.state = %s AND {studying} THEN"
        extra = (
            f", c.last_review IS NOT NULL, c.suspended_at IS NOT NULL,"
            f" {in_review} c.due END, {in_review} c.last_review END"
        )
        params = [scheduling.REVIEW, scheduling.REVIEW]
    sql = (
        f"SELECT q.question_set_id, c.id, c.question_id, c.state, CASE WHEN c.due <= %s THEN c.due END,"
        f" c.first_reviewed_at >= %s, c.last_review >= %s, {studying}{extra}"
        f" FROM {quote(card.db_table)} c JOIN {quote(question.db_table)} q ON q.id = c.question_id"
        f" WHERE c.student_id = %s AND q.question_set_id IN ({placeholders}) AND q.retired_at IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment(horizon), moment(day_start), moment(day_start), *params, student.pk, *set_ids])
        rows = cursor.fetchall()
    for set_id, card_id, question_id, state, due, first_today, reviewed_today, studying, *more in rows:
        due = _moment(due)
        row = (set_id, card_id, question_id, state, due, bool(first_today), bool(reviewed_today), bool(studying))
        if stages:
            reviewed, suspended, review_due, last_review = more
            row += (bool(reviewed), bool(suspended), _moment(review_due), _moment(last_review))
        yield row


def _moment(value):
    # SQLite returns a computed datetime as text, in UTC.
    return parse_datetime(value).replace(tzinfo=UTC) if isinstance(value, str) else value


def _tallies(student, set_ids, now, stages=False):
    start = scheduling.day_start(now, student.time_zone)
    rollover = scheduling.next_rollover(now, student.time_zone)
    tallies = defaultdict(_Tally)
    if not set_ids:
        return tallies
    rows = _queue_rows(student, set_ids, scheduling.due_horizon(now, rollover), start, stages)
    for set_id, card_id, question_id, state, due, first_today, reviewed_today, studying, *more in rows:
        tally = tallies[set_id]
        if stages:
            reviewed, suspended, review_due, last_review = more
            tally.reviewed += reviewed
            tally.suspended += suspended
            if studying:
                name = scheduling.stage(state, review_due, last_review)
                tally.stages[name] = tally.stages.get(name, 0) + 1
        tally.cards[question_id] = card_id
        if first_today:
            tally.new_today += 1
        elif reviewed_today:
            tally.reviews_today += 1
        if studying and due is not None and scheduling.is_due(state, due, now, rollover):
            (tally.reviews if state == scheduling.REVIEW else tally.learning).append((due, question_id))
    return tallies


def _limited(student, tally, new_ids):
    """The tally's cards within the day's limits: (learning, reviews, new question ids)."""
    learning, reviews = sorted(tally.learning), sorted(tally.reviews)
    reviews = reviews[: max(0, student.max_reviews_per_day - tally.reviews_today)]
    new_left = max(0, student.new_per_day - tally.new_today)
    return learning, reviews, [qid for qid in new_ids if qid not in tally.cards][:new_left]


def counts_by_set(student, sets, now):
    """{set id: Counts} of what the study page would offer now in each set, in one query."""
    return {set_id: counts for set_id, (counts, _cards) in cards_by_set(student, sets, now).items()}


@dataclass
class Cards:
    """The student's cards in a set: how many, how many ever reviewed, how many suspended, and
    {stage: cards} of those being studied."""

    total: int = 0
    reviewed: int = 0
    suspended: int = 0
    stages: dict = field(default_factory=dict)


def cards_by_set(student, sets, now, *, stages=False):
    """{set id: (Counts, Cards)}: what the study page would offer now in each set and, with
    `stages`, the cards by stage, read in the same one query (the dashboard's figures)."""
    tallies = _tallies(student, [s.pk for s in sets], now, stages)
    orders = study_orders(sets)
    result = {}
    for qset in sets:
        tally = tallies[qset.pk]
        learning, reviews, new_ids = _limited(student, tally, orders[qset.pk])
        counts = Counts(new=len(new_ids), learning=len(learning), review=len(reviews))
        result[qset.pk] = counts, Cards(len(tally.cards), tally.reviewed, tally.suspended, tally.stages)
    return result


def build_queue(student, qset, now, *, ahead=False) -> Queue:
    """Due learning cards first, then due reviews (most overdue first), then new cards up to the day's limit."""
    tally = _tallies(student, [qset.pk], now)[qset.pk]
    learning, reviews, new_ids = _limited(student, tally, study_order(qset))
    cards = tally.cards
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
    first_ahead = studied_cards(student, qset).order_by("due").values_list("question_id", "id", "due").first()
    if ahead and first_ahead:
        return Queue(counts, first_ahead[0], first_ahead[1], False, first_ahead[2], True)
    return Queue(counts, next_due=first_ahead[2] if first_ahead else None, ahead_available=first_ahead is not None)
