"""The Redis cache with one client object per connection pool, reused by every cache call.

Django's RedisCacheClient builds a new redis.Redis for each call, and redis-py 8 fills ~170 response
callbacks in its constructor: a few cache reads a request (the session, a set's version, its notes)
cost more CPU than the round trips themselves. A redis.Redis is safe to share across threads; its
pool hands each call a connection.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
