"""A quiz with a random draw and an essay: a student takes it (the word count follows the Arabic
they type), the instructor marks the essay by hand, and the student reads the mark and the comment."""

import re

import pytest

from quizzes.bank import writing
from quizzes.models import Attempt, Question, QuizDraw, Tag

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_drawn_quiz_with_an_essay_is_taken_marked_by_hand_and_the_comment_read(page, login, make_user, make_quiz):
    student = make_user("salma")
    quiz = make_quiz(student, layout="all", attempts_allowed=0, max_grade=10)
    qset, teacher = quiz.question_set, quiz.owner
    sources = qset.questions.get(key="founded").sources
    raw = {"id": "why", "type": "essay", "prompt": "لماذا تدخلت المنظمة في كازاخستان؟", "word_limit": 30}
    writing.save_question(qset, {**raw, "guidance": "يذكر طلب الرئيس.", "sources": sources}, author=teacher)
    members, essays = Tag.objects.create(name="الأعضاء"), Tag.objects.create(name="مقالات")
    for question in Question.objects.filter(question_set=qset, key__in=["members", "capital", "president"]):
        question.tags.add(members)
    Question.objects.get(question_set=qset, key="why").tags.add(essays)
    QuizDraw.objects.create(quiz=quiz, tag=members, count=2, mark=1, position=0)
    QuizDraw.objects.create(quiz=quiz, tag=essays, count=1, mark=4, position=1)

    login(student)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"/quizzes/{quiz.pk}/")
    page.click("[data-start]")
    page.wait_for_selector("section.quiz-question[data-type=essay]")
    assert page.locator("section.quiz-question").count() == 3
    essay = page.locator("section.quiz-question[data-type=essay] textarea[name=response]")
    assert essay.get_attribute("dir") == "auto"
    # Words with diacritics count once each, as the server counts them.
    essay.press_sequentially("طَلَبَ الرئيسُ توكاييف المساعدة ، فتدخلت المنظمة")
    counter = page.locator("section.quiz-question[data-type=essay] .word-count")
    assert re.search(r"\b6\b.*\b30\b", counter.inner_text()), counter.inner_text()
    page.wait_for_function(
        "() => document.querySelector('section.quiz-question[data-type=essay] [id^=saved-] time') !== null"
    )
    page.click("[data-finish]")
    page.click("[data-submit]")
    page.wait_for_selector("dd.grade")
    assert page.locator("dd.grade").inner_text() == "بانتظار التصحيح"
    attempt = Attempt.objects.get(student=student)
    assert attempt.questions.count() == 3 and attempt.score is None
    page.context.clear_cookies()

    login(teacher)
    page.goto(f"/quizzes/{quiz.pk}/attempts/")
    page.click(f"a[href='/quizzes/{quiz.pk}/grading/']")
    page.locator("table.grading a", has_text="صحّح").first.click()
    answer = page.locator("article.graded-answer")
    assert "طَلَبَ الرئيسُ توكاييف" in answer.locator(".essay-answer").inner_text()
    assert "6 كلمات" in answer.inner_text()
    answer.locator("input[name=mark]").fill("٣٫٥")
    answer.locator("textarea[name=comment]").fill("أحسنت، وكان عليك ذكر الاحتجاجات.")
    answer.locator("button[type=submit]").click()
    page.wait_for_selector("text=حُفظت الدرجة.")
    attempt.refresh_from_db()
    assert attempt.score is not None
    page.context.clear_cookies()

    login(student)
    page.goto(f"/attempts/{attempt.pk}/result/")
    assert "أحسنت، وكان عليك ذكر الاحتجاجات." in page.locator(".grader-comment").inner_text()
    essay_marks = page.locator("article.reviewed[data-type=essay] .marks").inner_text()
    assert essay_marks == "3.5 / 4"
    assert page.locator("dd.grade").inner_text().startswith(page.locator("dd.grade bdi").inner_text())
