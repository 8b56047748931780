"""A student answers a single-choice card wrongly and reads why the option they chose is wrong."""

import pytest

from quizzes.bank.importing import import_set, parse_bytes
from tests.views.test_option_feedback import WHY, YAML

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_student_reads_the_explanation_of_the_wrong_option_they_chose(page, login, make_user, instructor):
    import_set(parse_bytes(YAML.encode()), owner=instructor)
    login(make_user("huda"))
    page.goto("/sets/capitals/study/")
    card = page.locator("#card")
    card.get_by_text("طشقند").click()
    # Nothing of the option's explanation is on the page before the answer is checked.
    assert WHY not in page.content()
    card.locator("[data-key=check]").click()
    feedback = card.locator(".option-feedback")
    feedback.wait_for()
    assert WHY in feedback.inner_text() and "طشقند" in feedback.inner_text()
    assert card.locator(".verdict.incorrect").is_visible()
    assert card.locator(".explanation").inner_text() == "ألماتي هي العاصمة الاقتصادية."
