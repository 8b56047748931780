"""/healthz: what the load balancer asks every few seconds, without logging in."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": True}


def test_it_is_never_cached(client):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]


def test_it_answers_503_when_the_database_does_not(client):
    with mock.patch("quizzes.views.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_it_checks_redis_when_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": settings.REDIS_URL}
    }
    assert client.get(reverse("healthz")).json() == {"ok": True, "database": True, "redis": True}


def test_it_answers_503_when_redis_does_not(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": settings.REDIS_URL}
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["redis"] is False


def test_it_refuses_a_post(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_every_request_is_logged_in_one_line(client, caplog):
    with caplog.at_level("INFO", logger="quizzes.requests"):
        client.get(reverse("healthz"))
        client.get("/no-such-page/")
    lines = [r.getMessage() for r in caplog.records if r.name == "quizzes.requests"]
    assert len(lines) == 2
    assert lines[0].startswith("GET /healthz 200 ") and lines[0].endswith("ms")
    assert lines[1].startswith("GET /no-such-page/ 404 ")
