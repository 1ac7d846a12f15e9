import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asean_portal.settings.prod")

from pagecache.wsgi import CachedPages  # noqa: E402 - needs the settings module set

# Cached pages are served before Django builds a request (pagecache/wsgi.py).
application = CachedPages(get_wsgi_application())
