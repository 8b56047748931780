"""The Redis cache reuses one client per connection pool instead of building one per call."""

from quizsite.cache import ReusedClientRedisCache

REDIS_URL = "redis://127.0.0.1:6379/13"


def test_every_call_goes_through_the_same_client():
    cache = ReusedClientRedisCache(REDIS_URL, {"KEY_PREFIX": "reused-client-test"})
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_it_still_reads_what_it_wrote_and_forgets_what_it_deleted():
    cache = ReusedClientRedisCache(REDIS_URL, {"KEY_PREFIX": "reused-client-test"})
    cache.set("answer", {"seen": 3}, 30)
    assert cache.get("answer") == {"seen": 3}
    cache.delete("answer")
    assert cache.get("answer") is None
