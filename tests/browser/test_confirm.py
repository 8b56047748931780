"""Leaving a class, making a new join code and removing an assigned set ask first; saying no sends nothing."""

import pytest

from quizzes.models import Assignment, Klass
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def klass(make_user, sample_set):
    klass = Klass.objects.create(name="الصف العاشر", join_code="CONFIRM1")
    klass.instructors.add(sample_set.owner)
    klass.students.add(make_user("layla"))
    Assignment.objects.create(klass=klass, question_set=sample_set)
    return klass


def open_class(page, username, klass):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/dashboard/")
    page.goto(f"/classes/{klass.pk}/")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    return posts


def press(page, button_name, *, accept):
    """Clicks the button and answers its confirmation; returns the question asked."""
    asked = []

    def answer(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", answer)
    page.get_by_role("button", name=button_name).first.click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return asked


def test_a_student_is_asked_before_leaving_and_saying_no_keeps_them_in(page, klass):
    posts = open_class(page, "layla", klass)
    asked = press(page, "غادر هذا الصف", accept=False)
    assert asked == [("confirm", "هل تريد مغادرة هذا الصف؟ ستحتاج إلى رمز الانضمام للعودة إليه.")]
    assert posts == []
    assert klass.students.filter(username="layla").exists()

    asked = press(page, "غادر هذا الصف", accept=True)
    assert len(asked) == 1
    page.wait_for_url("**/classes/")
    assert not klass.students.filter(username="layla").exists()


def test_an_instructor_is_asked_before_a_new_join_code_and_before_removing_a_set(page, klass):
    posts = open_class(page, "teacher", klass)
    asked = press(page, "أنشئ رمزًا جديدًا", accept=False)
    assert asked == [("confirm", "هل تريد رمز انضمام جديدًا؟ سيتوقف الرمز القديم عن العمل.")]
    asked = press(page, "إزالة", accept=False)
    assert asked == [("confirm", "هل تريد إزالة هذه المجموعة من الصف؟")]
    assert posts == []
    klass.refresh_from_db()
    assert klass.join_code == "CONFIRM1"
    assert klass.assignments.count() == 1

    press(page, "إزالة", accept=True)
    page.get_by_text("لم تُكلَّف أي مجموعة بعد.").wait_for()
    assert klass.assignments.count() == 0
