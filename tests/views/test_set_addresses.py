"""A set's addresses: a slug made from its title, a renamed slug that keeps redirecting, and a
stable /s/<uuid>/ link for whoever may see the set."""

import uuid

import pytest
from django.urls import reverse

from quizzes.bank import editing
from quizzes.bank.importing import export_set, import_set, parse_bytes
from quizzes.models import QuestionSet, SetSlugAlias

pytestmark = pytest.mark.django_db


def rename(client, qset, slug):
    form = {"title": qset.title, "language": qset.language, "slug": slug, "is_public": "on" if qset.is_public else ""}
    if qset.requires_sources:
        form["requires_sources"] = "on"
    return client.post(reverse("set_settings", args=[qset.slug]), form)


def test_a_renamed_set_keeps_its_old_slug_as_an_address_that_redirects(client, sample_set):
    client.force_login(sample_set.owner)
    response = rename(client, sample_set, "renamed")
    assert response.status_code == 302 and response.url == reverse("set_settings", args=["renamed"])
    sample_set.refresh_from_db()
    assert sample_set.slug == "renamed"
    assert list(SetSlugAlias.objects.values_list("slug", flat=True)) == ["sample"]
    old = client.get("/authoring/sets/sample/questions/?type=single")
    assert old.status_code == 301
    assert old.url == "/authoring/sets/renamed/questions/?type=single"
    assert client.get("/sets/sample/").url == "/sets/renamed/"


def test_a_form_posted_to_the_old_slug_is_refused_not_replayed(client, sample_set):
    client.force_login(sample_set.owner)
    rename(client, sample_set, "renamed")
    response = client.post("/authoring/sets/sample/sources/new/", {"key": "doc9", "title": "مقال"})
    assert response.status_code == 404
    assert not sample_set.sources.filter(key="doc9").exists()


def test_the_old_slug_redirects_nobody_who_may_not_see_the_set(client, sample_set, make_user):
    QuestionSet.objects.filter(pk=sample_set.pk).update(is_public=False)
    client.force_login(sample_set.owner)
    rename(client, QuestionSet.objects.get(pk=sample_set.pk), "renamed")
    client.force_login(make_user("outsider", instructor=True))
    assert client.get("/sets/sample/").status_code == 404
    assert client.get("/authoring/sets/sample/questions/").status_code == 404


def test_a_slug_another_set_has_or_had_is_refused(client, sample_set, instructor):
    other = editing.create_set(instructor, title="أخرى", slug="other")
    client.force_login(sample_set.owner)
    assert rename(client, sample_set, "other").status_code == 200
    rename(client, sample_set, "renamed")
    response = rename(client, other, "sample")
    assert response.status_code == 200 and "slug" in response.context["form"].errors
    other.refresh_from_db()
    assert other.slug == "other"
    # Nor may a new set take a slug that still redirects.
    with pytest.raises(editing.SetRefused):
        editing.create_set(instructor, title="جديدة", slug="sample")


def test_a_set_may_take_back_a_slug_it_had(client, sample_set):
    client.force_login(sample_set.owner)
    rename(client, sample_set, "renamed")
    rename(client, QuestionSet.objects.get(pk=sample_set.pk), "sample")
    assert QuestionSet.objects.get(pk=sample_set.pk).slug == "sample"
    assert list(SetSlugAlias.objects.values_list("slug", flat=True)) == ["renamed"]
    assert client.get("/sets/sample/").status_code == 200


def test_a_file_naming_the_old_slug_still_updates_the_renamed_set(client, sample_set):
    text = export_set(sample_set).replace("title: مجموعة تجريبية", "title: عنوان من الملف")
    client.force_login(sample_set.owner)
    rename(client, sample_set, "renamed")
    import_set(parse_bytes(text.encode(), "sample.yaml"), editor=sample_set.owner)
    assert QuestionSet.objects.count() == 1
    assert QuestionSet.objects.get().title == "عنوان من الملف"


def test_the_stable_link_leads_to_the_sets_page_through_renames(client, sample_set):
    client.force_login(sample_set.owner)
    link = reverse("set_link", args=[sample_set.uuid])
    assert link == f"/s/{sample_set.uuid}/"
    rename(client, sample_set, "renamed")
    response = client.get(link)
    assert response.status_code == 302 and response.url == "/sets/renamed/"


def test_the_stable_link_is_404_for_who_may_not_see_the_set_or_no_set(client, sample_set, make_user):
    QuestionSet.objects.filter(pk=sample_set.pk).update(is_public=False)
    client.force_login(make_user("outsider"))
    assert client.get(reverse("set_link", args=[sample_set.uuid])).status_code == 404
    assert client.get(reverse("set_link", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/s/not-a-uuid/").status_code == 404


def test_every_set_has_its_own_stable_id(sample_set, instructor):
    other = editing.create_set(instructor, title="أخرى")
    assert sample_set.uuid and other.uuid and sample_set.uuid != other.uuid


def test_the_settings_page_shows_the_stable_link(client, sample_set):
    client.force_login(sample_set.owner)
    assert f"/s/{sample_set.uuid}/" in client.get(reverse("set_settings", args=["sample"])).content.decode()
