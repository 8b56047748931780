"""The demo accounts a newcomer logs in with after `make run`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import INSTRUCTORS_GROUP, QuestionSet

DEMO_PASSWORD = "quizdemo"


def create_demo():
    """Creates (or leaves alone) student1 and teacher1; returns lines saying what it did."""
    User = get_user_model()
    lines = []
    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    for username, display, is_teacher in (("student1", "طالب تجريبي", False), ("teacher1", "مدرّس تجريبي", True)):
        user, created = User.objects.get_or_create(username=username, defaults={"display_name": display})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            lines.append(f"created {username}")
        if is_teacher:
            user.groups.add(instructors)
            teacher = user
    adopted = QuestionSet.objects.filter(owner__isnull=True).update(owner=teacher)
    if adopted:
        lines.append(f"teacher1 now owns {adopted} set(s) that had no owner")
    return lines
