"""A student studies a set of every question type by keyboard, undoes a rating, and sees the summary."""

import pytest

from quizzes.questions import get_type
from tests.question_forms import FORMS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


# Typed as a student types them: Arabic digits, a listed spelling variant.
TYPED = {"number": "٢٠٠٢", "short": "توكاييف"}


def answer_by_keyboard(page, question):
    """Answers the card on screen correctly, mostly with the keyboard, and checks it."""
    response = TYPED.get(question.type, get_type(question.type).correct_response(question.data))
    FORMS[question.type].by_keyboard(page, page.locator("#card"), question.data, response)
    page.locator("#card .ratings").wait_for()


def test_a_student_studies_every_type_by_keyboard_and_undoes_one(page, login, make_user, sample_set):
    student = make_user("sara")
    login(student)
    page.goto("/sets/sample/study/")
    seen = []
    undone = False
    while len(seen) < 10:
        article = page.locator("#card article.question")
        if not article.count():
            break
        question_type = article.get_attribute("data-type")
        answer_by_keyboard(page, sample_set.questions.get(type=question_type))
        if question_type != "flashcard":
            assert page.locator("#card .verdict.correct").is_visible(), question_type
            assert page.locator("#card .source blockquote").count() >= 1
        seen.append(question_type)
        # Easy sends each card days away, so the session can end; 4 is Easy on every card.
        page.keyboard.press("Digit4")
        # A function, not an expression: Playwright evaluates expressions with eval, which the CSP forbids.
        page.wait_for_function(
            "() => document.querySelector('#card article.question, #card article.summary') && "
            "!document.querySelector('#card .ratings')"
        )
        if len(seen) == 3 and not undone:
            page.keyboard.press("KeyZ")
            page.wait_for_selector(f"#card article.question[data-type={question_type}]")
            assert page.locator("#card [data-key=check]").is_visible()
            undone = True
    assert len(seen) == 10, seen
    assert set(seen) == {"number", "single", "multiple", "true_false", "short", "order", "match", "cloze", "flashcard"}
    summary = page.locator("#card article.summary")
    summary.wait_for()
    assert "اكتملت الجلسة" in summary.inner_text()
    studied = summary.locator(".stats dd").first.inner_text()
    assert studied == "9"  # ten answers, one undone


def test_a_wrong_answer_is_rated_again_and_explained(page, login, make_user, sample_set):
    login(make_user("omar"))
    page.goto("/sets/sample/study/")
    page.keyboard.type("1999")
    page.keyboard.press("Enter")
    verdict = page.locator("#card .verdict")
    verdict.wait_for()
    assert "غير صحيح" in verdict.inner_text()
    assert page.locator("#card .expected").inner_text().endswith("2002")
    assert page.locator("#card [data-rating]").count() == 0
    page.keyboard.press("Enter")
    page.wait_for_selector("#card article.question[data-type=single]")


def test_studying_works_without_javascript(browser, live_server, make_user, sample_set):
    from tests.conftest import PASSWORD

    make_user("nojs")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="ar")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", "nojs")
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.goto("/sets/sample/study/")
    page.fill("input[name=response]", "2002")
    page.click("[data-key=check]")
    page.click("[data-rating='3']")
    assert page.locator("article.question[data-type=single]").is_visible()
    context.close()
