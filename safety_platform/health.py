from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Liveness for the load balancer / compose healthcheck: database reachable, last worker beat."""
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"database": "ok", "last_worker_heartbeat": cache.get("worker-heartbeat")})
