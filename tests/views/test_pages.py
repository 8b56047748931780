import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_public_sets_to_visitors(client, sample_set, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "مجموعة تجريبية" in response.content.decode()


def test_home_is_arabic_and_right_to_left_by_default(client):
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_home_switches_to_english_left_to_right(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en" dir="ltr">' in html


def test_home_sends_a_signed_in_person_to_the_dashboard(client, student):
    client.force_login(student)
    assert client.get(reverse("home")).url == reverse("dashboard")


def test_dashboard_requires_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("more_sets", [0, 6])
def test_dashboard_lists_visible_sets_in_bounded_queries(
    client, student, sample_set, more_sets, django_assert_max_num_queries
):
    from quizzes.bank.importing import import_set, parse_bytes
    from tests.conftest import SAMPLE_YAML

    for i in range(more_sets):
        import_set(parse_bytes(SAMPLE_YAML.replace("slug: sample", f"slug: more-{i}").encode()))
    client.force_login(student)
    # The session, the user, the sets, the cards of all sets, their study orders, retention, and
    # whether the person teaches (the menu's link to their question sets), and the sets assigned
    # to their classes (a second query only when there are some), and the open quizzes of their
    # classes (their attempts: a second query only when there are some).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "مجموعة تجريبية" in response.content.decode()


def test_a_private_set_is_hidden_from_other_people(client, student, sample_set):
    sample_set.is_public = False
    sample_set.save()
    client.force_login(student)
    assert client.get(reverse("set_detail", args=["sample"])).status_code == 404


def test_a_suspended_cards_prompt_is_shown_as_safe_rich_text(client, student, sample_set):
    from django.utils import timezone

    from quizzes.models import CardState

    question = sample_set.questions.get(key="capital")
    question.prompt = "أي مدينة هي **العاصمة** <script>x()</script>؟"
    question.save()
    CardState.objects.create(student=student, question=question, due=timezone.now(), suspended_at=timezone.now())
    client.force_login(student)
    html = client.get(reverse("set_detail", args=["sample"])).content.decode()
    assert "<strong>العاصمة</strong>" in html and "<script>x()" not in html and "**" not in html
