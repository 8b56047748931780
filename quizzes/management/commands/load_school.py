"""python manage.py load_school — the accounts a load test logs in with, and its check afterwards.

Creates (once) a class of load-test students with one password, an instructor, a set of
true/false cards assigned to the class and a quiz on it (ten questions, unlimited attempts, not
feeding the schedule, so `--verify` still compares only study answers); `--verify` then compares
review rows with rated answers.
Refuses to run on a database that already holds other people unless --force is given.
"""

from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes.bank.writing import record_version
from quizzes.models import (
    INSTRUCTORS_GROUP,
    Assignment,
    Attempt,
    CardState,
    Klass,
    PendingAnswer,
    Question,
    QuestionSet,
    Quiz,
    Review,
    User,
)

PASSWORD = "load-test-password-2024"
PREFIX = "load-student-"
TEACHER = "load-teacher"
SLUG = "load"
CLASS_CODE = "LOADTEST"
QUIZ_TITLE = "Load quiz"


class Command(BaseCommand):
    help = "Create load-test students and a set for tests/load/locustfile.py, or verify a run."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=1000)
        parser.add_argument("--questions", type=int, default=400)
        parser.add_argument("--verify", action="store_true", help="compare review rows with rated answers")
        parser.add_argument("--rated", default="/tmp/load_rated.txt", help="rate requests answered, as Locust counted")
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, students, questions, verify, rated, force, **_):
        if verify:
            return self.verify(Path(rated))
        others = User.objects.exclude(username__startswith=PREFIX).exclude(username=TEACHER)
        if others.exists() and not force:
            raise CommandError("This database has other accounts: load_school runs on a scratch database (--force).")
        with transaction.atomic():
            self.build(students, questions)

    def build(self, n_students, n_questions):
        password = make_password(PASSWORD)  # hashed once: the same slow hash for every account
        teacher, _ = User.objects.get_or_create(username=TEACHER, defaults={"password": password})
        teacher.password = password
        teacher.save(update_fields=["password"])
        teacher.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
        qset, created = QuestionSet.objects.get_or_create(
            slug=SLUG, defaults={"title": "Load test", "owner": teacher, "is_public": False}
        )
        if created:
            qset.sources.create(key="doc0", title="Document", file="doc.txt")
            Question.objects.bulk_create(
                Question(
                    question_set=qset,
                    key=f"q{i}",
                    type="true_false",
                    prompt=f"Statement {i}",
                    data={"answer": True},
                    sources=[{"doc": "doc0", "quote": "quote"}],
                    position=i,
                )
                for i in range(n_questions)
            )
            for question in Question.objects.filter(question_set=qset):
                record_version(question)
        existing = set(User.objects.filter(username__startswith=PREFIX).values_list("username", flat=True))
        User.objects.bulk_create(
            User(username=name, password=password, language="en")
            for name in (f"{PREFIX}{i}" for i in range(n_students))
            if name not in existing
        )
        klass, _ = Klass.objects.get_or_create(join_code=CLASS_CODE, defaults={"name": "Load class"})
        klass.instructors.add(teacher)
        klass.students.add(*User.objects.filter(username__startswith=PREFIX))
        Assignment.objects.get_or_create(klass=klass, question_set=qset)
        quiz, _ = Quiz.objects.get_or_create(
            title=QUIZ_TITLE,
            owner=teacher,
            question_set=qset,
            defaults={"question_count": 10, "attempts_allowed": 0, "time_limit": 30, "feeds_schedule": False},
        )
        quiz.classes.add(klass)
        # Every run starts from cards never studied, so its check counts only its own answers.
        load_students = User.objects.filter(username__startswith=PREFIX)
        Review.objects.filter(student__in=load_students).delete()
        PendingAnswer.objects.filter(student__in=load_students).delete()
        CardState.objects.filter(student__in=load_students).delete()
        Attempt.objects.filter(student__in=load_students).delete()
        self.stdout.write(
            f"{n_students} students ({PREFIX}N / {PASSWORD}), {TEACHER}, set '{SLUG}', class {klass.pk}, quiz {quiz.pk}"
        )

    def verify(self, counted):
        students = User.objects.filter(username__startswith=PREFIX)
        reviews = Review.objects.filter(student__in=students).count()
        rated = PendingAnswer.objects.filter(student__in=students, rated_at__isnull=False).count()
        line = f"review rows: {reviews}, rated answers: {rated}"
        answered = int(counted.read_text()) if counted.exists() else None
        if answered is not None:
            line += f", rate requests answered (Locust): {answered}"
        self.stdout.write(line)
        if reviews != rated or (answered is not None and answered != reviews):
            raise CommandError("Review rows and rated answers differ.")
