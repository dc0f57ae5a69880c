from django.db.models import F
from django.utils import timezone

from .models import WorkerHeartbeat

HEARTBEAT = "worker"


def heartbeat_record(*, name: str = HEARTBEAT) -> WorkerHeartbeat:
    """Record that a worker ran a job now; the health check reports how long ago that was."""
    beat, created = WorkerHeartbeat.objects.get_or_create(
        name=name, defaults={"last_beat": timezone.now(), "beats": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=beat.pk).update(last_beat=timezone.now(), beats=F("beats") + 1)
        beat.refresh_from_db()
    return beat
