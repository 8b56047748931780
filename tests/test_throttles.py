"""Throttle counts: per key and window, in the database or in Redis, shared by every process."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection

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


def _in_parallel(n, work):
    """Runs `work()` in n threads released together; returns their results."""
    from django.db import connections

    start, results = threading.Barrier(n), []

    def run():
        start.wait()
        try:
            results.append(work())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_forty_parallel_attempts_in_the_database_each_get_their_own_count(settings):
    settings.THROTTLES = {**settings.THROTTLES, "join_code_user": (10, 900)}
    results = _in_parallel(40, lambda: throttles.record("join_code_user", 7, now=1000))
    assert sorted(results) == list(range(1, 41))
    assert sum(count <= 10 for count in results) == 10


def test_forty_parallel_attempts_in_redis_each_get_their_own_count(settings):
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
        results = _in_parallel(40, lambda: throttles.record("join_code_user", 7))
        assert sorted(results) == list(range(1, 41))
        assert throttles.count("join_code_user", 7) == 40
        # The window expires with the count: nothing is left in Redis for ever.
        client = caches["default"]._cache.get_client()
        assert all(0 < client.ttl(key) <= 900 for key in client.keys("throttle-test:*"))
    finally:
        forget_prefix()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_forty_parallel_wrong_codes_from_one_student_try_only_ten(make_user):
    from django.test import Client

    from quizzes import classes as class_rules

    student = make_user("guesser")
    tried = []
    join = class_rules.join

    def counting_join(*args):
        tried.append(1)
        return join(*args)

    def guess():
        client = Client()
        client.force_login(student)
        return client.post("/classes/join/", {"code": "NOPE22"}).status_code

    class_rules.join = counting_join
    try:
        statuses = _in_parallel(40, guess)
    finally:
        class_rules.join = join
    assert len(tried) == 10
    assert sorted(statuses) == [302] * 10 + [429] * 30


def test_the_client_address_is_remote_addr_unless_proxies_are_trusted(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert throttles.client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert throttles.client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    # The address the outer proxy saw, not what the client wrote at the left end.
    assert throttles.client_address(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 5
    assert throttles.client_address(request) == "10.0.0.1"


def test_a_mail_address_is_one_key_however_it_is_spelt():
    assert throttles.mail_key(" \u017ftudent@Example.ORG ") == throttles.mail_key("STUDENT@example.org")


def test_a_given_back_attempt_no_longer_counts_in_the_database_or_in_redis(settings):
    for _ in range(2):
        throttles.record("join_code_user", 7)
    throttles.give_back("join_code_user", 7)
    assert throttles.count("join_code_user", 7) == 1
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
        for _ in range(2):
            throttles.record("join_code_user", 7)
        throttles.give_back("join_code_user", 7)
        assert throttles.count("join_code_user", 7) == 1
        # Giving back in a window that has ended starts no count without an expiry.
        throttles.give_back("join_code_user", 8)
        assert throttles.count("join_code_user", 8) == 0
        assert len(caches["default"]._cache.get_client().keys("throttle-test:*")) == 1
    finally:
        forget_prefix()
