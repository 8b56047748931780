"""python manage.py benchmark — server time and queries of studying and answering, on a synthetic school.

Builds the school in a fresh test database (never the real one), then times the study page and
answering a card (check + rate) against a bare view that only renders a template for the same
logged-in user through the same middleware: the floor for this stack.
"""

import random
import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes import scheduling
from quizzes.bank.importing import record_version
from quizzes.models import Assignment, CardState, Klass, Question, QuestionSet, Review, User

HTMX = {"HX-Request": "true"}
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


class Command(BaseCommand):
    help = "Measure study and answer requests on a synthetic school in a fresh database."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=200)
        parser.add_argument("--questions", type=int, default=150)
        parser.add_argument("--days", type=int, default=60)
        parser.add_argument("--reviews", type=int, default=0, help="top the review log up to this many rows")
        parser.add_argument("--samples", type=int, default=150, help="requests measured per page")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **opts):
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        test_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        self.stdout.write(f"fresh database: {test_name} ({connection.vendor})")
        try:
            with override_settings(ROOT_URLCONF="quizzes.benchmark_urls", DEBUG=False, ALLOWED_HOSTS=["*"]):
                self.run(**opts)
        finally:
            creation.destroy_test_db(old_name, verbosity=0)

    def run(self, students, questions, days, reviews, samples, seed, **_):
        rng = random.Random(seed)
        started = time.perf_counter()
        qset, users = self.build(rng, students, questions, days, reviews)
        self.stdout.write(
            f"school: {students} students, {questions} questions, {Review.objects.count():,} reviews, "
            f"{CardState.objects.count():,} cards; built in {time.perf_counter() - started:.1f} s"
        )
        # Students stay logged in, as in class: one browser (client) each, logged in once.
        clients = {}
        floor, study_page, check, rate, card = [], [], [], [], []
        for i in range(samples):
            user = users[i % len(users)]
            if user.pk not in clients:
                clients[user.pk] = Client()
                clients[user.pk].force_login(user)
                # Mid-session, as measured: the first card of a session also records when the
                # session started (one session write), which the steady state does not repeat.
                clients[user.pk].get(reverse("study", args=[qset.slug]), headers=HTMX)
                self.answer(clients[user.pk], qset, user)
            client = clients[user.pk]
            floor.append(self.timed(client.get, reverse("benchmark_floor")))
            study_page.append(self.timed(client.get, reverse("study", args=[qset.slug]), headers=HTMX))
            checked, rated = self.answer(client, qset, user)
            check.append(checked)
            if rated:
                rate.append(rated)
                card.append((checked[0] + rated[0], checked[1] + rated[1]))
        quiz_rows = self.measure_quiz(qset, users, samples)
        rows = [
            ("floor (bare template)", floor),
            ("study page (next card)", study_page),
            ("answer: check", check),
            ("answer: rate with next card", rate),
            ("card total (check + rate with next card)", card),
            *quiz_rows,
        ]
        base = statistics.median(t for t, _ in floor)
        self.stdout.write(f"{'request':42} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x floor':>8}")
        for name, results in rows:
            times = sorted(t for t, _ in results)
            queries = max(q for _, q in results)
            median = statistics.median(times)
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            self.stdout.write(f"{name:42} {median * 1000:10.2f} {p95 * 1000:8.2f} {queries:8d} {median / base:8.2f}")
        self.measure_reports(qset, users, clients, samples)

    def measure_quiz(self, qset, users, samples):
        """The attempt page and saving an answer (htmx autosave) of a 20-question timed quiz set for the
        students' class: [(name, [(seconds, queries)])], each student with an attempt started."""
        from quizzes.attempts.attempts import start
        from quizzes.models import Quiz

        klass = Klass.objects.get(join_code="BENCH23")
        quiz = Quiz.objects.create(
            title="Benchmark quiz", owner=qset.owner, question_set=qset, question_count=20, time_limit=600
        )
        quiz.classes.add(klass)
        clients, page, save = {}, [], []
        now = timezone.now()
        for i in range(samples):
            user = users[i % len(users)]
            if user.pk not in clients:
                attempt = start(quiz, user, now)
                clients[user.pk] = (Client(), attempt)
                clients[user.pk][0].force_login(user)
            client, attempt = clients[user.pk]
            position = i // len(users) % 20 + 1
            page.append(self.timed(client.get, reverse("attempt", args=[attempt.pk]), {"page": position}))
            save.append(
                self.timed(
                    client.post,
                    reverse("attempt_save", args=[attempt.pk]),
                    {"position": position, "response": "true"},
                    headers=HTMX,
                )
            )
        return [("quiz: attempt page (one question)", page), ("quiz: save an answer (htmx)", save)]

    def timed(self, call, *args, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = call(*args, **kwargs)
            elapsed = time.perf_counter() - start
        assert response.status_code in (200, 302), response.status_code
        # BEGIN, COMMIT and savepoints are transaction control, not queries: not counted.
        statements = [q["sql"] for q in queries.captured_queries]
        return elapsed, sum(1 for sql in statements if not sql.startswith(TRANSACTION_CONTROL))

    def answer(self, client, qset, user):
        """Checks the open card right and rates it Good; returns (check, rate) measurements."""
        from quizzes.models import PendingAnswer

        pending = PendingAnswer.objects.filter(student=user, rated_at__isnull=True).order_by("-shown_at").first()
        checked = self.timed(
            client.post,
            reverse("study_check", args=[qset.slug]),
            {"token": pending.token, "response": "true"},
            headers=HTMX,
        )
        pending.refresh_from_db()
        if pending.rated_at is not None:
            return checked, None
        rated = self.timed(
            client.post,
            reverse("study_rate", args=[qset.slug]),
            {"token": pending.token, "rating": "3"},
            headers=HTMX,
        )
        return checked, rated

    def build(self, rng, n_students, n_questions, days, target_reviews):
        owner = User.objects.create_user("bench-teacher", password="x")
        # The set reaches its students as sets do in school: assigned to their class, not public.
        qset = QuestionSet.objects.create(slug="bench", title="Benchmark", is_public=False, owner=owner)
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
        versions = dict(Question.objects.filter(question_set=qset).values_list("id", "current_version_id"))
        question_ids = list(versions)
        users = User.objects.bulk_create(
            User(username=f"student{i}", password="!", time_zone="Asia/Riyadh") for i in range(n_students)
        )
        now = timezone.now()
        per_student = max(1, (target_reviews or n_students * days * 17) // n_students)
        cards, logs = [], []
        for user in users:
            seen = rng.sample(question_ids, k=min(len(question_ids), max(1, int(len(question_ids) * 0.7))))
            for k in range(per_student):
                qid = seen[k % len(seen)]
                at = now - timedelta(days=rng.uniform(0, days))
                logs.append(
                    Review(
                        student=user,
                        question_id=qid,
                        version_id=versions[qid],
                        kind="study",
                        response=True,
                        rating=rng.choice((1, 3, 3, 3, 4)),
                        score=1.0,
                        duration_ms=rng.randint(2000, 20000),
                        state_before=2,
                        stability_before=5.0,
                        difficulty_before=5.0,
                        due_before=at,
                        last_review_before=at,
                        state_after=2,
                        stability_after=8.0,
                        difficulty_after=5.0,
                        due_after=at + timedelta(days=8),
                        scheduled_seconds=8 * 86400,
                        reviewed_at=at,
                    )
                )
            for qid in seen:
                due = now + timedelta(days=rng.uniform(-3, 30))
                cards.append(
                    CardState(
                        student=user,
                        question_id=qid,
                        state=scheduling.REVIEW,
                        stability=rng.uniform(1, 60),
                        difficulty=rng.uniform(1, 10),
                        due=due,
                        last_review=due - timedelta(days=10),
                        first_reviewed_at=now - timedelta(days=days),
                        reps=5,
                    )
                )
            if len(logs) > 20000:
                Review.objects.bulk_create(logs, batch_size=5000)
                logs = []
        Review.objects.bulk_create(logs, batch_size=5000)
        CardState.objects.bulk_create(cards, batch_size=5000)
        klass = Klass.objects.create(name="Benchmark class", join_code="BENCH23")
        klass.instructors.add(owner)
        klass.students.add(*users)
        Assignment.objects.create(klass=klass, question_set=qset)
        return qset, users

    def measure_reports(self, qset, users, clients, samples):
        """The report pages: a student's own, the class report, a student of the class, item analysis."""
        from django.contrib.auth.models import Group
        from django.db.models import F

        from quizzes.models import INSTRUCTORS_GROUP
        from quizzes.reports import tallies

        # The synthetic log has no predictions: spread them over 0.50–0.99 so calibration has bins.
        Review.objects.filter(retrievability__isnull=True).update(retrievability=(F("id") % 50 + 50) / 100.0)
        started = time.perf_counter()
        tallies.rebuild()
        self.stdout.write(f"report tallies rebuilt in {time.perf_counter() - started:.1f} s")
        klass = Klass.objects.get(join_code="BENCH23")
        teacher = klass.instructors.get()
        teacher.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
        instructor = Client()
        instructor.force_login(teacher)
        runs = max(5, samples // 10)
        pages = [
            ("report: student's own", None, reverse("my_report")),
            ("report: class", instructor, reverse("class_report", args=[klass.pk])),
            ("report: student drill-down", instructor, reverse("class_student_report", args=[klass.pk, users[0].pk])),
            ("report: item analysis", instructor, reverse("item_analysis", args=[klass.pk, qset.slug])),
        ]
        results = {name: [] for name, _, _ in pages}
        floor = []
        for i in range(runs):
            student = clients.get(users[i % len(users)].pk) or next(iter(clients.values()))
            floor.append(self.timed(student.get, reverse("benchmark_floor")))
            for name, client, url in pages:
                results[name].append(self.timed((client or student).get, url))
        base = statistics.median(t for t, _ in floor)
        for name, measured in [("floor (bare template)", floor), *results.items()]:
            times = sorted(t for t, _ in measured)
            queries = max(q for _, q in measured)
            median = statistics.median(times)
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            self.stdout.write(f"{name:42} {median * 1000:10.2f} {p95 * 1000:8.2f} {queries:8d} {median / base:8.2f}")
