"""The demo accounts a newcomer logs in with after `make run`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import classes
from .models import INSTRUCTORS_GROUP, Klass, QuestionSet, Quiz

DEMO_PASSWORD = "quizdemo"
DEMO_CLASS = "الصف التجريبي"
DEMO_QUIZ = "اختبار تجريبي"


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
        else:
            student = user
    adopted = QuestionSet.objects.filter(owner__isnull=True).update(owner=teacher)
    if adopted:
        lines.append(f"teacher1 now owns {adopted} set(s) that had no owner")
    lines.extend(_demo_class(teacher, student))
    return lines


def _demo_class(teacher, student):
    """A class taught by teacher1, with student1 in it and every set teacher1 owns assigned."""
    klass = Klass.objects.filter(instructors=teacher, name=DEMO_CLASS).first()
    lines = []
    if klass is None:
        klass = classes.create_class(teacher, DEMO_CLASS)
        lines.append(f"created the class {DEMO_CLASS} (join code {klass.join_code})")
    klass.students.add(student)
    assigned = set(klass.assignments.values_list("question_set_id", flat=True))
    for qset in QuestionSet.objects.filter(owner=teacher).exclude(pk__in=assigned).order_by("title"):
        classes.assign(klass, qset)
        lines.append(f"assigned {qset.slug} to {DEMO_CLASS}")
    lines.extend(_demo_quiz(teacher, klass))
    return lines


def _demo_quiz(teacher, klass):
    """A short timed quiz on the first shipped set, open to the demo class, to try a quiz at once."""
    if Quiz.objects.filter(owner=teacher, title=DEMO_QUIZ).exists():
        return []
    qset = QuestionSet.objects.filter(owner=teacher).order_by("title").first()
    if qset is None:
        return []
    quiz = Quiz.objects.create(
        title=DEMO_QUIZ, owner=teacher, question_set=qset, question_count=10, time_limit=15, attempts_allowed=0
    )
    quiz.classes.add(klass)
    return [f"created the quiz {DEMO_QUIZ} on {qset.slug} for {DEMO_CLASS}"]
