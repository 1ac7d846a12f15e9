from django.http import HttpResponse, HttpResponseNotModified

from .generation import current, per_request
from .pages import is_storable, page_key, respond, store


class PageCacheMiddleware:
    """Serves and stores anonymous readers' pages (see ``pages``). Goes first but for the
    request id: a cached page skips the other middleware (it was stored with their headers),
    sessions, authentication and the view. Under gunicorn, ``wsgi.CachedPages`` serves cached
    pages even before this; this middleware stores them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request.META)
        if key is None:
            with per_request():
                return self.get_response(request)
        generation, page = current(key)
        if page is None:
            with per_request(generation):
                response = self.get_response(request)
            if request.method != "GET" or not is_storable(response):
                return response
            page = store(generation, key, response)
        status, headers, body = respond(page, request.META)
        response = HttpResponseNotModified() if status == 304 else HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        return response
