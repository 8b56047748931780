"""Throttle counts: per key and window, in the database or in Redis, shared by every process."""

import pytest
from django.core.cache import caches

from quizzes import throttles
from quizzes.models import ThrottleCount

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def small_limits(settings):
    settings.THROTTLES = {**settings.THROTTLES, "problem_report": (3, 60)}


def test_it_allows_up_to_the_limit_then_refuses(small_limits):
    results = [throttles.allow("problem_report", "7:1", now=1000) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_each_key_has_its_own_count(small_limits):
    for _ in range(3):
        throttles.allow("problem_report", "7:1", now=1000)
    assert throttles.allow("problem_report", "7:2", now=1000)
    assert throttles.blocked("problem_report", "7:1", now=1000)
    assert not throttles.blocked("problem_report", "7:2", now=1000)


def test_a_new_window_starts_again_and_drops_ended_ones(small_limits):
    for _ in range(4):
        throttles.allow("problem_report", "7:1", now=1000)
    assert throttles.allow("problem_report", "7:1", now=1000 + 3 * 3600)
    assert ThrottleCount.objects.count() == 1


def test_the_database_stores_no_address_or_mail():
    throttles.record("password_reset_address", "someone@example.org")
    assert ThrottleCount.objects.get().key != "someone@example.org"
    assert "example" not in ThrottleCount.objects.get().key


def test_with_redis_counts_live_in_redis_not_in_the_database(settings, small_limits):
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "throttle-test",
        }
    }
    forget_prefix()
    try:
        results = [throttles.allow("problem_report", "7:1", now=1000) for _ in range(4)]
        assert results == [True, True, True, False]
        assert ThrottleCount.objects.count() == 0
        # Another process's client sees the same count.
        from django.core.cache.backends.redis import RedisCache

        other = RedisCache(REDIS_URL, {"KEY_PREFIX": "throttle-test"})
        assert any(other.get(key) == 4 for key in _keys(other))
    finally:
        forget_prefix()


def forget_prefix():
    # Only this test's keys: the Redis server is shared, so no FLUSHDB.
    client = caches["default"]._cache.get_client()
    keys = client.keys("throttle-test:*")
    if keys:
        client.delete(*keys)


def _keys(cache):
    client = cache._cache.get_client()
    return [key.decode().split(":", 2)[2] for key in client.keys("throttle-test:*")]
