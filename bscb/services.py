from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from .models import Theme, WorkerHeartbeat

HEARTBEAT = "worker"


def stamp(record, by) -> None:
    """Who created and last changed a record (created/modified by), and who its history row names,
    outside a web request too. Every app's services, and the admin, stamp through this."""
    if hasattr(record, "modified_by_id"):
        if record._state.adding:
            record.created_by = by
        record.modified_by = by
    record._history_user = by


def save_stamped(record, by):
    stamp(record, by)
    record.full_clean()
    record.save()
    return record


def heartbeat_record(*, name: str = HEARTBEAT) -> WorkerHeartbeat:
    """Record that a worker ran a job now; the health check reports how long ago that was."""
    beat, created = WorkerHeartbeat.objects.get_or_create(
        name=name, defaults={"last_beat": timezone.now(), "beats": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=beat.pk).update(last_beat=timezone.now(), beats=F("beats") + 1)
        beat.refresh_from_db()
    return beat


THEME_EXISTS = "A theme with this name already exists."


def theme_save(*, theme: Theme, by) -> Theme:
    theme.name = " ".join(theme.name.split())
    if Theme.objects.filter(name__iexact=theme.name).exclude(pk=theme.pk).exists():
        raise ValidationError({"name": THEME_EXISTS})
    return save_stamped(theme, by)
