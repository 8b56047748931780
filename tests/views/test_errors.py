"""A request that fails on the server gets a clear, translated page, never a stack trace."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_dashboard():
    with mock.patch("quizzes.views.pages.visible_sets", side_effect=OperationalError("server closed the connection")):
        yield


def test_a_server_error_shows_a_clear_page_without_a_trace(student, failing_dashboard):
    client = Client(raise_request_exception=False)
    client.force_login(student)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body and "reload the page" in body
    assert "Traceback" not in body and "server closed the connection" not in body


def test_the_error_page_is_arabic_by_default(student, failing_dashboard):
    client = Client(raise_request_exception=False)
    client.force_login(student)
    body = client.get(reverse("dashboard")).content.decode()
    assert "حدث خطأ ما" in body and 'dir="rtl"' in body
