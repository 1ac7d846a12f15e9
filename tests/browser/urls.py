"""The site's URLs plus uploaded media, so pages in the browser tests show their images
(Django serves media only with DEBUG on or DJANGO_SERVE_MEDIA set, and tests run without)."""

from django.urls import re_path

from asean_portal.media import serve_upload
from asean_portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_upload), *site_urlpatterns]
