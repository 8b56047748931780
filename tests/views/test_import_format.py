"""The YAML format explained in the app, in the author's language, with a template to download
that imports as it is."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.models import QuestionSet
from quizzes.questions import TYPES

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(client, instructor):
    client.force_login(instructor)
    return client


def test_the_import_page_links_to_the_format(teacher):
    html = teacher.get(reverse("my_sets")).content.decode()
    assert reverse("import_format") in html and "fixtures/README.md" not in html


@pytest.mark.parametrize(("language", "heading"), [("ar", "صيغة ملف مجموعة الأسئلة"), ("en", "The format")])
def test_the_format_page_shows_every_type_with_an_example_in_the_authors_language(
    teacher, instructor, language, heading
):
    instructor.language = language
    instructor.save()
    html = teacher.get(reverse("import_format")).content.decode()
    assert heading in html and reverse("import_template") in html
    for name in TYPES:
        assert f'id="type-{name}"' in html
    assert ("feedback:" in html) and ("النيل" in html) == (language == "ar")


def test_the_template_downloads_as_yaml_and_imports_as_it_is(teacher, instructor):
    response = teacher.get(reverse("import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-first-set.yaml"'
    document = yaml.safe_load(response.content)
    assert {q["type"] for q in document["questions"]} == set(TYPES)
    upload = SimpleUploadedFile("my-first-set.yaml", response.content)
    preview = teacher.post(reverse("set_import_preview"), {"file": upload, "slug": ""})
    assert preview.status_code == 200 and preview.context["plan"].new_set
    applied = teacher.post(
        reverse("set_import_apply"), {"content": preview.context["content"], "name": "t.yaml", "slug": ""}
    )
    assert applied.status_code == 302
    qset = QuestionSet.objects.get(slug="my-first-set")
    assert qset.owner == instructor and qset.questions.count() == len(TYPES)
    feedback = qset.questions.get(key="longest-river").data["options"][1]["feedback"]
    assert feedback == "الكونغو أعمق الأنهار لا أطولها."


def test_a_student_has_neither(client, student):
    client.force_login(student)
    assert client.get(reverse("import_format")).status_code == 403
    assert client.get(reverse("import_template")).status_code == 403
