"""Rating and undo sent together, as a double tap on a phone does: every request is answered,
none with a server error or a deadlock (PostgreSQL; SQLite serialises all writes)."""

import threading
from functools import partial

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from quizzes.models import CardState, PendingAnswer, Review
from tests.conftest import correct_form

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; CI runs this there"),
]
RACES = 60
HTMX = {"HX-Request": "true"}


def at_once(*calls):
    """Runs the calls in threads released together; returns their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test asserts on what was raised
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def checked_card(client, student):
    """The student's open card, checked with a right answer, waiting for its rating; the set
    starts afresh when every card is learned."""
    client.get(reverse("study", args=["sample"]), headers=HTMX)
    shown = PendingAnswer.objects.filter(rated_at__isnull=True).order_by("-shown_at").first()
    if shown is None:
        CardState.objects.filter(student=student).delete()
        client.get(reverse("study", args=["sample"]), headers=HTMX)
        shown = PendingAnswer.objects.filter(rated_at__isnull=True).latest("shown_at")
    form = {} if shown.version.type == "flashcard" else correct_form(shown)
    response = client.post(reverse("study_check", args=["sample"]), {"token": shown.token, **form}, headers=HTMX)
    assert response.status_code == 200
    shown.refresh_from_db()
    return shown


def test_rating_and_undo_sent_together_never_fail(student, sample_set):
    # One card rated Hard over and over: the next card is always the one whose state undo locks.
    student.new_per_day = 1
    student.save()
    rater = Client(raise_request_exception=False)
    rater.force_login(student)
    rater.get(reverse("study", args=["sample"]))  # starts the session undo goes back to
    undoer = Client(raise_request_exception=False)
    undoer.cookies = rater.cookies
    # A first rated card, so that undo has something to take back from the start.
    first = checked_card(rater, student)
    rater.post(reverse("study_rate", args=["sample"]), {"token": first.token, "rating": "2"}, headers=HTMX)
    failures = []
    for _race in range(RACES):
        shown = checked_card(rater, student)
        if shown.rated_at is not None:  # a wrong answer is rated at check; ours are right
            continue
        rating = {"token": shown.token, "rating": "2"}
        rate, undo = at_once(
            partial(rater.post, reverse("study_rate", args=["sample"]), rating, headers=HTMX),
            partial(undoer.post, reverse("study_undo", args=["sample"]), headers=HTMX),
        )
        for response in (rate, undo):
            if isinstance(response, Exception) or response.status_code >= 500:
                failures.append(response)
    assert not failures, f"{len(failures)} of {RACES} races failed: {failures[:3]}"
    # The races did take ratings back (undo first is refused: the checked card waits for its rating).
    assert Review.objects.filter(student=student, undone_at__isnull=False).exists()
