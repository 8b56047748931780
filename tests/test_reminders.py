"""Due-date reminders: a daily digest of assignments due soon, mailed from the student's own morning,
once a day, only to students who opted in, through the scheduled task."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from quizzes import classes, reminders, tasks

pytestmark = pytest.mark.django_db

# 07:10 in Riyadh (UTC+3): the morning has come there.
MORNING = datetime(2026, 3, 1, 4, 10, tzinfo=UTC)


@pytest.fixture
def opted_in(make_user, sample_set, settings):
    settings.REMINDER_HOUR = 7
    settings.REMINDER_DAYS = 3
    student = make_user(
        "reem", display_name="Reem", email="reem@school.example", time_zone="Asia/Riyadh", language="en"
    )
    student.due_reminders = True
    student.save()
    soon = classes.create_class(sample_set.owner, "Grade 9")
    soon.students.add(student)
    classes.assign(soon, sample_set, date(2026, 3, 3))
    later = classes.create_class(sample_set.owner, "Grade 9 history")
    later.students.add(student)
    classes.assign(later, sample_set, date(2026, 3, 20))
    return student


def send(at):
    with time_machine.travel(at, tick=False):
        return reminders.send_digests(at)


def test_the_digest_lists_what_is_due_soon_with_its_link(opted_in):
    assert send(MORNING) == 1
    [message] = mail.outbox
    assert message.to == ["reem@school.example"]
    assert message.subject == "1 assignment due soon"
    assert "Hello Reem," in message.body
    assert "(Grade 9)\n  due in 2 days, March 3, 2026 · 9 cards left to study\n" in message.body
    assert f"{opted_in.pk}" not in message.subject
    assert "cards left to study" in message.body
    assert "http://127.0.0.1:8000/sets/sample/study/" in message.body
    assert "http://127.0.0.1:8000/settings/" in message.body
    assert "Grade 9 history" not in message.body  # due in 19 days: not soon


def test_it_waits_for_the_students_own_morning(opted_in):
    assert send(MORNING - timedelta(hours=1)) == 0  # 06:10 in Riyadh
    assert mail.outbox == []
    assert send(MORNING) == 1


def test_one_digest_a_day_however_often_the_task_runs(opted_in):
    assert send(MORNING) == 1
    assert send(MORNING + timedelta(hours=1)) == 0
    assert send(MORNING + timedelta(hours=9)) == 0
    assert send(MORNING + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2
    assert "due in 1 day, March 3, 2026" in mail.outbox[1].body


def test_nothing_is_sent_without_the_opt_in_or_an_address(opted_in):
    opted_in.due_reminders = False
    opted_in.save()
    assert send(MORNING) == 0
    opted_in.due_reminders, opted_in.email = True, ""
    opted_in.save()
    assert send(MORNING) == 0
    assert mail.outbox == []


def test_nothing_is_sent_when_nothing_is_due_soon(opted_in):
    assert send(MORNING + timedelta(days=3)) == 0  # the 3rd's work is past; the 20th is far
    assert mail.outbox == []


def test_a_removed_student_hears_nothing_of_the_class(opted_in, sample_set):
    for klass in opted_in.classes.all():
        classes.remove(klass, opted_in)
    assert send(MORNING) == 0


def test_the_digest_is_in_the_students_language(opted_in):
    opted_in.language = "ar"
    opted_in.save()
    send(MORNING)
    assert mail.outbox[0].subject != "1 assignment due soon"


def test_the_hourly_task_sends_the_digests(opted_in, django_capture_on_commit_callbacks):
    reminders_job = [job for job in tasks.SCHEDULE if job.name == "send_due_reminders"]
    with time_machine.travel(MORNING, tick=False), django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_due(MORNING, reminders_job)
    assert len(mail.outbox) == 1


def test_a_refused_mail_is_tried_again_at_the_next_run(opted_in, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    assert send(MORNING) == 0
    monkeypatch.undo()
    assert send(MORNING + timedelta(hours=1)) == 1
