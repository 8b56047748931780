"""Which quizzes a person may see or manage, whether a quiz is open, and the questions it draws from."""

from django.db.models import Q

from ..models import Klass, Question, Quiz


def for_student(student):
    """Quizzes set for the classes the student is in, newest first."""
    return (
        Quiz.objects.filter(classes__students=student).distinct().select_related("question_set").order_by("-created_at")
    )


def managed_by(user):
    """Quizzes an instructor may change and review: their own, and those set for a class they teach."""
    if not user.is_instructor:
        return Quiz.objects.none()
    return Quiz.objects.filter(Q(owner=user) | Q(classes__instructors=user)).distinct().order_by("-created_at")


def visible_quiz(user, pk):
    """The quiz with this id if the person is a student of one of its classes; else None."""
    return for_student(user).filter(pk=pk).first()


def managed_quiz(user, pk):
    return managed_by(user).filter(pk=pk).first()


def is_open(quiz, now):
    return (quiz.opens_at is None or quiz.opens_at <= now) and (quiz.closes_at is None or now < quiz.closes_at)


def taught_classes(user):
    return Klass.objects.filter(instructors=user).order_by("name")


def eligible_questions(quiz):
    """The set's live, automatically graded questions (flashcards are self-graded: left out),
    only those with a chosen tag if the quiz names tags, in the set's order."""
    questions = Question.objects.filter(question_set=quiz.question_set_id, retired_at__isnull=True).exclude(
        type="flashcard"
    )
    tag_ids = [t.pk for t in quiz.tags.all()]
    if tag_ids:
        questions = questions.filter(tags__in=tag_ids).distinct()
    return list(questions.order_by("position", "id").values_list("id", "current_version_id"))
