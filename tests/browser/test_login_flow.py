import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_student_opens_the_home_page_and_logs_in(page, make_user, sample_set):
    student = make_user("student1", display_name="سارة")
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_text("مجموعة تجريبية").is_visible()
    page.get_by_role("link", name="سجّل الدخول للدراسة").click()
    page.fill("#id_username", student.username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/dashboard/")
    assert page.get_by_text("سارة").is_visible()
    assert page.get_by_role("link", name="مجموعة تجريبية").is_visible()


def test_a_wrong_password_shows_an_error(page, make_user):
    make_user("student1")
    page.goto("/accounts/login/")
    page.fill("#id_username", "student1")
    page.fill("#id_password", "wrong")
    page.click("form.stack button[type=submit]")
    assert page.locator("[role=alert]").is_visible()
