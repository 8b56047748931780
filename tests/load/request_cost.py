"""What one request of each kind costs, in CPU and in instructions, measured in-process through Django's
test Client against a database prepared by `manage.py load_school` (the load test's own school).

    DATABASE_URL=… REDIS_URL=… python tests/load/request_cost.py -n 30
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=qsort_r --dump-after=qsort_r \\
        --callgrind-out-file=/tmp/cost/cg.%p python tests/load/request_cost.py -n 5 --callgrind /tmp/cost

Each measured request runs inside one call of libc's qsort_r (its comparison is the request), so
callgrind, told to collect only inside qsort_r and to dump after it, writes one file per request: the
instructions of that request alone, without start-up or the steps that prepare it (showing the card
a check needs). Instruction counts do not depend on the machine's load; CPU milliseconds nearly do.
Never part of `make test`.
"""

import argparse
import ctypes
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("SECRET_KEY", "request-cost-measurement-only-key-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("HTTPS", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from quizzes.models import Attempt, Quiz, User  # noqa: E402

SLUG = "load"
PASSWORD = "load-test-password-2024"
TOKEN = re.compile(r'name="token" value="([0-9a-f-]{36})"')
HTMX = {"HTTP_HX_REQUEST": "true"}

LIBC = ctypes.CDLL(None)
COMPARE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def inside_qsort(call):
    """Runs `call` as the comparison of a two-element qsort: once, inside libc's qsort."""
    result = {}

    def compare(_a, _b):
        result["response"] = call()
        return 0

    pair = (ctypes.c_int * 2)(0, 0)
    LIBC.qsort(pair, 2, ctypes.sizeof(ctypes.c_int), COMPARE(compare))  # glibc's qsort runs qsort_r
    return result["response"]


class Student:
    """One load student's browser: logged in, at the load set's study screen."""

    def __init__(self, username):
        self.username = username
        self.client = Client(HTTP_HOST="127.0.0.1")
        self.client.force_login(User.objects.get(username=username))
        self.client.get("/dashboard/")  # takes the language cookie, as a browser has
        self.token = None
        self.attempt = None

    def show(self):
        response = self.client.get(f"/sets/{SLUG}/study/")
        self.token = TOKEN.search(response.content.decode()).group(1)
        return response

    def check(self):
        return self.client.post(f"/sets/{SLUG}/study/check/", {"token": self.token, "response": "true"}, **HTMX)

    def rate(self):
        response = self.client.post(f"/sets/{SLUG}/study/rate/", {"token": self.token, "rating": "3"}, **HTMX)
        found = TOKEN.search(response.content.decode())
        self.token = found.group(1) if found else None
        return response

    def start_quiz(self):
        quiz = Quiz.objects.get(title="Load quiz")
        self.client.post(f"/quizzes/{quiz.pk}/start/")
        self.attempt = Attempt.objects.filter(student__username=self.username, quiz=quiz).latest("pk").pk


def kinds(student):
    """(name, prepare, request): `prepare` runs unmeasured, `request` is the measured one."""

    def prepared_check():
        student.show()

    def prepared_rate():
        student.show()
        student.check()

    def attempt_ready():
        if student.attempt is None:
            student.start_quiz()

    def login():
        client = Client(HTTP_HOST="127.0.0.1")
        return client.post("/accounts/login/", {"username": "load-student-999", "password": PASSWORD})

    return [
        ("study page", lambda: None, student.show),
        ("check", prepared_check, student.check),
        ("rate", prepared_rate, student.rate),
        ("dashboard", lambda: None, lambda: student.client.get("/dashboard/")),
        ("quiz list", lambda: None, lambda: student.client.get("/quizzes/")),
        ("attempt page", attempt_ready, lambda: student.client.get(f"/attempts/{student.attempt}/?page=2")),
        (
            "quiz save",
            attempt_ready,
            lambda: student.client.post(
                f"/attempts/{student.attempt}/save/", {"position": "2", "response": "true"}, **HTMX
            ),
        ),
        ("my report", lambda: None, lambda: student.client.get("/reports/")),
        ("login", lambda: None, login),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=30, help="measured requests of each kind")
    parser.add_argument("--student", default="load-student-998")
    parser.add_argument("--only", default="", help="comma-separated kinds to measure (default: all)")
    parser.add_argument("--callgrind", help="folder of callgrind's per-request dumps: print instructions")
    args = parser.parse_args()
    student = Student(args.student)
    chosen = [k for k in kinds(student) if not args.only or k[0] in args.only.split(",")]
    order, cpu, queries = [], {}, {}
    for name, prepare, request in chosen:
        prepare()
        request()  # warm: first use of a template, a translation catalogue, a connection
        prepare()
        with CaptureQueriesContext(connection) as captured:
            request()
        queries[name] = len(captured.captured_queries)
        if os.environ.get("SHOW_QUERIES") == name:
            print("\n".join(q["sql"][:300] for q in captured.captured_queries))
        cpu[name] = []
        for _ in range(args.n):
            prepare()
            started = time.process_time()
            response = inside_qsort(request)
            cpu[name].append((time.process_time() - started) * 1000)
            if response.status_code >= 400:
                sys.exit(f"{name}: {response.status_code}")
            order.append(name)
    instructions = dumps(args.callgrind, order) if args.callgrind else {}
    print(f"{'kind':<14} {'queries':>8} {'CPU ms (median)':>16} {'instructions (median)':>22}")
    for name, times in cpu.items():
        counted = f"{statistics.median(instructions[name]):>22,.0f}" if name in instructions else ""
        print(f"{name:<14} {queries[name]:>8} {statistics.median(times):>16.1f} {counted}")


def dumps(folder, order):
    """Instructions per request by kind, from callgrind's dumps (one per qsort call, in order)."""
    files = sorted(
        (p for p in Path(folder).iterdir() if re.search(r"\.\d+$", p.name)), key=lambda p: int(p.name.rsplit(".", 1)[1])
    )
    counts = []
    for path in files:
        total = re.search(r"^(?:summary|totals): (\d+)", path.read_text(errors="replace"), re.M)
        # A library sorting something with qsort_r on its own dumps a few thousand instructions;
        # a request through Django runs millions.
        if total and int(total.group(1)) > 1_000_000:
            counts.append(int(total.group(1)))
    if len(counts) != len(order):
        sys.exit(f"{len(counts)} callgrind dumps for {len(order)} measured requests: is qsort_r used elsewhere?")
    by_kind = {}
    for name, count in zip(order, counts, strict=True):
        by_kind.setdefault(name, []).append(count)
    return by_kind


if __name__ == "__main__":
    main()
