"""Site-wide security endpoints: /.well-known/security.txt and the CSP violation reports."""

import datetime
import json
import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

logger = logging.getLogger("asean_portal.csp")

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


#: A report is a few hundred bytes; anything far larger is not one.
MAX_REPORT_BYTES = 16 * 1024
#: What a report says that helps find the cause (the rest repeats the policy).
REPORT_FIELDS = [
    "document-uri",
    "documentURL",
    "violated-directive",
    "effective-directive",
    "effectiveDirective",
    "blocked-uri",
    "blockedURL",
    "source-file",
    "sourceFile",
    "line-number",
    "lineNumber",
    "script-sample",
    "sample",
]


@csrf_exempt
@require_POST
def csp_report(request):
    """Where browsers report what the Content-Security-Policy blocked: logged as a warning
    (``asean_portal.csp``), one line a violation. Answers 204 to anything, so a browser never
    retries; an oversized or malformed body is dropped."""
    if int(request.headers.get("Content-Length") or 0) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        payload = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    # report-uri sends {"csp-report": {...}}; the Reporting API a list of {"body": {...}}.
    reports = payload if isinstance(payload, list) else [payload]
    for report in reports:
        if not isinstance(report, dict):
            continue
        body = report.get("csp-report") or report.get("body") or {}
        if isinstance(body, dict):
            details = {key: str(body[key])[:300] for key in REPORT_FIELDS if key in body}
            logger.warning("Content-Security-Policy violation: %s", json.dumps(details))
    return HttpResponse(status=204)
