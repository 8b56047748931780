"""python manage.py load_school — the accounts a load test logs in with, and its check afterwards.

Creates (once) a class of load-test students with one password, an instructor, a set of
true/false cards assigned to the class and a quiz on it (ten questions, unlimited attempts, not
feeding the schedule, so `--verify` still compares only study answers); `--verify` then compares
review rows with rated answers.
Refuses to run on a database that already holds other people unless --force is given.
"""

from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quizzes.management import school
from quizzes.models import Attempt, CardState, PendingAnswer, Review, User

PASSWORD = "load-test-password-2024"
PREFIX = "load-student-"
TEACHER = "load-teacher"
SLUG = "load"
CLASS_CODE = "LOADTEST"
QUIZ_TITLE = "Load quiz"
NEW_PER_DAY = 1000


class Command(BaseCommand):
    help = "Create load-test students and a set for tests/load/locustfile.py, or verify a run."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=1000)
        parser.add_argument("--questions", type=int, default=1000)
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
        teacher = school.instructor(TEACHER, password)
        qset = school.true_false_set(teacher, SLUG, "Load test", n_questions)
        school.students((f"{PREFIX}{i}" for i in range(n_students)), password=password, language="en")
        # New cards never run dry during a run (a card every 8 s for an hour is 450 cards): at the
        # default 20 a day, students ran out after three minutes and only reloaded the study page.
        User.objects.filter(username__startswith=PREFIX).update(new_per_day=NEW_PER_DAY, password=password)
        # Accounts of an earlier, larger run stay in the class.
        members = User.objects.filter(username__startswith=PREFIX)
        klass = school.open_class("Load class", CLASS_CODE, teacher, members, qset)
        quiz = school.give_quiz(
            teacher, qset, klass, QUIZ_TITLE, question_count=10, attempts_allowed=0, time_limit=30, feeds_schedule=False
        )
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
