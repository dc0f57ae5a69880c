"""The periodic schedule, in one place. Kept in django-celery-beat's tables so that an
administrator can change it in the admin; created idempotently after every migrate and by the
tests (rows a migration made vanish when a transactional test empties the database)."""

from django_celery_beat.models import IntervalSchedule, PeriodicTask

# name -> (task, every N minutes). Later issues add their jobs here.
PERIODIC_TASKS = {
    "Worker heartbeat": ("bscb.heartbeat", 5),
}


def ensure_periodic_tasks() -> None:
    for name, (task, minutes) in PERIODIC_TASKS.items():
        every, _ = IntervalSchedule.objects.get_or_create(every=minutes, period=IntervalSchedule.MINUTES)
        # Only create: an administrator's later change of interval or enabled flag is kept.
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": every})
