"""Any change to what readers may see makes the cached pages stale: every save, delete and
many-to-many change of a model of the content and reference-data apps, whatever path it
comes by (the admin, the shell, ``loaddata``). ``QuerySet.update()`` and ``bulk_create()``
send no signals: call ``pagecache.generation.invalidate_pages()`` after them."""

import contextlib

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from .generation import invalidate_pages


def content_changed(sender, **kwargs):
    if sender._meta.app_label in settings.PAGE_CACHE_APPS:
        invalidate_pages()


def relations_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        content_changed(sender)


RECEIVERS = [
    (post_save, content_changed, "pagecache.saved"),
    (post_delete, content_changed, "pagecache.deleted"),
    (m2m_changed, relations_changed, "pagecache.relations"),
]


def connect():
    for signal, receiver, uid in RECEIVERS:
        signal.connect(receiver, dispatch_uid=uid)


@contextlib.contextmanager
def paused():
    """No new generation per save (``restore`` loads every record, then starts one)."""
    for signal, _receiver, uid in RECEIVERS:
        signal.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        connect()
