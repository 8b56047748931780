"""An instructor uploads a spreadsheet, reads the preview, applies it, and a student studies one of
its questions."""

import pytest

from quizzes.models import QuestionSet

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_spreadsheet_is_previewed_applied_and_studied(page, login, instructor, tmp_path):
    path = tmp_path / "عواصم.csv"
    path.write_text("السؤال,الإجابة\nما عاصمة قطر؟,الدوحة\n,مسقط\n", encoding="utf-8")
    login(instructor)
    page.goto("/authoring/")
    page.set_input_files("#import-file", str(path))
    page.locator("main form button[type=submit]").click()
    # The empty prompt of line 3 is refused with its line; nothing is written.
    assert "عواصم.csv:3:1" in page.locator(".import-problems").inner_text()
    assert not QuestionSet.objects.exists()
    path.write_text("السؤال,الإجابة\nما عاصمة قطر؟,الدوحة\nما عاصمة عمان؟,مسقط\n", encoding="utf-8")
    page.set_input_files("#import-file", str(path))
    page.fill("#import-title", "عواصم الخليج")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/authoring/import/")
    assert "مجموعة جديدة" in page.locator("main").inner_text()
    assert not QuestionSet.objects.exists()
    page.locator("main form.actions button[type=submit]").click()
    page.wait_for_url("**/sets/wasm-alkhlyj/")
    assert QuestionSet.objects.get(slug="wasm-alkhlyj").title == "عواصم الخليج"
    page.goto("/sets/wasm-alkhlyj/study/")
    card = page.locator("#card article.question")
    card.wait_for()
    assert card.get_attribute("data-type") == "flashcard"
    page.keyboard.press("Space")
    page.locator("#card .ratings").wait_for()
    assert page.locator("#card").inner_text().count("الدوحة") + page.locator("#card").inner_text().count("مسقط") >= 1
