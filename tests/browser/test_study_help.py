"""A student who does not know, who was right after all, or who takes a rating back from a text field."""

import pytest

from quizzes.models import Review
from tests.browser.test_study_flow import answer_by_keyboard

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def wait_for_next_card(page):
    page.wait_for_function(
        "() => document.querySelector('#card article.question, #card article.summary') && "
        "!document.querySelector('#card .ratings') && !document.querySelector('.htmx-request')"
    )


def test_i_dont_know_shows_the_answer_and_records_again(page, login, make_user, sample_set):
    login(make_user("huda"))
    page.goto("/sets/sample/study/")
    page.locator("#card [data-action=dont-know]").click()
    page.locator("#card .recorded").wait_for()
    assert "مجددًا" in page.locator("#card .recorded").inner_text()
    assert page.locator("#card .expected").inner_text().endswith("2002")
    assert [r.rating for r in Review.objects.all()] == [1]


def test_a_typed_answer_that_is_no_number_is_refused_in_place(page, login, make_user, sample_set):
    login(make_user("zaid"))
    page.goto("/sets/sample/study/")
    page.keyboard.type("لا أدري")
    page.keyboard.press("Enter")
    error = page.locator("#card .error[role=alert]")
    error.wait_for()
    assert "عدد" in error.inner_text()
    assert not Review.objects.exists()
    page.locator("#card input[type=text]").first.fill("١٩٩٩")
    page.keyboard.press("Enter")
    page.locator("#card .verdict").wait_for()


def test_i_was_right_counts_a_wrong_typed_answer_as_good(page, login, make_user, sample_set):
    login(make_user("lina"))
    page.goto("/sets/sample/study/")
    for _ in range(4):  # number, single, multiple, true/false come before the short answer
        article = page.locator("#card article.question")
        answer_by_keyboard(page, sample_set.questions.get(type=article.get_attribute("data-type")))
        page.keyboard.press("Digit3")
        wait_for_next_card(page)
    assert page.locator("#card article.question").get_attribute("data-type") == "short"
    page.keyboard.type("توكايفف")
    page.keyboard.press("Enter")
    # "I was right" asks first, saying what it will count.
    page.locator("#card .override-confirm summary").click()
    assert "«جيد»" in page.locator("#card .override").inner_text()
    page.locator("#card .override button").click()
    page.locator("#card .verdict.correct").wait_for()
    assert "احتُسبت صحيحة" in page.locator("#card .verdict").inner_text()
    assert Review.objects.filter(overridden_score=0.0, rating=3, undone_at__isnull=True).count() == 1


def test_alt_z_undoes_from_inside_a_text_field_once_however_long_it_is_held(page, login, make_user, sample_set):
    login(make_user("adam"))
    page.goto("/sets/sample/study/")
    for _ in range(4):
        article = page.locator("#card article.question")
        answer_by_keyboard(page, sample_set.questions.get(type=article.get_attribute("data-type")))
        page.keyboard.press("Digit3")
        wait_for_next_card(page)
    field = page.locator("#card input[type=text]").first
    assert field.evaluate("el => el === document.activeElement")
    page.keyboard.down("Alt")
    for _ in range(3):  # held: the first press and two auto-repeats
        page.keyboard.down("KeyZ")
    page.keyboard.up("KeyZ")
    page.keyboard.up("Alt")
    page.wait_for_selector("#card article.question[data-type=true_false]")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    assert Review.objects.filter(undone_at__isnull=False).count() == 1
    assert Review.objects.filter(undone_at__isnull=True).count() == 3
    assert "Alt" in page.locator("#card [data-action=undo]").inner_text()
