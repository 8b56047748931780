"""The only module that talks to fsrs: card rows to and from fsrs.Card, outcomes (with a student's
fitted parameters or the defaults), due times."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache

import fsrs
from django.db.models import BooleanField, DateTimeField, ExpressionWrapper, F, Func, Q, Value
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS = (AGAIN, HARD, GOOD, EASY)
LEARNING, REVIEW, RELEARNING = 1, 2, 3
# Learning cards are shown up to this much early, as Anki's learn-ahead limit does.
LEARN_AHEAD = timedelta(minutes=20)
ROLLOVER_HOUR = 4
# A card is mature once its interval reaches three weeks, as Anki counts them.
MATURE = timedelta(days=21)
# True retention is measured over the last 30 study days.
RETENTION_DAYS = 30
CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")


@lru_cache(maxsize=256)
def scheduler(desired_retention=0.9, parameters=None):
    """The scheduler for a retention and a student's fitted parameters (a tuple; None for the defaults)."""
    if parameters is None:
        return fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=True)
    return fsrs.Scheduler(parameters=parameters, desired_retention=desired_retention, enable_fuzzing=True)


def fitted_parameters(values):
    """Fitted parameters as a tuple fsrs accepts: each clamped into fsrs's bounds (a fit's float32
    values may pass a bound by a rounding); ValueError if there are not as many as fsrs has."""
    lower, upper = fsrs.scheduler.LOWER_BOUNDS_PARAMETERS, fsrs.scheduler.UPPER_BOUNDS_PARAMETERS
    if len(values) != len(lower):
        raise ValueError(f"Expected {len(lower)} FSRS parameters, got {len(values)}.")
    return tuple(min(high, max(low, float(value))) for value, low, high in zip(values, lower, upper, strict=True))


def _key(parameters):
    """The scheduler cache key of a student's stored parameters (a JSON list, or None)."""
    return None if parameters is None else tuple(parameters)


def to_fsrs(fields):
    """An fsrs.Card from stored fields; None or fields with no review mean a new card."""
    if not fields or fields.get("last_review") is None:
        return fsrs.Card(card_id=1)
    return fsrs.Card(
        card_id=1,
        state=fsrs.State(fields["state"]),
        step=fields["step"],
        stability=fields["stability"],
        difficulty=fields["difficulty"],
        due=_utc(fields["due"]),
        last_review=_utc(fields["last_review"]),
    )


def from_fsrs(card):
    return {
        "state": int(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": card.due,
        "last_review": card.last_review,
    }


def _utc(moment):
    return moment.astimezone(UTC) if moment is not None else None


def outcomes(fields, now, desired_retention, parameters=None):
    """What each rating would do to the card now: {rating: {"card": fields, "seconds": interval}},
    with the student's fitted parameters (User.fsrs_parameters; None for the defaults).

    Computed once when the answer is checked and stored, so the interval applied is exactly the
    one the button showed, fuzz included. Datetimes are ISO strings so the result is JSON.
    """
    card = to_fsrs(fields)
    now = _utc(now)
    schedule = scheduler(desired_retention, _key(parameters))
    result = {}
    for rating in RATINGS:
        after, _log = schedule.review_card(card, fsrs.Rating(rating), review_datetime=now)
        result[str(rating)] = {
            "card": card_to_json(from_fsrs(after)),
            "seconds": max(0, round((after.due - now).total_seconds())),
        }
    return result


def stored_card(outcome):
    """The card fields of one stored outcome, datetimes parsed back."""
    return card_from_json(outcome["card"])


def card_to_json(fields):
    """Card fields with datetimes as ISO strings, to store as JSON; None (a new card) stays None."""
    if fields is None:
        return None
    return {name: value.isoformat() if isinstance(value, datetime) else value for name, value in fields.items()}


def card_from_json(data):
    """Card fields stored by `card_to_json`, datetimes parsed back."""
    if data is None:
        return None
    card = dict(data)
    for name in ("due", "last_review"):
        if card[name] is not None:
            card[name] = datetime.fromisoformat(card[name])
    return card


def local_zone(name):
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def day_start(now, zone_name):
    """When the student's current study day began: the last 4 a.m. in their time zone."""
    local = now.astimezone(local_zone(zone_name))
    start = datetime.combine(local.date(), time(ROLLOVER_HOUR), tzinfo=local.tzinfo)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def study_date(moment, zone_name):
    """The student's study day of a moment: the local date, changing at 4 a.m. The one
    definition of a study day; `study_day` is the same rule for the database."""
    return day_start(moment, zone_name).astimezone(local_zone(zone_name)).date()


def study_day(field, zone_name):
    """The study day of a datetime column, as `study_date` computes it, for a query."""
    shifted = ExpressionWrapper(F(field) - timedelta(hours=ROLLOVER_HOUR), DateTimeField())
    return TruncDate(shifted, tzinfo=local_zone(zone_name))


def retention_since(now, zone_name):
    """The first study day of the true-retention window that ends today."""
    return study_date(now, zone_name) - timedelta(days=RETENTION_DAYS - 1)


def is_mature(due, last_review):
    """Whether a card (or a review's card before it) had an interval of three weeks or more."""
    return due is not None and last_review is not None and due - last_review >= MATURE


def stage(state, due, last_review):
    """'learning', 'young' or 'mature' of a card being studied, as Anki's statistics count them."""
    if state != REVIEW:
        return "learning"
    return "mature" if is_mature(due, last_review) else "young"


def stage_filters(prefix=""):
    """{stage: Q} matching `stage` for card rows being studied (`prefix` reaches them through a relation)."""
    state, due, last = f"{prefix}state", f"{prefix}due", f"{prefix}last_review"
    in_review = Q(**{state: REVIEW})
    return {
        "learning": ~in_review,
        "young": in_review & Q(**{f"{due}__lt": F(last) + MATURE}),
        "mature": in_review & Q(**{f"{due}__gte": F(last) + MATURE}),
    }


def next_rollover(now, zone_name):
    local_start = day_start(now, zone_name).astimezone(local_zone(zone_name))
    following = datetime.combine(local_start.date() + timedelta(days=1), time(ROLLOVER_HOUR), tzinfo=local_start.tzinfo)
    return following.astimezone(UTC)


def is_due(state, due, now, rollover):
    """The due rule, the only one: a review card is due today if due before the next rollover; a
    learning card within the learn-ahead window."""
    if state == REVIEW:
        return due < rollover
    return due <= now + LEARN_AHEAD


def due_horizon(now, rollover):
    """No card due after this moment is due by `is_due`: lets a query skip reading later due times."""
    return max(rollover, now + LEARN_AHEAD)


def allowed_ratings(score, self_graded):
    """The ratings a student may give: a wrong answer is Again, a partial one Hard, without asking."""
    if self_graded:
        return RATINGS
    if score < 0.5:
        return (AGAIN,)
    if score < 1:
        return (HARD,)
    return (HARD, GOOD, EASY)


def interval_label(seconds):
    """A short human interval such as “10 min” or “3 days”, as Anki shows on its buttons."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return _("now")
    if minutes < 60:
        return ngettext("%(n)d min", "%(n)d min", minutes) % {"n": minutes}
    hours = round(seconds / 3600)
    if hours < 24:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = round(seconds / 86400)
    if days < 31:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if days < 365:
        months = round(days / 30.4)
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    years = round(days / 365, 1)
    return _("%(n)s years") % {"n": f"{years:g}"}


def retrievability(fields, when, parameters=None):
    """The chance of recall FSRS predicts for a card (stored fields) at `when`, with the student's
    fitted parameters (None for the defaults); None for a new card."""
    if not fields or fields.get("last_review") is None or not fields.get("stability"):
        return None
    return float(scheduler(0.9, _key(parameters)).get_card_retrievability(to_fsrs(fields), _utc(when)))


def recall_on(stability, last_review, when):
    """Predicted recall on `when` of a card last reviewed at `last_review`; 0 for a new card."""
    if last_review is None or not stability:
        return 0.0
    card = fsrs.Card(
        card_id=1, state=fsrs.State.Review, stability=stability, difficulty=5.0, last_review=_utc(last_review)
    )
    return float(scheduler().get_card_retrievability(card, _utc(when)))


def recalled_on(stability, last_review, when, recall=0.9):
    """True if the predicted recall on `when` is at least `recall`. FSRS defines stability as the
    days until recall falls to 90 %, so for 90 % this is a comparison, fast over a class's cards."""
    if last_review is None or not stability:
        return False
    if recall == 0.9:
        return max(0, (_utc(when) - _utc(last_review)).days) <= stability
    return recall_on(stability, last_review, when) >= recall


def recall_horizon(recall=0.9):
    """How many stabilities may pass before predicted recall falls under `recall`: FSRS's
    R(t, S) = (1 + FACTOR·t/S)^DECAY is at least r while t <= S·(r^(1/DECAY) - 1)/FACTOR
    (exactly 1 for 90 %, the definition of stability)."""
    schedule = scheduler()
    return (recall ** (1 / schedule._DECAY) - 1) / schedule._FACTOR


class _RecalledBy(Func):
    """True where the whole days from a card's last review to `when` (fsrs counts
    `timedelta.days`) are at most horizon × stability: elapsed < (floor(horizon·S) + 1) days,
    compared in milliseconds (SQLite's julianday keeps milliseconds, PostgreSQL's epoch more)."""

    output_field = BooleanField()

    def __init__(self, when, horizon):
        super().__init__(when, F("last_review"), F("stability"))
        self.horizon = float(horizon)

    def _compiled(self, compiler):
        parts = [compiler.compile(e) for e in self.get_source_expressions()]
        return [sql for sql, _ in parts], [p for _, params in parts for p in params]

    def as_sql(self, compiler, connection, **extra):
        (when, last, stability), params = self._compiled(compiler)
        sql = f"(EXTRACT(EPOCH FROM ({when} - {last})) * 1000 < (FLOOR({stability} * %s) + 1) * 86400000)"
        return sql, (*params, self.horizon)

    def as_sqlite(self, compiler, connection, **extra):
        (when, last, stability), params = self._compiled(compiler)
        sql = (
            f"(ROUND((julianday({when}) - julianday({last})) * 86400000)"
            f" < (CAST({stability} * %s AS INTEGER) + 1) * 86400000)"
        )
        return sql, (*params, self.horizon)


def recalled_by(when, recall=0.9):
    """A filter over card rows (fields stability and last_review): `recalled_on(stability,
    last_review, when, recall)` for the database to count. `when` is a datetime or an expression."""
    if not hasattr(when, "resolve_expression"):
        when = Value(when)
    return Q(stability__gt=0, last_review__isnull=False) & Q(_RecalledBy(when, recall_horizon(recall)))
