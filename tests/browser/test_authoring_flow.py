"""An instructor downloads a set as YAML and imports it back under a new slug, previewing first."""

import pytest

from quizzes.models import QuestionSet

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_instructor_exports_a_set_and_imports_it_back_under_a_new_slug(page, login, sample_set, tmp_path):
    login(sample_set.owner)
    page.goto("/authoring/")
    page.locator("details.downloads summary").first.click()  # the formats fold into one menu
    with page.expect_download() as download:
        page.locator(f"a[href='/sets/{sample_set.slug}/export/yaml/']").click()
    path = tmp_path / "sample.yaml"
    download.value.save_as(path)
    page.set_input_files("#import-file", str(path))
    page.fill("#import-slug", "sample-copy")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/authoring/import/")
    assert "مجموعة جديدة" in page.locator("main").inner_text()  # previewed as a new set
    assert not QuestionSet.objects.filter(slug="sample-copy").exists()  # nothing written yet
    page.locator("main form.actions button[type=submit]").click()
    page.wait_for_url("**/sets/sample-copy/")
    copy = QuestionSet.objects.get(slug="sample-copy")
    assert copy.questions.count() == sample_set.questions.count()
    page.screenshot(path=str(tmp_path / "done.png"))
