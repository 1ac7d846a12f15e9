"""Login protection with django-axes: the client's address behind the proxy, and the page a
locked-out login gets."""

import ipaddress

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request):
    """The client's address: from ``CLIENT_IP_HEADER`` where a proxy sets it (in a list such
    as X-Forwarded-For, the last one: the address the proxy itself saw), else the
    connection's."""
    if settings.CLIENT_IP_HEADER:
        meta_name = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        address = request.META.get(meta_name, "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """What a login gets once its account has failed too often from its address (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
    }
    return render(request, "admin/locked_out.html", context, status=429)
