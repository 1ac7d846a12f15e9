"""Whole public pages for anonymous readers, served from Django's cache.

A page is cached per path and query string (the path names the language), under the current
generation (see ``generation``), so it is never stale: any change to the content makes a new
generation. It also expires before the next scheduled publication and at midnight, when
"upcoming" meetings may become "held". Readers with a session (staff, previews) or a message
waiting, requests other than GET and HEAD, and responses that are not a plain 200, set a
cookie or ask not to be stored go through untouched.
"""

import gzip
import hashlib
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .generation import current_generation, generation_time, page_lifetime

# Headers that are per response, not per page.
UNSTORED_HEADERS = {"set-cookie", "content-length", "content-encoding", "x-request-id"}
UNSTORED_CACHE_CONTROL = ("private", "no-cache", "no-store")


class PageCacheMiddleware:
    """Goes early, right after the security and static-file middleware: a cached page skips
    sessions, authentication and the view altogether."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
        self.private_cookies = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        generation = current_generation()
        path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pagecache:{generation}:{path_hash}"
        page = cache.get(key)
        if page is None:
            response = self.get_response(request)
            if request.method != "GET" or not self.is_cacheable_response(response):
                return response
            now = time.time()
            lifetime = page_lifetime(generation, now)
            page = self.page_of(response, generation, now + lifetime)
            if lifetime:
                cache.set(key, page, timeout=lifetime)
        return self.response_for(request, page)

    def is_cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and request.path.startswith(self.prefixes)
            and not any(name in request.COOKIES for name in self.private_cookies)
            and "HTTP_AUTHORIZATION" not in request.META
        )

    @staticmethod
    def is_cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(word in cache_control for word in UNSTORED_CACHE_CONTROL)
        )

    @staticmethod
    def page_of(response, generation, expires):
        body = response.content
        return {
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            ],
            "body": body,
            "gzip": gzip.compress(body, compresslevel=6, mtime=0),
            "etag": f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
            "last_modified": int(generation_time(generation)),
            "expires": expires,
        }

    @staticmethod
    def response_for(request, page):
        compressed = "gzip" in request.headers.get("Accept-Encoding", "")
        body = page["gzip"] if compressed else page["body"]
        response = HttpResponse(body, status=page["status"])
        for name, value in page["headers"]:
            response[name] = value
        if compressed:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ["Accept-Encoding"])
        response["Content-Length"] = str(len(body))
        response["ETag"] = page["etag"]
        response["Last-Modified"] = http_date(page["last_modified"])
        shared_max_age = max(
            0, min(settings.PAGE_CACHE_SHARED_MAX_AGE, int(page["expires"] - time.time()))
        )
        # Browsers revalidate every time (a 304 when nothing changed); a CDN or nginx's
        # proxy_cache in front may keep the page a few seconds.
        response["Cache-Control"] = f"public, max-age=0, s-maxage={shared_max_age}"
        return get_conditional_response(
            request, etag=page["etag"], last_modified=page["last_modified"], response=response
        )
