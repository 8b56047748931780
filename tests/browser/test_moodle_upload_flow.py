"""An instructor brings a bank exported from Moodle: uploads the XML file, reads in the preview
what was left out and what differs, applies it, and a student of their class studies a question."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from quizzes import classes
from quizzes.models import QuestionSet

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

BANK = Path(__file__).parent.parent / "data" / "moodle" / "csto-bank.xml"


def test_a_moodle_bank_is_previewed_applied_and_studied(page, login, instructor, student):
    login(instructor)
    page.goto("/authoring/")
    page.set_input_files("#import-file", str(BANK))
    page.fill("#import-title", "بنك المنظمة من Moodle")
    page.locator("main section form button[type=submit]").click()
    page.wait_for_url("**/authoring/import/")
    # The essay and the other types with no equivalent are named with their line, never dropped.
    skipped = page.locator("ul.skipped li")
    expect(skipped.first).to_be_visible()
    assert any("line" in text or "السطر" in text for text in skipped.all_inner_texts())
    expect(page.locator("ul.notes li").first).to_be_visible()
    assert not QuestionSet.objects.exists()
    page.locator("main form.actions button[type=submit]").click()
    page.wait_for_url("**/sets/*/")
    qset = QuestionSet.objects.get(title="بنك المنظمة من Moodle")
    assert not qset.requires_sources
    assert qset.questions.filter(type="single", key="csto-founding-year").exists()

    # Only the founding-year question, so the student is shown it.
    qset.questions.exclude(key="csto-founding-year").update(retired_at="2020-01-01T00:00:00Z")
    klass = classes.create_class(instructor, "صف")
    classes.join(student, klass.join_code)
    classes.assign(klass, qset)
    page.context.clear_cookies()
    login(student)
    page.goto(f"/sets/{qset.slug}/study/")
    card = page.locator("#card article.question")
    expect(card).to_have_attribute("data-type", "single")
    expect(card).to_contain_text("معاهدة الأمن الجماعي")
    card.get_by_text("1992", exact=True).click()
    page.locator("#card [data-key=check]").click()
    expect(page.locator("#card .verdict")).to_have_class("verdict correct")
    # Moodle's general feedback is the explanation the student reads after answering.
    expect(page.locator("#card")).to_contain_text("وُقّعت في طشقند عام 1992")
