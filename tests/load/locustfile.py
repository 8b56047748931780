"""Load test: students log in during the ramp, then study (card, check, rate) with think time;
some students take the quiz (start, open a page, save an answer, submit) and read their report;
instructors open their pages, the class report, a student's drill-down and item analysis.
Run by `make load` against `make serve`, never by `make test`.

Accounts come from `python manage.py load_school`. Statistics are reset once every simulated
person has logged in, so the ramp and its logins (password hashing) are not mixed into the studying
figures: logins get their own figure, written to LOAD_LOGINS_FILE (a class logging in is a real peak).
Every rate request answered is counted and written to /tmp/load_rated.txt for `load_school --verify`.
"""

import itertools
import os
import random
import re
import statistics
import time
from pathlib import Path

from locust import HttpUser, between, events, task

PASSWORD = "load-test-password-2024"
SLUG = "load"
STUDENTS = itertools.count()
TOKEN = re.compile(r'name="token" value="([0-9a-f-]{36})"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUIZ_LINK = re.compile(r'href="/quizzes/(\d+)/"')
CLASS_LINK = re.compile(r'href="/classes/(\d+)/"')
STUDENT_LINK = re.compile(r'href="/classes/\d+/report/students/(\d+)/"')
ATTEMPT_LINK = re.compile(r"/attempts/(\d+)/")
TAUGHT_QUIZ_LINK = re.compile(r'href="/quizzes/(\d+)/attempts/"')
RATED_FILE = Path(os.environ.get("LOAD_RATED_FILE", "/tmp/load_rated.txt"))
LOGINS_FILE = Path(os.environ.get("LOAD_LOGINS_FILE", "/tmp/load_logins.txt"))
rated = {"count": 0}
logged_in = {"count": 0}
login_times = []

# Pages instructors open; a branch adding report pages appends its URLs here.
INSTRUCTOR_PAGES = [
    ("dashboard", "/dashboard/"),
    ("classes", "/classes/"),
    ("set page", f"/sets/{SLUG}/"),
    ("problem reports", f"/sets/{SLUG}/problems/"),
    # The load class's reports and quiz; the ids are found when the instructor logs in.
    ("class report", "/classes/{klass}/report/"),
    ("student drill-down", "/classes/{klass}/report/students/{student}/"),
    ("item analysis", f"/classes/{{klass}}/report/sets/{SLUG}/"),
    ("quiz attempts", "/quizzes/{quiz}/attempts/"),
]


@events.request.add_listener
def count_rated(request_type, name, response, exception, **_):
    if name == "rate" and exception is None and response is not None and response.status_code == 200:
        rated["count"] += 1


@events.request.add_listener
def time_logins(request_type, name, response_time, exception, **_):
    if name == "login" and exception is None:
        login_times.append(response_time)


@events.quitting.add_listener
def write_rated(**_):
    RATED_FILE.write_text(str(rated["count"]))
    if len(login_times) >= 2:
        cuts = statistics.quantiles(login_times, n=20)
        LOGINS_FILE.write_text(f"{len(login_times)} logins: p50 {cuts[9]:.0f} ms, p95 {cuts[18]:.0f} ms")


def log_in(user, username):
    page = user.client.get("/accounts/login/", name="login page")
    token = CSRF.search(page.text).group(1)
    with user.client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="login",
        catch_response=True,
    ) as response:
        if not response.url.endswith("/dashboard/"):
            response.failure(f"login as {username} failed: {response.url}")
    logged_in["count"] += 1
    runner = user.environment.runner
    if runner is not None and logged_in["count"] == runner.target_user_count:
        # The ramp is over: measure from here on.
        user.environment.stats.reset_all()
        print(f"all {logged_in['count']} users logged in: statistics reset", flush=True)


class Student(HttpUser):
    weight = 30
    # A card every 8 seconds or so: two actions (check, rate) with about four seconds of thought each.
    wait_time = between(3, 5)

    def on_start(self):
        log_in(self, f"load-student-{next(STUDENTS)}")
        self.headers = {"HX-Request": "true", "X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        self.token = None
        self.checked = False

    def _token_from(self, response):
        found = TOKEN.search(response.text)
        self.token = found.group(1) if found else None

    @task
    def study(self):
        if self.token is None:
            self._token_from(self.client.get(f"/sets/{SLUG}/study/", name="study page"))
            self.checked = False
            return
        if not self.checked:
            response = self.client.post(
                f"/sets/{SLUG}/study/check/",
                {"token": self.token, "response": "true"},
                headers=self.headers,
                name="check",
            )
            self.checked = response.status_code == 200
            if not self.checked:
                self.token = None
            return
        # Rating answers with the next card, as it does in a browser with htmx.
        response = self.client.post(
            f"/sets/{SLUG}/study/rate/", {"token": self.token, "rating": "3"}, headers=self.headers, name="rate"
        )
        self._token_from(response)
        self.checked = False


class Instructor(HttpUser):
    weight = 1
    wait_time = between(5, 15)

    def on_start(self):
        log_in(self, "load-teacher")
        # The ids in the report URLs: the class list links the class, its report a student.
        ids = {"klass": None, "student": None, "quiz": None}
        found = CLASS_LINK.search(self.client.get("/classes/", name="classes").text)
        if found:
            ids["klass"] = found.group(1)
            report = self.client.get(f"/classes/{ids['klass']}/report/", name="class report").text
            student = STUDENT_LINK.search(report)
            ids["student"] = student.group(1) if student else None
        found = TAUGHT_QUIZ_LINK.search(self.client.get("/quizzes/", name="quiz list").text)
        ids["quiz"] = found.group(1) if found else None
        self.pages = [
            (name, url.format(**ids))
            for name, url in INSTRUCTOR_PAGES
            if all(ids[k] is not None for k in ("klass", "student", "quiz") if "{" + k + "}" in url)
        ]

    @task
    def open_pages(self):
        for name, url in self.pages:
            self.client.get(url, name=name)


class QuizTaker(HttpUser):
    """A student who takes the load quiz (load_school sets it: unlimited attempts, 30 minutes) as a
    person does: reads and answers each question with some thought, submits, reads their report, and
    comes back to the quiz a while later. Quiz answers do not feed the schedule, so `--verify` is unchanged."""

    weight = 3
    # Between two attempts: a student retakes a practice quiz after a few minutes, not at once.
    wait_time = between(60, 180)
    QUESTIONS = 10
    THINK = (6, 12)  # seconds on one question

    def on_start(self):
        log_in(self, f"load-student-{next(STUDENTS)}")
        self.csrf = self.client.cookies.get("csrftoken", "")
        self.headers = {"HX-Request": "true", "X-CSRFToken": self.csrf}
        found = QUIZ_LINK.search(self.client.get("/quizzes/", name="quiz list").text)
        self.quiz = found.group(1) if found else None
        # Not every quiz taker starts at the same moment as the others.
        time.sleep(random.uniform(0, 60))

    @task
    def take_quiz(self):
        if self.quiz is None:
            return
        with self.client.post(
            f"/quizzes/{self.quiz}/start/",
            {"csrfmiddlewaretoken": self.csrf},
            name="quiz start",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            started = ATTEMPT_LINK.search(response.headers.get("Location", ""))
            if started is None:
                response.failure(f"no attempt started: {response.status_code}")
                return
        attempt = started.group(1)
        self.client.get(f"/attempts/{attempt}/?page=1", name="attempt page")
        for position in range(1, self.QUESTIONS + 1):
            time.sleep(random.uniform(*self.THINK))
            last = position == self.QUESTIONS
            answer = {"position": str(position), "response": "true", **({} if last else {"go": str(position + 1)})}
            self.client.post(f"/attempts/{attempt}/save/", answer, headers=self.headers, name="quiz save")
            if not last:
                # "Save and next" sends the browser to the next question's page.
                self.client.get(f"/attempts/{attempt}/?page={position + 1}", name="attempt page")
        self.client.post(
            f"/attempts/{attempt}/submit/",
            {"confirmed": "1", "csrfmiddlewaretoken": self.csrf},
            name="quiz submit",
        )
        time.sleep(random.uniform(*self.THINK))
        self.client.get("/reports/", name="my report")
