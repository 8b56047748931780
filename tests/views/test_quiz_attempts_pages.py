"""The instructor's list of a quiz's attempts in pages of 50: a stable order, page links that keep
the student filter, any page number read as a page (never an error), and a co-instructor's pages
holding only their own classes' attempts."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from quizzes import classes
from quizzes.models import Attempt, Quiz
from quizzes.views.quiz import ATTEMPTS_PER_PAGE

pytestmark = pytest.mark.django_db

ROW = re.compile(r"<td><bdi>([^<]+)</bdi></td>")


def attempts_of(students, quiz):
    now = timezone.now()
    Attempt.objects.bulk_create(
        Attempt(quiz=quiz, student=s, number=1, started_at=now, submitted_at=now, state="finished", score=0.5)
        for s in students
    )


@pytest.fixture
def crowded(make_user, sample_set):
    """A quiz for the owner's class of 120 students, each with a finished attempt, and a
    co-instructor's class of 3 students with theirs."""
    users = get_user_model().objects
    owner = sample_set.owner
    mine = classes.create_class(owner, "الصف الكبير")
    students = users.bulk_create(get_user_model()(username=f"s{i:03d}") for i in range(120))
    mine.students.add(*students)
    co = make_user("co-teacher", instructor=True)
    theirs = classes.create_class(co, "صف آخر")
    others = [make_user(f"other{i}") for i in range(3)]
    theirs.students.add(*others)
    quiz = Quiz.objects.create(title="اختبار", owner=owner, question_set=sample_set)
    quiz.classes.add(mine, theirs)
    attempts_of(students + others, quiz)
    return {"quiz": quiz, "owner": owner, "co": co, "students": students, "others": others}


def listed(client, quiz, **query):
    response = client.get(reverse("quiz_attempts", args=[quiz.pk]), query)
    assert response.status_code == 200
    return ROW.findall(response.content.decode()), response.content.decode()


def test_the_attempts_list_shows_fifty_attempts_a_page_in_a_stable_order(client, crowded):
    client.force_login(crowded["owner"])
    pages = [listed(client, crowded["quiz"], page=str(n))[0] for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [ATTEMPTS_PER_PAGE, ATTEMPTS_PER_PAGE, 123 - 2 * ATTEMPTS_PER_PAGE]
    every = pages[0] + pages[1] + pages[2]
    assert every == sorted(every) and len(set(every)) == 123
    assert pages[1] == listed(client, crowded["quiz"], page="2")[0]


def test_page_two_links_back_to_page_one_and_on_to_page_three(client, crowded):
    client.force_login(crowded["owner"])
    _, html = listed(client, crowded["quiz"], page="2")
    assert 'href="?page=1" rel="prev"' in html and 'href="?page=3" rel="next"' in html


def test_a_page_that_is_not_a_number_reads_as_the_first(client, crowded):
    client.force_login(crowded["owner"])
    first = listed(client, crowded["quiz"])[0]
    for page in ("x", "", "-1", "1.5", "9" * 5000):
        assert listed(client, crowded["quiz"], page=page)[0] == first


def test_a_page_past_the_end_reads_as_the_last(client, crowded):
    client.force_login(crowded["owner"])
    last = listed(client, crowded["quiz"], page="3")[0]
    assert listed(client, crowded["quiz"], page="9999")[0] == last
    assert listed(client, crowded["quiz"], page="0")[0] == listed(client, crowded["quiz"], page="1")[0]


def test_page_links_keep_the_student_filter(client, crowded):
    client.force_login(crowded["owner"])
    rows, html = listed(client, crowded["quiz"], student="s0")
    assert rows == [f"s{i:03d}" for i in range(ATTEMPTS_PER_PAGE)]
    assert 'href="?student=s0&amp;page=2" rel="next"' in html
    rows, html = listed(client, crowded["quiz"], student="s0", page="2")
    assert rows == [f"s{i:03d}" for i in range(ATTEMPTS_PER_PAGE, 100)]
    assert 'rel="next"' not in html


def test_a_co_instructor_of_another_class_sees_nothing_of_it_on_any_page(client, crowded):
    client.force_login(crowded["co"])
    names = [o.username for o in crowded["others"]]
    for page in ("1", "2", "9999", "x"):
        rows, html = listed(client, crowded["quiz"], page=page)
        assert rows == names
        assert 'class="pager"' not in html
    assert listed(client, crowded["quiz"], student="s0")[0] == []


def test_the_pages_of_a_large_class_read_in_the_same_queries_as_one_page(client, crowded, assert_max_queries):
    client.force_login(crowded["owner"])
    with assert_max_queries(9):
        listed(client, crowded["quiz"], page="2")


def test_each_row_links_to_its_own_attempt_to_review_reopen_or_give_time(client, crowded):
    quiz, first, second = crowded["quiz"], *crowded["students"][:2]
    going = Attempt.objects.get(quiz=quiz, student=second)
    going.state, going.deadline = "progress", timezone.now() + timedelta(minutes=30)
    going.save()
    done = Attempt.objects.get(quiz=quiz, student=first)
    client.force_login(crowded["owner"])
    page = listed(client, quiz)[1]
    assert f'<a href="{reverse("attempt_review", args=[done.pk])}">' in page
    assert f'action="{reverse("attempt_reopen", args=[done.pk])}"' in page
    assert f'action="{reverse("attempt_extra_time", args=[done.pk])}"' not in page
    assert f'<a href="{reverse("attempt_review", args=[going.pk])}">' in page
    assert f'action="{reverse("attempt_extra_time", args=[going.pk])}"' in page
    assert f'action="{reverse("attempt_reopen", args=[going.pk])}"' not in page
    # Every row's form posts with the page's token: one form a row, each with its token.
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert table.count('<form method="post" action="/attempts/') == ATTEMPTS_PER_PAGE
    assert table.count('name="csrfmiddlewaretoken"') == ATTEMPTS_PER_PAGE
    assert "\x00" not in page


def test_each_row_names_the_attempts_state_as_everyone_reads_it_and_its_grade(client, crowded):
    quiz, students = crowded["quiz"], crowded["students"]
    now = timezone.now()
    by = {s.username: Attempt.objects.get(quiz=quiz, student=s) for s in students[:4]}
    Attempt.objects.filter(pk=by["s001"].pk).update(state="progress", deadline=now + timedelta(minutes=30))
    Attempt.objects.filter(pk=by["s002"].pk).update(
        state="progress", deadline=now - timedelta(minutes=1), grace_seconds=600
    )
    Attempt.objects.filter(pk=by["s003"].pk).update(state="abandoned", score=None)
    quiz.max_grade = 20
    quiz.save()
    client.force_login(crowded["owner"])
    page = listed(client, quiz)[1]
    rows = [re.findall(r"<td>(.*?)</td>", tr, re.S) for tr in re.findall(r"<tr>(.*?)</tr>", page, re.S)]
    cells = [
        (r[0], r[2].split("<br>")[0], r[4]) for r in rows if r and r[0] in {f"<bdi>s00{i}</bdi>" for i in range(4)}
    ]
    assert cells == [
        ("<bdi>s000</bdi>", "منتهية", '<bdi>10 / 20</bdi> <small class="muted">50%</small>'),
        ("<bdi>s001</bdi>", "جارية", "—"),
        ("<bdi>s002</bdi>", "انتهى الوقت: سلّم", "—"),
        ("<bdi>s003</bdi>", "لم تُسلَّم", "—"),
    ]
