"""Every page the authoring and teaching work changed, as a teacher (and staff) sees it, in Arabic
and English, wide and at 360 px: each renders, speaks the page's language and direction, and
none scrolls sideways.

Set SCREENSHOT_DIR to keep a screenshot of each page at each size."""

import os
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from quizzes import classes, invitations
from quizzes.bank import images, problems
from quizzes.bank.importing import export_set
from tests.conftest import signed_in

from ..images import photo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = os.environ.get("SCREENSHOT_DIR")
WIDTHS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


def open_as(browser, live_server, user, language, width):
    return signed_in(browser, live_server, user, language, viewport=WIDTHS[width])


def look(page, name, language, width):
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px ({language}, {width})"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{language}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_changed_pages_read_in_both_languages_without_sideways_scrolling(
    browser, live_server, sample_set, student, make_user, tmp_path, language, width
):
    teacher = sample_set.owner
    klass = classes.create_class(teacher, "الصف التاسع")
    classes.join(student, klass.join_code)
    classes.assign(klass, sample_set)
    picture = images.accept(sample_set, photo(), "خريطة آسيا الوسطى", uploaded_by=teacher)
    capital = sample_set.questions.get(key="capital")
    problems.report_problem(student, capital.pk, "unclear", "الصياغة غامضة")
    document = yaml.safe_load(export_set(sample_set))
    document["questions"][0]["prompt"] += " (مراجَع)"
    upload = tmp_path / "sample.yaml"
    upload.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

    context, page = open_as(browser, live_server, teacher, language, width)
    try:
        pages = {
            "teaching-home": "/teaching/",
            "set-create": "/authoring/new/",
            "my-sets": "/authoring/",
            "import-format": "/authoring/import/format/",
            "questions": "/authoring/sets/sample/questions/",
            "sources": "/authoring/sets/sample/sources/",
            "set-settings": "/authoring/sets/sample/settings/",
            "class": f"/classes/{klass.pk}/",
            "remove-student": f"/classes/{klass.pk}/students/{student.pk}/remove/",
            "class-report": f"/classes/{klass.pk}/report/",
            "quiz-form": "/quizzes/new/",
            "settings": "/settings/",
            "problems": "/sets/sample/problems/",
        }
        for name, url in pages.items():
            assert page.goto(url).status == 200, url
            look(page, name, language, width)

        page.goto("/authoring/sets/sample/questions/capital/edit/")
        page.locator("fieldset.images details summary").click()
        page.select_option("#q-image", str(picture.uuid))
        look(page, "editor-picture", language, width)

        page.goto("/authoring/")
        page.set_input_files("#import-file", str(upload))
        page.locator("main section form button[type=submit]").click()
        page.wait_for_url("**/authoring/import/")
        look(page, "import-preview", language, width)
    finally:
        context.close()

    staff = make_user("principal", is_staff=True)
    _invitation, token = invitations.create(staff, "colleague@example.org", timezone.now())
    context, page = open_as(browser, live_server, staff, language, width)
    try:
        assert page.goto("/teaching/invitations/").status == 200
        look(page, "invitations", language, width)
    finally:
        context.close()
    context, page = open_as(browser, live_server, make_user("colleague"), language, width)
    try:
        assert page.goto(f"/invitations/{token}/").status == 200
        look(page, "invitation-accept", language, width)
    finally:
        context.close()
