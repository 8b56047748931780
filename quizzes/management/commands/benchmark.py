"""python manage.py benchmark — server time and queries of every page students and instructors use,
on a synthetic school of 20 and of 200 students.

Builds each school in a fresh test database (never the real one), then times each page against a
bare view that only renders a template for the same logged-in user through the same middleware: the
floor for this stack. One table: page, school size, median, 95th percentile, queries, ratio to floor.
"""

import logging
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes import scheduling
from quizzes.attempts.attempts import start
from quizzes.bank import writing
from quizzes.learn import sessions as learning
from quizzes.management import school as synthetic
from quizzes.models import (
    Attempt,
    AttemptQuestion,
    CardState,
    Klass,
    PendingAnswer,
    Question,
    QuestionSet,
    QuizDraw,
    Review,
    Tag,
    User,
)
from quizzes.study import tallies

HTMX = {"HX-Request": "true"}
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@dataclass
class School:
    """The synthetic school one run measures, and a logged-in browser (client) per person."""

    qset: QuestionSet
    klass: Klass
    teacher: User
    students: list
    quiz: object = None
    # A quiz asking one essay, written and submitted by every student, for the manual grading page.
    essay_quiz: object = None
    essay_id: int = 0
    clients: dict = field(default_factory=dict)
    attempts: dict = field(default_factory=dict)
    learn_sessions: dict = field(default_factory=dict)

    def client_for(self, user):
        if user.pk not in self.clients:
            self.clients[user.pk] = Client()
            self.clients[user.pk].force_login(user)
        return self.clients[user.pk]


class Command(BaseCommand):
    help = "Measure every page students and instructors use on a synthetic school in a fresh database."

    def add_arguments(self, parser):
        parser.add_argument("--students", default="20,200", help="school sizes, comma-separated (e.g. 20,200)")
        parser.add_argument("--questions", type=int, default=150)
        parser.add_argument("--days", type=int, default=60)
        parser.add_argument("--reviews", type=int, default=0, help="top the review log up to this many rows")
        parser.add_argument("--samples", type=int, default=150, help="requests measured per page")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--explain", action="store_true", help="PostgreSQL: EXPLAIN the queries of each page")
        parser.add_argument(
            "--pages", default="", help="only pages whose name contains one of these words, comma-separated"
        )
        parser.add_argument(
            "--profile",
            type=int,
            default=0,
            metavar="N",
            help="after measuring, profile each page's requests (cProfile) and print its N costliest functions",
        )

    def pages(self):
        """Every page measured, in order, as (name, method). Each method makes one request for the
        sample's student (or the instructor) and returns self.timed(...): a branch adding a page
        adds one method and one line here."""
        return [
            ("study page (next card)", self.study_page),
            ("answer: check", self.check_answer),
            ("answer: rate with next card", self.rate),
            ("learn answer", self.learn_answer),
            ("dashboard (student)", self.dashboard),
            ("set page (student)", self.set_page),
            ("class page (instructor)", self.class_page),
            ("problem reports (instructor)", self.problem_reports),
            ("set export (instructor)", self.set_export),
            ("quiz: attempt page", self.attempt_page),
            ("quiz: save an answer (htmx)", self.save_quiz_answer),
            ("quiz: attempts (instructor)", self.quiz_attempts),
            ("quiz: manual grading (instructor)", self.manual_grading),
            ("quiz: overview (instructor)", self.quiz_overview),
            ("report: student's own", self.my_report),
            ("report: class, recalculated", self.class_report_recalculated),
            ("report: class, kept (instructor)", self.class_report),
            ("report: a student (instructor)", self.student_report),
            ("report: item analysis, recalculated", self.item_analysis_recalculated),
            ("report: item analysis, kept", self.item_analysis),
        ]

    def handle(self, *args, **opts):
        # Thousands of requests: their one log line each would bury the table.
        logging.getLogger("quizzes.requests").setLevel(logging.WARNING)
        sizes = [int(n) for n in str(opts.pop("students")).split(",") if n.strip()]
        rows = []
        for students in sizes:
            creation = connection.creation
            old_name = connection.settings_dict["NAME"]
            test_name = creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
            self.stdout.write(f"fresh database: {test_name} ({connection.vendor})")
            try:
                urls = "quizzes.management.benchmark_urls"
                with override_settings(ROOT_URLCONF=urls, DEBUG=False, ALLOWED_HOSTS=["*"]):
                    rows += self.run(students=students, **opts)
            finally:
                creation.destroy_test_db(old_name, verbosity=0)
        self.table(rows)

    def table(self, rows):
        self.stdout.write(f"{'page':34} {'students':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x floor':>8}")
        for name, students, median, p95, queries, ratio in rows:
            self.stdout.write(f"{name:34} {students:8d} {median:10.2f} {p95:8.2f} {queries:8d} {ratio:8.2f}")

    def run(self, students, questions, days, reviews, samples, seed, explain=False, pages="", profile=0, **_):
        rng = random.Random(seed)
        started = time.perf_counter()
        school = self.build(rng, students, questions, days, reviews)
        self.stdout.write(
            f"school: {students} students, {questions} questions, {Review.objects.count():,} reviews, "
            f"{CardState.objects.count():,} cards; built in {time.perf_counter() - started:.1f} s"
        )
        words = [w.strip() for w in pages.split(",") if w.strip()]
        pages = [(name, m) for name, m in self.pages() if not words or any(w in name for w in words)]
        floor, results = [], {name: [] for name, _ in pages}
        for i in range(samples):
            user = school.students[i % len(school.students)]
            if user.pk not in school.clients:
                # Mid-session, as measured: the first card of a session also records when the
                # session started (one session write), which the steady state does not repeat.
                client = school.client_for(user)
                client.get(reverse("study", args=[school.qset.slug]), headers=HTMX)
                self.answer_open_card(client, school.qset, user)
            floor.append(self.timed(school.client_for(user).get, reverse("benchmark_floor")))
            for name, measure in pages:
                measured = measure(school, user)
                if measured is not None:
                    results[name].append(measured)
        if explain:
            self.explain(school, school.students[0], pages)
        if profile:
            self.profile(school, pages, profile)
        base = statistics.median(t for t, _ in floor)
        rows = [("floor (bare template)", floor)] + list(results.items())
        table = []
        for name, measured in rows:
            if not measured:
                continue
            times = sorted(t for t, _ in measured)
            median = statistics.median(times)
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            queries = max(q for _, q in measured)
            table.append((name, students, median * 1000, p95 * 1000, queries, median / base))
        return table

    def timed(self, call, *args, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = call(*args, **kwargs)
            elapsed = time.perf_counter() - start
        assert response.status_code in (200, 302), (args, response.status_code)
        # BEGIN, COMMIT and savepoints are transaction control, not queries: not counted.
        statements = [q["sql"] for q in queries.captured_queries]
        self.last_queries = [sql for sql in statements if not sql.startswith(TRANSACTION_CONTROL)]
        return elapsed, len(self.last_queries)

    # One method per page: one request, for the sample's student or for the set's instructor.

    def study_page(self, school, user):
        return self.timed(school.client_for(user).get, reverse("study", args=[school.qset.slug]), headers=HTMX)

    def check_answer(self, school, user):
        pending = self.open_card(user)
        if pending is None:
            # The study page was not measured before it (--pages left it out): show a card, untimed.
            school.client_for(user).get(reverse("study", args=[school.qset.slug]), headers=HTMX)
            pending = self.open_card(user)
        if pending is None:
            return None  # nothing left to study
        return self.timed(
            school.client_for(user).post,
            reverse("study_check", args=[school.qset.slug]),
            {"token": pending.token, "response": "true"},
            headers=HTMX,
        )

    def rate(self, school, user):
        pending = self.open_card(user, checked=True)
        if pending is None:
            return None  # rated by the check itself (a wrong answer): nothing to rate
        return self.timed(
            school.client_for(user).post,
            reverse("study_rate", args=[school.qset.slug]),
            {"token": pending.token, "rating": "3"},
            headers=HTMX,
        )

    def learn_answer(self, school, user):
        """An answer posted in the student's Learn session (its question opened beforehand, as the
        page a student reads before answering opened it); a session mastered makes way for a new one."""
        learn_sessions = school.learn_sessions
        session = learn_sessions.get(user.pk)
        now = timezone.now()
        shown = learning.current(session, school.qset, now) if session else None
        if shown is None:
            session = learn_sessions[user.pk] = learning.start(user, school.qset, [], now)
            shown = learning.current(session, school.qset, now)
        form = {"token": shown["token"], "response": "true"}
        for name in shown["choices"]:
            form[learning.field_name(shown["seed"], name)] = learning.choice_value(shown["seed"], name, 0)
        url = reverse("learn_answer", args=[school.qset.slug, session.uuid])
        return self.timed(school.client_for(user).post, url, form)

    def dashboard(self, school, user):
        return self.timed(school.client_for(user).get, reverse("dashboard"))

    def set_page(self, school, user):
        return self.timed(school.client_for(user).get, reverse("set_detail", args=[school.qset.slug]))

    def class_page(self, school, user):
        return self.timed(school.client_for(school.teacher).get, reverse("class_detail", args=[school.klass.pk]))

    def problem_reports(self, school, user):
        return self.timed(school.client_for(school.teacher).get, reverse("set_problems", args=[school.qset.slug]))

    def set_export(self, school, user):
        return self.timed(school.client_for(school.teacher).get, reverse("set_export", args=[school.qset.slug]))

    def attempt(self, school, user):
        """The student's attempt at the class's 20-question timed quiz, started on first use."""
        if user.pk not in school.attempts:
            school.attempts[user.pk] = start(school.quiz, user, timezone.now())
        return school.attempts[user.pk]

    def attempt_page(self, school, user):
        attempt = self.attempt(school, user)
        page = self.attempt_position(attempt)
        return self.timed(school.client_for(user).get, reverse("attempt", args=[attempt.pk]), {"page": page})

    def save_quiz_answer(self, school, user):
        attempt = self.attempt(school, user)
        return self.timed(
            school.client_for(user).post,
            reverse("attempt_save", args=[attempt.pk]),
            {"position": self.attempt_position(attempt), "response": "true"},
            headers=HTMX,
        )

    def attempt_position(self, attempt):
        # Each visit of the same student moves one question on, as a student goes through a quiz.
        attempt.visits = getattr(attempt, "visits", 0) + 1
        return (attempt.visits - 1) // 2 % 20 + 1

    def quiz_attempts(self, school, user):
        return self.timed(school.client_for(school.teacher).get, reverse("quiz_attempts", args=[school.essay_quiz.pk]))

    def manual_grading(self, school, user):
        """Every student's essay on one page, as an instructor marks them."""
        url = reverse("quiz_grading_question", args=[school.essay_quiz.pk, school.essay_id])
        return self.timed(school.client_for(school.teacher).get, url)

    def quiz_overview(self, school, user):
        return self.timed(school.client_for(school.teacher).get, reverse("quiz_overview", args=[school.essay_quiz.pk]))

    def my_report(self, school, user):
        return self.timed(school.client_for(user).get, reverse("my_report"))

    def class_report(self, school, user):
        return self.timed(school.client_for(school.teacher).get, reverse("class_report", args=[school.klass.pk]))

    def class_report_recalculated(self, school, user):
        url = reverse("class_report", args=[school.klass.pk])
        return self.timed(school.client_for(school.teacher).get, url, {"recalculate": "1"})

    def item_analysis_recalculated(self, school, user):
        url = reverse("item_analysis", args=[school.klass.pk, school.qset.slug])
        return self.timed(school.client_for(school.teacher).get, url, {"recalculate": "1"})

    def student_report(self, school, user):
        url = reverse("class_student_report", args=[school.klass.pk, user.pk])
        return self.timed(school.client_for(school.teacher).get, url)

    def item_analysis(self, school, user):
        url = reverse("item_analysis", args=[school.klass.pk, school.qset.slug])
        return self.timed(school.client_for(school.teacher).get, url)

    def open_card(self, user, checked=False):
        return (
            PendingAnswer.objects.filter(student=user, rated_at__isnull=True, checked_at__isnull=not checked)
            .order_by("-shown_at")
            .first()
        )

    def answer_open_card(self, client, qset, user):
        pending = self.open_card(user)
        if pending is None:
            return
        client.post(
            reverse("study_check", args=[qset.slug]), {"token": pending.token, "response": "true"}, headers=HTMX
        )
        pending.refresh_from_db()
        if pending.rated_at is None:
            client.post(reverse("study_rate", args=[qset.slug]), {"token": pending.token, "rating": "3"}, headers=HTMX)

    def profile(self, school, pages, top):
        """Where each page spends its time: ten requests under cProfile, the costliest functions by
        their own time and by cumulative time (profiling slows them: read the shares, not the ms)."""
        import cProfile
        import io
        import pstats

        for name, measure in pages:
            profiler = cProfile.Profile()
            for user in school.students[:10]:
                profiler.enable()
                measure(school, user)
                profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(top)
            stats.sort_stats("tottime").print_stats(top)
            self.stdout.write(f"== {name}\n{out.getvalue()}")

    def explain(self, school, user, pages):
        """Each page's queries with PostgreSQL's plan: a sequential scan of a large table shows a missing index."""
        if connection.vendor != "postgresql":
            self.stdout.write("--explain needs PostgreSQL")
            return
        for name, measure in pages:
            if measure(school, user) is None:
                continue
            self.stdout.write(f"== {name}")
            for sql in self.last_queries:
                if not sql.startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql)
                    plan = [row[0] for row in cursor.fetchall()]
                scans = [line.strip() for line in plan if "Scan" in line or "Execution Time" in line]
                self.stdout.write(f"  {sql[:110]}")
                for line in scans:
                    self.stdout.write(f"    {line}")

    def build(self, rng, n_students, n_questions, days, target_reviews):
        owner = synthetic.instructor("bench-teacher", make_password("x"))
        # The set reaches its students as sets do in school: assigned to their class, not public.
        qset = synthetic.true_false_set(owner, "bench", "Benchmark", n_questions)
        versions = dict(Question.objects.filter(question_set=qset).values_list("id", "current_version_id"))
        question_ids = list(versions)
        users = synthetic.students((f"student{i}" for i in range(n_students)), password="!", time_zone="Asia/Riyadh")
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
        klass = synthetic.open_class("Benchmark class", "BENCH23", owner, users, qset)
        quiz = synthetic.give_quiz(owner, qset, klass, "Benchmark quiz", question_count=20, time_limit=600)
        essay_quiz, essay_id = self.essays(owner, qset, klass, users, now)
        # The synthetic log has no predictions: spread them over 0.50–0.99 so calibration has bins.
        Review.objects.filter(retrievability__isnull=True).update(retrievability=(F("id") % 50 + 50) / 100.0)
        started = time.perf_counter()
        tallies.rebuild()
        self.stdout.write(f"report tallies rebuilt in {time.perf_counter() - started:.1f} s")
        # Plans from real statistics, as autovacuum (PostgreSQL) or `ANALYZE` (SQLite) give a real school.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return School(
            qset=qset, klass=klass, teacher=owner, students=users, quiz=quiz, essay_quiz=essay_quiz, essay_id=essay_id
        )

    def essays(self, owner, qset, klass, users, now):
        """A quiz drawing one essay, each student's attempt submitted with a paragraph written."""
        raw = {"id": "essay", "type": "essay", "prompt": "Explain the statements.", "word_limit": 200}
        writing.save_question(qset, {**raw, "guidance": "Two reasons.", "tags": ["essays"]}, author=owner)
        essay = Question.objects.get(question_set=qset, key="essay")
        quiz = synthetic.give_quiz(owner, qset, klass, "Benchmark essays")
        QuizDraw.objects.get_or_create(quiz=quiz, tag=Tag.objects.get(name="essays"), defaults={"count": 1})
        text = " ".join(["الدول الأعضاء تعهدت بالدفاع المشترك عن بعضها"] * 12)
        attempts = Attempt.objects.bulk_create(
            Attempt(quiz=quiz, student=u, number=1, started_at=now, submitted_at=now, state="finished") for u in users
        )
        AttemptQuestion.objects.bulk_create(
            AttemptQuestion(
                attempt=a,
                question=essay,
                version_id=essay.current_version_id,
                position=1,
                seed=1,
                response=text,
                saved_at=now,
                mark=4,
            )
            for a in attempts
        )
        return quiz, essay.pk
