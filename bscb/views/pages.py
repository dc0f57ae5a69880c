from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from bscb import access
from bscb.models import WorkerHeartbeat

# The worker runs the heartbeat every 5 minutes; past this it is reported as not seen.
HEARTBEAT_STALE_AFTER_SECONDS = 15 * 60


@access.signed_in
def bare(request):
    """A template extending the base with no queries of its own: the benchmark's yardstick."""
    return render(request, "bscb/bare.html")


@access.public
def accessibility(request):
    return render(request, "bscb/accessibility.html")


@access.public
@never_cache
def health(request):
    """For the containers' health checks: 200 while the database answers, 503 when it does not.

    The worker's last heartbeat is reported but does not fail the check, so that a stopped
    worker does not take the web container down with it.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beat = WorkerHeartbeat.objects.filter(name="worker").values_list("last_beat", flat=True).first()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    worker = "not seen"
    if beat and (timezone.now() - beat).total_seconds() < HEARTBEAT_STALE_AFTER_SECONDS:
        worker = "ok"
    return JsonResponse({
        "status": "ok",
        "database": "ok",
        "worker": worker,
        "worker_last_seen": beat.isoformat() if beat else None,
    })
