"""The import preview shows only what changed, each field under its name in the author's
language, with its value before and after."""

import re

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes import richtext as rich
from quizzes.bank.importing import export_set

pytestmark = pytest.mark.django_db


def upload(client, content):
    file = SimpleUploadedFile("sample.yaml", content.encode())
    return client.post(reverse("set_import_preview"), {"file": file, "slug": ""})


@pytest.fixture
def teacher(client, sample_set):
    client.force_login(sample_set.owner)
    return client


def test_an_unchanged_export_reports_no_change(teacher, sample_set):
    response = upload(teacher, export_set(sample_set))
    plan = response.context["plan"]
    assert not plan.has_changes and not plan.changed
    assert len(plan.unchanged) == sample_set.questions.count()


@pytest.mark.parametrize(
    ("language", "label", "before", "after"), [("ar", "السؤال", "قبل", "بعد"), ("en", "Question", "Before", "After")]
)
def test_a_one_word_change_shows_one_field_with_its_translated_label(
    teacher, sample_set, language, label, before, after
):
    sample_set.owner.language = language
    sample_set.owner.save()
    changed = export_set(sample_set).replace("في أي عام أنشئت المنظمة؟", "في أي سنة أنشئت المنظمة؟")
    response = upload(teacher, changed)
    assert response.context["changed_rows"] == {
        "founded": [
            {
                "name": "prompt",
                "label": label,
                "before": "في أي عام أنشئت المنظمة؟",
                "after": "في أي سنة أنشئت المنظمة؟",
                "structured": False,
            }
        ]
    }
    html = response.content.decode()
    assert f'<th scope="row">{label}</th>' in html
    assert f">{before}</th>" in html and f">{after}</th>" in html
    assert '<th scope="row">prompt</th>' not in html


def test_a_changed_option_is_shown_down_to_its_text(teacher, sample_set):
    changed = export_set(sample_set).replace("text: طشقند\n", "text: سمرقند\n", 1)
    (row,) = upload(teacher, changed).context["changed_rows"]["capital"]
    assert (row["name"], row["before"], row["after"]) == ("options.2.text", "طشقند", "سمرقند")
    assert row["label"] == "الخيارات › 3 › النص" and not row["structured"]


def test_an_added_option_shows_both_lists_as_yaml(teacher, sample_set):
    changed = export_set(sample_set).replace("text: طشقند\n", "text: طشقند\n  - key: e\n    text: سمرقند\n", 1)
    (row,) = upload(teacher, changed).context["changed_rows"]["capital"]
    assert row["name"] == "options" and row["structured"]
    assert "text: سمرقند" in row["after"] and "{'key'" not in row["after"]


def test_the_preview_names_added_and_retired_questions_by_their_prompts_never_their_ids(client, sample_set):
    """Questions written in the editor have ids such as `single` or `q-3f2a…`: teachers never see them."""
    client.force_login(sample_set.owner)
    document = yaml.safe_load(export_set(sample_set))
    document.pop("cite", None)  # the new question cites nothing
    retired = document["questions"].pop(0)
    document["questions"].append(
        {"id": "q-added", "type": "short", "prompt": "ما عاصمة طاجيكستان؟", "answers": ["دوشنبه"]}
    )
    page = client.post(
        reverse("set_import_preview"),
        {"file": SimpleUploadedFile("sample.yaml", yaml.safe_dump(document, allow_unicode=True).encode())},
    ).content.decode()
    page = re.sub(r'<input type="hidden"[^>]*>', "", page, flags=re.S)  # what Apply posts back, not shown
    assert "ما عاصمة طاجيكستان؟" in page and "q-added" not in page
    assert rich.summary(retired["prompt"], 60) in page
