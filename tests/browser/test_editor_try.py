"""An instructor previews each type of question in the editor, gives the right answer in the preview
and clicks "Try": it is marked right, as a student's card would mark it, whatever seed the preview
drew, with the question's source filled in or left empty."""

import pytest
from playwright.sync_api import expect

from quizzes.questions import get_type
from tests.question_forms import FORMS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_right_answer_tried_in_the_preview_is_marked_right_for_every_type(page, login, sample_set):
    login(sample_set.owner)
    for question in sample_set.questions.order_by("position"):
        qtype, data = get_type(question.type), question.data
        page.goto(f"/authoring/sets/sample/questions/{question.key}/edit/")
        # Each round draws a new preview, with its own seed; the last ones without a source.
        for round in range(3):
            if round == 1:
                page.select_option("#source-0-doc", "")
                page.fill("#source-0-quote", "")
            page.locator("[data-preview]").click()
            preview = page.locator("#preview")
            preview.locator("form.answer").wait_for()
            FORMS[question.type].answer_in_page(preview, data, qtype.correct_response(data))
            preview.locator("button.primary").click()
            if qtype.self_graded:
                expect(preview.locator(".back")).to_have_text(data["back"])
            else:
                expect(preview.locator(".verdict")).to_have_class("verdict correct")
