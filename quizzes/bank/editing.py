"""Which sets a person may edit, with what an instructor's list of them shows."""

from django.db.models import Count, Max, Q

from ..models import QuestionSet


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
