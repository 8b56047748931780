"""A picture a prompt showed in Moodle or Anki is shown with the imported question: re-encoded as
an upload is, stored as the set's image, and named by the question; a broken one is named in the
notes and the question goes in without it."""

import base64

import pytest
from django.utils import translation

from quizzes.bank import banks
from quizzes.models import Image, QuestionSet

from .images import png

pytestmark = pytest.mark.django_db


def moodle_bank(picture: bytes) -> bytes:
    encoded = base64.b64encode(picture).decode()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>map</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>تظهر الخريطة كازاخستان. <img src="@@PLUGINFILE@@/map.png" alt=""></p>]]></text>
      <file name="map.png" path="/" encoding="base64">{encoded}</file>
    </questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
""".encode()


def test_a_moodle_prompts_picture_becomes_the_questions_image(instructor):
    upload = banks.read_upload(moodle_bank(png()), "bank.xml", title="خرائط")
    assert upload.bundle is not None and len(upload.bundle.images) == 1
    (ref,) = upload.bundle.images
    assert upload.parsed.questions[0]["image"] == ref
    assert list(upload.parsed.questions[0])[:4] == ["id", "type", "prompt", "image"]
    assert not Image.objects.exists()  # read only, until applied

    result = banks.apply_upload(upload, owner=instructor, editor=instructor)
    qset = QuestionSet.objects.get(slug=result.slug)
    image = Image.objects.get(question_set=qset)
    assert qset.questions.get().data["image"] == str(image.uuid)
    assert image.alt_text.startswith("تظهر الخريطة كازاخستان")


def test_a_picture_that_is_not_one_is_named_and_the_question_goes_in_without_it(instructor):
    with translation.override("en"):
        upload = banks.read_upload(moodle_bank(b"\x89PNG\r\n\x1a\nnot really"), "bank.xml")
    assert upload.bundle is None
    assert "image" not in upload.parsed.questions[0]
    assert any(note.startswith("map.png:") for note in upload.notes)


def test_a_decks_pictures_go_into_the_package_and_come_back_as_the_new_sets(sample_set, instructor):
    from quizzes.bank import images, writing

    picture = images.accept(sample_set, png(), "خريطة", uploaded_by=sample_set.owner)
    capital = sample_set.questions.get(key="capital")
    from quizzes.bank.importing import stored_question

    writing.save_question(sample_set, {**stored_question(capital), "image": str(picture.uuid)}, author=sample_set.owner)
    deck = banks.write_set(sample_set, "apkg")
    upload = banks.read_upload(deck.written.data, "sample.apkg", slug="from-anki")
    assert upload.bundle is not None and len(upload.bundle.images) == 1
    result = banks.apply_upload(upload, owner=instructor, editor=instructor)
    copy = QuestionSet.objects.get(slug=result.slug)
    (copied,) = Image.objects.filter(question_set=copy)
    assert copy.questions.get(key="capital").data["image"] == str(copied.uuid) != str(picture.uuid)
