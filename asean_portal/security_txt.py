import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

#: RFC 9116 asks for an expiry under a year ahead; a moving one never goes stale.
VALID_FOR = datetime.timedelta(days=180)


def contact_uri(contact):
    """ "security@portal.example" → "mailto:security@portal.example"; URIs stay as they are."""
    return contact if ":" in contact else f"mailto:{contact}"


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): whom to tell of a vulnerability."""
    if not settings.SECURITY_CONTACT:
        raise Http404("No security contact is configured.")
    expires = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0) + VALID_FOR
    lines = [
        *(f"Contact: {contact_uri(contact)}" for contact in settings.SECURITY_CONTACT),
        f"Expires: {expires.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: " + ", ".join(code for code, _name in settings.LANGUAGES),
        f"Canonical: {request.build_absolute_uri()}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
