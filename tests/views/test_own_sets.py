"""A student's own sets: made within limits, of three types, seen by their owner alone, shared by
links that give a classmate a copy, revoked, and deleted; every refusal writes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from quizzes import classes
from quizzes.bank import own_sets, writing
from quizzes.bank.sets import MAX_OWN_QUESTIONS, MAX_OWN_SETS, editable_by, visible_set, visible_sets
from quizzes.models import Question, QuestionSet, SetLink

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    # Refusals are read by their English words.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _card(key, prompt="سؤال"):
    return {"id": key, "type": "flashcard", "prompt": prompt, "back": "جواب"}


@pytest.fixture
def own(student):
    qset = own_sets.create_own_set(student, title="مفردات")
    writing.save_question(qset, _card("one", "كتاب"), author=student)
    return qset


@pytest.fixture
def classmate(make_user):
    return make_user("classmate")


def _link(qset):
    return own_sets.create_link(qset, timezone.now())


def _fill_sets(student, n):
    QuestionSet.objects.bulk_create(
        QuestionSet(slug=f"filler-{i}", title=f"filler {i}", owner=student, personal=True) for i in range(n)
    )


def _fill_questions(qset, n):
    Question.objects.bulk_create(
        Question(question_set=qset, key=f"q{i}", type="flashcard", prompt="x", position=i + 10) for i in range(n)
    )


# Making a set -----------------------------------------------------------------------------------


def test_a_student_makes_a_set_of_their_own(client, student):
    client.force_login(student)
    response = client.post(reverse("set_create"), {"title": "كلمات الدرس", "language": "ar"})
    qset = QuestionSet.objects.get(owner=student)
    assert response.url == reverse("quick_entry", args=[qset.slug])
    assert qset.personal and not qset.is_public and not qset.requires_sources


def test_a_student_cannot_make_their_set_public_or_require_sources(client, student):
    client.force_login(student)
    client.post(reverse("set_create"), {"title": "x", "language": "ar", "is_public": "on", "requires_sources": "on"})
    qset = QuestionSet.objects.get(owner=student)
    assert not qset.is_public and not qset.requires_sources


def test_the_twenty_first_set_is_refused_with_a_message(client, student):
    _fill_sets(student, MAX_OWN_SETS)
    client.force_login(student)
    response = client.post(reverse("set_create"), {"title": "one more", "language": "ar"})
    assert response.status_code == 422
    assert f"You have {MAX_OWN_SETS} sets of your own" in response.content.decode()
    assert QuestionSet.objects.filter(owner=student).count() == MAX_OWN_SETS


def test_the_form_says_so_before_a_full_student_types(client, student):
    _fill_sets(student, MAX_OWN_SETS)
    client.force_login(student)
    assert "delete one first" in client.get(reverse("set_create")).content.decode()


def test_a_title_with_a_nul_byte_is_refused(client, student):
    client.force_login(student)
    response = client.post(reverse("set_create"), {"title": "a\x00b", "language": "ar"})
    assert response.status_code == 400
    assert not QuestionSet.objects.filter(owner=student).exists()


def test_an_instructor_still_makes_an_instructors_set(client, instructor):
    client.force_login(instructor)
    client.post(reverse("set_create"), {"title": "Unit 1", "language": "ar"})
    assert not QuestionSet.objects.get(owner=instructor).personal


# Types and sizes ------------------------------------------------------------------------------------


def test_the_editor_offers_three_types(client, student, own):
    client.force_login(student)
    response = client.get(reverse("question_new", args=[own.slug]))
    offered = [name for name, _label in response.context["types"]]
    assert offered == ["single", "short", "flashcard"]


@pytest.mark.parametrize("type_name", ["multiple", "match", "order", "cloze", "number", "true_false"])
def test_another_type_is_refused(client, student, own, type_name):
    client.force_login(student)
    assert client.get(reverse("question_new", args=[own.slug]), {"type": type_name}).status_code == 400
    response = client.post(reverse("question_new", args=[own.slug]), {"type": type_name, "prompt": "x"})
    assert response.status_code == 400
    assert own.questions.count() == 1


def test_the_write_path_refuses_another_type_too(student, own):
    refused = pytest.raises(writing.InvalidQuestion, match="flashcards, short answers and single choices")
    with translation.override("en"), refused:
        writing.save_question(own, {"id": "n", "type": "number", "prompt": "x", "answer": 2}, author=student)


def test_the_five_hundred_and_first_question_is_refused(client, student, own):
    _fill_questions(own, MAX_OWN_QUESTIONS - 1)
    client.force_login(student)
    form = {"type": "flashcard", "prompt": "واحد آخر", "back": "جواب"}
    response = client.post(reverse("question_new", args=[own.slug]), form)
    assert response.status_code == 422
    assert f"at most {MAX_OWN_QUESTIONS} questions" in response.content.decode()
    assert own.questions.count() == MAX_OWN_QUESTIONS


def test_editing_a_question_of_a_full_set_still_works(client, student, own):
    _fill_questions(own, MAX_OWN_QUESTIONS - 1)
    writing.save_question(own, _card("one", "كتاب جديد"), author=student)
    assert own.questions.get(key="one").prompt == "كتاب جديد"


def test_quick_entry_past_the_limit_is_refused_whole(client, student, own):
    _fill_questions(own, MAX_OWN_QUESTIONS - 2)
    client.force_login(student)
    lines = "قلم\tpen\nباب\tdoor\nبيت\thouse"
    response = client.post(
        reverse("quick_entry", args=[own.slug]), {"type": "flashcard", "lines": lines, "action": "save"}
    )
    assert response.status_code == 422
    assert "so add at most 1" in response.content.decode()
    assert own.questions.count() == MAX_OWN_QUESTIONS - 1


def test_a_retired_question_does_not_come_back_into_a_full_set(client, student, own):
    writing.retire_question(own.questions.get(key="one"))
    _fill_questions(own, MAX_OWN_QUESTIONS)
    client.force_login(student)
    url = reverse("question_retire", args=[own.slug, "one"])
    response = client.post(url, {"action": "restore"}, follow=True)
    assert f"at most {MAX_OWN_QUESTIONS} questions" in response.content.decode()
    assert own.questions.get(key="one").retired_at is not None


# Who sees it -------------------------------------------------------------------------------------------


def test_nobody_but_its_owner_sees_or_edits_it(student, own, instructor, make_user):
    staff = make_user("staff", is_staff=True)
    klass = classes.create_class(instructor, "صف")
    klass.students.add(student)
    for person in (instructor, staff):
        assert visible_set(person, own.slug) is None
        assert own not in visible_sets(person)
        assert own not in editable_by(person)
    assert visible_set(student, own.slug) == own and own in editable_by(student)


def test_a_public_flag_set_in_the_admin_shows_it_to_nobody(student, own, make_user):
    QuestionSet.objects.filter(pk=own.pk).update(is_public=True)
    assert visible_set(make_user("someone"), own.slug) is None


def test_an_instructor_who_was_a_student_never_assigns_their_own_set(client, student, own):
    from django.contrib.auth.models import Group

    from quizzes.models import INSTRUCTORS_GROUP

    student.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    klass = classes.create_class(student, "صف")
    client.force_login(student)
    response = client.get(reverse("class_detail", args=[klass.pk]))
    assert own not in response.context["assign_form"].fields["question_set"].queryset


def test_staff_see_it_in_the_admin(admin_client, own):
    response = admin_client.get(reverse("admin:quizzes_questionset_changelist"), {"personal__exact": "1"})
    assert own.title in response.content.decode()


def test_the_dashboard_lists_own_sets_in_bounded_queries(client, student, own, assert_max_queries):
    client.force_login(student)
    with assert_max_queries(14):
        response = client.get(reverse("dashboard"))
    body = response.content.decode()
    assert 'id="own-sets"' in body
    for name in ("set_questions", "set_links", "study"):
        assert reverse(name, args=[own.slug]) in body
    assert reverse("set_create") in body


def test_the_dashboard_hides_make_a_set_when_full(client, student):
    _fill_sets(student, MAX_OWN_SETS)
    client.force_login(student)
    body = client.get(reverse("dashboard")).content.decode()
    assert reverse("set_create") not in body and "delete one to make another" in body


def test_a_students_authoring_page_is_their_dashboard(client, student):
    client.force_login(student)
    assert client.get(reverse("my_sets")).url == reverse("dashboard") + "#own-sets"


# Links -----------------------------------------------------------------------------------------------


def test_the_owner_sees_a_new_link_once(client, student, own):
    client.force_login(student)
    client.post(reverse("set_links", args=[own.slug]))
    first = client.get(reverse("set_links", args=[own.slug])).context["new_link"]
    assert "/shared/" in first
    assert client.get(reverse("set_links", args=[own.slug])).context["new_link"] is None
    token = first.rstrip("/").rsplit("/", 1)[1]
    assert token not in SetLink.objects.get().token_hash


def test_too_many_open_links_are_refused(client, student, own):
    for _ in range(own_sets.MAX_OPEN_LINKS):
        _link(own)
    client.force_login(student)
    response = client.post(reverse("set_links", args=[own.slug]), follow=True)
    assert "at most 10 open links" in response.content.decode()
    assert SetLink.objects.count() == own_sets.MAX_OPEN_LINKS


def test_a_classmate_gets_a_copy_of_their_own(client, student, own, classmate):
    token = _link(own)
    client.force_login(classmate)
    page = client.get(reverse("shared_set", args=[token]))
    assert "كتاب" not in page.content.decode()  # the page shows the title and the count, never a question
    assert not QuestionSet.objects.filter(owner=classmate).exists()
    response = client.post(reverse("shared_set", args=[token]))
    copy = QuestionSet.objects.get(owner=classmate)
    assert response.url == reverse("set_detail", args=[copy.slug])
    assert copy.personal and copy.copied_from == own and copy.pk != own.pk
    assert list(copy.questions.values_list("prompt", flat=True)) == ["كتاب"]
    assert SetLink.objects.get().uses == 1
    # The copy is the classmate's alone: later changes to the original do not reach it.
    writing.save_question(own, _card("one", "قلم"), author=student)
    assert copy.questions.get().prompt == "كتاب"
    assert visible_set(student, copy.slug) is None
    assert client.get(reverse("study", args=[copy.slug])).status_code == 200


def test_a_second_visit_or_double_click_copies_once(client, own, classmate):
    token = _link(own)
    client.force_login(classmate)
    client.post(reverse("shared_set", args=[token]))
    again = client.post(reverse("shared_set", args=[token]))
    assert QuestionSet.objects.filter(owner=classmate).count() == 1
    assert again.url == reverse("set_detail", args=[QuestionSet.objects.get(owner=classmate).slug])
    assert SetLink.objects.get().uses == 1


def test_a_revoked_link_stops_working(client, student, own, classmate):
    token = _link(own)
    client.force_login(student)
    client.post(reverse("set_link_revoke", args=[own.slug, SetLink.objects.get().pk]))
    client.force_login(classmate)
    response = client.post(reverse("shared_set", args=[token]))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not QuestionSet.objects.filter(owner=classmate).exists()


def test_revoking_twice_says_so(client, student, own):
    _link(own)
    pk = SetLink.objects.get().pk
    client.force_login(student)
    client.post(reverse("set_link_revoke", args=[own.slug, pk]))
    response = client.post(reverse("set_link_revoke", args=[own.slug, pk]), follow=True)
    assert "revoked already" in response.content.decode()


def test_another_sets_link_is_not_revoked_through_ones_own_set(client, student, own, classmate):
    theirs = own_sets.create_own_set(classmate, title="لها")
    _link(theirs)
    client.force_login(student)
    client.post(reverse("set_link_revoke", args=[own.slug, SetLink.objects.get().pk]))
    assert SetLink.objects.get().revoked_at is None


@pytest.mark.parametrize("token", ["short", "x" * 43, "a\x00" * 21 + "b", "%00" * 15])
def test_a_malformed_or_unknown_link_is_not_found(client, classmate, own, token):
    _link(own)
    client.force_login(classmate)
    url = reverse("shared_set", args=["placeholder"]).replace("placeholder", token)
    assert client.post(url).status_code == 404
    assert not QuestionSet.objects.filter(owner=classmate).exists()


def test_the_owner_opening_their_link_gets_no_copy(client, student, own):
    token = _link(own)
    client.force_login(student)
    response = client.post(reverse("shared_set", args=[token]))
    assert response.status_code == 400 and "your own set" in response.content.decode()
    assert QuestionSet.objects.filter(owner=student).count() == 1


def test_an_instructor_opening_a_link_sees_nothing_of_the_set(client, own, instructor):
    token = _link(own)
    client.force_login(instructor)
    response = client.get(reverse("shared_set", args=[token]))
    assert response.status_code == 403
    assert own.title not in response.content.decode()
    assert client.post(reverse("shared_set", args=[token])).status_code == 403
    assert not QuestionSet.objects.filter(owner=instructor).exists()


def test_a_full_classmate_is_told_to_delete_a_set(client, own, classmate):
    token = _link(own)
    _fill_sets(classmate, MAX_OWN_SETS)
    client.force_login(classmate)
    response = client.post(reverse("shared_set", args=[token]))
    assert response.status_code == 400 and "delete one first" in response.content.decode()
    assert not QuestionSet.objects.filter(copied_from=own).exists()
    assert SetLink.objects.get().uses == 0


def test_a_link_to_a_set_that_is_no_longer_a_students_own_gives_nothing(client, own, classmate):
    token = _link(own)
    QuestionSet.objects.filter(pk=own.pk).update(personal=False)
    client.force_login(classmate)
    assert client.post(reverse("shared_set", args=[token])).status_code == 404


def test_an_own_set_has_no_editors_page(client, student, own):
    client.force_login(student)
    assert client.post(reverse("set_sharing", args=[own.slug]), {"username": "x"}).status_code == 404


# Deleting -----------------------------------------------------------------------------------------------


def test_deleting_asks_for_the_box_to_be_ticked(client, student, own):
    client.force_login(student)
    response = client.post(reverse("own_set_delete", args=[own.slug]), follow=True)
    assert "Tick the box" in response.content.decode()
    assert QuestionSet.objects.filter(pk=own.pk).exists()


def test_deleting_keeps_the_copies(client, student, own, classmate):
    own_sets.accept(_link(own), classmate)
    client.force_login(student)
    response = client.post(reverse("own_set_delete", args=[own.slug]), {"confirm": "delete"})
    assert response.url == reverse("dashboard") + "#own-sets"
    assert not QuestionSet.objects.filter(pk=own.pk).exists()
    assert QuestionSet.objects.get(owner=classmate).questions.count() == 1
