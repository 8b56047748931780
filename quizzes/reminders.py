"""Due-date reminders: the daily digest of assignments due soon, mailed to students who asked for it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from . import scheduling
from .reports.student import assignments

logger = logging.getLogger("quizzes.reminders")


def due_soon(student, now, days=None):
    """The student's assignments due from today to `days` ahead (their study day), with cards left,
    soonest first: what the digest lists."""
    days = settings.REMINDER_DAYS if days is None else days
    today = scheduling.study_date(now, student.time_zone)
    last = today + timedelta(days=days)
    return [row for row in assignments(student, now) if row.due_date and today <= row.due_date <= last and row.left]


def recipients():
    """Students who opted in, have an address and belong to a class."""
    return (
        get_user_model()
        .objects.filter(due_reminders=True, memberships__removed_at__isnull=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def morning_has_come(student, now):
    local = now.astimezone(scheduling.local_zone(student.time_zone))
    return local.hour >= settings.REMINDER_HOUR


def study_url(slug):
    return settings.SITE_URL + reverse("study", args=[slug])


def compose(student, rows, today):
    """(subject, body) of the digest, in the student's language."""
    with translation.override(student.language or settings.LANGUAGE_CODE):
        subject = ngettext("%(n)d assignment due soon", "%(n)d assignments due soon", len(rows)) % {"n": len(rows)}
        context = {
            "student": student,
            "today": today,
            "rows": [
                {
                    "row": row,
                    "days": (row.due_date - today).days,
                    "url": settings.SITE_URL + reverse("study", args=[row.set_slug]),
                }
                for row in rows
            ],
            "settings_url": settings.SITE_URL + reverse("settings"),
        }
        body = render_to_string("quizzes/mail/due_reminders.txt", context)
    return subject, body


def send_digests(now) -> int:
    """Mails today's digest to every student whose morning has come and who has not had one today
    (their study day); nothing when nothing is due soon. Returns how many were sent. Run hourly: each
    student's morning comes in their own time zone."""
    sent = 0
    User = get_user_model()
    for student in recipients():
        if not morning_has_come(student, now):
            continue
        today = scheduling.study_date(now, student.time_zone)
        previous = student.reminded_on
        # Claimed before sending: two runs at once send one digest (at most once, as mail should be).
        if not User.objects.filter(pk=student.pk).exclude(reminded_on=today).update(reminded_on=today):
            continue
        rows = due_soon(student, now)
        if not rows:
            continue
        subject, body = compose(student, rows, today)
        try:
            send_mail(subject, body, None, [student.email])
        except Exception:
            # The mail server refused: tried again at the next run.
            User.objects.filter(pk=student.pk).update(reminded_on=previous)
            logger.exception("due-date digest for student %s not sent", student.pk)
            continue
        sent += 1
    return sent
