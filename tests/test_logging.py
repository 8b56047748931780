"""The server log: a refused request (400) is one line, never a traceback, so real errors stay visible."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.middleware import OneLineForRefusals

pytestmark = pytest.mark.django_db


def written(caplog):
    """What the configured console handler writes for the records caplog saw."""
    (handler,) = [h for h in logging.getLogger().handlers if not type(h).__module__.startswith("_pytest")]
    return [handler.format(record) for record in caplog.records if handler.filter(record)]


def test_a_bad_request_is_logged_in_one_line_without_a_traceback(client, student, sample_set, caplog):
    sample_set.is_public = True
    sample_set.save()
    client.force_login(student)
    with caplog.at_level(logging.INFO):
        response = client.post(reverse("study_rate", args=[sample_set.slug]), {"token": "not-a-token", "rating": "3"})
    assert response.status_code == 400
    lines = written(caplog)
    assert any("Bad Request" in line for line in lines), lines
    assert all("\n" not in line and "Traceback" not in line for line in lines), lines


def test_a_suspicious_request_is_logged_in_one_line_without_a_traceback(caplog):
    with caplog.at_level(logging.INFO):
        response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    lines = written(caplog)
    assert any("evil.example" in line for line in lines), lines
    assert all("\n" not in line and "Traceback" not in line for line in lines), lines


def test_a_server_error_keeps_its_traceback(caplog):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
    try:
        raise RuntimeError("a real fault")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    record.status_code = 500
    assert OneLineForRefusals().filter(record) and record.exc_info is not None
