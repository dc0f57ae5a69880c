"""Reads for the pages other apps build (the BU's chase history, each user's notices)."""

from collections import defaultdict

from .models import Notice, Reminder


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
