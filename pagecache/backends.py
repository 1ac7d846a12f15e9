"""Django's cache backends, made cheaper for what the page cache asks of them on every request.

Redis: Django's client makes a ``redis.Redis`` for every cache call, and redis-py builds a table of
about 170 response callbacks for each (redis/redis-py#3624): 0.2 ms of CPU per call, half of
what serving a cached page costs. A ``redis.Redis`` takes a connection from its pool for each
command, so one per pool serves every thread of the process; the pool itself starts afresh
in a forked worker.

Files: Django's file cache works out a key's file name (an md5 and a key check) on every
call, and reads the file through a buffered file object: three quarters of what reading the
generation costs, which every cached page does. And a value that never expires (the
generation) is read again only when its file has been replaced: one ``stat`` on each call
instead of opening, reading and unpickling the file (seven system calls), a tenth of what a
cached page costs a gunicorn worker."""

import io
import os
import pickle
import time
import weakref
import zlib

from django.core.cache.backends import filebased, redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT


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


# Values kept as read (every ``get`` returns the same object): none that a caller could change.
IMMUTABLE = (str, bytes, int, float, bool)


class FileBasedCache(filebased.FileBasedCache):
    FILE_NAMES_KEPT = 10000

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._file_names = {}
        self._unchanged = UnchangedFiles()

    def _key_to_file(self, key, version=None):
        name = self._file_names.get((key, version))
        if name is None:
            if len(self._file_names) >= self.FILE_NAMES_KEPT:
                self._file_names.clear()
            name = self._file_names[key, version] = super()._key_to_file(key, version)
        return name

    def get(self, key, default=None, version=None):
        # As Django's, with one read of the whole file, and none while a value that never
        # expires is still in the file it was read from.
        name = self._key_to_file(key, version)
        kept = self._unchanged.get(name)
        if kept is not None:
            try:
                if kept.is_in(os.stat(name)):
                    return kept.value
            except FileNotFoundError:
                pass
            self._unchanged.forget(name)
        try:
            descriptor = os.open(name, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return default
        try:
            status = os.fstat(descriptor)
            content = io.BytesIO(_read(descriptor, status.st_size))
            try:
                expiry = pickle.load(content)
            except EOFError:
                expiry = 0  # an empty file has expired
            if expiry is not None and expiry < time.time():
                self._delete(name)
                return default
            value = pickle.loads(zlib.decompress(content.read()))
            if expiry is None and isinstance(value, IMMUTABLE):
                self._unchanged.keep(name, descriptor, status, value)
                descriptor = None
            return value
        finally:
            if descriptor is not None:
                os.close(descriptor)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's rewrites the file in place, where a process keeping its value unchanged
        # would not see the new expiry: a new file instead.
        value = self.get(key, _MISSING, version)
        if value is _MISSING:
            return False
        self.set(key, value, timeout, version)
        return True


_MISSING = object()


def _read(descriptor, size):
    """The file's ``size`` bytes, in one system call when it gives them all."""
    content = os.read(descriptor, size)
    while len(content) < size and (more := os.read(descriptor, size - len(content))):
        content += more
    return content


class _KeptValue:
    """A value and its file, held open: while it is, its inode is not given to another
    file. Django's file cache changes a value by renaming a new file over the old one, so
    a file still at the same inode still holds the same value."""

    def __init__(self, descriptor, status, value):
        self.descriptor = descriptor
        self.status = status
        self.value = value

    def is_in(self, status):
        return status.st_ino == self.status.st_ino and status.st_dev == self.status.st_dev


class UnchangedFiles:
    """Values that never expire, with their files held open: ``FileBasedCache.get`` reads
    such a value again only when its file was replaced or removed (by any process)."""

    KEPT = 16

    def __init__(self):
        self._files = {}
        weakref.finalize(self, _close_all, self._files)

    def get(self, name):
        return self._files.get(name)

    def keep(self, name, descriptor, status, value):
        self.forget(name)
        if len(self._files) >= self.KEPT:
            _close_all(self._files)
        self._files[name] = _KeptValue(descriptor, status, value)

    def forget(self, name):
        kept = self._files.pop(name, None)
        if kept is not None:
            os.close(kept.descriptor)


def _close_all(files):
    for kept in files.values():
        os.close(kept.descriptor)
    files.clear()
