"""Whole public pages for anonymous readers, kept in Django's cache.

A page is kept per scheme, host, path and query string (the path names the language; robots.txt
and the sitemap are the only public addresses without one), under
the generation it was made in (see ``generation``), so it is never stale: any change to the content
makes a new generation. It also expires before the next scheduled publication and at
midnight, when "upcoming" meetings may become "held". Readers with a session (staff,
previews) or a message waiting, requests other than GET and HEAD, and responses that are not
a plain 200, set a cookie or ask not to be stored go through untouched.

Everything here reads the WSGI environ (``request.META``), so that the middleware (which
stores pages) and the WSGI application (which serves them before Django builds a request)
agree on every key.
"""

import functools
import gzip
import hashlib
import re
import time
from http.cookies import SimpleCookie

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http.request import split_domain_port, validate_host
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from .generation import generation_time, keep, page_lifetime

# Headers that are per response, not per page.
UNSTORED_HEADERS = {"set-cookie", "content-length", "content-encoding", "x-request-id"}
UNSTORED_CACHE_CONTROL = ("private", "no-cache", "no-store")
NOT_MODIFIED_HEADERS = ("etag", "last-modified", "vary", "content-language")
# Public addresses outside the language prefixes: robots.txt and the sitemap's pages.
UNPREFIXED = re.compile(r"^/(robots\.txt|sitemap\.xml|sitemap-[\w-]+\.xml)$")


def page_key(environ):
    """The cache key of the page ``environ`` asks for, or None when it may not come from the
    cache (see the module's docstring). A page is kept with the generation it was made in."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return None
    path = environ.get("PATH_INFO", "")
    parts = path.split("/", 2)  # "/vi/news/" → "", "vi", "news/"
    prefixed = len(parts) > 2 and any(parts[1] == code for code, _name in settings.LANGUAGES)
    if not prefixed and not UNPREFIXED.match(path):
        return None
    if "HTTP_AUTHORIZATION" in environ:
        return None
    if "HTTP_COOKIE" in environ:
        cookies = SimpleCookie()
        try:
            cookies.load(environ["HTTP_COOKIE"])
        except Exception:  # a malformed header: let Django deal with it
            return None
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    if not is_allowed(host, tuple(settings.ALLOWED_HOSTS)):
        return None
    scheme = environ.get("wsgi.url_scheme", "http")
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy and proxy[0] in environ:
        scheme = "https" if environ[proxy[0]].split(",", 1)[0].strip() == proxy[1] else scheme
    address = "{}://{}{}{}?{}".format(
        scheme, host, environ.get("SCRIPT_NAME", ""), path, environ.get("QUERY_STRING", "")
    )
    # The number changes with what a kept page holds (see ``store``), so that pages kept by
    # the code before a deployment are not read by the code after it.
    return f"pagecache:page:2:{hashlib.sha256(address.encode('latin-1', 'replace')).hexdigest()}"


@functools.lru_cache(maxsize=256)
def is_allowed(host, allowed_hosts):
    """Django's check of the Host header (``ALLOWED_HOSTS``), kept: it takes a third of the
    time it takes to find a cached page's key."""
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed_hosts)


def is_storable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in UNSTORED_CACHE_CONTROL)
    )


def store(generation, key, response):
    """Keep ``response`` under ``key`` for as long as it may be, and return the page. The
    page keeps its headers as sent, plain and gzipped, so that serving it adds only
    ``Cache-Control``."""
    now = time.time()
    lifetime = page_lifetime(generation, now)
    body = response.content
    compressed = gzip.compress(body, compresslevel=6, mtime=0)
    etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
    last_modified = int(generation_time(generation))
    vary = response.get("Vary")
    headers = [
        *(
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS and name.lower() != "vary"
        ),
        ("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"),
        ("ETag", etag),
        ("Last-Modified", http_date(last_modified)),
    ]
    page = {
        "status": response.status_code,
        "body": body,
        "gzip": compressed,
        "headers": [*headers, ("Content-Length", str(len(body)))],
        "gzip_headers": [
            *headers,
            ("Content-Encoding", "gzip"),
            ("Content-Length", str(len(compressed))),
        ],
        "not_modified_headers": [
            (name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS
        ],
        "etag": etag,
        "last_modified": last_modified,
        "expires": now + lifetime,
    }
    keep(generation, key, page, lifetime)
    return page


def respond(page, environ):
    """``(status, headers, body)`` of ``page`` for the request ``environ``: compressed where
    the client accepts gzip, a 304 where its copy is current."""
    shared_max_age = max(
        0, min(settings.PAGE_CACHE_SHARED_MAX_AGE, int(page["expires"] - time.time()))
    )
    # Browsers revalidate every time (a 304 when nothing changed); a CDN or nginx's
    # proxy_cache in front may keep the page a few seconds.
    cache_control = ("Cache-Control", f"public, max-age=0, s-maxage={shared_max_age}")
    if is_current(page, environ):
        return 304, [*page["not_modified_headers"], cache_control], b""
    if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
        body, headers = page["gzip"], page["gzip_headers"]
    else:
        body, headers = page["body"], page["headers"]
    return (
        page["status"],
        [*headers, cache_control],
        b"" if environ.get("REQUEST_METHOD") == "HEAD" else body,
    )


def is_current(page, environ):
    """Whether the client's copy is this page (RFC 9110: If-None-Match first)."""
    if "HTTP_IF_NONE_MATCH" in environ:
        # Weak comparison: W/"x" and "x" are the same page.
        etags = {etag.removeprefix("W/") for etag in parse_etags(environ["HTTP_IF_NONE_MATCH"])}
        return "*" in etags or page["etag"].removeprefix("W/") in etags
    if "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    since = parse_http_date_safe(environ["HTTP_IF_MODIFIED_SINCE"])
    return since is not None and page["last_modified"] <= since
