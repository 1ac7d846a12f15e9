"""gunicorn's settings for the portal (``gunicorn -c deploy/gunicorn.conf.py``).

Environment: ``PORT`` (8000) and ``BIND_HOST`` (127.0.0.1: nginx in front), or ``BIND`` for any
address gunicorn takes (e.g. ``unix:/run/asean-portal/gunicorn.sock``); ``WEB_CONCURRENCY``
workers (2: one per core of a small machine)."""

import gc
import os
import socket
import time

import gunicorn.util

wsgi_app = "asean_portal.wsgi:application"
bind = (
    os.environ.get("BIND")
    or f"{os.environ.get('BIND_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# A slow request is cut off, and a stopped or reloaded server lets running requests finish.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Workers are replaced now and then, so that no leak grows without bound (not too often: a
# cached page takes well under a millisecond, and a new worker starts cold).
max_requests = 50000
max_requests_jitter = 5000
# Load the application once, before forking: workers start fast and share its memory.
preload_app = True
# Errors to stderr, for systemd's journal. nginx logs every request already; set
# GUNICORN_ACCESS_LOG=- for gunicorn's own lines too (with nginx's request id).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" %({x-request-id}i)s'
# No control socket: systemd reloads with HUP, and one socket in $HOME would be shared by
# every gunicorn of the account (several instances run side by side in tests and benchmarks).
control_socket_disable = True
# Only the proxy on this machine may say which scheme and client a request came from.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


# gunicorn (since 24) lingers after every response until the client closes its side, so that
# request data it never read (an upload refused halfway) cannot make the kernel reset the
# connection and cut the response short (RFC 9112, 9.6). With nothing unread there is nothing
# to protect, and a sync worker would wait for every client to close (up to two seconds for a
# slow one) before taking the next request: a third of its rate on cached pages.
_linger = gunicorn.util.close_graceful


def close_promptly(sock, *args, **kwargs):
    try:
        unread = sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except BlockingIOError:
        unread = b""
    except OSError:
        return gunicorn.util.close(sock)
    if unread:
        return _linger(sock, *args, **kwargs)
    gunicorn.util.close(sock)


gunicorn.util.close_graceful = close_promptly


# Every response's Date header was formatted anew (email.utils, a twentieth of what a sync
# worker spends on a cached page); it names the second, so it is formatted once a second.
_http_date = gunicorn.util.http_date
_date_of_the_second = [None, None]


def http_date_once_a_second(timestamp=None):
    second = int(time.time() if timestamp is None else timestamp)
    if _date_of_the_second[0] != second:
        _date_of_the_second[:] = [second, _http_date(second)]
    return _date_of_the_second[1]


gunicorn.util.http_date = http_date_once_a_second


# What is loaded before the workers fork (Django, the portal, every view: 120,000 objects) lives
# as long as they do. Out of the garbage collector's reach, a worker's full collections no
# longer walk it: they paused a worker for about 90 ms every few hundred uncached pages (6 ms
# frozen), and no longer write to the memory a worker shares with the others.
def pre_fork(server, worker):
    gc.collect()
    gc.freeze()
