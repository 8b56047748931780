"""Which sets a person may edit, with what an instructor's list of them shows."""

from django.db.models import Count, Max, Q

from ..models import QuestionSet, Tag


def editable_sets(user):
    """The sets this person may edit (their own, those shared with them, every set for staff),
    with their live question count, the classes using them and their last edit, in one query."""
    sets = QuestionSet.objects.all()
    if not user.is_staff:
        sets = sets.filter(Q(owner=user) | Q(editors=user))
    return (
        sets.annotate(
            question_count=Count("questions", filter=Q(questions__retired_at__isnull=True), distinct=True),
            class_count=Count("assignments", distinct=True),
            last_edit=Max("questions__updated_at"),
        )
        .distinct()
        .order_by("title")
    )


def questions_of(qset, *, type="", tag="", source="", q=""):
    """The set's questions in order (retired ones last), filtered as an author narrows the list,
    with their tags, version counts and open problem reports, in two queries."""
    questions = qset.questions.all()
    if type:
        questions = questions.filter(type=type)
    if tag:
        questions = questions.filter(tags__name=tag)
    if q:
        questions = questions.filter(Q(prompt__icontains=q) | Q(key__icontains=q) | Q(explanation__icontains=q))
    questions = questions.annotate(
        version_count=Count("versions", distinct=True),
        open_reports=Count("problem_reports", filter=Q(problem_reports__resolved_at__isnull=True), distinct=True),
    ).prefetch_related("tags")
    result = sorted(questions, key=lambda question: (question.retired_at is not None, question.position))
    if source:
        # Sources are a JSON list per question, which SQLite cannot search inside: filtered here,
        # over one set's questions.
        result = [question for question in result if any(s.get("doc") == source for s in question.sources)]
    return result


def tags_of(qset):
    return list(
        Tag.objects.filter(questions__question_set=qset).values_list("name", flat=True).distinct().order_by("name")
    )
