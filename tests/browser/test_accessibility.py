"""axe-core finds no serious or critical violation on the main pages, in Arabic and English, at
desktop and phone widths; nothing overflows a 360 px screen.

Set SCREENSHOT_DIR to also keep a screenshot of every page visited (for looking at them).
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from quizzes import classes
from quizzes.bank import problems
from tests.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture
def school(make_user, sample_set):
    teacher = sample_set.owner
    student = make_user("layla", display_name="ليلى")
    klass = classes.create_class(teacher, "الصف العاشر")
    klass.students.add(student)
    classes.assign(klass, sample_set)
    problems.report_problem(student, sample_set.questions.get(key="capital").pk, "unclear", "الصياغة غامضة")
    return {"teacher": teacher, "student": student, "klass": klass}


def visit(browser, live_server, axe, user, language, viewport, paths):
    context = browser.new_context(base_url=live_server.url, locale=language, viewport=VIEWPORTS[viewport])
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    try:
        if user is not None:
            log_in(page, user)
        for name, path, action in paths:
            page.goto(path)
            if action:
                action(page)
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    where = f"{name} [{language}, {viewport}]"
                    problems.append(f"{where}: {violation['id']}: {violation['help']} {targets}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 1:
                problems.append(f"{name} [{language}, {viewport}]: the page is {overflow}px wider than the screen")
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{SHOTS}/{name}-{language}-{viewport}.png", full_page=True)
    finally:
        context.close()
    return problems


def check_answer(page):
    page.locator("#card input[name=response]").fill("1999")
    page.locator("#card [data-key=check]").click()
    page.locator("#card .verdict").wait_for()


def check_right_option(page):
    # The card after the first: its right option is Almaty; a right answer offers three ratings.
    page.locator("#card label", has_text="ألماتي").click()
    page.locator("#card [data-key=check]").click()
    page.locator("#card .ratings button[data-rating='4']").wait_for()


def preview_and_try(page):
    # The editor's preview, with an answer tried and graded.
    page.locator("[data-preview]").click()
    page.locator("#preview input[name=response]").fill("توكاييف")
    page.locator("#preview button.primary").click()
    page.locator("#preview .verdict").wait_for()


def quick_entry_preview(page):
    page.fill("#qe-lines", "عاصمة روسيا\tموسكو\nسطر بلا جدولة")
    page.fill("#qe-quote", "روسيا وكازاخستان")
    page.locator("button[value=preview]").click()
    page.locator(".quick-preview").wait_for()


def open_report_form(page):
    page.locator("#card details.report summary").click()


ANONYMOUS = [("home", "/", None), ("login", "/accounts/login/", None), ("signup", "/signup/", None)]
STUDENT = [
    ("dashboard", "/dashboard/", None),
    ("set", "/sets/sample/", None),
    ("study", "/sets/sample/study/", None),
    ("study-checked", "/sets/sample/study/", check_answer),
    ("study-rating", "/sets/sample/study/", check_right_option),
    ("classes-student", "/classes/", None),
    ("settings", "/settings/", None),
    ("my-progress", "/reports/", None),
    ("password-change", "/accounts/password_change/", None),
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_main_pages_have_no_serious_accessibility_violation(browser, live_server, axe, school, language, viewport):
    teacher_pages = [
        ("classes-teacher", "/classes/", None),
        ("class", f"/classes/{school['klass'].pk}/", None),
        ("problems", "/sets/sample/problems/", None),
        ("set-new", "/authoring/new/", None),
        ("set-settings", "/authoring/sets/sample/settings/", None),
        ("set-sharing", "/authoring/sets/sample/sharing/", None),
        ("set-questions", "/authoring/sets/sample/questions/", None),
        ("editor-single", "/authoring/sets/sample/questions/capital/edit/", None),
        ("editor-cloze", "/authoring/sets/sample/questions/criterion/edit/", None),
        ("editor-match", "/authoring/sets/sample/questions/people/edit/", None),
        ("editor-preview", "/authoring/sets/sample/questions/president/edit/", preview_and_try),
        ("quick-entry", "/authoring/sets/sample/quick/", quick_entry_preview),
        ("class-report", f"/classes/{school['klass'].pk}/report/", None),
        ("item-analysis", f"/classes/{school['klass'].pk}/report/sets/sample/", None),
        ("student-report", f"/classes/{school['klass'].pk}/report/students/{school['student'].pk}/", None),
    ]
    problems = visit(browser, live_server, axe, None, language, viewport, ANONYMOUS)
    problems += visit(browser, live_server, axe, school["student"], language, viewport, STUDENT)
    problems += visit(browser, live_server, axe, school["teacher"], language, viewport, teacher_pages)
    assert not problems, "\n".join(problems)


def arranged(page):
    page.locator("#card .arranged, section.quiz-question .arranged").first.wait_for()


def moved_down(page):
    # An item moved by its button, so the live region has spoken.
    arranged(page)
    page.locator("ol.order-items button[data-move=down]").first.click()


def menu_open(page):
    button = page.locator("header .menu-toggle")
    if button.is_visible():
        button.click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_order_and_match_by_hand_and_the_header_menu_have_no_serious_violation(
    browser, live_server, axe, make_user, language, viewport
):
    from quizzes.models import QuestionSet, Quiz
    from tests.browser.test_arrange_flow import MATCH_QUESTION, ORDER_QUESTION, make_set

    teacher = make_user("author", instructor=True)
    make_set(teacher, "order-only", ORDER_QUESTION)
    make_set(teacher, "match-only", MATCH_QUESTION)
    make_set(teacher, "arrange", ORDER_QUESTION, MATCH_QUESTION)
    student = make_user("layla")
    klass = classes.create_class(teacher, "الصف")
    klass.students.add(student)
    quiz = Quiz.objects.create(
        title="اختبار", owner=teacher, question_set=QuestionSet.objects.get(slug="arrange"), layout="all"
    )
    quiz.classes.add(klass)

    def start(page):
        page.locator("[data-start]").click()
        page.wait_for_url("**/attempts/**")
        arranged(page)

    problems = visit(
        browser,
        live_server,
        axe,
        student,
        language,
        viewport,
        [
            ("study-order", "/sets/order-only/study/", moved_down),
            ("study-match", "/sets/match-only/study/", arranged),
            ("quiz-arrange", f"/quizzes/{quiz.pk}/", start),
            ("header-menu", "/dashboard/", menu_open),
        ],
    )
    assert not problems, "\n".join(problems)
