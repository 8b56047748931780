"""Which question sets a person may see, with the counts their pages show."""

from django.db.models import Count, Q

from .models import QuestionSet


def visible_sets(user, *, annotate=True):
    """Public sets, the person's own, and those assigned to their classes."""
    sets = QuestionSet.objects.filter(
        Q(is_public=True)
        | Q(owner=user)
        | Q(assignments__klass__students=user)
        | Q(assignments__klass__instructors=user)
    ).distinct()
    if annotate:
        sets = sets.annotate(
            question_count=Count("questions", filter=Q(questions__retired_at__isnull=True), distinct=True)
        )
    return sets.order_by("title")
