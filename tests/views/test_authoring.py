"""The instructor's area: their sets listed, a set's YAML downloaded, and an upload previewed
before it is applied, all or nothing, only into sets the uploader may edit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.bank.importing import export_set
from quizzes.models import Question, QuestionSet

pytestmark = pytest.mark.django_db


def upload(client, content, slug=""):
    file = SimpleUploadedFile("sample.yaml", content.encode() if isinstance(content, str) else content)
    return client.post(reverse("set_import_preview"), {"file": file, "slug": slug})


@pytest.fixture
def teacher(client, sample_set):
    client.force_login(sample_set.owner)
    return client


def test_the_instructor_lists_their_sets_in_bounded_queries(teacher, sample_set, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        html = teacher.get(reverse("my_sets")).content.decode()
    assert sample_set.title in html and reverse("set_export_as", args=["sample", "yaml"]) in html


def test_a_student_has_no_instructors_area_but_their_own_sets(client, student):
    client.force_login(student)
    assert client.get(reverse("my_sets")).url == reverse("dashboard") + "#own-sets"


def test_the_owner_downloads_the_same_bytes_as_export_questions(teacher, sample_set):
    response = teacher.get(reverse("set_export", args=["sample"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sample.yaml"'
    assert response.content == export_set(sample_set).encode()


@pytest.mark.parametrize("who", ["student", "other instructor"])
def test_nobody_else_downloads_the_answers(client, make_user, sample_set, who):
    client.force_login(make_user("x", instructor=who == "other instructor"))
    assert client.get(reverse("set_export", args=["sample"])).status_code == 404


def test_an_upload_is_previewed_and_writes_nothing(teacher, sample_set, sample_yaml):
    changed = sample_yaml.replace("في أي عام أنشئت المنظمة؟", "في أي سنة أنشئت المنظمة؟")
    before = list(Question.objects.values_list("prompt", flat=True))
    response = upload(teacher, changed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "في أي سنة أنشئت المنظمة؟" in html and "<del" in html and "founded" in html
    assert list(Question.objects.values_list("prompt", flat=True)) == before


def test_applying_the_preview_writes_it(teacher, sample_set, sample_yaml):
    changed = sample_yaml.replace("في أي عام أنشئت المنظمة؟", "في أي سنة أنشئت المنظمة؟")
    preview = upload(teacher, changed)
    content = preview.context["content"]
    response = teacher.post(reverse("set_import_apply"), {"content": content, "name": "sample.yaml", "slug": "sample"})
    assert response.status_code == 302
    assert Question.objects.get(key="founded").prompt == "في أي سنة أنشئت المنظمة؟"


def test_a_set_can_be_imported_back_under_a_new_slug(teacher, sample_set):
    content = export_set(sample_set)
    preview = upload(teacher, content, slug="sample-copy")
    assert preview.status_code == 200 and preview.context["plan"].new_set
    teacher.post(reverse("set_import_apply"), {"content": content, "name": "sample.yaml", "slug": "sample-copy"})
    copy = QuestionSet.objects.get(slug="sample-copy")
    assert copy.owner == sample_set.owner
    assert copy.questions.count() == sample_set.questions.count()


def test_a_bad_file_lists_file_line_and_question_and_writes_nothing(teacher, sample_set, sample_yaml):
    broken = sample_yaml.replace("answer: 2002", "answer: .nan")
    response = upload(teacher, broken)
    html = response.content.decode()
    assert response.status_code == 422
    assert "sample.yaml:" in html and "founded" in html
    assert Question.objects.get(key="founded").data["answer"] == 2002


def test_an_upload_into_another_instructors_set_is_refused(client, make_user, sample_set, sample_yaml):
    client.force_login(make_user("rival", instructor=True))
    response = upload(client, sample_yaml)
    assert response.status_code == 422
    applied = client.post(reverse("set_import_apply"), {"content": sample_yaml, "name": "x.yaml", "slug": "sample"})
    assert applied.status_code == 422
    assert QuestionSet.objects.get(slug="sample").owner == sample_set.owner


def test_a_forged_apply_is_validated_again(teacher, sample_set):
    response = teacher.post(reverse("set_import_apply"), {"content": "slug: [", "name": "x.yaml", "slug": ""})
    assert response.status_code == 422
    assert QuestionSet.objects.count() == 1


def test_the_articles_page_lists_the_sets_sources_in_bounded_queries(
    teacher, sample_set, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = teacher.get(reverse("set_sources", args=["sample"]))
    assert response.status_code == 200 and "وثيقة تجريبية" in response.content.decode()


@pytest.mark.parametrize("who", ["student", "other instructor"])
def test_nobody_else_reaches_the_articles_page(client, make_user, sample_set, who):
    client.force_login(make_user("y", instructor=who == "other instructor"))
    assert client.get(reverse("set_sources", args=["sample"])).status_code == 404
    response = client.post(reverse("set_sources", args=["sample"]), {"source": "doc0", "text": "x"})
    assert response.status_code == 404
    assert sample_set.sources.get().text == ""


def test_a_pasted_article_is_attached_and_quotes_missing_from_it_are_named(teacher, sample_set):
    response = teacher.post(
        reverse("set_sources", args=["sample"]), {"source": "doc0", "text": "تم إنشاء المنظمة في عام 2002"}, follow=True
    )
    assert sample_set.sources.get().text == "تم إنشاء المنظمة في عام 2002"
    html = response.content.decode()
    assert "capital" in html and "members" in html  # their quotes are not in this text
    assert sample_set.questions.get(key="founded").key not in [m.message for m in response.context["messages"]]


def test_an_uploaded_article_that_is_not_utf8_is_refused(teacher, sample_set):
    file = SimpleUploadedFile("doc.txt", "نص".encode("cp1256"))
    response = teacher.post(reverse("set_sources", args=["sample"]), {"source": "doc0", "file": file}, follow=True)
    assert "UTF-8" in response.content.decode()
    assert sample_set.sources.get().text == ""


def test_an_unknown_source_is_not_found(teacher, sample_set):
    assert teacher.post(reverse("set_sources", args=["sample"]), {"source": "nope", "text": "x"}).status_code == 404
