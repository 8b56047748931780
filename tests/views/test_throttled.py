"""Where abuse was cheap: guessing class codes, asking for reset mails, reporting one card again and
again. Each is refused past a few attempts with status 429 and a message that says what to do."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quizzes import classes
from quizzes.models import ProblemReport, User
from quizzes.study import cards

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_wrong_class_codes_are_refused_after_ten_per_student(client, student, instructor):
    klass = classes.create_class(instructor, "صف")
    client.force_login(student)
    statuses = [client.post(reverse("class_join"), {"code": f"WRONG{i:02d}"}).status_code for i in range(10)]
    assert statuses == [302] * 10
    response = client.post(reverse("class_join"), {"code": klass.join_code}, **EN)
    assert response.status_code == 429
    assert "Too many wrong class codes" in response.content.decode()
    assert not klass.students.filter(pk=student.pk).exists()


def test_a_right_code_is_not_counted(client, student, instructor):
    klass = classes.create_class(instructor, "صف")
    client.force_login(student)
    for _ in range(12):
        assert client.post(reverse("class_join"), {"code": klass.join_code}).status_code == 302


def test_a_blocked_student_gets_the_same_message_for_a_right_code_and_a_wrong_one(client, student, instructor):
    klass = classes.create_class(instructor, "صف")
    client.force_login(student)
    for i in range(10):
        client.post(reverse("class_join"), {"code": f"WRONG{i:02d}"})
    wrong = client.post(reverse("class_join"), {"code": "NOPE22"}, **EN).content.decode()
    right = client.post(reverse("class_join"), {"code": klass.join_code}, **EN).content.decode()
    assert "Too many wrong class codes" in wrong and "Too many wrong class codes" in right


def test_other_students_wrong_codes_never_block_a_student_who_made_none(client, make_user, settings, instructor):
    settings.THROTTLES = {**settings.THROTTLES, "join_code_client": (4, 900)}
    klass = classes.create_class(instructor, "صف")
    for i in range(6):
        client.force_login(make_user(f"guesser{i}"))
        client.post(reverse("class_join"), {"code": "NOPE22"})
    client.force_login(make_user("careful"))
    assert client.post(reverse("class_join"), {"code": klass.join_code}).status_code == 302
    assert klass.students.filter(username="careful").exists()


def test_a_student_who_guessed_wrong_is_refused_once_their_address_has_guessed_too_much(
    client, make_user, settings, instructor
):
    settings.THROTTLES = {**settings.THROTTLES, "join_code_client": (4, 900)}
    guessers = [make_user(f"guesser{i}") for i in range(5)]
    for guesser in guessers:
        client.force_login(guesser)
        client.post(reverse("class_join"), {"code": "NOPE22"})
    client.force_login(guessers[0])
    assert client.post(reverse("class_join"), {"code": "NOPE23"}).status_code == 429


def test_a_class_of_forty_mistyping_behind_one_address_blocks_no_one_else(client, make_user, instructor):
    klass = classes.create_class(instructor, "صف")
    for i in range(40):
        client.force_login(make_user(f"pupil{i}"))
        for j in range(10):
            client.post(reverse("class_join"), {"code": f"TYPO{j:02d}"})
    # A latecomer who mistypes once still gets in with the right code.
    client.force_login(make_user("late"))
    assert client.post(reverse("class_join"), {"code": "TYPO99"}).status_code == 302
    assert client.post(reverse("class_join"), {"code": klass.join_code}).status_code == 302
    assert klass.students.filter(username="late").exists()


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, make_user, settings):
    settings.THROTTLES = {**settings.THROTTLES, "join_code_client": (2, 900)}
    guesser = make_user("guesser")
    client.force_login(guesser)
    for i in range(3):
        client.post(reverse("class_join"), {"code": "NOPE22"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert client.post(reverse("class_join"), {"code": "NOPE22"}, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_reset_mails_count_one_mailbox_however_it_is_spelt(client, student):
    student.email = "student@example.org"
    student.save()
    spellings = ["student@example.org", "\u017ftudent@example.org", "STUDENT@example.org", "ſtudent@EXAMPLE.org"]
    statuses = [client.post(reverse("password_reset"), {"email": e}).status_code for e in spellings * 2]
    assert statuses[:3] == [302] * 3 and set(statuses[3:]) == {429}
    assert len(mail.outbox) <= 3


def test_sign_ups_stop_past_the_limit_per_client(client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "signup_client": (2, 3600)}
    statuses = []
    for i in range(3):
        client.logout()
        body = {"username": f"new{i}", "password1": "a-long-passphrase-77", "password2": "a-long-passphrase-77"}
        statuses.append(client.post(reverse("signup"), body, **EN).status_code)
    assert statuses == [302, 302, 429]
    assert not User.objects.filter(username="new2").exists()


def test_a_class_of_forty_signs_up_from_one_address(client):
    for i in range(40):
        client.logout()
        body = {"username": f"pupil{i}", "password1": "a-long-passphrase-77", "password2": "a-long-passphrase-77"}
        assert client.post(reverse("signup"), body).status_code == 302
    assert User.objects.filter(username__startswith="pupil").count() == 40


def test_the_refusal_is_arabic_by_default(client, student):
    client.force_login(student)
    for _ in range(10):
        client.post(reverse("class_join"), {"code": "NOPE22"})
    body = client.post(reverse("class_join"), {"code": "NOPE22"}).content.decode()
    assert "رموز صفوف خاطئة كثيرة" in body


def test_reset_mails_stop_after_three_per_address(client, student):
    student.email = "student@example.org"
    student.save()
    statuses = [client.post(reverse("password_reset"), {"email": "Student@example.org"}).status_code for _ in range(21)]
    assert statuses[:3] == [302] * 3 and set(statuses[3:]) == {429}
    assert len(mail.outbox) == 3


def test_reset_requests_stop_after_ten_per_client_whatever_the_address(client):
    statuses = [client.post(reverse("password_reset"), {"email": f"a{i}@example.org"}).status_code for i in range(12)]
    assert statuses == [302] * 10 + [429] * 2
    response = client.post(reverse("password_reset"), {"email": "new@example.org"}, **EN)
    assert "Too many password reset requests" in response.content.decode()


def _shown(student, sample_set):
    sample_set.is_public = True
    sample_set.save()
    return cards.show_again(student, sample_set.questions.get(key="capital").pk, timezone.now())


def test_the_same_card_is_reported_at_most_three_times_a_day(client, student, sample_set):
    shown = _shown(student, sample_set)
    client.force_login(student)
    url = reverse("study_report", args=[sample_set.slug])
    body = {"token": shown.token, "reason": "unclear", "comment": "؟"}
    statuses = [client.post(url, body).status_code for _ in range(50)]
    assert statuses[:3] == [302] * 3 and set(statuses[3:]) == {429}
    assert ProblemReport.objects.count() == 3


def test_a_refused_report_over_htmx_shows_the_card_with_the_message(client, student, sample_set):
    shown = _shown(student, sample_set)
    client.force_login(student)
    url = reverse("study_report", args=[sample_set.slug])
    body = {"token": shown.token, "reason": "unclear", "comment": ""}
    for _ in range(3):
        client.post(url, body, headers={"HX-Request": "true"})
    response = client.post(url, body, headers={"HX-Request": "true"}, **EN)
    assert response.status_code == 429
    text = response.content.decode()
    assert "already reported this card" in text and "<html" not in text


def test_another_card_can_still_be_reported(client, student, sample_set):
    shown = _shown(student, sample_set)
    client.force_login(student)
    url = reverse("study_report", args=[sample_set.slug])
    for _ in range(4):
        client.post(url, {"token": shown.token, "reason": "unclear"})
    other = cards.show_again(student, sample_set.questions.get(key="founded").pk, timezone.now())
    assert client.post(url, {"token": other.token, "reason": "unclear"}).status_code == 302
    assert ProblemReport.objects.count() == 4
