"""Every list and report page reads a bounded number of queries, the same for a class of 20 and of
2,000 students: each page measured at both sizes against one bound."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from quizzes import classes, scheduling
from quizzes.bank import writing
from quizzes.models import (
    Assignment,
    Attempt,
    AttemptQuestion,
    CardState,
    Question,
    QuestionSet,
    Quiz,
    QuizDraw,
    Review,
    Tag,
)
from quizzes.study import tallies

pytestmark = pytest.mark.django_db

# page: the most queries it may read, whatever the school's size.
BOUNDS = {
    "dashboard (student)": 10,
    "report: student's own": 13,  # 12 and the Learn sessions table; fewer once the set and tallies are kept
    "class page": 9,
    "set export": 3,
    "quiz attempts, page 2": 7,
    "manual grading": 6,
    "manual grading, a question": 7,
    "quiz overview": 7,
    "class report, recalculated": 9,
    "class report, a student": 14,  # 8 once the set and the student's tallies are kept
    "item analysis, recalculated": 14,
}


def build_school(size, sample_set):
    """`size` students in one class assigned the sample set, each with a few cards and reviews and
    a submitted attempt at a one-essay quiz (marked for every other one)."""
    teacher = sample_set.owner
    users = get_user_model().objects.bulk_create(get_user_model()(username=f"p{i:04d}") for i in range(size))
    klass = classes.create_class(teacher, "صف كبير")
    klass.students.add(*users)
    Assignment.objects.create(klass=klass, question_set=sample_set)
    questions = list(Question.objects.filter(question_set=sample_set).exclude(type="flashcard")[:3])
    now = timezone.now()
    cards, logs = [], []
    for user in users:
        for question in questions:
            at = now - timedelta(days=3)
            cards.append(
                CardState(
                    student=user,
                    question=question,
                    state=scheduling.REVIEW,
                    stability=5.0,
                    difficulty=5.0,
                    due=now + timedelta(days=2),
                    last_review=at,
                    first_reviewed_at=at,
                    reps=1,
                )
            )
            logs.append(
                Review(
                    student=user,
                    question=question,
                    version_id=question.current_version_id,
                    kind="study",
                    response=True,
                    rating=3,
                    score=1.0,
                    duration_ms=5000,
                    state_before=2,
                    stability_before=5.0,
                    difficulty_before=5.0,
                    due_before=at,
                    last_review_before=at,
                    state_after=2,
                    stability_after=8.0,
                    difficulty_after=5.0,
                    due_after=at + timedelta(days=8),
                    scheduled_seconds=8 * 86400,
                    reviewed_at=at,
                    retrievability=0.9,
                )
            )
    CardState.objects.bulk_create(cards, batch_size=2000)
    Review.objects.bulk_create(logs, batch_size=2000)
    tallies.rebuild()
    essay_raw = {"id": "essay", "type": "essay", "prompt": "اشرح.", "word_limit": 100, "tags": ["essays"]}
    # The essay cites nothing: the set stops requiring a source for it.
    QuestionSet.objects.filter(pk=sample_set.pk).update(requires_sources=False)
    sample_set.refresh_from_db()
    writing.save_question(sample_set, essay_raw, author=teacher)
    essay = Question.objects.get(question_set=sample_set, key="essay")
    quiz = Quiz.objects.create(title="مقال", owner=teacher, question_set=sample_set)
    quiz.classes.add(klass)
    QuizDraw.objects.create(quiz=quiz, tag=Tag.objects.get(name="essays"), count=1)
    attempts = Attempt.objects.bulk_create(
        Attempt(quiz=quiz, student=u, number=1, started_at=now, submitted_at=now, state="finished") for u in users
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=a,
            question=essay,
            version_id=essay.current_version_id,
            position=1,
            seed=1,
            response="نص المقال",
            saved_at=now,
            mark=4,
            manual_score=0.5 if i % 2 else None,
        )
        for i, a in enumerate(attempts)
    )
    return {"teacher": teacher, "klass": klass, "quiz": quiz, "essay": essay, "student": users[-1], "set": sample_set}


def pages(school):
    """(name, who asks, url, query) of every list and report page."""
    klass, quiz, teacher, student = school["klass"], school["quiz"], school["teacher"], school["student"]
    slug = school["set"].slug
    return [
        ("dashboard (student)", student, reverse("dashboard"), {}),
        ("report: student's own", student, reverse("my_report"), {}),
        ("class page", teacher, reverse("class_detail", args=[klass.pk]), {}),
        ("set export", teacher, reverse("set_export", args=[slug]), {}),
        ("quiz attempts, page 2", teacher, reverse("quiz_attempts", args=[quiz.pk]), {"page": "2"}),
        ("manual grading", teacher, reverse("quiz_grading", args=[quiz.pk]), {}),
        (
            "manual grading, a question",
            teacher,
            reverse("quiz_grading_question", args=[quiz.pk, school["essay"].pk]),
            {"page": "2"},
        ),
        ("quiz overview", teacher, reverse("quiz_overview", args=[quiz.pk]), {}),
        ("class report, recalculated", teacher, reverse("class_report", args=[klass.pk]), {"recalculate": "1"}),
        ("class report, a student", teacher, reverse("class_student_report", args=[klass.pk, student.pk]), {}),
        (
            "item analysis, recalculated",
            teacher,
            reverse("item_analysis", args=[klass.pk, slug]),
            {"recalculate": "1"},
        ),
    ]


@pytest.mark.parametrize("size", [20, 2000])
def test_every_list_and_report_page_reads_the_same_bounded_queries_at_any_class_size(
    client, sample_set, size, django_assert_max_num_queries
):
    school = build_school(size, sample_set)
    for name, person, url, query in pages(school):
        client.force_login(person)
        client.get(url, query)  # the session's first request writes what later ones only read
        with django_assert_max_num_queries(BOUNDS[name], info=name):
            response = client.get(url, query)
        assert response.status_code == 200, name
