"""Load test: students log in during the ramp, then study (card, check, rate) with think time;
instructors open their pages. Run by `make load` against `make serve`, never by `make test`.

Accounts come from `python manage.py load_school`. Statistics are reset once every simulated
person has logged in, so the ramp and its slow logins (password hashing) are not measured.
Every rate request answered is counted and written to /tmp/load_rated.txt for `load_school --verify`.
"""

import itertools
import os
import re
from pathlib import Path

from locust import HttpUser, between, events, task

PASSWORD = "load-test-password-2024"
SLUG = "load"
STUDENTS = itertools.count()
TOKEN = re.compile(r'name="token" value="([0-9a-f-]{36})"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RATED_FILE = Path(os.environ.get("LOAD_RATED_FILE", "/tmp/load_rated.txt"))
rated = {"count": 0}
logged_in = {"count": 0}

# Pages instructors open; a branch adding report pages appends its URLs here.
INSTRUCTOR_PAGES = [
    ("dashboard", "/dashboard/"),
    ("classes", "/classes/"),
    ("set page", f"/sets/{SLUG}/"),
    ("problem reports", f"/sets/{SLUG}/problems/"),
]


@events.request.add_listener
def count_rated(request_type, name, response, exception, **_):
    if name == "rate" and exception is None and response is not None and response.status_code == 200:
        rated["count"] += 1


@events.quitting.add_listener
def write_rated(**_):
    RATED_FILE.write_text(str(rated["count"]))


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

    @task
    def open_pages(self):
        for name, url in INSTRUCTOR_PAGES:
            self.client.get(url, name=name)
