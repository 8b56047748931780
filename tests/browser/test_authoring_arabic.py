"""A teacher new to the product creates a set from an Arabic title, typing no slug, and saves a
short-answer question with no source; neither page scrolls sideways on a phone."""

import os
import re
from pathlib import Path

import pytest

from quizzes.models import Question, QuestionSet

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Where the screenshots go when asked for (never into the repository).
SHOTS = os.environ.get("AUTHORING_SHOTS", "")


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_teacher_writes_a_first_question_from_an_arabic_title_without_a_slug_or_source(page, login, make_user, width):
    teacher = make_user("new-teacher", instructor=True)
    page.set_viewport_size({"width": width, "height": 900})
    login(teacher)
    page.goto("/authoring/new/")
    shoot(page, f"set-create-ar-{width}")
    assert not scrolls_sideways(page)
    page.fill("#id_title", "أسئلة العلوم")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/questions/new/")
    qset = QuestionSet.objects.get(title="أسئلة العلوم")
    assert qset.slug == "asila-allwm" and qset.owner == teacher and not qset.requires_sources

    page.select_option("#new-type", "short")
    page.wait_for_url("**/questions/new/?type=short")
    page.fill("#q-prompt", "ما الغاز الذي تمتصه النباتات؟")
    page.fill("#answer-0-text", "ثاني أكسيد الكربون")
    shoot(page, f"question-editor-ar-{width}")
    assert not scrolls_sideways(page)
    page.locator("#editor button.primary").click()
    page.wait_for_url(re.compile(r".*/questions/(#.*)?$"))
    question = Question.objects.get(question_set=qset)
    assert question.type == "short" and question.sources == []
    # The list names the question by its prompt, never by its key.
    main = page.locator("main").inner_text()
    assert "ما الغاز الذي تمتصه النباتات؟" in main and question.key not in main


@pytest.mark.parametrize("width", [1280, 360])
def test_the_pages_read_in_english_too(browser, live_server, make_user, width):
    teacher = make_user("english-teacher", instructor=True, language="en")
    context = browser.new_context(base_url=live_server.url, locale="en")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/accounts/login/")
        page.fill("#id_username", teacher.username)
        page.fill("#id_password", "correct-horse-battery")
        page.click("form.stack button[type=submit]")
        page.wait_for_url("**/dashboard/")
        page.goto("/authoring/new/")
        assert page.locator("html").get_attribute("lang") == "en"
        shoot(page, f"set-create-en-{width}")
        assert not scrolls_sideways(page)
        page.fill("#id_title", "Science questions")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/sets/science-questions/questions/new/")
        page.goto("/authoring/sets/science-questions/questions/new/?type=short")
        page.fill("#q-prompt", "Which gas do plants take in?")
        page.locator("#editor button.primary").click()
        page.wait_for_selector(".problems")
        shoot(page, f"question-editor-en-{width}")
        assert not scrolls_sideways(page)
        problems = page.locator(".problems").inner_text()
        assert "Answer" in problems or "Accepted answers" in problems
        assert "“answers”" not in problems and "›" not in problems
    finally:
        context.close()
