"""Reads for the pages other apps build (the BU's chase history, each user's notices)."""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from .models import ChaseSettings, Notice, Reminder


def notices_for(user, unread_only=False):
    qs = Notice.objects.filter(user=user).select_related("reminder").order_by("-created", "-pk")
    return qs.filter(read_on__isnull=True) if unread_only else qs


def chase_history(keys) -> dict[str, list[Reminder]]:
    """key -> its reminders (sent and skipped, manual ones with who pressed), oldest first; one query."""
    history = defaultdict(list)
    for reminder in (Reminder.objects.filter(key__in=list(keys)).select_related("recipient", "sent_by")
                     .order_by("created", "pk")):
        history[reminder.key].append(reminder)
    return dict(history)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local:%-d %B %Y}"


def already_reminded(reminder: Reminder, minutes: int) -> str:
    """Why another "remind now" is refused: who was reminded, when, by whom, and when it may be pressed again."""
    by = f" by {reminder.sent_by}" if reminder.sent_by_id else ""
    again = reminder.created + timedelta(minutes=minutes)
    return (f"{reminder.recipient} was already reminded of this at {_when(reminder.created)}{by}. "
            f"Another reminder can be sent from {_when(again)}.")


def recent_remind_nows(key: str, recipients, minutes: int) -> dict[int, Reminder]:
    """The first "remind now" of `key` to each of `recipients` within the last `minutes`, by recipient id."""
    since = timezone.now() - timedelta(minutes=minutes)
    first: dict[int, Reminder] = {}
    for reminder in (Reminder.objects.filter(key=key, recipient__in=recipients, step__startswith="manual-",
                                             created__gte=since)
                     .select_related("recipient", "sent_by").order_by("created", "pk")):
        first.setdefault(reminder.recipient_id, reminder)
    return first


def remind_now_held(key: str, recipients) -> list[str]:
    """For the "remind now" page: each of `recipients` reminded by hand too recently to be reminded again."""
    minutes = ChaseSettings.current().remind_now_minutes
    return [already_reminded(r, minutes) for r in recent_remind_nows(key, recipients, minutes).values()]
