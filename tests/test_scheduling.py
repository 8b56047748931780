"""The conversion to and from fsrs, due times around the 4 a.m. rollover, and rating rules."""

from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from quizzes import scheduling

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_a_card_with_no_review_is_a_fresh_fsrs_card():
    card = scheduling.to_fsrs(None)
    assert card.state == fsrs.State.Learning and card.stability is None and card.difficulty is None


def test_fields_survive_a_round_trip_through_fsrs():
    fields = {
        "state": 2,
        "step": None,
        "stability": 12.5,
        "difficulty": 4.2,
        "due": NOW + timedelta(days=3),
        "last_review": NOW - timedelta(days=9),
    }
    assert scheduling.from_fsrs(scheduling.to_fsrs(fields)) == fields


def test_outcomes_offer_four_ratings_with_growing_intervals():
    outcomes = scheduling.outcomes(None, NOW, 0.9)
    seconds = [outcomes[str(r)]["seconds"] for r in scheduling.RATINGS]
    assert seconds == sorted(seconds)
    assert seconds[0] == 60  # Again: the first learning step
    assert outcomes["4"]["card"]["state"] == scheduling.REVIEW


def test_outcomes_are_json_ready_and_parse_back():
    outcome = scheduling.outcomes(None, NOW, 0.9)["3"]
    card = scheduling.stored_card(outcome)
    assert isinstance(outcome["card"]["due"], str)
    assert card["due"] == NOW + timedelta(seconds=outcome["seconds"])


def test_outcomes_accept_a_non_utc_aware_time():
    local = NOW.astimezone(scheduling.local_zone("Asia/Riyadh"))
    assert scheduling.outcomes(None, local, 0.9)["1"]["seconds"] == 60


def test_a_higher_desired_retention_gives_shorter_intervals():
    fields = scheduling.from_fsrs(scheduling.to_fsrs(None))
    reviewed = scheduling.stored_card(scheduling.outcomes(None, NOW, 0.9)["4"])
    later = NOW + timedelta(days=10)
    low = scheduling.outcomes(reviewed, later, 0.75)["3"]["seconds"]
    high = scheduling.outcomes(reviewed, later, 0.97)["3"]["seconds"]
    assert fields["stability"] is None
    assert high < low


@pytest.mark.parametrize(
    "now, zone, expected",
    [
        (datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "UTC", datetime(2026, 3, 10, 4, 0, tzinfo=UTC)),
        (datetime(2026, 3, 10, 3, 59, tzinfo=UTC), "UTC", datetime(2026, 3, 9, 4, 0, tzinfo=UTC)),
        # 02:30 UTC is 05:30 in Riyadh (UTC+3): that day began at 01:00 UTC.
        (datetime(2026, 3, 10, 2, 30, tzinfo=UTC), "Asia/Riyadh", datetime(2026, 3, 10, 1, 0, tzinfo=UTC)),
        (datetime(2026, 3, 10, 0, 30, tzinfo=UTC), "Asia/Riyadh", datetime(2026, 3, 9, 1, 0, tzinfo=UTC)),
        (datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "Not/AZone", datetime(2026, 3, 10, 4, 0, tzinfo=UTC)),
    ],
)
def test_the_study_day_begins_at_four_in_the_students_zone(now, zone, expected):
    assert scheduling.day_start(now, zone) == expected
    assert scheduling.next_rollover(now, zone) == expected + timedelta(days=1)


def test_the_rollover_follows_daylight_saving_time():
    # Cairo moved clocks forward on 2026-04-24; the next 4 a.m. is 23 hours after the previous one.
    before = datetime(2026, 4, 23, 12, 0, tzinfo=UTC)
    start, rollover = scheduling.day_start(before, "Africa/Cairo"), scheduling.next_rollover(before, "Africa/Cairo")
    assert rollover - start == timedelta(hours=23)
    assert rollover.astimezone(scheduling.local_zone("Africa/Cairo")).hour == 4
    # The day after is an ordinary one of 24 hours.
    assert scheduling.next_rollover(rollover, "Africa/Cairo") - rollover == timedelta(hours=24)


def test_a_review_card_is_due_when_due_before_the_next_rollover():
    rollover = scheduling.next_rollover(NOW, "UTC")
    assert scheduling.is_due(scheduling.REVIEW, rollover - timedelta(minutes=1), NOW, rollover)
    assert not scheduling.is_due(scheduling.REVIEW, rollover, NOW, rollover)


def test_a_learning_card_is_due_within_twenty_minutes():
    rollover = scheduling.next_rollover(NOW, "UTC")
    assert scheduling.is_due(scheduling.LEARNING, NOW + timedelta(minutes=20), NOW, rollover)
    assert not scheduling.is_due(scheduling.RELEARNING, NOW + timedelta(minutes=21), NOW, rollover)


@pytest.mark.parametrize(
    "score, self_graded, allowed",
    [
        (0.0, False, (1,)),
        (0.49, False, (1,)),
        (0.5, False, (2,)),
        (0.99, False, (2,)),
        (1.0, False, (2, 3, 4)),
        (None, True, (1, 2, 3, 4)),
    ],
)
def test_the_score_decides_which_ratings_are_allowed(score, self_graded, allowed):
    assert scheduling.allowed_ratings(score or 0, self_graded) == allowed


@pytest.mark.parametrize(
    "seconds, label",
    [
        (30, "now"),
        (60, "1 min"),
        (600, "10 min"),
        (3600, "1 hour"),
        (86400 * 3, "3 days"),
        (86400 * 62, "2 months"),
        (86400 * 400, "1.1 years"),
    ],
)
def test_intervals_read_as_anki_shows_them(seconds, label, settings):
    from django.utils import translation

    with translation.override("en"):
        assert scheduling.interval_label(seconds) == label
