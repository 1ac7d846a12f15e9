import uuid

from .generation import current
from .pages import page_key, respond

REASONS = {200: "200 OK", 304: "304 Not Modified"}


class CachedPages:
    """WSGI: serves a cached page before Django builds a request, runs its middleware and
    sends its signals — a fraction of the cost (see README, "Speed"). Everything else, and
    every page not in the cache yet, goes to ``application``."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key = page_key(environ)
        page = current(key)[1] if key else None
        if page is None:
            return self.application(environ, start_response)
        status, headers, body = respond(page, environ)
        # As log_request_id does for the pages Django serves.
        headers.append(("X-Request-ID", environ.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex))
        start_response(REASONS.get(status, f"{status} OK"), headers)
        return [body]
