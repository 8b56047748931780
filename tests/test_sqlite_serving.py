"""The README's default, SQLite in a file, served to a class at once: overlapping writes wait, never fail.

The in-memory test database says nothing about file locks, so this test migrates a SQLite file, builds
a class with `load_school`, starts `runserver` on it as `make run` does, and lets eight students take
a quiz (each answer saved twice at once: the autosave and "save and next") while they also study.
Runs whatever DATABASE_URL the suite has; it never touches the suite's database.
"""

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from quizzes.management.commands.load_school import PASSWORD, PREFIX, QUIZ_TITLE, SLUG

ROOT = Path(__file__).resolve().parent.parent
STUDENTS = 8
TOKEN = re.compile(r'name="token" value="([0-9a-f-]{36})"')
ATTEMPT = re.compile(r"/attempts/(\d+)/")
QUIZ = re.compile(r'href="/quizzes/(\d+)/"')


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


@pytest.fixture
def sqlite_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DATABASE_REPLICA_URL="",
        DJANGO_SETTINGS_MODULE="quizsite.settings",
        DEBUG="1",
        REQUEST_LOG_LEVEL="WARNING",
        LOG_LEVEL="ERROR",
        # Sign-in throttles are not what this test measures.
        AXES_FAILURE_LIMIT="1000",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "load_school", "--students", str(STUDENTS), "--questions", "30")
    port = free_port()
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline:
                process.terminate()
                raise AssertionError("runserver did not answer") from None
            time.sleep(0.2)
    yield url, tmp_path / "db.sqlite3"
    process.terminate()
    process.wait(timeout=20)
    log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, url, statuses):
        self.url = url
        self.statuses = statuses
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path, data=None, htmx=False):
        headers = {"Accept-Language": "en"}
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if data is not None:
            headers["X-CSRFToken"] = self.csrf()
            body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(urllib.request.Request(self.url + path, body, headers), timeout=60) as response:
                status, headers, text = response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read().decode()
        self.statuses[status] += 1
        return status, headers, text


def take_quiz_and_study(url, n, statuses, stored):
    browser = Browser(url, statuses)
    browser.request("/accounts/login/")
    status, _, _ = browser.request("/accounts/login/", {"username": f"{PREFIX}{n}", "password": PASSWORD})
    assert status == 302, status
    quiz = QUIZ.search(browser.request("/quizzes/")[2]).group(1)
    _, headers, _ = browser.request(f"/quizzes/{quiz}/start/", {})
    attempt = ATTEMPT.search(headers["Location"]).group(1)
    browser.request(f"/attempts/{attempt}/?page=1")

    def study():
        for _ in range(4):
            _, _, page = browser.request(f"/sets/{SLUG}/study/", htmx=True)
            found = TOKEN.search(page)
            if found is None:
                return
            token = found.group(1)
            browser.request(f"/sets/{SLUG}/study/check/", {"token": token, "response": "true"}, True)
            browser.request(f"/sets/{SLUG}/study/rate/", {"token": token, "rating": "3"}, True)

    studying = threading.Thread(target=study)
    studying.start()
    for position in range(1, 11):
        answer = {"position": str(position), "response": "true"}
        # The autosave and "save and next" of one answer, at the same moment.
        both = [
            threading.Thread(target=browser.request, args=(f"/attempts/{attempt}/save/", answer, True)),
            threading.Thread(
                target=browser.request, args=(f"/attempts/{attempt}/save/", {**answer, "go": str(position + 1)})
            ),
        ]
        for thread in both:
            thread.start()
        for thread in both:
            thread.join()
    studying.join()
    stored[n] = int(attempt)


def test_a_class_taking_a_quiz_and_studying_on_sqlite_gets_no_database_is_locked(sqlite_server):
    url, path = sqlite_server
    statuses, stored = Counter(), {}
    students = [threading.Thread(target=take_quiz_and_study, args=(url, n, statuses, stored)) for n in range(STUDENTS)]
    for thread in students:
        thread.start()
    for thread in students:
        thread.join()
    print(f"requests: {sum(statuses.values())}, by status: {dict(statuses)}")
    assert len(stored) == STUDENTS
    assert statuses[500] == 0, dict(statuses)
    with sqlite3.connect(path) as db:
        marks = ",".join("?" * len(stored))
        saved = db.execute(
            f"SELECT count(*) FROM quizzes_attemptquestion WHERE response IS NOT NULL AND attempt_id IN ({marks})",
            list(stored.values()),
        ).fetchone()[0]
        reviews = db.execute("SELECT count(*) FROM quizzes_review").fetchone()[0]
        rated = db.execute("SELECT count(*) FROM quizzes_pendinganswer WHERE rated_at IS NOT NULL").fetchone()[0]
        (title,) = db.execute("SELECT DISTINCT title FROM quizzes_quiz").fetchone()
    assert title == QUIZ_TITLE
    # Every answer of every student is stored; every rating a student saw succeed is one review.
    assert saved == STUDENTS * 10
    assert reviews == rated > 0
