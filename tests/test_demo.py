import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quizzes.demo import DEMO_CLASS, DEMO_PASSWORD
from quizzes.models import Klass, User

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_created_with_debug_on(settings, sample_set):
    settings.DEBUG = True
    sample_set.owner = None
    sample_set.save()
    call_command("create_demo")
    student, teacher = User.objects.get(username="student1"), User.objects.get(username="teacher1")
    assert student.check_password(DEMO_PASSWORD) and not student.is_instructor
    assert teacher.is_instructor
    sample_set.refresh_from_db()
    assert sample_set.owner == teacher


def test_demo_accounts_are_left_alone_on_a_second_run(settings):
    settings.DEBUG = True
    call_command("create_demo")
    User.objects.filter(username="student1").update(display_name="changed")
    call_command("create_demo")
    assert User.objects.get(username="student1").display_name == "changed"


def test_demo_accounts_are_never_created_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo")
    assert not User.objects.filter(username="student1").exists()


def test_the_demo_class_holds_the_shipped_sets_and_student1(settings, sample_set):
    settings.DEBUG = True
    sample_set.owner = None
    sample_set.save()
    call_command("create_demo")
    call_command("create_demo")  # a second run adds nothing twice
    klass = Klass.objects.get(name=DEMO_CLASS)
    assert list(klass.instructors.values_list("username", flat=True)) == ["teacher1"]
    assert list(klass.students.values_list("username", flat=True)) == ["student1"]
    assert list(klass.assignments.values_list("question_set__slug", flat=True)) == ["sample"]


def test_the_demo_class_has_a_timed_quiz_open_to_student1(settings, sample_set):
    from django.utils import timezone

    from quizzes.attempts.quizzes import for_student, is_open
    from quizzes.demo import DEMO_QUIZ

    settings.DEBUG = True
    sample_set.owner = None
    sample_set.save()
    call_command("create_demo")
    call_command("create_demo")
    (quiz,) = for_student(User.objects.get(username="student1"))
    assert quiz.title == DEMO_QUIZ and quiz.time_limit and is_open(quiz, timezone.now())
