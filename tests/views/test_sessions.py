"""Logging out ends the session on every server process, not only the one that served the logout."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def worker(settings, name):
    """Makes the next requests run as the server process `name`, with a cache of its own."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}}


def test_a_logged_out_session_no_longer_works_on_another_worker(settings, student):
    browser = Client()
    worker(settings, "worker-1")
    response = browser.post(reverse("login"), {"username": student.username, "password": "correct-horse-battery"})
    assert response.status_code == 302
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    # The same cookie is used on a second worker, which reads (and may keep) the session.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = cookie
    worker(settings, "worker-2")
    assert thief.get(reverse("settings")).status_code == 200
    worker(settings, "worker-1")
    browser.post(reverse("logout"))
    worker(settings, "worker-2")
    response = thief.get(reverse("settings"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = thief.post(reverse("settings"), {"display_name": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
