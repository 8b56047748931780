"""A teacher's whole morning in the browser: a set from an Arabic title with no slug typed, one
question of each type with no source and one with a picture, an article attached, a question
dragged into place, the set downloaded as a zip and imported into a new set with its article and
picture intact, then a student's problem report found on the teacher's home and resolved.

Set SCREENSHOT_DIR to keep a screenshot of each step."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from quizzes.bank import problems
from quizzes.models import Image, QuestionSet
from tests.question_forms import FORMS

from ..images import photo
from .test_reorder import drag, saved_order, shown_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
ARTICLE = "تأسست منظمة معاهدة الأمن الجماعي رسميًا عام 2002 بعد معاهدة وُقّعت في طشقند عام 1992."


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_teacher_writes_a_set_with_a_picture_moves_it_elsewhere_whole_and_handles_a_report(
    page, login, make_user, student, tmp_path
):
    teacher = make_user("teacher", instructor=True)
    login(teacher)

    # A set from an Arabic title: no slug is asked for, and citing is off for a new set.
    page.goto("/authoring/new/")
    page.fill("#id_title", "أسئلة المنظمة")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/questions/new/")
    qset = QuestionSet.objects.get(title="أسئلة المنظمة")
    slug = qset.slug
    assert re.fullmatch(r"[a-z0-9-]+", slug) and not qset.requires_sources

    # One question of each type, none citing anything.
    for type_name, forms in FORMS.items():
        page.goto(f"/authoring/sets/{slug}/questions/new/?type={type_name}")
        page.fill("#q-prompt", f"سؤال من نوع {type_name}")
        forms.fill_editor(page)
        page.locator("#editor .actions button.primary").click()
        page.wait_for_url(f"**/authoring/sets/{slug}/questions/**")
    questions = qset.questions.filter(retired_at__isnull=True)
    assert sorted(questions.values_list("type", flat=True)) == sorted(FORMS)
    assert all(sources == [] for sources in questions.values_list("sources", flat=True))

    # A picture on the single-choice question, uploaded from its editor.
    single = questions.get(type="single")
    page.goto(f"/authoring/sets/{slug}/questions/{single.key}/edit/")
    page.locator("fieldset.images details summary").click()
    page.set_input_files("#new-image", files=[{"name": "map.jpg", "mimeType": "image/jpeg", "buffer": photo()}])
    page.fill("#new-image-alt", "خريطة دول المنظمة")
    page.select_option("#new-image-for", "prompt")
    page.locator("fieldset.images button[name=upload]").click()
    picture = Image.objects.get(question_set=qset)
    expect(page.locator("#q-image")).to_have_value(str(picture.uuid))
    shoot(page, "flow-editor-picture")
    page.locator("#editor .actions button.primary").click()
    page.wait_for_url(f"**/questions/{single.key}/edit/")
    single.refresh_from_db()
    assert single.data["image"] == str(picture.uuid)

    # An article, with its text, so the copy can be checked for it.
    page.goto(f"/authoring/sets/{slug}/sources/")
    page.fill("#new-source-key", "doc1")
    page.fill("#new-source-title", "مقال عن المنظمة")
    page.locator("form[action$='/sources/new/'] button[type=submit]").click()
    page.wait_for_url(f"**/authoring/sets/{slug}/sources/")
    page.fill("#text-1", ARTICLE)
    page.locator("section.source-text form button[type=submit]").first.click()
    page.wait_for_url(f"**/authoring/sets/{slug}/sources/")
    assert qset.sources.get(key="doc1").text.strip() == ARTICLE

    # The first question dragged below the third.
    page.goto(f"/authoring/sets/{slug}/questions/")
    page.locator("#question-list.sortable").wait_for()
    before = saved_order(qset)
    drag(page, before[0], onto=before[2])
    wanted = [before[1], before[2], before[0], *before[3:]]
    expect(page.locator("#reorder-status")).not_to_be_empty()
    assert saved_order(qset) == wanted and shown_order(page) == wanted
    shoot(page, "flow-questions-dragged")

    # The zip, downloaded, then uploaded as a new set.
    with page.expect_download() as download:
        page.locator(f"a[href='/sets/{slug}/export.zip']").click()
    archive = tmp_path / "set.zip"
    download.value.save_as(archive)
    page.goto("/authoring/")
    page.set_input_files("#import-file", str(archive))
    page.fill("#import-slug", "copy-of-the-set")
    page.locator("main section form button[type=submit]").click()
    page.wait_for_url("**/authoring/import/")
    shoot(page, "flow-import-preview")
    page.locator("main form.actions button[type=submit]").click()
    page.wait_for_url("**/sets/copy-of-the-set/")

    copy = QuestionSet.objects.get(slug="copy-of-the-set")
    assert saved_order(copy) == wanted
    assert copy.sources.get(key="doc1").text.strip() == ARTICLE
    copied_picture = Image.objects.get(question_set=copy)
    assert copied_picture.alt_text == "خريطة دول المنظمة" and copied_picture.uuid != picture.uuid
    assert copy.questions.get(key=single.key).data["image"] == str(copied_picture.uuid)
    # The copy's picture is served and shown in its editor.
    page.goto(f"/authoring/sets/copy-of-the-set/questions/{single.key}/edit/")
    shown = page.locator("fieldset.images img.editor-image")
    expect(shown).to_have_attribute("alt", "خريطة دول المنظمة")
    shown.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('fieldset.images img.editor-image').naturalWidth > 0")

    # A student's report waits on the teacher's home until it is resolved.
    problems.report_problem(student, single.pk, "unclear", "الخريطة لا تظهر العاصمة")
    page.goto("/dashboard/")
    page.click("nav a[href='/teaching/']")
    page.wait_for_url("**/teaching/")
    report = page.locator("#problems li.report").filter(has_text="الخريطة لا تظهر العاصمة")
    expect(report).to_have_count(1)
    shoot(page, "flow-teaching-home")
    report.locator("button[type=submit]").click()
    page.wait_for_url("**/teaching/")
    expect(page.get_by_text("الخريطة لا تظهر العاصمة")).to_have_count(0)
