"""Django's cache backends, made cheaper for what the page cache asks of them on every request.

Redis: Django's client makes a ``redis.Redis`` for every cache call, and redis-py builds a table of
about 170 response callbacks for each (redis/redis-py#3624): 0.2 ms of CPU per call, half of
what serving a cached page costs. A ``redis.Redis`` takes a connection from its pool for each
command, so one per pool serves every thread of the process; the pool itself starts afresh
in a forked worker.

Files: Django's file cache works out a key's file name (an md5 and a key check) on every
call, and reads the file through a buffered file object: three quarters of what reading the
generation costs, which every cached page does."""

import io
import pickle
import time
import zlib

from django.core.cache.backends import filebased, redis


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


class FileBasedCache(filebased.FileBasedCache):
    FILE_NAMES_KEPT = 10000

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._file_names = {}

    def _key_to_file(self, key, version=None):
        name = self._file_names.get((key, version))
        if name is None:
            if len(self._file_names) >= self.FILE_NAMES_KEPT:
                self._file_names.clear()
            name = self._file_names[key, version] = super()._key_to_file(key, version)
        return name

    def get(self, key, default=None, version=None):
        # As Django's, with one read of the whole file.
        name = self._key_to_file(key, version)
        try:
            with open(name, "rb", buffering=0) as file:
                content = io.BytesIO(file.readall())
        except FileNotFoundError:
            return default
        try:
            expiry = pickle.load(content)
        except EOFError:
            expiry = 0  # an empty file has expired
        if expiry is not None and expiry < time.time():
            self._delete(name)
            return default
        return pickle.loads(zlib.decompress(content.read()))
