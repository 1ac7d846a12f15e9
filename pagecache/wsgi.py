import secrets
import time

from .generation import current, is_latest
from .pages import page_key, respond

REASONS = {200: "200 OK", 304: "304 Not Modified"}


class CachedPages:
    """WSGI: serves a cached page before Django builds a request, runs its middleware and
    sends its signals — a fraction of the cost (see README, "Speed"). Everything else, and
    every page not in the cache yet, goes to ``application``.

    Each process also keeps a copy of the last pages it served (up to ``COPIES``), with the
    generation they were made in. While that generation is the shared cache's, the copy is
    served, and all that is read from the shared cache is the generation: a few bytes
    instead of the page."""

    COPIES = 100

    def __init__(self, application):
        self.application = application
        self.copies = {}

    def __call__(self, environ, start_response):
        key = page_key(environ)
        page = self.page(key) if key else None
        if page is None:
            return self.application(environ, start_response)
        status, headers, body = respond(page, environ)
        # As log_request_id does for the pages Django serves (32 hex digits, as its uuid4).
        request_id = environ.get("HTTP_X_REQUEST_ID") or secrets.token_hex(16)
        headers.append(("X-Request-ID", request_id))
        start_response(REASONS.get(status, f"{status} OK"), headers)
        return [body]

    def page(self, key):
        copy = self.copies.get(key)
        if copy is not None:
            generation, page = copy
            if page["expires"] > time.time() and is_latest(generation):
                return page
        generation, page = current(key)
        if page is not None:
            if len(self.copies) >= self.COPIES:
                self.copies.clear()
            self.copies[key] = (generation, page)
        return page
