"""The page cache's generation: one value in the shared cache that every cached page's key
includes. Changing it makes every cached page stale at once, in every process that shares
the cache (gunicorn workers, other machines on Redis, the shell), without finding the pages."""

import time
import uuid

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "pagecache:generation"


def new_generation():
    # The time comes first: it is the pages' Last-Modified.
    return f"{time.time():.6f}:{uuid.uuid4().hex[:8]}"


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Never set, or evicted: a new one, agreed by whichever process adds it first.
        cache.add(GENERATION_KEY, new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY) or new_generation()
    return generation


def generation_time(generation):
    return float(generation.split(":", 1)[0])


def invalidate_pages():
    """Make every cached page stale, now and once the current transaction commits: a page
    rendered by another process before the commit still shows the old data, and must not
    outlive it."""
    cache.set(GENERATION_KEY, new_generation(), timeout=None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, new_generation(), timeout=None))
