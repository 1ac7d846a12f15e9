"""The page cache's generation: one value in the shared cache that everything cached here is
kept with. Changing it makes every cached page and count stale at once, in every process
that shares the cache (gunicorn workers, other machines on Redis, the shell), without
finding them."""

import contextlib
import contextvars
import datetime
import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "pagecache:generation"
# How long what ``remember`` keeps may stay (a new generation makes it stale before that).
REMEMBER_SECONDS = 3600


def new_generation():
    # The time comes first: it is the pages' Last-Modified.
    return f"{time.time():.6f}:{uuid.uuid4().hex[:8]}"


#: ``[generation or None]`` while a request is served (``per_request``), else None.
_request_generation = contextvars.ContextVar("pagecache_request_generation", default=None)


@contextlib.contextmanager
def per_request(generation=None):
    """Inside, the generation is read from the shared cache once (unless given) and kept: a
    page names reference records by the dozen, each from the copy of its generation
    (``core.reference``). A new generation made by this process is read again; one made by
    another while the page renders shows on the next request, as it would had the page
    been served a moment sooner."""
    token = _request_generation.set([generation])
    try:
        yield
    finally:
        _request_generation.reset(token)


def _held():
    """The generation the current request holds, or None."""
    held = _request_generation.get()
    return held[0] if held is not None else None


def _hold(generation):
    held = _request_generation.get()
    if held is not None:
        held[0] = generation


def current_generation():
    generation = _held()
    if generation is not None:
        return generation
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Never set, or evicted: a new one, agreed by whichever process adds it first.
        cache.add(GENERATION_KEY, new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY) or new_generation()
    _hold(generation)
    return generation


def is_latest(generation):
    """Whether ``generation`` is still the shared cache's: one small read."""
    return cache.get(GENERATION_KEY) == generation


def generation_time(generation):
    return float(generation.split(":", 1)[0])


#: Set while changes are made only to be rolled back (``pages_unchanged``).
_rehearsing = contextvars.ContextVar("pagecache_rehearsing", default=False)


@contextlib.contextmanager
def pages_unchanged():
    """Saves made inside are rolled back before anyone reads them (the editors' working
    copies are shown that way, see ``editorial.working_copies``): no new generation."""
    token = _rehearsing.set(True)
    try:
        yield
    finally:
        _rehearsing.reset(token)


def invalidate_pages():
    """Make every cached page stale, now and once the current transaction commits: a page
    rendered by another process before the commit still shows the old data, and must not
    outlive it."""
    if _rehearsing.get():
        return
    _start_generation()
    transaction.on_commit(_start_generation)


def _start_generation():
    cache.set(GENERATION_KEY, new_generation(), timeout=None)
    _hold(None)  # read again, by this request too


def next_publication(now):
    """When the next scheduled record becomes visible, or None."""
    from core.models import PublishableModel

    times = [
        model.objects.scheduled(now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
        for model in apps.get_models()
        if issubclass(model, PublishableModel)
    ]
    times = [moment for moment in times if moment is not None]
    return min(times).timestamp() if times else None


def page_lifetime(generation, now, longest=None):
    """Seconds what is rendered now may be kept: ``longest`` (the page cache's setting by
    default), cut short by the next scheduled publication and the next local midnight."""
    longest = settings.PAGE_CACHE_SECONDS if longest is None else longest
    key = f"pagecache:{generation}:next-publication"
    upcoming = cache.get(key)
    if upcoming is None or (upcoming and upcoming <= now):
        moment = next_publication(datetime.datetime.fromtimestamp(now, datetime.UTC))
        upcoming = moment or 0
        cache.set(key, upcoming, timeout=int(upcoming - now) if upcoming else REMEMBER_SECONDS)
    local_now = timezone.localtime(datetime.datetime.fromtimestamp(now, datetime.UTC))
    midnight = datetime.datetime.combine(
        local_now.date() + datetime.timedelta(days=1), datetime.time(), local_now.tzinfo
    )
    limits = [longest, midnight.timestamp() - now]
    if upcoming:
        limits.append(upcoming - now)
    return max(0, int(min(limits)))


def current(key):
    """``(generation, value)``: the current generation, and what ``key`` holds if it was kept
    in that generation (else None). One round trip to the cache for both."""
    generation, values = current_many([key])
    return generation, values[key]


def current_many(keys):
    """``(generation, {key: value or None})``: ``current`` for each of ``keys``, in one round
    trip to the cache (the keys alone while a request holds the generation)."""
    generation = _held()
    if generation is not None:
        found = cache.get_many(keys)
    else:
        found = cache.get_many([GENERATION_KEY, *keys])
        generation = found.get(GENERATION_KEY) or current_generation()
        _hold(generation)
    return generation, {
        key: kept[1] if (kept := found.get(key)) and kept[0] == generation else None for key in keys
    }


def keep(generation, key, value, lifetime):
    """Keep ``value`` under ``key`` for ``lifetime`` seconds, as made in ``generation``."""
    if lifetime:
        cache.set(key, (generation, value), timeout=lifetime)


def remember(name, compute):
    """``compute()``, kept in the shared cache for as long as a page would be: until anything
    changes, a scheduled record goes live or the day ends. For what is costly to work out and
    the same for every reader (e.g. a listing's facet counts)."""
    return remember_many({name: compute})[name]


def remember_many(computations):
    """``{name: compute}`` to ``{name: value}``, each as ``remember`` gives it, read in one
    round trip to the cache (a listing's facets: one instead of one per facet)."""
    keys = {name: f"pagecache:remember:{name}" for name in computations}
    generation, kept = current_many(list(keys.values()))
    values, computed = {}, {}
    for name, key in keys.items():
        values[name] = kept[key]
        if values[name] is None:
            values[name] = computations[name]()
            computed[key] = (generation, values[name])
    # Worked out inside ``pages_unchanged`` (a working copy's preview), a value may read
    # changes about to be rolled back: it serves that page and is not kept.
    if computed and not _rehearsing.get():
        lifetime = page_lifetime(generation, time.time(), REMEMBER_SECONDS)
        if lifetime:
            cache.set_many(computed, timeout=lifetime)
    return values
