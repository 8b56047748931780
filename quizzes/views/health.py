"""/healthz for the load balancer: 200 when the database (and Redis, when configured) answer, 503 otherwise."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        log.warning("healthz: the database does not answer", exc_info=True)
        return False


def _redis_answers():
    if not settings.REDIS_URL:
        return None
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001 - any failure of the client means Redis does not answer
        log.warning("healthz: Redis does not answer", exc_info=True)
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_answers()}
    redis = _redis_answers()
    if redis is not None:
        checks["redis"] = redis
    healthy = all(checks.values())
    return JsonResponse({"ok": healthy, **checks}, status=200 if healthy else 503)
