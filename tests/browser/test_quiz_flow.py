"""A student takes a timed quiz: answers every graded type (autosaved), reloads in the middle and
finds their answers, submits, and sees the score."""

import pytest

from quizzes.models import Attempt

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

ORDER = {"توقيع المعاهدة": "1", "إنشاء المنظمة": "2", "التدخل في كازاخستان": "3"}
MATCH = {"بوتين": "رئيس روسيا", "باشينيان": "رئيس وزراء أرمينيا", "توكايف": "رئيس كازاخستان"}


def answer(page, question):
    """Answers the question on screen correctly, as a student would, by the texts shown."""
    section = page.locator("section.quiz-question")
    match question:
        case "number":
            section.locator("input[name=response]").press_sequentially("٢٠٠٢")
        case "single":
            section.locator("label.option", has_text="ألماتي").click()
        case "multiple":
            for name in ("روسيا", "أرمينيا"):
                section.locator("label.option", has_text=name).click()
        case "true_false":
            section.locator("input[value=true]").check()
        case "short":
            section.locator("input[name=response]").press_sequentially("توكاييف")
        case "order":
            for item in section.locator(".order-item").all():
                item.locator("select").select_option(ORDER[item.locator("label").inner_text()])
        case "match":
            for row in section.locator("table.match tr").all():
                row.locator("select").select_option(label=MATCH[row.locator("th").inner_text()])
        case "cloze":
            section.locator(".cloze select").select_option(label="موسكو")
            section.locator(".cloze input[type=text]").fill("2002")
            section.locator(".cloze input[type=text]").press("Tab")


def test_a_student_takes_a_timed_quiz_reloads_midway_and_submits(page, login, make_user, make_quiz):
    student = make_user("huda")
    quiz = make_quiz(student, time_limit=20)
    login(student)
    page.on("dialog", lambda dialog: dialog.accept())
    saves = []
    page.on("request", lambda r: saves.append(r.url) if r.method == "POST" and "/save/" in r.url else None)
    page.goto("/quizzes/")
    page.click(f"a[href='/quizzes/{quiz.pk}/']")
    page.click("[data-start]")
    page.wait_for_selector("section.quiz-question")
    assert page.locator(".countdown .clock").inner_text().startswith(("19:", "20:"))
    seen = []
    for position in range(1, 9):
        section = page.locator("section.quiz-question")
        question = section.get_attribute("data-type")
        answer(page, question)
        # Each answer is saved as it is given: the status says so without leaving the page.
        page.locator(f"#saved-{position} time").wait_for()
        seen.append(question)
        if position == 4:
            page.reload()
            # The answer given before the reload is still there, and the strip marks four answered.
            assert page.locator("section.quiz-question input[value=true]").is_checked()
            assert page.locator("#quiz-nav a.answered").count() == 4
        if position < 8:
            page.click("[data-next]")
            page.wait_for_url(f"**page={position + 1}")
    assert sorted(seen) == sorted(["number", "single", "multiple", "true_false", "short", "order", "match", "cloze"])
    # An answer is sent once it rests, not on every key or click, and "next" sends nothing new.
    print(f"save requests: {len(saves)} for {len(seen)} answers")
    assert len(saves) <= 2 * len(seen), saves
    page.click("[data-finish]")
    page.click("[data-submit]")
    page.wait_for_selector(".score")
    assert page.locator(".score").inner_text() == "8 / 8"
    assert Attempt.objects.get().state == Attempt.State.FINISHED


def test_submitting_with_unanswered_questions_asks_first(page, login, make_user, make_quiz):
    student = make_user("rami")
    quiz = make_quiz(student)
    login(student)
    page.goto(f"/quizzes/{quiz.pk}/")
    page.click("[data-start]")
    page.click("[data-finish]")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.click("[data-submit]")
    assert asked and "8" in asked[0]
    assert Attempt.objects.get().state == Attempt.State.IN_PROGRESS


def test_the_quiz_pages_fit_a_phone(browser, live_server, make_user, make_quiz):
    from tests.conftest import PASSWORD, log_in

    student = make_user("mona")
    quiz = make_quiz(student)
    quiz.owner.set_password(PASSWORD)
    quiz.owner.save()
    context = browser.new_context(base_url=live_server.url, locale="ar", viewport={"width": 360, "height": 740})
    page = context.new_page()
    for user in (student, quiz.owner):
        log_in(page, user)
        if user == student:
            page.goto(f"/quizzes/{quiz.pk}/")
            page.click("[data-start]")
            urls = [f"{page.url}?page={n}" for n in (6, 7, 8)] + [f"{page.url}submit/"]
        else:
            urls = [
                f"/quizzes/{quiz.pk}/attempts/",
                f"/quizzes/{quiz.pk}/edit/",
                f"/quizzes/{quiz.pk}/grading/",
                "/quizzes/",
            ]
        for url in urls:
            page.goto(url)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, url
        page.context.clear_cookies()
    context.close()


def started(page, login, make_user, make_quiz, name):
    student = make_user(name)
    quiz = make_quiz(student, time_limit=20)
    login(student)
    page.on("dialog", lambda dialog: dialog.accept())  # "the clock starts now"
    page.goto(f"/quizzes/{quiz.pk}/")
    page.click("[data-start]")
    page.wait_for_selector("section.quiz-question[data-type=number]")
    return Attempt.objects.get(student=student)


def test_an_answer_typed_just_before_save_and_next_is_saved_once(page, login, make_user, make_quiz):
    attempt = started(page, login, make_user, make_quiz, "nour")
    saves = []
    page.on("request", lambda r: saves.append(r.post_data) if r.method == "POST" and "/save/" in r.url else None)
    page.locator("section.quiz-question input[name=response]").press_sequentially("٢٠٠٢")
    # Clicked while the autosave still waits for the typing to rest.
    page.click("[data-next]")
    page.wait_for_url("**page=2")
    assert attempt.questions.get(position=1).score == 1.0
    assert len(saves) == 1, saves


def test_an_answer_typed_just_before_leaving_by_the_strip_is_saved_first(page, login, make_user, make_quiz):
    attempt = started(page, login, make_user, make_quiz, "salma")
    page.locator("section.quiz-question input[name=response]").press_sequentially("٢٠٠٢")
    page.click("#quiz-nav a[href$='page=3']")
    page.wait_for_url("**page=3")
    assert attempt.questions.get(position=1).score == 1.0


def test_an_autosave_that_fails_is_sent_again_once(page, login, make_user, make_quiz):
    attempt = started(page, login, make_user, make_quiz, "yara")
    failed = []

    def fail_first(route):
        if not failed:
            failed.append(route.request.url)
            route.fulfill(status=502, body="Bad gateway")
        else:
            route.continue_()

    page.route("**/save/", fail_first)
    page.locator("section.quiz-question input[name=response]").press_sequentially("٢٠٠٢")
    page.locator("#saved-1 time").wait_for()
    assert failed and attempt.questions.get(position=1).score == 1.0


def test_of_two_tabs_the_answer_typed_last_is_the_one_kept(page, login, make_user, make_quiz):
    attempt = started(page, login, make_user, make_quiz, "rana")
    # A second tab of the same attempt, opened at the same question with the same save number.
    other = page.context.new_page()
    other.goto(page.url)
    page.locator("section.quiz-question input[name=response]").press_sequentially("1999")
    page.locator("#saved-1 time").wait_for()
    other.wait_for_timeout(300)  # a later moment: its save is made after the first tab's
    other.locator("section.quiz-question input[name=response]").press_sequentially("٢٠٠٢")
    other.locator("#saved-1 time").wait_for()
    row = attempt.questions.get(position=1)
    assert row.response == "٢٠٠٢" and row.score == 1.0
