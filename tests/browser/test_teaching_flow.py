"""The teacher's home in a real browser: an instructor finds a problem report there and resolves
it; staff invite a colleague, who accepts and reaches the instructors' pages."""

import pytest

from quizzes.bank import problems

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_instructor_finds_a_problem_report_on_the_home_and_resolves_it(page, login, sample_set, student):
    problems.report_problem(student, sample_set.questions.get(key="capital").pk, "unclear", "الصياغة غامضة")
    login(sample_set.owner)
    page.click("nav a[href='/teaching/']")
    page.wait_for_url("**/teaching/")
    report = page.locator("#problems li.report").filter(has_text="الصياغة غامضة")
    assert report.count() == 1
    report.locator("button[type=submit]").click()
    page.wait_for_url("**/teaching/")
    assert page.locator("#problems li.report").count() == 0
    assert page.get_by_text("الصياغة غامضة").count() == 0


def test_staff_invite_a_colleague_who_accepts_and_sees_the_instructor_pages(page, login, make_user):
    staff = make_user("staff", is_staff=True)
    colleague = make_user("colleague")
    login(staff)
    page.goto("/teaching/invitations/")
    page.fill("#id_note", "colleague@example.org")
    page.click("form[action='/teaching/invitations/new/'] button[type=submit]")
    page.wait_for_url("**/teaching/invitations/")
    link = page.locator("#invitation-link").input_value()
    assert "/invitations/" in link
    page.click("header form[action='/accounts/logout/'] button")
    login(colleague)
    assert page.locator("nav a[href='/teaching/']").count() == 0
    page.goto(link)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/teaching/")
    assert page.locator("nav a[href='/teaching/']").count() == 1
    page.click("nav a[href='/authoring/']")
    page.wait_for_url("**/authoring/")
    # The link is used: opening it again says so.
    assert page.goto(link).status == 400
    assert page.locator("main [role=alert]").count() == 1
