"""The upload page reads every format: the preview names what it leaves out, Apply writes all or
nothing, and sets download in every format that writes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.bank.formats.registry import writers
from quizzes.models import Question, QuestionSet
from tests.test_anki import hand_made

pytestmark = pytest.mark.django_db

CSV = "السؤال,الإجابة\nما عاصمة قطر؟,الدوحة\nما عاصمة عمان؟,مسقط\n"


@pytest.fixture
def teacher(client, instructor):
    client.force_login(instructor)
    return client


def preview(client, name, data, **fields):
    return client.post(reverse("set_import_preview"), {"file": SimpleUploadedFile(name, data), **fields})


def apply(client, response):
    """Posts what the preview's Apply form holds: the file's content, or the token of a kept zip."""
    kept = "bundle" if response.context.get("bundle") else "content"
    form = {k: response.context[k] for k in (kept, "name", "slug", "title")}
    return client.post(reverse("set_import_apply"), form)


def test_a_spreadsheet_previews_as_a_new_set_then_applies(teacher, assert_max_queries):
    with assert_max_queries(8):
        response = preview(teacher, "capitals.csv", CSV.encode(), title="عواصم الخليج")
    assert response.status_code == 200
    assert response.context["plan"].new_set and len(response.context["plan"].added) == 2
    assert not QuestionSet.objects.exists()
    response = apply(teacher, response)
    assert response.status_code == 302
    qset = QuestionSet.objects.get()
    assert qset.title == "عواصم الخليج" and qset.questions.count() == 2


def test_an_anki_deck_preview_lists_the_skipped_notes_and_the_notes(teacher, assert_max_queries):
    with assert_max_queries(8):
        response = preview(teacher, "deck.apkg", hand_made())
    html = response.content.decode()
    assert "Vocabulary list" in html and "كلمة" in html
    assert response.context["notes"]
    assert apply(teacher, response).status_code == 302
    assert Question.objects.count() == 2


def test_a_yaml_file_still_previews_and_applies(teacher, sample_yaml):
    response = preview(teacher, "sample.yaml", sample_yaml.encode())
    assert response.context["slug"] == "sample" and not response.context["skipped"]
    assert apply(teacher, response).status_code == 302


def test_a_refused_file_writes_nothing_and_names_its_line(teacher):
    response = preview(teacher, "bad.csv", b"Q1,A1\n,A2\n")
    assert response.status_code == 422
    (problem,) = response.context["problems"]
    assert (problem.file, problem.line) == ("bad.csv", 2)
    assert not QuestionSet.objects.exists()


def test_an_xml_that_is_not_xml_is_refused_by_name(teacher):
    response = preview(teacher, "bank.apkg", b"<quiz></quiz>")
    assert response.status_code == 422
    assert ".apkg" in response.context["problems"][0].message


def test_a_file_from_another_tool_into_someone_elses_set_is_refused(teacher, make_user):
    other = make_user("other", instructor=True)
    QuestionSet.objects.create(slug="theirs", title="Theirs", owner=other)
    response = preview(teacher, "capitals.csv", CSV.encode(), slug="theirs")
    assert response.status_code == 422
    assert not Question.objects.exists()


def test_a_file_from_another_tool_goes_into_a_set_its_teacher_names(teacher, sample_set):
    sample_set.requires_sources = False
    sample_set.save()
    response = preview(teacher, "capitals.csv", CSV.encode(), slug="sample")
    plan = response.context["plan"]
    assert not plan.new_set and len(plan.added) == 2 and plan.retired
    assert "title" not in plan.set_fields


def test_the_sets_page_offers_a_download_per_writer_and_each_one_downloads(teacher, sample_set):
    html = teacher.get(reverse("my_sets")).content.decode()
    for fmt in writers():
        url = reverse("set_export_as", args=["sample", fmt.name])
        assert url in html
        response = teacher.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="sample{fmt.extension}"'


def test_a_student_who_sees_the_set_downloads_its_anki_deck(client, student, sample_set):
    sample_set.is_public = True
    sample_set.save()
    client.force_login(student)
    assert (
        reverse("set_anki_deck", args=["sample"]) in client.get(reverse("set_detail", args=["sample"])).content.decode()
    )
    response = client.get(reverse("set_anki_deck", args=["sample"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_a_moodle_bank_with_a_picture_previews_and_applies_with_its_picture(teacher):
    from quizzes.models import Image
    from tests.test_bank_pictures import moodle_bank

    from ..images import png

    response = preview(teacher, "maps.xml", moodle_bank(png()), title="خرائط")
    assert response.status_code == 200 and response.context["bundle"]
    assert not Image.objects.exists()
    done = apply(teacher, response)
    assert done.status_code == 302
    qset = QuestionSet.objects.get(title="خرائط")
    assert qset.questions.get().data["image"] == str(Image.objects.get(question_set=qset).uuid)
