"""The app served as in production: gunicorn processes sharing PostgreSQL and Redis (PostgreSQL only).

Each test starts its own gunicorn on a free port against the test database, and talks to it over
HTTP as a browser would: nothing that is right with one process may be wrong with several, a worker
killed mid-answer loses or doubles nothing, and a dropped database connection is survived.
"""

import http.cookiejar
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from quizzes import classes
from quizzes.bank.writing import record_version
from quizzes.models import PendingAnswer, Question, QuestionSet, Review, User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="processes share a server database; run on PostgreSQL"
    ),
]
ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
PASSWORD = "a-real-password-for-the-server"
TOKEN = re.compile(r'name="token" value="([0-9a-f-]{36})"')
REDIS_URL = "redis://127.0.0.1:6379/14"
KEY_PREFIX = "test-serving"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One gunicorn (its master and `workers` processes) serving the test database."""

    def __init__(self, workers, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        db = connection.settings_dict
        environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
        environment.update(
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
            DATABASE_REPLICA_URL="",
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=KEY_PREFIX,
            DEBUG="0",
            BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY=str(workers),
            REQUEST_LOG_LEVEL="WARNING",
            **env,
        )
        self.log = open(f"/tmp/test-serving-{self.port}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(GUNICORN), "quizsite.wsgi", "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(self.url + "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not answer on {self.url}")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def servers(transactional_db):
    started = []

    def start(workers=1, **env):
        server = Server(workers, **env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    from django.core.cache.backends.redis import RedisCache

    # Only the servers' keys (their prefix): the Redis server is shared, so no FLUSHDB.
    client = RedisCache(REDIS_URL, {})._cache.get_client()
    keys = client.keys(f"{KEY_PREFIX}:*")
    if keys:
        client.delete(*keys)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser's cookies, shared by every server on 127.0.0.1 as a browser shares them."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, url, data=None, htmx=False, language="en"):
        headers = {"Accept-Language": language}
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if data is not None:
            headers["X-CSRFToken"] = self.csrf()
            body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(urllib.request.Request(url, body, headers), timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def log_in(self, server, username):
        self.request(server.url + "/accounts/login/")
        status, headers, _ = self.request(
            server.url + "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
        )
        assert status == 302 and headers["Location"].endswith("/dashboard/"), status


def school(settings, n_students=1, n_questions=30):
    """Students with a real (server-checkable) password in a class studying a true/false set."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    password = make_password(PASSWORD)
    teacher = User.objects.create(username="teacher", password=password)
    qset = QuestionSet.objects.create(slug="served", title="Served", owner=teacher)
    qset.sources.create(key="doc0", title="Document", file="doc.txt")
    for i in range(n_questions):
        record_version(
            Question.objects.create(
                question_set=qset,
                key=f"q{i}",
                type="true_false",
                prompt=f"Statement {i}",
                data={"answer": True},
                sources=[{"doc": "doc0", "quote": "quote"}],
                position=i,
            )
        )
    klass = classes.create_class(teacher, "Class")
    students = [User.objects.create(username=f"s{i}", password=password) for i in range(n_students)]
    klass.students.add(*students)
    classes.assign(klass, qset)
    return qset, students


def study_one_card(browser, server, slug="served"):
    """Shows, checks and rates one card on `server`; returns the rate's status."""
    status, _, page = browser.request(f"{server.url}/sets/{slug}/study/", htmx=True)
    assert status == 200, status
    token = TOKEN.search(page).group(1)
    status, _, _ = browser.request(f"{server.url}/sets/{slug}/study/check/", {"token": token, "response": "true"}, True)
    assert status == 200, status
    status, _, _ = browser.request(f"{server.url}/sets/{slug}/study/rate/", {"token": token, "rating": "3"}, True)
    return status


def test_the_study_loop_holds_across_two_processes(servers, settings):
    qset, (student,) = school(settings)
    first, second = servers(), servers()
    browser = Browser()
    browser.log_in(first, "s0")
    for server in (first, second, second, first, second):
        assert study_one_card(browser, server) == 200
    assert Review.objects.filter(student=student).count() == 5
    assert PendingAnswer.objects.filter(student=student, rated_at__isnull=False).count() == 5
    status, _, _ = browser.request(first.url + "/accounts/logout/", {})
    assert status == 302
    # Logging out on one process ends the session on the other.
    status, headers, _ = browser.request(f"{second.url}/sets/served/study/")
    assert status == 302 and "/accounts/login/" in headers["Location"]


def test_killing_a_worker_mid_answer_loses_and_doubles_nothing(servers, settings):
    qset, students = school(settings, n_students=6, n_questions=80)
    server = servers(workers=3)
    seen_rated = {s.username: 0 for s in students}
    dropped = []
    stop = threading.Event()

    def student_loop(username):
        browser = Browser()
        logged_in = False
        while not stop.is_set():
            # A dropped connection is what a student sees when a worker dies: they press again.
            try:
                if not logged_in:
                    browser.log_in(server, username)
                    logged_in = True
                if study_one_card(browser, server) == 200:
                    seen_rated[username] += 1
            except (OSError, AssertionError, AttributeError) as exc:
                dropped.append(exc)
                time.sleep(0.2)

    threads = [threading.Thread(target=student_loop, args=(s.username,)) for s in students]
    for thread in threads:
        thread.start()
    killed = 0
    rng = random.Random(15)
    time.sleep(2)
    for _ in range(8):
        time.sleep(rng.uniform(0.3, 0.8))
        workers = server.workers()
        if workers:
            os.kill(rng.choice(workers), signal.SIGKILL)
            killed += 1
    time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    assert killed >= 6
    for student in students:
        reviews = Review.objects.filter(student=student).count()
        rated = PendingAnswer.objects.filter(student=student, rated_at__isnull=False).count()
        # None twice: one review per rated card; none lost: every rating a student saw succeed is there.
        assert reviews == rated, (student.username, reviews, rated)
        assert reviews >= seen_rated[student.username] > 0
    assert dropped, "no request was in flight when a worker was killed"


def terminate_app_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_dropped_database_connection_is_replaced_before_the_next_request(servers, settings):
    school(settings)
    server = servers()
    browser = Browser()
    browser.log_in(server, "s0")
    assert study_one_card(browser, server) == 200
    assert terminate_app_connections() >= 1
    assert study_one_card(browser, server) == 200


def test_without_health_checks_the_request_in_between_gets_a_clear_error_page(servers, settings):
    # What conn_health_checks prevents: the one request on the dead connection fails, readably.
    school(settings)
    server = servers(DB_CONN_HEALTH_CHECKS="0")
    browser = Browser()
    browser.log_in(server, "s0")
    assert study_one_card(browser, server) == 200
    assert terminate_app_connections() >= 1
    status, _, page = browser.request(f"{server.url}/sets/served/study/")
    assert status == 500
    assert "Something went wrong" in page and "Traceback" not in page and "psycopg" not in page
    assert study_one_card(browser, server) == 200


def test_a_request_in_flight_when_its_connection_is_cut_gets_the_translated_error_page_and_the_next_recovers(
    servers, settings
):
    import psycopg

    school(settings)
    server = servers()
    browser = Browser()
    browser.log_in(server, "s0")
    assert browser.request(f"{server.url}/dashboard/")[0] == 200
    db = connection.settings_dict
    # Another session holds the session table, so the next request waits mid-flight on its connection.
    holder = psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"])
    try:
        holder.execute("LOCK TABLE quizzes_user IN ACCESS EXCLUSIVE MODE")
        answered = []

        def dashboard_in_arabic():
            answered.append(browser.request(f"{server.url}/dashboard/", language="ar"))

        in_flight = threading.Thread(target=dashboard_in_arabic)
        in_flight.start()
        waiting = None
        for _ in range(600):
            waiting = holder.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
            if waiting:
                break
            time.sleep(0.05)
        assert waiting, "the request never reached the database"
        holder.execute("SELECT pg_terminate_backend(%s)", waiting)
        in_flight.join(timeout=60)
    finally:
        holder.rollback()
        holder.close()
    ((status, _, page),) = answered
    assert status == 500
    assert "حدث خطأ ما" in page and 'dir="rtl"' in page
    assert "Traceback" not in page and "psycopg" not in page and "terminat" not in page
    # The next requests get a new connection.
    assert browser.request(f"{server.url}/dashboard/")[0] == 200
    assert study_one_card(browser, server) == 200
