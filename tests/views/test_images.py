"""Pictures of questions: uploaded from the editor, saved with a question, served only to whoever
may see the set, and shown where the question is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes import classes
from quizzes.bank import images
from quizzes.bank.importing import ImportFailed, export_set, import_set, parse_bytes
from quizzes.models import Image, QuestionSet

from ..images import SVG, photo, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_set(sample_set):
    sample_set.is_public = False
    sample_set.save()
    # The owner reads the app in English, so refusals can be checked by their words.
    sample_set.owner.language = "en"
    sample_set.owner.save(update_fields=["language"])
    return sample_set


@pytest.fixture
def picture(private_set):
    return images.accept(private_set, png(), "خريطة آسيا الوسطى", uploaded_by=private_set.owner)


def single_form(**extra):
    form = {
        "type": "single",
        "question": "capital",
        "prompt": "أي مدينة هي العاصمة الاقتصادية لكازاخستان؟",
        "option-0-key": "a",
        "option-0-text": "ألماتي",
        "option-1-key": "b",
        "option-1-text": "نور سلطان",
        "answer": "0",
        "source-0-doc": "doc0",
        "source-0-quote": "ألماتي",
    }
    return {**form, **extra}


def upload(client, qset, data=None, alt="خريطة", target="prompt", **extra):
    file = SimpleUploadedFile("map.png", png() if data is None else data, content_type="image/png")
    form = single_form(new_image=file, new_image_alt=alt, new_image_for=target, **extra)
    return client.post(reverse("image_upload", args=[qset.slug]), form)


# Uploading from the editor ----------------------------------------------------------------------


def test_an_instructor_uploads_an_image_and_the_form_comes_back_with_it_chosen(client, private_set):
    client.force_login(private_set.owner)
    response = upload(client, private_set)
    assert response.status_code == 200
    image = Image.objects.get()
    assert image.question_set == private_set and image.alt_text == "خريطة"
    page = response.content.decode()
    assert f'<option value="{image.uuid}" selected>' in page
    # What was typed is still there.
    assert "نور سلطان" in page


def test_an_upload_for_an_option_chooses_it_for_that_option(client, private_set):
    client.force_login(private_set.owner)
    response = upload(client, private_set, target="option-1")
    image = Image.objects.get()
    page = response.content.decode()
    select = page.split('name="option-1-image"')[1].split("</select>")[0]
    assert f'<option value="{image.uuid}" selected>' in select


def test_the_same_upload_sent_twice_is_one_image(client, private_set):
    client.force_login(private_set.owner)
    upload(client, private_set)
    upload(client, private_set)
    assert Image.objects.count() == 1


@pytest.mark.parametrize(
    "data, alt, message",
    [
        (None, "", "alt text"),
        (SVG, "رسم", "SVG"),
        (b"not a picture", "رسم", "PNG, JPEG, GIF or WebP"),
        (png() + b"\0" * images.MAX_BYTES, "رسم", "at most 5 MB"),
    ],
    ids=["no-alt", "svg", "not-an-image", "too-large"],
)
def test_a_refused_upload_says_why_and_stores_nothing(client, private_set, data, alt, message):
    client.force_login(private_set.owner)
    response = upload(client, private_set, data=data, alt=alt)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Image.objects.exists()


def test_an_upload_without_a_file_is_refused(client, private_set):
    client.force_login(private_set.owner)
    response = client.post(reverse("image_upload", args=[private_set.slug]), single_form(new_image_alt="x"))
    assert response.status_code == 422
    assert not Image.objects.exists()


def test_someone_who_may_not_edit_the_set_cannot_upload_to_it(client, private_set, make_user):
    client.force_login(make_user("other", instructor=True))
    response = upload(client, private_set)
    assert response.status_code == 404
    assert not Image.objects.exists()


# Saving a question with pictures ----------------------------------------------------------------


def test_a_question_saved_with_pictures_keeps_them_in_its_data_and_version(client, private_set, picture):
    client.force_login(private_set.owner)
    form = single_form(image=str(picture.uuid), **{"option-1-image": str(picture.uuid)})
    response = client.post(reverse("question_edit", args=[private_set.slug, "capital"]), form)
    assert response.status_code == 302
    question = private_set.questions.get(key="capital")
    assert question.data["image"] == str(picture.uuid)
    assert question.data["options"][1]["image"] == str(picture.uuid)
    assert "image" not in question.data["options"][0]
    assert question.current_version.data == question.data
    exported = export_set(private_set)
    assert f"image: {picture.uuid}" in exported


def test_a_picture_of_another_set_is_refused_by_its_field(client, private_set, instructor):
    other = QuestionSet.objects.create(slug="other", title="أخرى", owner=instructor)
    foreign = images.accept(other, png(), "صورة")
    client.force_login(private_set.owner)
    response = client.post(
        reverse("question_edit", args=[private_set.slug, "capital"]), single_form(image=str(foreign.uuid))
    )
    assert response.status_code == 422
    assert "is not one of this set" in response.content.decode()
    assert "image" not in private_set.questions.get(key="capital").data


def test_a_picture_that_is_not_an_id_is_refused(client, private_set):
    client.force_login(private_set.owner)
    response = client.post(
        reverse("question_edit", args=[private_set.slug, "capital"]), single_form(image="../../etc/passwd")
    )
    assert response.status_code == 422
    assert "image" not in private_set.questions.get(key="capital").data


def test_an_image_an_old_version_shows_is_kept_when_the_question_drops_it(client, private_set, picture):
    client.force_login(private_set.owner)
    url = reverse("question_edit", args=[private_set.slug, "capital"])
    client.post(url, single_form(image=str(picture.uuid)))
    client.post(url, single_form())
    question = private_set.questions.get(key="capital")
    assert "image" not in question.data
    assert question.versions.filter(data__image=str(picture.uuid)).exists()
    assert client.get(reverse("image", args=[picture.uuid])).status_code == 200


def test_a_yaml_import_naming_a_picture_the_set_lacks_is_refused_at_its_line(private_set, picture):
    text = export_set(private_set).replace(
        "  prompt: أي مدينة هي العاصمة الاقتصادية لكازاخستان؟\n",
        "  prompt: أي مدينة هي العاصمة الاقتصادية لكازاخستان؟\n  image: 5b0e0c52-3f0b-4d4e-9a55-0c2b9d0a1f11\n",
    )
    parsed = parse_bytes(text.encode(), "sample.yaml")
    with pytest.raises(ImportFailed, match="is not one of this set's images") as refused:
        import_set(parsed, editor=private_set.owner)
    assert refused.value.problems[0].line > 1
    assert "image" not in private_set.questions.get(key="capital").data


# Seeing a picture ---------------------------------------------------------------------------------


def test_the_owner_gets_the_picture_with_its_type_and_private_headers(client, private_set, picture):
    client.force_login(private_set.owner)
    response = client.get(reverse("image", args=[picture.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response) == images.read(picture)


def test_a_student_of_a_class_the_set_is_assigned_to_sees_it(client, private_set, picture, student):
    klass = classes.create_class(private_set.owner, "صف")
    klass.students.add(student)
    classes.assign(klass, private_set)
    client.force_login(student)
    assert client.get(reverse("image", args=[picture.uuid])).status_code == 200


def test_an_outsider_gets_404(client, picture, make_user):
    client.force_login(make_user("outsider"))
    assert client.get(reverse("image", args=[picture.uuid])).status_code == 404


def test_an_unknown_or_malformed_id_is_404(client, private_set, picture):
    client.force_login(private_set.owner)
    assert client.get(reverse("image", args=["5b0e0c52-3f0b-4d4e-9a55-0c2b9d0a1f11"])).status_code == 404
    assert client.get("/images/not-a-uuid").status_code == 404
    assert client.get(f"/images/{picture.uuid}x").status_code == 404


def test_a_nul_byte_is_refused(client, private_set, picture):
    client.force_login(private_set.owner)
    assert client.get(f"/images/{str(picture.uuid)[:-1]}%00").status_code in (400, 404)
    assert client.get(reverse("image", args=[picture.uuid]), {"x": "\x00"}).status_code == 400


def test_a_picture_whose_file_is_gone_is_404(client, private_set, picture):
    images.storage().delete(picture.name)
    client.force_login(private_set.owner)
    assert client.get(reverse("image", args=[picture.uuid])).status_code == 404


def test_a_post_is_refused(client, private_set, picture):
    client.force_login(private_set.owner)
    assert client.post(reverse("image", args=[picture.uuid])).status_code == 405


# Showing a picture ------------------------------------------------------------------------------


def test_a_student_studying_sees_the_pictures_with_alt_text_size_and_lazy_loading(client, private_set, student):
    image = images.accept(private_set, photo(), "خريطة المدن", uploaded_by=private_set.owner)
    question = private_set.questions.get(key="capital")
    data = {**question.data, "image": str(image.uuid)}
    data["options"] = [{**o, "image": str(image.uuid)} if o["key"] == "b" else o for o in data["options"]]
    from quizzes.bank import writing
    from quizzes.bank.importing import stored_question

    writing.save_question(private_set, {**stored_question(question), **data}, author=private_set.owner)
    private_set.questions.exclude(key="capital").update(retired_at="2020-01-01T00:00:00Z")
    klass = classes.create_class(private_set.owner, "صف")
    klass.students.add(student)
    classes.assign(klass, private_set)
    client.force_login(student)
    page = client.get(reverse("study", args=[private_set.slug])).content.decode()
    tag = (
        f'src="{reverse("image", args=[image.uuid])}" alt="خريطة المدن" width="64" height="48" '
        'loading="lazy" decoding="async"'
    )
    assert page.count(tag) == 2, page


def _with_pictures(qset):
    """The set's single choice question with a picture on its prompt and on its option b."""
    from quizzes.bank import writing
    from quizzes.bank.importing import stored_question

    image = images.accept(qset, photo(), "خريطة المدن", uploaded_by=qset.owner)
    raw = stored_question(qset.questions.get(key="capital"))
    raw["image"] = str(image.uuid)
    raw["options"][1]["image"] = str(image.uuid)
    writing.save_question(qset, raw, author=qset.owner)
    return image


def test_the_editor_preview_shows_the_pictures(client, private_set, picture):
    client.force_login(private_set.owner)
    form = single_form(image=str(picture.uuid), **{"option-1-image": str(picture.uuid)})
    response = client.post(reverse("question_preview", args=[private_set.slug]), form, headers={"HX-Request": "true"})
    assert response.content.decode().count(f'src="{reverse("image", args=[picture.uuid])}"') == 2


def test_the_timed_quiz_and_its_result_show_the_pictures(client, private_set, student, make_quiz):
    image = _with_pictures(private_set)
    private_set.questions.exclude(key="capital").update(retired_at="2020-01-01T00:00:00Z")
    quiz = make_quiz(student, feedback="immediate", time_limit=30)
    client.force_login(student)
    client.post(reverse("quiz_start", args=[quiz.pk]))
    attempt = quiz.attempts.get()
    src = f'src="{reverse("image", args=[image.uuid])}"'
    assert client.get(reverse("attempt", args=[attempt.pk])).content.decode().count(src) == 2
    client.post(reverse("attempt_submit", args=[attempt.pk]), {"confirmed": "1"})
    result = client.get(reverse("attempt_result", args=[attempt.pk])).content.decode()
    assert src in result
