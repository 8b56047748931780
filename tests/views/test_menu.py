"""The menu's "teaches": kept in the session so a page costs no query for it, and renewed wherever
it can change (logging in, accepting an invitation, the staff flag)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes import invitations
from quizzes.context_processors import menu
from quizzes.models import INSTRUCTORS_GROUP
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def teaches(client):
    return client.get(reverse("dashboard")).context["teaches"]


def make_instructor(user):
    user.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])


def test_a_student_does_not_teach_and_an_instructor_does(client, student, instructor):
    client.force_login(student)
    assert teaches(client) is False
    client.force_login(instructor)
    assert teaches(client) is True


def test_a_page_reads_teaches_from_the_session_without_asking_the_database(client, instructor):
    client.force_login(instructor)
    teaches(client)
    request = client.get(reverse("dashboard")).wsgi_request
    with CaptureQueriesContext(connection) as captured:
        assert menu(request) == {"teaches": True}
    assert captured.captured_queries == []


def test_it_is_kept_until_it_is_renewed_and_logging_in_renews_it(client, student):
    client.force_login(student)
    assert teaches(client) is False
    make_instructor(student)  # by someone else (the admin): this session keeps what it read
    assert teaches(client) is False
    client.force_login(student)
    assert teaches(client) is True


def test_logging_in_with_a_password_renews_it(client, student):
    client.force_login(student)
    assert teaches(client) is False
    make_instructor(student)
    client.post(reverse("login"), {"username": "student", "password": PASSWORD})
    assert teaches(client) is True


def test_accepting_an_invitation_renews_it_in_the_same_session(client, make_user, student):
    staff = make_user("staff", is_staff=True)
    _, token = invitations.create(staff, "", timezone.now())
    client.force_login(student)
    assert teaches(client) is False
    client.post(f"/invitations/{token}/")
    assert teaches(client) is True


def test_the_staff_flag_counts_at_once(client, student):
    client.force_login(student)
    assert teaches(client) is False
    student.is_staff = True
    student.save(update_fields=["is_staff"])
    assert teaches(client) is True
