"""Which sets a person sees, and the cached titles of a set's documents."""

import pytest

from quizzes.importing import import_set, parse_bytes
from quizzes.sets import source_titles

pytestmark = pytest.mark.django_db


def test_source_titles_are_cached_until_the_set_is_reimported(sample_set, sample_yaml, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert source_titles(sample_set) == {"doc0": "وثيقة تجريبية"}
    with django_assert_num_queries(0):
        assert source_titles(sample_set) == {"doc0": "وثيقة تجريبية"}
    import_set(parse_bytes(sample_yaml.replace("وثيقة تجريبية", "عنوان جديد").encode(), "s.yaml"))
    sample_set.refresh_from_db()
    assert source_titles(sample_set) == {"doc0": "عنوان جديد"}
