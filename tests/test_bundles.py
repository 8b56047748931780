"""A set as one zip: written with its articles and pictures, read back trusting nothing in it,
imported all or nothing through the same preview and apply as a YAML file."""

import io
import stat
import zipfile

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from quizzes.bank import bundles, images, writing
from quizzes.bank.importing import ImportFailed, stored_question
from quizzes.models import Image, QuestionSet

from .images import SVG, photo, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are read in English, whatever catalogue is compiled."""
    with translation.override("en"):
        yield


@pytest.fixture
def rich_set(sample_set):
    """The sample set with its article's text attached (every quote in it) and pictures on a
    prompt and an option."""
    quotes = [s["quote"] for q in sample_set.questions.all() for s in q.sources]
    sample_set.sources.filter(key="doc0").update(text="مقالة تجريبية.\n" + "\n".join(quotes) + "\n")
    picture = images.accept(sample_set, photo(), "خريطة", uploaded_by=sample_set.owner)
    diagram = images.accept(sample_set, png(), "رسم", uploaded_by=sample_set.owner)
    question = sample_set.questions.get(key="capital")
    raw = stored_question(question)
    raw["image"] = str(picture.uuid)
    raw["options"][1]["image"] = str(diagram.uuid)
    writing.save_question(sample_set, raw, author=sample_set.owner)
    return sample_set


def zip_of(entries, *, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_the_zip_holds_the_yaml_the_articles_and_the_pictures(rich_set):
    archive = zipfile.ZipFile(io.BytesIO(bundles.write_bundle(rich_set)))
    names = set(archive.namelist())
    document = yaml.safe_load(archive.read("set.yaml"))
    source = document["sources"][0]
    assert f"articles/{source['file']}" in names
    assert archive.read(f"articles/{source['file']}").decode() == rich_set.sources.get(key="doc0").text
    refs = {str(i.uuid): i for i in Image.objects.filter(question_set=rich_set)}
    for ref, image in refs.items():
        assert archive.read(f"images/{ref}.{images.extension_of(image)}") == images.read(image)
    manifest = yaml.safe_load(archive.read("images.yaml"))
    assert {row["id"]: row["alt"] for row in manifest} == {ref: i.alt_text for ref, i in refs.items()}


def test_a_round_trip_under_a_new_slug_keeps_questions_articles_and_pictures(client, rich_set):
    data = bundles.write_bundle(rich_set)
    client.force_login(rich_set.owner)
    preview = client.post(
        reverse("set_import_preview"),
        {"file": SimpleUploadedFile("sample.zip", data, content_type="application/zip"), "slug": "copy"},
    )
    assert preview.status_code == 200
    token = preview.context["bundle"]
    response = client.post(reverse("set_import_apply"), {"bundle": token, "name": "sample.zip", "slug": "copy"})
    assert response.status_code == 302, response.content.decode()[:2000]
    copy = QuestionSet.objects.get(slug="copy")
    assert copy.sources.get(key="doc0").text == rich_set.sources.get(key="doc0").text != ""
    before = {q.key: stored_question(q) for q in rich_set.questions.filter(retired_at__isnull=True)}
    after = {q.key: stored_question(q) for q in copy.questions.all()}
    assert set(before) == set(after)
    for key in before:
        if key != "capital":
            assert after[key] == before[key]
    capital = after["capital"]
    copied = Image.objects.filter(question_set=copy)
    assert {str(i.uuid) for i in copied} == {capital["image"], capital["options"][1]["image"]}
    # The copy's pictures are its own (the original set lives in the same database).
    assert not {str(i.uuid) for i in copied} & {str(i.uuid) for i in Image.objects.filter(question_set=rich_set)}
    original = Image.objects.get(question_set=rich_set, alt_text="خريطة")
    shown = Image.objects.get(uuid=capital["image"])
    assert shown.alt_text == "خريطة" and images.read(shown) == images.encode(images.read(original)).data
    assert client.get(reverse("image", args=[shown.uuid])).status_code == 200
    # The pending zip is gone once applied: applying it again is refused.
    again = client.post(reverse("set_import_apply"), {"bundle": token, "name": "sample.zip", "slug": "copy"})
    assert again.status_code == 422


def test_a_zip_reimported_into_its_own_set_changes_nothing(rich_set):
    bundle = bundles.prepare(bundles.read_bundle(bundles.write_bundle(rich_set), "sample.zip"), rich_set)
    count = Image.objects.count()
    result = bundles.import_bundle(bundle, editor=rich_set.owner)
    assert not result.updated and not result.created
    assert Image.objects.count() == count


def test_another_persons_pending_zip_cannot_be_applied(client, rich_set, make_user):
    token = bundles.keep_pending(rich_set.owner.pk, bundles.write_bundle(rich_set))
    client.force_login(make_user("other", instructor=True))
    response = client.post(reverse("set_import_apply"), {"bundle": token, "name": "x.zip", "slug": "stolen"})
    assert response.status_code == 422
    assert not QuestionSet.objects.filter(slug="stolen").exists()
    for bad in ("../../etc/passwd", "a" * 63 + "\x00"):
        assert bundles.pending(rich_set.owner.pk, bad) is None


def good_entries(rich_set):
    archive = zipfile.ZipFile(io.BytesIO(bundles.write_bundle(rich_set)))
    return {name: archive.read(name) for name in archive.namelist()}


def refused(data, match):
    with pytest.raises(ImportFailed) as caught:
        bundles.read_bundle(data, "spoiled.zip")
    problem = caught.value.problems[0]
    assert problem.file.startswith("spoiled.zip")
    assert match in problem.message or match in problem.file, (problem.file, problem.message)
    return problem


@pytest.mark.parametrize("entry", ["../evil.txt", "/etc/passwd", "articles/../../evil.txt", "C:/evil.txt", "a\\b"])
def test_a_path_that_leaves_the_folder_is_refused(rich_set, entry):
    problem = refused(zip_of({**good_entries(rich_set), entry: b"x"}), "leave the archive")
    assert entry in problem.file


def test_an_unexpected_entry_is_refused(rich_set):
    refused(zip_of({**good_entries(rich_set), "scripts/run.sh": b"x"}), "Unexpected entry")


def test_a_link_is_refused(rich_set):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in good_entries(rich_set).items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("articles/link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    refused(out.getvalue(), "Links")


def test_too_many_entries_are_refused(rich_set, monkeypatch):
    monkeypatch.setattr(bundles, "MAX_FILES", 5)
    entries = {**good_entries(rich_set), **{f"articles/a{i}.txt": b"x" for i in range(5)}}
    refused(zip_of(entries), "at most 5")


def test_a_zip_bomb_is_refused_by_its_ratio(rich_set):
    refused(zip_of({**good_entries(rich_set), "articles/zeros.txt": b"0" * (10 * 1024 * 1024)}), "zip bomb")


def test_an_archive_that_unpacks_too_large_is_refused(rich_set, monkeypatch):
    monkeypatch.setattr(bundles, "MAX_TOTAL_BYTES", 1000)
    refused(zip_of(good_entries(rich_set)), "unpacks to more than")


def test_a_zip_without_set_yaml_is_refused(rich_set):
    entries = good_entries(rich_set)
    del entries["set.yaml"]
    refused(zip_of(entries), "no set.yaml")


@pytest.mark.parametrize("data", [b"not an image", SVG], ids=["garbage", "svg"])
def test_an_image_that_is_not_an_image_is_refused_by_its_entry(rich_set, data):
    entries = good_entries(rich_set)
    entry = next(name for name in entries if name.startswith("images/"))
    problem = refused(zip_of({**entries, entry: data}), entry)
    assert "PNG" in problem.message or "SVG" in problem.message


def test_an_image_without_alt_text_is_refused(rich_set):
    entries = {**good_entries(rich_set), "images.yaml": b"[]"}
    refused(zip_of(entries), "alt text")


def test_a_file_that_is_not_a_zip_is_refused():
    refused(b"PK\x03\x04 but broken", "not a zip")


def test_a_broken_set_yaml_is_refused_with_its_line(rich_set):
    problem = refused(zip_of({**good_entries(rich_set), "set.yaml": b"slug: [unclosed"}), "set.yaml")
    assert "set.yaml" in problem.file


def test_a_refused_zip_writes_nothing_through_the_views(client, rich_set):
    entries = good_entries(rich_set)
    data = zip_of({**entries, "../evil": b"x"})
    client.force_login(rich_set.owner)
    before = (QuestionSet.objects.count(), Image.objects.count())
    response = client.post(
        reverse("set_import_preview"), {"file": SimpleUploadedFile("x.zip", data), "slug": "spoiled"}
    )
    assert response.status_code == 422
    assert "../evil" in response.content.decode()
    assert (QuestionSet.objects.count(), Image.objects.count()) == before


def test_an_import_whose_quote_is_not_in_the_zips_article_writes_nothing(rich_set):
    entries = good_entries(rich_set)
    document = yaml.safe_load(entries["set.yaml"])
    entries[f"articles/{document['sources'][0]['file']}"] = "نص آخر تماما".encode()
    bundle = bundles.prepare(bundles.read_bundle(zip_of(entries), "x.zip"), None)
    bundle.parsed.slug = "fresh"
    with pytest.raises(ImportFailed):
        bundles.import_bundle(bundle, editor=rich_set.owner)
    assert not QuestionSet.objects.filter(slug="fresh").exists()
    assert Image.objects.filter(question_set__slug="fresh").count() == 0


def test_the_download_is_a_zip_named_after_the_set(client, rich_set):
    client.force_login(rich_set.owner)
    response = client.get(reverse("set_export_zip", args=[rich_set.slug]))
    assert response["Content-Type"] == "application/zip"
    assert 'filename="sample.zip"' in response["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("set.yaml").startswith(b"slug: sample")


def test_the_questions_page_offers_the_zip(client, rich_set):
    client.force_login(rich_set.owner)
    page = client.get(reverse("set_questions", args=[rich_set.slug])).content.decode()
    assert reverse("set_export_zip", args=[rich_set.slug]) in page
