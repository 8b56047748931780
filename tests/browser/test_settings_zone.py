"""A person's first visit takes their browser's time zone: a browser in India (which reports the
alias Asia/Calcutta) logs in once and the settings page shows Asia/Kolkata chosen, named in Arabic.
Set SCREENSHOT_DIR to keep shots of the settings page and the quiz form, wide and at 360 px."""

import os
from pathlib import Path

import pytest

from tests.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def india(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ar", timezone_id="Asia/Calcutta")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_first_login_takes_the_browser_zone_under_its_canonical_name(india, student):
    assert india.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") in ("Asia/Calcutta", "Asia/Kolkata")
    log_in(india, student)
    india.goto("/settings/")
    zone = india.locator("select[name=time_zone]")
    assert zone.input_value() == "Asia/Kolkata"
    assert zone.locator("option:checked").inner_text() == "كالكتا — الهند"
    student.refresh_from_db()
    assert student.time_zone == "Asia/Kolkata" and student.time_zone_chosen
    # Once taken, the page no longer asks the browser.
    assert india.locator("script[src*='zone.js']").count() == 0


def test_the_quiz_form_lists_only_the_chosen_sets_tags(page, login, instructor, sample_set):
    login(instructor)
    page.goto("/quizzes/new/")
    tags = page.locator("select[name=tags] option")
    assert tags.count() == 0
    page.select_option("select[name=question_set]", str(sample_set.pk))
    assert sorted(tags.all_inner_texts()) == sorted(["أزمة كازاخستان", "أعضاء", "تأسيس"])
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/quiz-form-tags-ar.png")


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_settings_page_and_the_quiz_form_fit_the_screen(
    browser, live_server, instructor, sample_set, language, width
):
    context = browser.new_context(
        base_url=live_server.url, locale=language, viewport={"width": width, "height": 900}, timezone_id="Africa/Cairo"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    instructor.language = language
    instructor.save(update_fields=["language"])
    try:
        log_in(page, instructor)
        for name, path in (("settings", "/settings/"), ("quiz-form", "/quizzes/new/")):
            page.goto(path)
            if name == "quiz-form":
                page.click("button[type=submit].primary")  # empty: every error shown
                page.wait_for_selector(".error-summary")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{SHOTS}/{name}-{language}-{width}.png", full_page=True)
    finally:
        context.close()
