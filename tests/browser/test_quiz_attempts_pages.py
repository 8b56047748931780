"""The instructor's attempts list in pages, on a phone (360 px) in Arabic and English: the filter
and the page links work, the page speaks its language and direction, and nothing scrolls sideways.

Set SCREENSHOT_DIR to keep a screenshot of each page."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from quizzes import classes
from quizzes.models import Attempt, Quiz
from tests.conftest import signed_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
PHONE = {"width": 360, "height": 740}


def no_sideways_scroll(page, name, language):
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px ({language})"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{language}-phone.png", full_page=True)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_instructor_pages_through_a_large_classs_attempts_on_a_phone(browser, live_server, sample_set, language):
    teacher = sample_set.owner
    klass = classes.create_class(teacher, "الصف الكبير")
    students = get_user_model().objects.bulk_create(
        get_user_model()(username=f"student-{i:03d}", display_name=f"طالب رقم {i}") for i in range(120)
    )
    klass.students.add(*students)
    quiz = Quiz.objects.create(title="اختبار الفصل الأول", owner=teacher, question_set=sample_set)
    quiz.classes.add(klass)
    now = timezone.now()
    Attempt.objects.bulk_create(
        Attempt(quiz=quiz, student=s, number=1, started_at=now, submitted_at=now, state="finished", score=0.75)
        for s in students
    )
    context, page = signed_in(browser, live_server, teacher, language, viewport=PHONE)
    try:
        page.goto(f"/quizzes/{quiz.pk}/attempts/")
        assert page.locator("table.attempts tbody tr").count() == 50
        no_sideways_scroll(page, "quiz-attempts-page-1", language)

        page.click("nav.pager a[rel=next]")
        page.wait_for_url("**page=2")
        assert page.locator("table.attempts tbody tr").first.inner_text().startswith("طالب رقم 50")
        no_sideways_scroll(page, "quiz-attempts-page-2", language)

        page.fill("#attempts-student", "student-0")
        page.click(".attempts-filter button[type=submit]")
        page.wait_for_url("**student=student-0")
        assert page.locator("table.attempts tbody tr").count() == 50
        page.click("nav.pager a[rel=next]")
        page.wait_for_url("**student=student-0&page=2")
        rows = page.locator("table.attempts tbody tr")
        assert rows.count() == 50 and rows.last.inner_text().startswith("طالب رقم 99")
        assert page.locator("nav.pager a[rel=next]").count() == 0
        no_sideways_scroll(page, "quiz-attempts-filtered-page-2", language)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_instructor_marks_essays_on_a_phone_with_the_guidance_shown_once(
    browser, live_server, sample_set, make_quiz, make_user, language
):
    from quizzes.attempts import attempts
    from quizzes.bank import writing
    from quizzes.models import AttemptQuestion, Question

    teacher = sample_set.owner
    sources = sample_set.questions.get(key="founded").sources
    raw = {"id": "why", "type": "essay", "prompt": "لماذا تدخلت المنظمة في كازاخستان؟", "word_limit": 60}
    writing.save_question(
        sample_set, {**raw, "guidance": "يذكر طلب الرئيس توكاييف.", "sources": sources}, author=teacher
    )
    essay = Question.objects.get(question_set=sample_set, key="why")
    students = [make_user(f"essayist-{i}", display_name=f"كاتب رقم {i}") for i in range(3)]
    quiz = make_quiz(*students, attempts_allowed=0)
    now = timezone.now()
    for i, student in enumerate(students):
        attempt = attempts.start(quiz, student, now)
        row = attempt.questions.get(question=essay)
        text = "طلب الرئيس توكاييف المساعدة من المنظمة بعد الاحتجاجات " * (i + 2)
        attempts.save_answer(attempt, row, {"response": [text]}, now)
        attempts.submit(attempt, now)
    context, page = signed_in(browser, live_server, teacher, language, viewport=PHONE)
    try:
        page.goto(f"/quizzes/{quiz.pk}/grading/{essay.pk}/")
        assert page.locator("article.graded-answer").count() == 3
        # The guidance once, above the answers, not three times.
        assert page.get_by_text("يذكر طلب الرئيس توكاييف.").count() == 1
        no_sideways_scroll(page, "manual-grading", language)
        first = page.locator("article.graded-answer").first
        first.locator("input[name=mark]").fill("٠٫٥")
        first.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/grading/{essay.pk}/#answer-\d+$"))
        marked = AttemptQuestion.objects.filter(question=essay, manual_score__isnull=False)
        assert marked.count() == 1
        no_sideways_scroll(page, "manual-grading-marked", language)
    finally:
        context.close()
