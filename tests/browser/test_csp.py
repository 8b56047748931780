"""Every page, in Arabic and English, runs under the Content-Security-Policy without one violation:
no blocked script, style, font or image, including what htmx swaps in while a student studies."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from quizzes.models import Assignment, Klass, ProblemReport
from tests.browser.test_reorder import drag
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# Runs before any page script; the listener is added by the browser, so the policy does not apply to it.
COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || document.location.pathname) + ":" + e.lineNumber);
});
"""


class Visitor:
    """A browser tab that records every policy violation, as events and as console errors."""

    def __init__(self, browser, live_server, language):
        self.context = browser.new_context(base_url=live_server.url, locale=language)
        self.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        self.context.add_init_script(COLLECT)
        self.language = language
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.violations = []
        self.visited = []
        self.page.on(
            "console",
            lambda message: (
                self.violations.append(f"console: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def collect(self, name):
        self.visited.append(name)
        found = self.page.evaluate("() => window.__cspViolations || []")
        self.violations += [f"{name} [{self.language}]: {v}" for v in found]
        assert self.page.locator("html").get_attribute("lang") == self.language, name

    def visit(self, name, path):
        response = self.page.goto(path)
        assert response.ok, f"{name}: {path} answered {response.status}"
        self.page.wait_for_load_state("load")
        self.collect(name)

    def log_in(self, user):
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("form.stack button[type=submit]")
        self.page.wait_for_url("**/dashboard/")
        self.collect("dashboard after login")

    def close(self):
        self.context.close()


def answer_and_rate(visitor, name):
    """Answers whatever card is shown (not necessarily right), checks it, then rates or continues."""
    page = visitor.page
    card = page.locator("#card [data-answer-form]")
    for field in card.locator("input[type=text], input:not([type]), textarea").all():
        field.fill("2002")
    for select in card.locator("select").all():
        # Order places come filled in, each once; match and gap choices start empty.
        if select.input_value() == "" and select.locator("option").count() > 1:
            select.select_option(index=1)
    for choice in card.locator("input[type=radio], input[type=checkbox]").all()[:1]:
        choice.check()
    page.locator("#card [data-key=check]").click()
    try:
        page.locator("#card .ratings").wait_for(timeout=3000)
    except PlaywrightTimeout:
        # The answer was refused (a typed answer that is not a number): that page too, then "I don't know".
        visitor.collect(f"{name}: refused")
        page.locator("#card [data-action=dont-know]").click()
        page.locator("#card .ratings").wait_for()
    visitor.collect(f"{name}: checked")
    page.locator("#card details.card-tools summary").click()
    visitor.collect(f"{name}: tools open")
    page.locator("#card .ratings button, #card .ratings a").last.click()
    page.wait_for_function(
        "() => !document.querySelector('#card .ratings') && !document.querySelector('.htmx-request') &&"
        " document.querySelector('#card article.question, #card article.summary')"
    )
    visitor.collect(f"{name}: rated")


@pytest.fixture
def school(make_user, sample_set):
    teacher = sample_set.owner
    student = make_user("layla", display_name="ليلى")
    klass = Klass.objects.create(name="الصف العاشر", join_code="CSPTEST1")
    klass.instructors.add(teacher)
    klass.students.add(student)
    Assignment.objects.create(klass=klass, question_set=sample_set)
    question = sample_set.questions.get(key="capital")
    ProblemReport.objects.create(student=student, question=question, reason="unclear", comment="الصياغة غامضة")
    return {"teacher": teacher, "student": student, "klass": klass}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_page_breaks_the_content_security_policy(browser, live_server, school, make_user, sample_set, language):
    student, teacher, klass = school["student"], school["teacher"], school["klass"]
    reset_path = (
        f"/accounts/reset/{urlsafe_base64_encode(force_bytes(student.pk))}/"
        f"{default_token_generator.make_token(student)}/"
    )
    violations = []

    visitor = Visitor(browser, live_server, language)
    try:
        for name, path in [
            ("home", "/"),
            ("login", "/accounts/login/"),
            ("signup", "/signup/"),
            ("password reset", "/accounts/password_reset/"),
            ("password reset link", reset_path),
            ("admin login", "/admin/login/"),
        ]:
            visitor.visit(name, path)
        visitor.page.goto("/signup/")
        visitor.page.fill("#id_username", "newcomer")
        visitor.page.fill("#id_password1", "1234")
        visitor.page.fill("#id_password2", "1234")
        visitor.page.click("form.stack button[type=submit]")
        visitor.page.locator(".errors").first.wait_for()
        visitor.collect("signup with errors")
        visitor.page.goto("/accounts/password_reset/")
        visitor.page.fill("#id_email", "nobody@example.org")
        visitor.page.click("form.stack button[type=submit]")
        visitor.page.wait_for_url("**/password_reset/done/")
        visitor.collect("password reset sent")
    finally:
        visitor.close()
    violations += visitor.violations

    visitor = Visitor(browser, live_server, language)
    try:
        visitor.log_in(student)
        for name, path in [
            ("dashboard", "/dashboard/"),
            ("settings", "/settings/"),
            ("password change", "/accounts/password_change/"),
            ("set", "/sets/sample/"),
            ("classes", "/classes/"),
            ("class as a student", f"/classes/{klass.pk}/"),
            ("study", "/sets/sample/study/"),
        ]:
            visitor.visit(name, path)
        for n in range(1, 12):
            if not visitor.page.locator("#card article.question").count():
                break
            answer_and_rate(visitor, f"study card {n}")
        visitor.page.locator("#card [data-action=undo]").click()
        visitor.page.locator("#card article.question").wait_for()
        visitor.collect("study after undo")
        assert len([v for v in visitor.visited if v.endswith(": rated")]) >= 9, visitor.visited
    finally:
        visitor.close()
    violations += visitor.violations

    visitor = Visitor(browser, live_server, language)
    try:
        visitor.log_in(teacher)
        for name, path in [
            ("classes as an instructor", "/classes/"),
            ("class as its instructor", f"/classes/{klass.pk}/"),
            ("problem reports", "/sets/sample/problems/"),
            ("resolved problem reports", "/sets/sample/problems/?show=resolved"),
            ("question list", "/authoring/sets/sample/questions/"),
        ]:
            visitor.visit(name, path)
        # The list with SortableJS loaded: a question dragged, then one moved by its arrow button.
        page = visitor.page
        page.goto("/authoring/sets/sample/questions/")
        page.locator("#question-list.sortable").wait_for()
        keys = page.locator("#question-list li[data-key]").evaluate_all("items => items.map(li => li.dataset.key)")
        drag(page, keys[0], onto=keys[2])
        page.wait_for_function("() => document.getElementById('reorder-status').textContent.includes('3')")
        visitor.collect("question list after a drag")
        page.locator(f"#q-{keys[0]} form.move button[value=down]").click()
        page.wait_for_function("() => document.getElementById('reorder-status').textContent.includes('4')")
        visitor.collect("question list after an arrow button")
        # The language switcher posts and redirects: that too stays within the policy.
        other = "en" if language == "ar" else "ar"
        visitor.page.locator(".lang-switch button").click()
        visitor.page.wait_for_function(f"() => document.documentElement.lang === '{other}'")
        visitor.language = other
        visitor.collect("after switching language")
    finally:
        visitor.close()
    violations += visitor.violations

    visitor = Visitor(browser, live_server, language)
    try:
        admin = make_user("admin", is_staff=True, is_superuser=True)
        visitor.log_in(admin)
        question = sample_set.questions.get(key="capital")
        for name, path in [
            ("admin index", "/admin/"),
            ("admin sets", "/admin/quizzes/questionset/"),
            ("admin set", f"/admin/quizzes/questionset/{sample_set.pk}/change/"),
            ("admin question", f"/admin/quizzes/question/{question.pk}/change/"),
            ("admin user", f"/admin/quizzes/user/{student.pk}/change/"),
        ]:
            visitor.visit(name, path)
    finally:
        visitor.close()
    violations += visitor.violations

    assert not violations, "\n".join(violations)


def test_a_violation_would_be_caught(browser, live_server):
    """The collector itself works: an inline style added by a page script is reported."""
    visitor = Visitor(browser, live_server, "ar")
    try:
        visitor.visit("home", "/")
        visitor.page.evaluate(
            "() => { const s = document.createElement('style'); s.textContent = 'body{}'; document.head.append(s); }"
        )
        visitor.page.wait_for_timeout(200)
        visitor.collect("home with an injected style")
    finally:
        visitor.close()
    assert any("style-src" in v for v in visitor.violations), visitor.violations


@pytest.mark.parametrize("language", ["ar", "en"])
def test_arranging_by_hand_and_the_header_menu_keep_the_policy(browser, live_server, make_user, language):
    from quizzes import classes
    from quizzes.models import QuestionSet, Quiz
    from tests.browser.test_arrange_flow import MATCH_QUESTION, ORDER_QUESTION, arrange_match, arrange_order, make_set

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
    visitor = Visitor(browser, live_server, language)
    page = visitor.page
    try:
        visitor.log_in(student)
        visitor.visit("study an order card", "/sets/order-only/study/")
        arrange_order(page, page.locator("#card"), "mouse")
        visitor.collect("order card dragged")
        page.locator("#card [data-key=check]").click()
        page.locator("#card .ratings").wait_for()
        visitor.collect("order card checked")
        visitor.visit("study a match card", "/sets/match-only/study/")
        arrange_match(page, page.locator("#card"), "mouse")
        visitor.collect("match card dragged")
        page.locator("#card [data-key=check]").click()
        page.locator("#card .ratings").wait_for()
        visitor.collect("match card checked")
        visitor.visit("quiz", f"/quizzes/{quiz.pk}/")
        page.locator("[data-start]").click()
        page.wait_for_url("**/attempts/**")
        arrange_order(page, page.locator("section.quiz-question[data-type=order]"), "keyboard")
        arrange_match(page, page.locator("section.quiz-question[data-type=match]"), "mouse")
        page.locator("section.quiz-question[data-type=match] .save-status time").wait_for()
        visitor.collect("quiz arranged and autosaved")
        page.set_viewport_size({"width": 360, "height": 740})
        page.locator("header .menu-toggle").click()
        page.locator("#site-menu.open").wait_for()
        visitor.collect("header menu open")
    finally:
        visitor.close()
    assert len(visitor.visited) >= 9
    assert not visitor.violations, "\n".join(visitor.violations)
