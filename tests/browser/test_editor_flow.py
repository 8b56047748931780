"""An instructor creates a set, adds one question of each type with the editor, previews and
grades one, attaches a document and sees a quote refused, exports the set and imports it back
under a new slug; quick entry; sharing a set.

Screenshots of the preview with a graded answer go to SCREENSHOT_DIR when it is set.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from quizzes.models import QuestionSet
from tests.question_forms import FORMS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
QUOTE = "تأسست المنظمة في موسكو عام 2002"
ARTICLE = f"مقدمة عن الأمن الجماعي.\n{QUOTE} بعد معاهدة وقعت قبل ذلك بعشر سنوات.\nخاتمة."


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_an_instructor_writes_a_set_in_the_browser_and_round_trips_it_as_yaml(page, login, instructor, tmp_path):
    login(instructor)
    page.goto("/authoring/")
    page.get_by_role("link", name="مجموعة أسئلة جديدة").click()
    page.fill("#id_slug", "my-set")
    page.fill("#id_title", "مجموعتي")
    # A set built from a document: every question cites it, so the article comes first.
    page.check("#id_requires_sources")
    page.locator("main form button.primary").click()
    page.wait_for_url("**/authoring/sets/my-set/sources/")

    # An article, then its text.
    page.fill("#new-source-key", "doc1")
    page.fill("#new-source-title", "مقال عن المنظمة")
    page.get_by_role("button", name="إضافة المقال").click()
    page.wait_for_url("**/authoring/sets/my-set/sources/")
    page.fill("#text-1", ARTICLE)
    page.get_by_role("button", name="أرفق النص").click()
    page.wait_for_url("**/authoring/sets/my-set/sources/")

    for type_name, forms in FORMS.items():
        page.goto(f"/authoring/sets/my-set/questions/new/?type={type_name}")
        page.fill("#q-prompt", f"سؤال من نوع {type_name}")
        forms.fill_editor(page)
        page.select_option("#source-0-doc", "doc1")
        if type_name == "flashcard":
            # A quote that is not in the article is refused, the form kept as it was.
            page.fill("#source-0-quote", "جملة لم ترد في المقال")
            page.locator("#editor .actions button.primary").click()
            expect(page.locator("#editor .source-row .errors")).to_be_visible()
            expect(page.locator("#q-back")).to_have_value("عام 2002")
        page.fill("#source-0-quote", QUOTE)
        if type_name == "short":
            # Preview, and try an answer: graded as a student's would be, Arabic normalisation included.
            page.locator("[data-preview]").click()
            page.locator("#preview input[name=response]").fill("مُوسْكُو")
            page.locator("#preview button.primary").click()
            expect(page.locator("#preview .verdict")).to_have_class("verdict correct")
            shoot(page, "editor-preview-graded-ar")
        page.locator("#editor .actions button.primary").click()
        page.wait_for_url("**/authoring/sets/my-set/questions/**")

    qset = QuestionSet.objects.get(slug="my-set")
    assert sorted(qset.questions.values_list("type", flat=True)) == sorted(FORMS)
    cloze = qset.questions.get(type="cloze")
    assert [g["key"] for g in cloze.data["gaps"]] == ["1", "2"]
    assert qset.questions.get(type="number").data == {"answer": 2002, "tolerance": 1}

    # Exported, then imported back under a new slug, which the upload form asks for.
    page.goto("/authoring/")
    page.locator("details.downloads summary").first.click()  # the formats fold into one menu
    with page.expect_download() as download:
        page.locator("a[href='/sets/my-set/export/yaml/']").click()
    path = tmp_path / "my-set.yaml"
    download.value.save_as(path)
    page.set_input_files("#import-file", str(path))
    page.fill("#import-slug", "my-set-copy")
    page.locator("main section form button[type=submit]").click()
    page.wait_for_url("**/authoring/import/")
    page.locator("main form.actions button[type=submit]").click()
    page.wait_for_url("**/sets/my-set-copy/")
    copy = QuestionSet.objects.get(slug="my-set-copy")
    assert sorted(copy.questions.values_list("key", flat=True)) == sorted(qset.questions.values_list("key", flat=True))


def test_an_instructor_pastes_two_columns_previews_them_and_saves_them(page, login, sample_set):
    login(sample_set.owner)
    page.goto("/authoring/sets/sample/quick/")
    page.select_option("#qe-type", "short")
    page.fill("#qe-quote", "روسيا وكازاخستان")
    page.fill("#qe-lines", "عاصمة روسيا\tموسكو\nعاصمة أرمينيا\tيريفان\n")
    page.locator("button[value=preview]").click()
    expect(page.locator(".quick-rows tbody tr")).to_have_count(2)
    assert sample_set.questions.count() == 9  # nothing written yet
    page.locator("button[value=save]").click()
    page.wait_for_url("**/authoring/sets/sample/questions/")
    expect(page.locator(".question-list")).to_contain_text("عاصمة أرمينيا")
    assert sample_set.questions.filter(type="short").count() == 3


def test_the_owner_shares_a_set_and_the_colleague_finds_it_among_theirs(login, page, sample_set, make_user):
    colleague = make_user("colleague", instructor=True)
    login(sample_set.owner)
    page.goto("/authoring/sets/sample/sharing/")
    page.fill("#id_username", "colleague")
    page.locator("main form.stack button.primary").click()
    expect(page.locator(".editors")).to_contain_text("colleague")
    page.context.clear_cookies()
    login(colleague)
    page.goto("/authoring/")
    page.get_by_role("link", name="الأسئلة").first.click()
    page.wait_for_url("**/authoring/sets/sample/questions/")
