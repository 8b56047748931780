"""An uploaded YAML file the importer cannot read is refused with its file and line, never a server
error, and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from quizzes.models import Question, QuestionSet

pytestmark = pytest.mark.django_db


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def teacher(sample_set):
    client = Client(raise_request_exception=False)
    client.force_login(sample_set.owner)
    return client


@pytest.mark.parametrize(
    "old, new, needle",
    [
        ("title: مجموعة تجريبية\n", "title: مجموعة تجريبية\n<<: {description: نص}\n", "<<:"),
        ("  - id: founded\n", "  - id: founded\n    <<: {tags: [دمج]}\n", "<<:"),
        ("  - id: doc0\n    title", "  - title", "  - title"),
        ("  - id: doc0\n", "  - id: 5\n", "  - id: 5"),
    ],
    ids=["merge key in the set", "merge key in a question", "source without id", "source with a number id"],
)
def test_an_upload_the_importer_refuses_names_its_line_and_writes_nothing(
    teacher, sample_set, sample_yaml, old, new, needle
):
    assert old in sample_yaml
    text = sample_yaml.replace(old, new, 1).replace("في أي عام أنشئت المنظمة؟", "سؤال جديد")
    file = SimpleUploadedFile("sample.yaml", text.encode())
    response = teacher.post(reverse("set_import_preview"), {"file": file, "slug": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert f"sample.yaml:{line_of(text, needle)}:" in html
    # And applying the same content is refused the same way.
    applied = teacher.post(reverse("set_import_apply"), {"content": text, "name": "sample.yaml", "slug": "sample"})
    assert applied.status_code == 422
    assert Question.objects.get(key="founded").prompt == "في أي عام أنشئت المنظمة؟"
    assert QuestionSet.objects.count() == 1
