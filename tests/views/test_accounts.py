import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from quizzes.models import User

pytestmark = pytest.mark.django_db


def test_signing_up_logs_the_new_student_in(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "layla",
            "display_name": "ليلى",
            "email": "l@example.org",
            "password1": "a-long-passphrase-77",
            "password2": "a-long-passphrase-77",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="layla")
    assert not user.is_instructor
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_weak_password_is_refused(client):
    client.post(reverse("signup"), {"username": "x", "password1": "1234", "password2": "1234"})
    assert not User.objects.filter(username="x").exists()


def test_settings_keep_retention_within_bounds(client, student):
    client.force_login(student)
    data = {
        "display_name": "S",
        "email": "",
        "language": "en",
        "time_zone": "Asia/Riyadh",
        "new_per_day": 10,
        "max_reviews_per_day": 100,
    }
    client.post(reverse("settings"), {**data, "desired_retention": "0.99"})
    student.refresh_from_db()
    assert student.desired_retention == 0.90
    response = client.post(reverse("settings"), {**data, "desired_retention": "0.85"})
    student.refresh_from_db()
    assert student.desired_retention == 0.85 and student.time_zone == "Asia/Riyadh"
    assert response.cookies["django_language"].value == "en"


def test_password_reset_sends_an_email(client, student):
    student.email = "s@example.org"
    student.save()
    client.post(reverse("password_reset"), {"email": "s@example.org"})
    assert len(mail.outbox) == 1


def test_failed_logins_lock_the_username_from_that_address(client, student, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": student.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(
        reverse("login"), {"username": student.username, "password": "correct-horse-battery"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    # The same school address still serves another student.
    other = User.objects.create_user("other", password="another-long-pass-1")
    response = client.post(
        reverse("login"), {"username": other.username, "password": "another-long-pass-1"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302


def test_a_locked_out_person_is_told_when_to_try_again(client, student, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = 0.25
    for _ in range(2):
        client.post(reverse("login"), {"username": student.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.2")
    response = client.post(
        reverse("login"),
        {"username": student.username, "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()


def test_switching_language_is_saved_on_the_account_and_follows_the_next_login(client, student):
    client.force_login(student)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/dashboard/"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.language == "en"
    # A fresh browser, no cookie: the saved choice wins over the browser's Arabic.
    fresh = Client()
    fresh.force_login(student)
    response = fresh.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.content.decode().count('<html lang="en" dir="ltr">') == 1
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_anonymous_visitor_switches_language_by_cookie_only(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert '<html lang="en" dir="ltr">' in page.content.decode()


def test_arabic_is_the_default_interface(client):
    page = client.get("/")
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
