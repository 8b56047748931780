"""The Content-Security-Policy header and the templates it depends on: no inline script or style."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "quizzes" / "templates"


def directives(response):
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_every_page_carries_the_policy(client):
    policy = directives(client.get(reverse("home")))
    for name in ("default-src", "script-src", "style-src", "font-src", "img-src", "connect-src"):
        assert policy[name] == ["'self'"], name
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_the_policy_allows_no_inline_code_and_no_eval(client, student):
    client.force_login(student)
    header = client.get(reverse("dashboard")).headers["Content-Security-Policy"]
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "*"):
        assert unsafe not in header.split(), unsafe


def test_htmx_is_told_not_to_inject_its_style_nor_evaluate_code(client):
    import json
    import re

    html = client.get(reverse("login")).content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html).group(1))
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False
    # A 422 (a response that cannot be graded, with its reason) and a 429 (throttled, with its
    # message) are swapped in; other errors are not.
    assert {"code": "422", "swap": True} in config["responseHandling"]
    assert {"code": "429", "swap": True} in config["responseHandling"]


def test_every_url_carries_the_policy_whatever_it_answers(client, student, sample_set):
    from tests.views.test_malformed import app_url_names, url_for

    world = {"set": sample_set.slug, "klass": 1, "student": student}
    client.force_login(student)
    missing = []
    for name in app_url_names():
        if name == "logout":
            continue
        response = client.get(url_for(name, world))
        if "Content-Security-Policy" not in response.headers:
            missing.append((name, response.status_code))
    assert not missing, missing


def test_the_throttled_and_error_pages_carry_the_policy(client, student, settings):
    from unittest import mock

    from django.db import OperationalError
    from django.test import Client

    settings.THROTTLES = {**settings.THROTTLES, "join_code_user": (0, 60)}
    client.force_login(student)
    throttled = client.post(reverse("class_join"), {"code": "NOPE22"})
    assert throttled.status_code == 429 and "Content-Security-Policy" in throttled.headers
    failing = Client(raise_request_exception=False)
    failing.force_login(student)
    with mock.patch("quizzes.views.pages.visible_sets", side_effect=OperationalError("down")):
        error = failing.get(reverse("dashboard"))
    assert error.status_code == 500 and "Content-Security-Policy" in error.headers


@pytest.mark.parametrize(
    "pattern",
    [r"\sstyle\s*=", r"<style[\s>]", r"<script(?![^>]*\ssrc=)[^>]*>", r"\shx-on", r"\son[a-z]+\s*=", r"javascript:"],
)
def test_no_template_holds_inline_script_or_style(pattern):
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(pattern, line, re.IGNORECASE)
    ]
    assert not offenders, offenders
