import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """204 when the database and the cache answer, 503 (and the error in the log) when not:
    for a load balancer or a monitor. Says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        cache.set("healthz", "ok", timeout=10)
        if cache.get("healthz") != "ok":
            raise RuntimeError("the cache does not keep what it is given")
    except Exception:
        logger.exception("Health check failed")
        return HttpResponse(status=503)
    return HttpResponse(status=204)
