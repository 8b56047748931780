import pytest
from django.urls import reverse

from quizzes import classes
from quizzes.models import Klass

pytestmark = pytest.mark.django_db


def test_an_instructor_creates_a_class(client, instructor):
    client.force_login(instructor)
    response = client.post(reverse("class_create"), {"name": "العلاقات الدولية"})
    klass = Klass.objects.get()
    assert response.url == reverse("class_detail", args=[klass.pk])
    assert list(klass.instructors.all()) == [instructor]


def test_a_student_cannot_create_a_class(client, student):
    client.force_login(student)
    assert client.post(reverse("class_create"), {"name": "x"}).status_code == 403
    assert not Klass.objects.exists()


def test_a_student_joins_and_sees_the_assigned_sets_on_the_dashboard(client, instructor, student, sample_set):
    sample_set.is_public = False
    sample_set.save()
    klass = classes.create_class(instructor, "صف")
    classes.assign(klass, sample_set)
    client.force_login(student)
    assert "مجموعة تجريبية" not in client.get(reverse("dashboard")).content.decode()
    response = client.post(reverse("class_join"), {"code": klass.join_code})
    assert response.url == reverse("class_detail", args=[klass.pk])
    assert "مجموعة تجريبية" in client.get(reverse("dashboard")).content.decode()


def test_a_wrong_code_says_so(client, student):
    client.force_login(student)
    response = client.post(reverse("class_join"), {"code": "WRONG22"}, follow=True)
    assert "No class has that code" in response.content.decode() or "لا يوجد صف" in response.content.decode()


def test_an_instructor_assigns_only_own_or_public_sets(client, instructor, make_user):
    from quizzes.models import QuestionSet

    other = make_user("other-teacher", instructor=True)
    QuestionSet.objects.create(slug="private-other", title="P", owner=other)
    klass = classes.create_class(instructor, "صف")
    client.force_login(instructor)
    client.post(reverse("class_assign", args=[klass.pk]), {"question_set": "private-other"})
    assert not klass.assignments.exists()


def test_an_editor_of_a_set_may_assign_it_but_never_a_students_own_set(client, instructor, make_user):
    from quizzes.models import QuestionSet

    other = make_user("other-teacher", instructor=True)
    shared = QuestionSet.objects.create(slug="shared-with-me", title="S", owner=other)
    shared.editors.add(instructor)
    QuestionSet.objects.create(slug="my-own", title="O", owner=instructor, personal=True)
    klass = classes.create_class(instructor, "صف")
    client.force_login(instructor)
    page = client.get(reverse("class_detail", args=[klass.pk])).content.decode()
    assert 'value="shared-with-me"' in page and 'value="my-own"' not in page
    client.post(reverse("class_assign", args=[klass.pk]), {"question_set": "my-own"})
    assert not klass.assignments.exists()
    client.post(reverse("class_assign", args=[klass.pk]), {"question_set": "shared-with-me"})
    assert list(klass.assignments.values_list("question_set__slug", flat=True)) == ["shared-with-me"]


def test_a_co_instructor_can_manage_the_class(client, instructor, make_user):
    co = make_user("co", instructor=True)
    klass = classes.create_class(instructor, "صف")
    client.force_login(instructor)
    client.post(reverse("class_add_instructor", args=[klass.pk]), {"username": "co"})
    client.force_login(co)
    assert client.get(reverse("class_detail", args=[klass.pk])).status_code == 200


def test_the_class_list_queries_do_not_grow_with_classes(client, instructor, make_user, django_assert_max_num_queries):
    for i in range(12):
        klass = classes.create_class(instructor, f"صف {i}")
        klass.students.add(make_user(f"s{i}"))
    client.force_login(instructor)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("classes")).status_code == 200


def test_make_instructor_grants_the_role(student):
    from django.core.management import call_command

    call_command("make_instructor", student.username)
    student.refresh_from_db()
    assert student.groups.filter(name="instructors").exists()


def test_the_class_page_lists_each_student_by_name_with_their_username_and_removal_link(client, instructor, make_user):
    klass = classes.create_class(instructor, "صف")
    named = make_user("sara", display_name="<b>سارة</b>")
    plain = make_user("omar")
    klass.students.add(named, plain)
    client.force_login(instructor)
    page = client.get(reverse("class_detail", args=[klass.pk])).content.decode()
    for user, shown in ((named, "&lt;b&gt;سارة&lt;/b&gt;"), (plain, "omar")):
        remove = reverse("class_remove_student", args=[klass.pk, user.pk])
        item = f'<li><bdi>{shown}</bdi> <span class="muted"><bdi>{user.username}</bdi></span> <a href="{remove}">'
        assert item in page
    assert "<b>سارة" not in page
    assert page.index("<bdi>omar</bdi>") < page.index("<bdi>sara</bdi>")


def test_the_class_page_of_a_class_with_no_student_says_so(client, instructor):
    klass = classes.create_class(instructor, "صف")
    client.force_login(instructor)
    page = client.get(reverse("class_detail", args=[klass.pk])).content.decode()
    assert "لم ينضم أي طالب بعد." in page
