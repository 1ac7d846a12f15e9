"""Any change to what readers may see makes the cached pages stale: every save, delete and
many-to-many change of a model of the content and reference-data apps, whatever path it
comes by (the admin, the shell, ``loaddata``). ``QuerySet.update()`` and ``bulk_create()``
send no signals: call ``pagecache.generation.invalidate_pages()`` after them."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from .generation import invalidate_pages


def content_changed(sender, **kwargs):
    if sender._meta.app_label in settings.PAGE_CACHE_APPS:
        invalidate_pages()


def relations_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        content_changed(sender)


def connect():
    post_save.connect(content_changed, dispatch_uid="pagecache.saved")
    post_delete.connect(content_changed, dispatch_uid="pagecache.deleted")
    m2m_changed.connect(relations_changed, dispatch_uid="pagecache.relations")
