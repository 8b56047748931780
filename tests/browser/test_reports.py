"""Reports in a real browser: each report opens, a chart switches to its table and back, a table
downloads as CSV, the class table sorts. Set SCREENSHOT_DIR to keep shots (Arabic, English, 360 px)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from quizzes import classes
from tests.views.test_reports import fill_log

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def school(make_user, sample_set):
    teacher = sample_set.owner
    klass = classes.create_class(teacher, "الصف الأول")
    students = [make_user(f"s{i}", display_name=f"طالب {i}") for i in range(22)]
    klass.students.add(*students)
    classes.assign(klass, sample_set, timezone.now().date() + timedelta(days=5))
    fill_log(students, sample_set, per_student=30)
    return klass, teacher, students


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_student_opens_their_report_switches_a_chart_to_its_table_and_downloads_it(page, login, school):
    klass, teacher, students = school
    login(students[0])
    page.click("nav >> text=تقدّمي")
    page.wait_for_url("**/reports/")
    shoot(page, "student-ar")
    figure = page.locator("figure[data-chart]").filter(has=page.locator("#numbers-forecast"))
    assert figure.locator("svg").is_visible()
    figure.locator("[data-chart-toggle]").click()
    assert page.locator("#numbers-forecast table").is_visible()
    assert not figure.locator("svg").is_visible()
    assert figure.locator("[data-chart-toggle]").get_attribute("aria-expanded") == "true"
    figure.locator("[data-chart-toggle]").click()
    assert figure.locator("svg").is_visible()
    with page.expect_download() as info:
        page.locator("#table-sets caption a.csv").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith("\ufeff".encode()) and "مجموعة تجريبية".encode() in data


def test_an_instructor_opens_the_class_report_sorts_it_and_follows_to_items_and_a_student(page, login, school):
    klass, teacher, students = school
    login(teacher)
    page.goto(f"/classes/{klass.pk}/")
    page.click("text=تقرير الصف")
    page.wait_for_url(f"**/classes/{klass.pk}/report/")
    shoot(page, "class-ar")
    header = page.locator("#table-students thead th").first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    first = page.locator("#table-students tbody tr th").first.inner_text()
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert page.locator("#table-students tbody tr th").first.inner_text() != first
    with page.expect_download() as info:
        page.locator("#table-students caption a.csv").click()
    assert Path(info.value.path()).read_bytes().startswith("\ufeff".encode())
    figure = page.locator("figure[data-chart]")
    figure.locator("[data-chart-toggle]").click()
    assert page.locator("#numbers-calibration table").is_visible()

    page.click("text=تحليل الأسئلة")
    page.wait_for_url("**/report/sets/sample/")
    shoot(page, "items-ar")
    assert page.locator("#table-items tbody tr").count() == 9
    with page.expect_download() as info:
        page.locator("#table-items caption a.csv").click()
    assert Path(info.value.path()).read_bytes().startswith("\ufeff".encode())

    page.goto(f"/classes/{klass.pk}/report/")
    page.locator("#table-students tbody a").first.click()
    page.wait_for_url("**/report/students/**")
    assert page.locator("svg.chart").count() == 4
    shoot(page, "drilldown-ar")


@pytest.mark.parametrize("language, width", [("en", 1280), ("ar", 360), ("en", 360)])
def test_every_report_fits_the_screen_in_each_language(browser, live_server, school, language, width):
    """No report scrolls sideways, on a phone or in English (screenshots too when SCREENSHOT_DIR is set)."""
    klass, teacher, students = school
    context = browser.new_context(base_url=live_server.url, locale=language, viewport={"width": width, "height": 800})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    for user, urls in [
        (students[0], ["/reports/"]),
        (
            teacher,
            [
                f"/classes/{klass.pk}/report/",
                f"/classes/{klass.pk}/report/sets/sample/",
                f"/classes/{klass.pk}/report/students/{students[1].pk}/",
                "/dashboard/",
            ],
        ),
    ]:
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "correct-horse-battery")
        page.click("form.stack button[type=submit]")
        page.wait_for_url("**/dashboard/")
        for url in urls:
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language
            assert page.evaluate("document.documentElement.scrollWidth") <= width, url
            name = url.strip("/").replace("/", "-") or "home"
            shoot(page, f"{language}-{width}-{user.username}-{name}")
        context.clear_cookies()
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    context.close()


def test_a_student_resumes_a_quiz_from_the_dashboard_and_finds_it_in_their_report(page, login, make_user, make_quiz):
    from quizzes.models import Attempt

    student = make_user("huda", display_name="هدى")
    quiz = make_quiz(student, time_limit=20, closes_at=timezone.now() + timedelta(hours=5))
    login(student)
    page.on("dialog", lambda dialog: dialog.accept())
    section = page.locator("#open-quizzes")
    assert "اختبار قصير" in section.inner_text() and "يُغلق قريبًا" in section.inner_text()
    section.locator(f"a[href='/quizzes/{quiz.pk}/']").click()
    page.click("[data-start]")
    page.wait_for_selector("section.quiz-question")
    page.goto("/dashboard/")
    shoot(page, "dashboard-quiz-ar")
    page.locator("#open-quizzes a.button", has_text="تابع").click()
    page.wait_for_selector("section.quiz-question")
    page.click("[data-finish]")
    page.click("[data-submit]")
    page.wait_for_selector(".score")
    assert Attempt.objects.get().state == Attempt.State.FINISHED
    page.click("nav >> text=تقدّمي")
    page.wait_for_url("**/reports/")
    row = page.locator("#table-quizzes tbody tr")
    assert row.count() == 1 and "اختبار قصير" in row.inner_text() and "0%" in row.inner_text()
    shoot(page, "report-quiz-ar")
    with page.expect_download() as info:
        page.locator("#table-quizzes caption a.csv").click()
    assert "اختبار قصير".encode() in Path(info.value.path()).read_bytes()
    row.locator("a").click()
    page.wait_for_url(f"**/attempts/{Attempt.objects.get().pk}/result/")


@pytest.mark.parametrize("language, width", [("ar", 1280), ("en", 1280), ("ar", 360), ("en", 360)])
def test_the_dashboard_and_report_show_quizzes_without_sideways_scrolling(
    browser, live_server, make_user, make_quiz, language, width
):
    from quizzes.attempts import attempts
    from tests.conftest import PASSWORD, log_in

    student = make_user("huda", display_name="هدى")
    now = timezone.now()
    done = make_quiz(student, attempts_allowed=3, closes_at=now + timedelta(hours=4))
    first = attempts.start(done, student, now - timedelta(hours=1))
    first.questions.filter(position__lte=5).update(score=1.0, saved_at=now, response="x")
    attempts.submit(first, now - timedelta(minutes=50))
    going = make_quiz(student, time_limit=20)
    going.title = "اختبار الأسبوع"
    going.save()
    attempts.start(going, student, now - timedelta(minutes=5))
    later = make_quiz(student, opens_at=now + timedelta(days=2))
    later.title = "Final quiz"
    later.save()
    context = browser.new_context(base_url=live_server.url, locale=language, viewport={"width": width, "height": 800})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    log_in(page, student)
    assert page.get_by_text("اختبار الأسبوع").count() >= 1  # the attempt in progress, to resume
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    shoot(page, f"{language}-{width}-dashboard-quizzes")
    page.goto("/reports/")
    page.locator("#quizzes").scroll_into_view_if_needed()
    if SHOTS:
        page.locator("#quizzes").screenshot(path=f"{SHOTS}/{language}-{width}-report-quizzes.png")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    klass = done.classes.get()
    classes.assign(klass, done.question_set, None)
    done.owner.set_password(PASSWORD)
    done.owner.save()
    context.clear_cookies()
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    log_in(page, done.owner)
    page.goto(f"/classes/{klass.pk}/report/students/{student.pk}/")
    if SHOTS:
        page.locator("#quizzes").screenshot(path=f"{SHOTS}/{language}-{width}-drilldown-quizzes.png")
    page.goto(f"/classes/{klass.pk}/report/sets/sample/")
    if SHOTS:
        page.locator("#quiz-items").screenshot(path=f"{SHOTS}/{language}-{width}-items-quizzes.png")
    context.close()
