"""The site's URLs plus uploaded media, so pages in the browser tests show their images
(Django serves media only with DEBUG on, and tests run with it off)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from asean_portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
