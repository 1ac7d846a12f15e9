"""Django's Redis cache, with one redis-py client per connection pool.

Django's client makes a ``redis.Redis`` for every cache call, and redis-py builds a table of
about 170 response callbacks for each (redis/redis-py#3624): 0.2 ms of CPU per call, half of
what serving a cached page costs. A ``redis.Redis`` takes a connection from its pool for each
command, so one per pool serves every thread of the process; the pool itself starts afresh
in a forked worker."""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
