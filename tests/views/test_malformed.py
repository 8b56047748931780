"""Every URL, walked with malformed requests as each kind of person: a clear 4xx, never a 500,
and nothing written by a refused request. A new URL joins the walk by being in the URLconf."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from quizzes import classes
from quizzes.models import CardState, Klass, PendingAnswer, ProblemReport, QuestionSet, Review, User

pytestmark = pytest.mark.django_db

ALLOWED = {200, 302, 400, 403, 404, 405, 422, 429}
FOREIGN_TOKEN = "6f1c1b7e-3c5e-4a57-9d55-000000000000"
BODIES = {
    "empty": {},
    "malformed token": {"token": "not-a-uuid", "rating": "x", "reason": "?", "question": "?", "report": "x"},
    "token twice": {"token": ["a", "b"], "rating": ["1", "2"], "code": ["a", "b"]},
    "foreign token": {"token": FOREIGN_TOKEN, "rating": "3", "reason": "other", "comment": "c"},
    "wrong types": {"rating": "3.5", "report": "-1", "question": "../..", "due_date": "31/02", "set": "999999"},
    "nul byte": {"token": "\x00", "name": "a\x00b", "code": "\x00"},
    "huge": {
        "username": "u" * 300_000,
        "password": "x",
        "comment": "ب" * 300_000,
        "name": "x" * 200_000,
        "code": "Z" * 100_000,
        "display_name": "y" * 50_000,
    },
}


def app_url_names():
    """Every named URL of the site that takes no argument or a set slug or a class id."""
    names = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, f"{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.append(namespace + p.name)

    walk(get_resolver().url_patterns)
    return sorted(set(names))


def url_for(name, world):
    shapes = ([], [world["set"]], [world["klass"]], [world["set"], "doc0"], [world["klass"], world["set"]])
    # A Learn session: a uuid that is nobody's session.
    shapes += ([world["set"], FOREIGN_TOKEN],)
    if name == "set_link":
        shapes = ([QuestionSet.objects.get(slug=world["set"]).uuid],)
    if name == "image":
        shapes = ([FOREIGN_TOKEN],)
    for args in (*shapes, [world["klass"], world["student"].pk]):
        try:
            return reverse(name, args=args)
        except Exception:  # noqa: BLE001 - the next shape of arguments is tried
            continue
    for kwargs in ({"uidb64": "MQ", "token": "set-password"}, {"uidb64": "\x00", "token": "x"}):
        try:
            return reverse(name, kwargs=kwargs)
        except Exception:  # noqa: BLE001
            continue
    raise AssertionError(f"No way to build the URL {name}")


@pytest.fixture
def world(make_user, sample_set):
    teacher = sample_set.owner
    student = make_user("walker")
    klass = classes.create_class(teacher, "صف")
    klass.students.add(student)
    return {"student": student, "instructor": teacher, "set": sample_set.slug, "klass": klass.pk}


def snapshot():
    return tuple(
        model.objects.count() for model in (PendingAnswer, Review, CardState, ProblemReport, Klass, QuestionSet, User)
    ) + (PendingAnswer.objects.filter(checked_at__isnull=False).count(),)


@pytest.mark.parametrize("role", ["anonymous", "student", "instructor"])
def test_every_url_answers_malformed_requests_with_a_clear_refusal(world, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world[role])
    failures = []
    for name in app_url_names():
        if name == "logout":
            continue  # walked last: it ends the session the other requests use
        url = url_for(name, world)
        requests = [("post", label, body) for label, body in BODIES.items()]
        requests += [("get", "nul byte", BODIES["nul byte"]), ("get", "token twice", BODIES["token twice"])]
        requests += [("put", "wrong method", None), ("delete", "wrong method", None)]
        for method, label, body in requests:
            before = snapshot()
            if body is None:
                response = getattr(client, method)(url, "token=x", content_type="application/x-www-form-urlencoded")
            else:
                response = getattr(client, method)(url, body)
            status = response.status_code
            if status not in ALLOWED:
                failures.append((name, label, method, status))
            elif status >= 400 and snapshot() != before:
                failures.append((name, label, method, status, "wrote"))
    assert client.post(reverse("logout")).status_code in ALLOWED
    assert not failures, failures
