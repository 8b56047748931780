"""During an attempt: the countdown stays in view on a phone with every question on one page, the
5- and 1-minute warnings are announced, and a flagged question says so in a word."""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.attempts import attempts
from quizzes.models import Attempt

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ar", viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page, user):
    from tests.conftest import log_in

    log_in(page, user)


def test_the_countdown_stays_in_view_at_360_px_with_every_question_on_one_page(phone, make_user, make_quiz):
    student = make_user("lina")
    quiz = make_quiz(student, time_limit=20, layout="all")
    attempt = attempts.start(quiz, student, timezone.now())
    log_in(phone, student)
    phone.goto(f"/attempts/{attempt.pk}/")
    phone.mouse.wheel(0, 4000)
    phone.wait_for_function("() => window.scrollY > 1000")
    box = phone.locator(".countdown").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 640, box
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize(("seconds", "before", "said"), [(302, "", "data-five"), (62, "5", "data-one")])
def test_a_warning_is_announced_at_5_and_at_1_minute(page, login, make_user, make_quiz, seconds, before, said):
    student = make_user("omar")
    quiz = make_quiz(student, time_limit=20)
    attempt = attempts.start(quiz, student, timezone.now())
    login(student)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=seconds))
    page.goto(f"/attempts/{attempt.pk}/")
    warning = page.locator("[data-time-warning]")
    assert warning.get_attribute("aria-live") == "assertive"
    # Within five minutes already, the page says so once; the next warning comes as the clock crosses it.
    assert (before in warning.inner_text()) if before else warning.inner_text() == ""
    page.wait_for_function(
        "said => { const w = document.querySelector('[data-time-warning]');"
        " return w.textContent === w.getAttribute(said); }",
        arg=said,
        timeout=8000,
    )


def test_a_flagged_question_is_marked_with_an_icon_and_a_word(page, login, make_user, make_quiz):
    student = make_user("rana")
    quiz = make_quiz(student, time_limit=20)
    attempt = attempts.start(quiz, student, timezone.now())
    login(student)
    page.goto(f"/attempts/{attempt.pk}/")
    page.click("form.flag button")
    page.wait_for_selector(".flag-badge")
    assert "⚑" in page.locator(".flag-badge").inner_text() and "معلَّم" in page.locator(".flag-badge").inner_text()
    assert "معلَّم" in page.locator("#quiz-nav a.flagged .flag-mark").inner_text()
