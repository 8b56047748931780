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

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
QUOTE = "تأسست المنظمة في موسكو عام 2002"
ARTICLE = f"مقدمة عن الأمن الجماعي.\n{QUOTE} بعد معاهدة وقعت قبل ذلك بعشر سنوات.\nخاتمة."


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def fill_single(page):
    for i, text in enumerate(["موسكو", "طشقند", "مينسك"]):
        page.fill(f"#option-{i}-text", text)
    page.check("input[name=answer][value='0']")


def fill_multiple(page):
    for i, text in enumerate(["روسيا", "أرمينيا", "جورجيا"]):
        page.fill(f"#option-{i}-text", text)
    page.check("input[name='option-0-right']")
    page.check("input[name='option-1-right']")


def fill_true_false(page):
    page.check("input[name=answer][value='true']")


def fill_short(page):
    page.fill("#answer-0-text", "موسكو")
    page.fill("#answer-0-variants", "موسكوفا")


def fill_number(page):
    page.fill("#q-answer", "٢٠٠٢")
    page.fill("#q-tolerance", "1")


def fill_order(page):
    for i, text in enumerate(["المعاهدة", "المنظمة", "التدخل"]):
        page.fill(f"#item-{i}-text", text)


def fill_match(page):
    for i, (left, right) in enumerate([("بوتين", "روسيا"), ("باشينيان", "أرمينيا")]):
        page.fill(f"#pair-{i}-left", left)
        page.fill(f"#pair-{i}-right", right)


def fill_cloze(page):
    page.fill("#q-text", "تأسست المنظمة عام [[1]] في [[2]].")
    page.fill("#gap-0-answers", "2002")
    # A second gap, added in place.
    page.get_by_role("button", name="أضف فراغًا").click()
    page.locator("#gap-1-key").wait_for()
    page.fill("#gap-1-key", "2")
    page.fill("#gap-1-answers", "موسكو")
    page.fill("#gap-1-options", "موسكو\nطشقند")


def fill_flashcard(page):
    page.fill("#q-back", "عام 2002")


FILL = {
    "single": fill_single,
    "multiple": fill_multiple,
    "true_false": fill_true_false,
    "short": fill_short,
    "number": fill_number,
    "order": fill_order,
    "match": fill_match,
    "cloze": fill_cloze,
    "flashcard": fill_flashcard,
}


def test_an_instructor_writes_a_set_in_the_browser_and_round_trips_it_as_yaml(page, login, instructor, tmp_path):
    login(instructor)
    page.goto("/authoring/")
    page.get_by_role("link", name="مجموعة أسئلة جديدة").click()
    page.fill("#id_slug", "my-set")
    page.fill("#id_title", "مجموعتي")
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

    for type_name, fill in FILL.items():
        page.goto(f"/authoring/sets/my-set/questions/new/?type={type_name}")
        page.fill("#q-prompt", f"سؤال من نوع {type_name}")
        fill(page)
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
    assert sorted(qset.questions.values_list("type", flat=True)) == sorted(FILL)
    cloze = qset.questions.get(type="cloze")
    assert [g["key"] for g in cloze.data["gaps"]] == ["1", "2"]
    assert qset.questions.get(type="number").data == {"answer": 2002, "tolerance": 1}

    # Exported, then imported back under a new slug, which the upload form asks for.
    page.goto("/authoring/")
    with page.expect_download() as download:
        page.locator("a[href='/sets/my-set/export.yaml']").click()
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
