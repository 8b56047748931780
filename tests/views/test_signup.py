"""The signup form speaks the page's language, with the rules under the password and each error beside its field."""

import re

import pytest
from django.urls import reverse

from quizzes.models import User

pytestmark = pytest.mark.django_db


def errors_of(html, field):
    block = re.search(rf'<ul class="errors" id="id_{field}_error" role="alert">(.*?)</ul>', html, re.DOTALL)
    return re.findall(r"<li>(.*?)</li>", block[1]) if block else []


def signup(client, language="ar", **data):
    client.cookies["django_language"] = language
    return client.post(reverse("signup"), data).content.decode()


def test_a_short_password_is_refused_in_arabic_beside_the_password(client):
    html = signup(client, username="layla", password1="1234", password2="1234")
    errors = errors_of(html, "password1")
    assert "كلمة المرور هذه قصيرة جدًا: يجب أن تتكون من 8 أحرف على الأقل." in errors
    assert "كلمة المرور هذه تتكون من أرقام فقط." in errors
    assert not errors_of(html, "password2")
    assert not User.objects.exists()


def test_every_signup_error_is_in_arabic(client, make_user):
    make_user("taken")
    cases = [
        {"username": "layla", "password1": "1234", "password2": "1234"},
        {"username": "TAKEN", "password1": "a-long-passphrase-77", "password2": "a-long-passphrase-77"},
        {"username": "bad name!", "email": "nope", "password1": "password", "password2": "other-password"},
        {"username": "", "password1": "", "password2": ""},
        {"username": "x" * 200, "password1": "layla-layla", "password2": "layla-layla"},
        {"username": "samir", "display_name": "samir khoury", "password1": "samirkhoury", "password2": "samirkhoury"},
    ]
    seen = 0
    for data in cases:
        html = signup(client, **data)
        for field in ("username", "email", "password1", "password2"):
            for error in errors_of(html, field):
                seen += 1
                # Only the allowed username characters may stay Latin.
                assert not re.search(r"[A-Za-z]{2,}", error), (field, error)
    assert seen >= 8


def test_the_password_rules_are_a_short_list_under_the_field(client):
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("signup")).content.decode()
    help_block = re.search(r'<div class="help" id="id_password1_helptext">(.*?)</div>', html, re.DOTALL)[1]
    rules = re.findall(r"<li>(.*?)</li>", help_block)
    assert len(rules) == 4
    assert "كلمة المرور الخاصة بك يجب أن تتضمن 8 حروف على الأقل." in rules
    assert 'aria-describedby="id_password1_helptext"' in html


def test_an_error_is_announced_with_its_field(client):
    html = signup(client, username="layla", password1="1234", password2="1234")
    assert re.search(r'<input type="password" name="password1"[^>]*aria-invalid="true"', html)
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in html


def test_english_stays_english(client):
    html = signup(client, language="en", username="layla", password1="1234", password2="1234")
    assert "This password is too short. It must contain at least 8 characters." in errors_of(html, "password1")


def test_the_username_signs_are_set_apart_from_the_arabic_around_them(client):
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("signup")).content.decode()
    assert (
        '<div class="help" id="id_username_helptext">حتى 150 حرفًا أو رقمًا، ومن الرموز الأخرى '
        '<bdi dir="ltr">@ . + - _</bdi> فقط</div>'
    ) in html
