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
    # A 422 (a response that cannot be graded, with its reason) is swapped in; other errors are not.
    assert {"code": "422", "swap": True} in config["responseHandling"]


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
