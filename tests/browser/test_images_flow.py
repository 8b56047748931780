"""An instructor adds a picture to a question in the editor; a student of the class sees it,
with its alt text, while studying."""

import pytest
from playwright.sync_api import expect

from quizzes import classes
from quizzes.models import Image

from ..images import photo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_instructor_adds_a_picture_and_a_student_sees_it_while_studying(page, login, sample_set, student):
    sample_set.is_public = False
    sample_set.save()
    sample_set.questions.exclude(key="capital").update(retired_at="2020-01-01T00:00:00Z")
    klass = classes.create_class(sample_set.owner, "صف")
    klass.students.add(student)
    classes.assign(klass, sample_set)

    login(sample_set.owner)
    page.goto("/authoring/sets/sample/questions/capital/edit/")
    page.locator("fieldset.images details summary").click()
    page.set_input_files("#new-image", files=[{"name": "map.jpg", "mimeType": "image/jpeg", "buffer": photo()}])
    page.fill("#new-image-alt", "خريطة المدن")
    page.select_option("#new-image-for", "prompt")
    page.locator("fieldset.images button[name=upload]").click()
    image = Image.objects.get()
    expect(page.locator("#q-image")).to_have_value(str(image.uuid))
    expect(page.locator("fieldset.images img.editor-image")).to_have_attribute("alt", "خريطة المدن")
    page.locator("#editor .actions button.primary").click()
    page.wait_for_url("**/questions/capital/edit/")
    assert sample_set.questions.get(key="capital").data["image"] == str(image.uuid)

    page.context.clear_cookies()
    login(student)
    page.goto("/sets/sample/study/")
    shown = page.locator("#card img.question-image")
    expect(shown).to_have_attribute("alt", "خريطة المدن")
    expect(shown).to_have_attribute("loading", "lazy")
    shown.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#card img.question-image').naturalWidth === 64")
