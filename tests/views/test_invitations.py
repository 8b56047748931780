"""Instructor invitations: staff make them, a colleague accepts once; every bad link gets a clear page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import invitations
from quizzes.models import InstructorInvitation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user("staff", is_staff=True)


def fresh(user_pk):
    return User.objects.get(pk=user_pk)


def test_staff_make_an_invitation_and_see_its_link_once(client, staff):
    client.force_login(staff)
    response = client.post(reverse("invitation_create"), {"note": "colleague@example.org"})
    assert response.status_code == 302
    invitation = InstructorInvitation.objects.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    link = client.get(reverse("invitation_list")).context["new_link"]
    assert "/invitations/" in link
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    assert client.get(reverse("invitation_list")).context["new_link"] is None


def test_a_note_too_long_is_refused(client, staff):
    client.force_login(staff)
    client.post(reverse("invitation_create"), {"note": "x" * 201})
    assert not InstructorInvitation.objects.exists()


def test_the_list_reads_a_bounded_number_of_queries(client, staff, assert_max_queries):
    for i in range(5):
        invitations.create(staff, f"n{i}", timezone.now())
    client.force_login(staff)
    with assert_max_queries(6):
        assert len(client.get(reverse("invitation_list")).context["rows"]) == 5


def test_a_colleague_accepts_and_becomes_an_instructor(client, staff, student):
    _, token = invitations.create(staff, "", timezone.now())
    client.force_login(student)
    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert not fresh(student.pk).is_instructor
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 302 and response.url == reverse("teaching_home")
    assert fresh(student.pk).is_instructor
    invitation = InstructorInvitation.objects.get()
    assert invitation.accepted_by == student and invitation.accepted_at is not None
    assert client.get(reverse("teaching_home")).status_code == 200


def test_a_double_click_makes_one_acceptance(client, staff, student):
    _, token = invitations.create(staff, "", timezone.now())
    client.force_login(student)
    first = client.post(f"/invitations/{token}/")
    second = client.post(f"/invitations/{token}/")
    assert (first.status_code, second.status_code) == (302, 302)
    assert InstructorInvitation.objects.filter(accepted_at__isnull=False).count() == 1
    assert fresh(student.pk).groups.count() == 1


def test_a_used_link_is_refused_to_someone_else(client, staff, student, make_user):
    _, token = invitations.create(staff, "", timezone.now())
    invitations.accept(token, student, timezone.now())
    other = make_user("other")
    client.force_login(other)
    for method in ("get", "post"):
        response = getattr(client, method)(f"/invitations/{token}/")
        assert response.status_code == 400
        assert response.context["refusal"]
    assert not fresh(other.pk).is_instructor


def test_an_expired_link_is_refused_and_writes_nothing(client, staff, student):
    _, token = invitations.create(staff, "", timezone.now() - timedelta(days=15))
    client.force_login(student)
    assert client.post(f"/invitations/{token}/").status_code == 400
    assert not fresh(student.pk).is_instructor
    assert InstructorInvitation.objects.get().accepted_at is None


def test_a_revoked_link_is_refused(client, staff, student):
    invitation, token = invitations.create(staff, "", timezone.now())
    client.force_login(staff)
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 302
    client.force_login(student)
    assert client.post(f"/invitations/{token}/").status_code == 400
    assert not fresh(student.pk).is_instructor


def test_revoking_a_used_invitation_changes_nothing(staff, student):
    invitation, token = invitations.create(staff, "", timezone.now())
    invitations.accept(token, student, timezone.now())
    assert not invitations.revoke(invitation.pk, timezone.now())
    assert InstructorInvitation.objects.get().revoked_at is None


@pytest.mark.parametrize("token", ["nope", "a" * 43, "a" * 44, "%00" + "a" * 40, "a" * 42 + "%00"])
def test_a_malformed_or_unknown_link_is_not_found(client, staff, student, token):
    invitations.create(staff, "", timezone.now())
    client.force_login(student)
    for method in ("get", "post"):
        response = getattr(client, method)(f"/invitations/{token}/")
        assert response.status_code in (400, 404)
    assert not fresh(student.pk).is_instructor
    assert InstructorInvitation.objects.get().accepted_at is None


def test_an_instructor_is_told_to_keep_the_invitation(client, staff, instructor):
    _, token = invitations.create(staff, "", timezone.now())
    client.force_login(instructor)
    assert client.post(f"/invitations/{token}/").status_code == 400
    assert InstructorInvitation.objects.get().accepted_at is None
