"""A student who keeps guessing class codes, or keeps reporting one card, is stopped with a clear
message on the page: the class page's form leads to a 429 page, the card's report form (htmx)
keeps the card and says why."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_guessing_class_codes_stops_with_a_message(page, login, student, settings):
    settings.THROTTLES = {**settings.THROTTLES, "join_code_user": (3, 900)}
    login(student)
    page.goto("/classes/")
    for guess in ("AAAA22", "BBBB33", "CCCC44"):
        page.fill("#id_code", guess)
        page.get_by_role("button", name="انضم إلى الصف").click()
        page.wait_for_url("**/classes/")
    page.fill("#id_code", "DDDD55")
    with page.expect_response("**/classes/join/") as response:
        page.get_by_role("button", name="انضم إلى الصف").click()
    assert response.value.status == 429
    assert page.get_by_role("alert").inner_text().startswith("أدخلت رموز صفوف خاطئة كثيرة")
    page.get_by_role("link", name="رجوع").click()
    page.wait_for_url("**/classes/")


def test_reporting_one_card_again_and_again_keeps_the_card_and_says_why(page, login, student, sample_set, settings):
    settings.THROTTLES = {**settings.THROTTLES, "problem_report": (1, 86400)}
    login(student)
    page.goto(f"/sets/{sample_set.slug}/study/")
    prompt = page.locator("#card .prompt").inner_text()
    for expected in ("شكرًا", "أبلغت عن هذه البطاقة"):
        page.locator("#card details.card-tools summary").click()
        page.locator("#card form.report button[type=submit]").click()
        page.locator("#card .notice", has_text=expected).wait_for()
    assert page.locator("#card .prompt").inner_text() == prompt
