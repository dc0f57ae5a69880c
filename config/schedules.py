"""The periodic schedule, in one place. Kept in django-celery-beat's tables so that an
administrator can change it in the admin; created idempotently after every migrate and by the
tests (rows a migration made vanish when a transactional test empties the database).

Tasks are named, not imported: each app's task module registers its name with Celery."""

from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

# name -> (task, schedule): {"every_minutes": N} or {"crontab": {fields}} in the partnership's time zone.
PERIODIC_TASKS = {
    "Worker heartbeat": ("bscb.heartbeat", {"every_minutes": 5}),
    # Every morning before the chase, which only reads what is owed: the summaries and reports owed by
    # today (a quarter ended, a year begun) are made, and the drafts' due dates brought to the rules.
    "Expected reports": ("reporting.expect_reports", {"crontab": {"minute": "30", "hour": "6"}}),
    # Every morning: the BPG's quarterly outcome report, built on the working day after the quarter's
    # quarterly summaries fell due (the task decides the day; it builds each quarter once).
    "Quarterly outcome report": ("reporting.scheduled_outcome_report", {"crontab": {"minute": "45", "hour": "6"}}),
    # Every morning; the chase itself does nothing on a weekend or bank holiday.
    "Daily chase": ("notifications.chase", {"crontab": {"minute": "0", "hour": "7"}}),
    # The headline figures of the quarter just ended, for the Board's trend (stored once a quarter).
    "Quarter figures": ("reporting.quarter_figures", {"crontab": {"minute": "0", "hour": "5"}}),
    # The one-time tokens of forms sent more than FORM_TOKEN_DAYS ago.
    "Form tokens purge": ("bscb.submissions_purge", {"crontab": {"minute": "30", "hour": "3"}}),
}


def _schedule(spec: dict) -> dict:
    if "every_minutes" in spec:
        every, _ = IntervalSchedule.objects.get_or_create(every=spec["every_minutes"], period=IntervalSchedule.MINUTES)
        return {"interval": every}
    fields = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*",
              **spec["crontab"]}
    crontab, _ = CrontabSchedule.objects.get_or_create(timezone="Europe/London", **fields)
    return {"crontab": crontab}


def ensure_periodic_tasks() -> None:
    for name, (task, spec) in PERIODIC_TASKS.items():
        # Only create: an administrator's later change of schedule or enabled flag is kept.
        if not PeriodicTask.objects.filter(name=name).exists():
            PeriodicTask.objects.create(name=name, task=task, **_schedule(spec))
