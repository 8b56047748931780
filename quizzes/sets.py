"""Which question sets a person may see, with the counts their pages show."""

from django.core.cache import cache
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


def source_titles(qset):
    """The set's documents' titles by source id, cached until the set is next saved (an import)."""
    key = f"source-titles:{qset.pk}:{qset.updated_at.timestamp()}"
    titles = cache.get(key)
    if titles is None:
        titles = dict(qset.sources.values_list("key", "title"))
        cache.set(key, titles, 3600)
    return titles
