"""Reminder emails, sent from the outbox: the daily digest (one a day per person) and the immediate
"remind now" (one outbox row, sent by the `notifications.send_outbox` task after the request commits).

A row is marked sent after its email left: a crash in between resends it with the same Message-ID
(at least once, recognisably the same message)."""

import hashlib
import logging
from collections import defaultdict
from datetime import date
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bscb.mail import absolute_url, templated_email

from .models import Outbox

log = logging.getLogger(__name__)

TEMPLATE = "notifications/email/reminders"
STALE_IMMEDIATE = timezone.timedelta(hours=1)  # a "remind now" its task never sent joins the digest


class DigestItem(NamedTuple):
    """What an email says of one reminder: its title, a link and the due day (never the record's text)."""

    pk: int
    title: str
    url: str
    due_date: date


def digest_message_id(reminder_ids) -> str:
    ids = ",".join(str(i) for i in sorted(reminder_ids))
    return f"<digest-{hashlib.sha256(ids.encode()).hexdigest()[:24]}@notifications.bscb>"


def reminder_email(*, to: str, items: list[DigestItem], message_id: str, as_of: date, immediate: bool = False,
                   connection=None):
    links = [{"title": item.title, "link": absolute_url(item.url), "due_date": item.due_date} for item in items]
    return templated_email(
        template=TEMPLATE, to=[to], connection=connection,
        context={"items": links, "as_of": as_of, "immediate": immediate},
        headers={"Message-ID": message_id, "X-Reminder-Count": str(len(items))},
    )


def send_digests(as_of: date) -> int:
    """One email per person for their unsent outbox rows; nobody gets a second digest the same day.

    Rows are marked sent after their email left: a crash in between resends the same digest (same rows,
    same Message-ID) on the next run."""
    already = set(Outbox.objects.filter(digest_on=as_of, sent_on__isnull=False, immediate=False)
                  .values_list("user_id", flat=True))
    stale = timezone.now() - STALE_IMMEDIATE
    # Plain values, not model instances: a first chase over thousands of summaries owes tens of
    # thousands of rows here.
    pending = (Outbox.objects.filter(Q(immediate=False) | Q(reminder__created__lt=stale), sent_on__isnull=True)
               .exclude(user_id__in=already)
               .order_by("user_id", "reminder_id")
               .values_list("pk", "user_id", "reminder_id", "reminder__title", "reminder__url", "reminder__due_date"))
    by_user = defaultdict(list)
    for pk, user_id, reminder_id, title, url, due_date in pending:
        by_user[user_id].append((pk, DigestItem(reminder_id, title, url, due_date)))
    users = dict(get_user_model().objects.filter(pk__in=list(by_user)).values_list("pk", "email"))
    sent = 0
    conn = get_connection()
    for user_id, rows in by_user.items():
        items = [item for _pk, item in rows]
        msg = reminder_email(to=users[user_id], items=items, message_id=digest_message_id(i.pk for i in items),
                             as_of=as_of, connection=conn)
        try:
            msg.send()
        except OSError:  # SMTP errors are OSErrors: left unsent, retried by the next run; others still go
            log.exception("Reminder digest to user %s not sent", user_id)
            continue
        Outbox.objects.filter(pk__in=[pk for pk, _item in rows]).update(
            sent_on=timezone.now(), digest_on=as_of, immediate=False)
        sent += 1
    return sent


def outbox_enqueue(outbox_ids: list[int]) -> None:
    """Send these rows by task once the transaction that wrote them commits. `robust`: a broker that is
    down must not undo the recorded reminder (the row joins the next digest instead)."""
    from .tasks import send_outbox  # the task module imports this one

    for pk in outbox_ids:
        transaction.on_commit(lambda pk=pk: send_outbox.delay(pk), robust=True)


def outbox_send(*, outbox_id: int, last_try: bool = False) -> bool:
    """Send one immediate outbox row and mark it sent; True if it was sent now.

    A row already sent (a redelivered task) is left alone. An SMTP failure is raised for the task to
    retry; on its last try the row goes in the next daily digest instead of being lost."""
    row = (Outbox.objects.select_related("reminder", "user")
           .filter(pk=outbox_id, sent_on__isnull=True, immediate=True).first())
    if row is None:
        return False
    r = row.reminder
    msg = reminder_email(to=row.user.email, items=[DigestItem(r.pk, r.title, r.url, r.due_date)],
                         message_id=row.message_id, as_of=r.as_of, immediate=True)
    try:
        msg.send()
    except OSError:
        if not last_try:
            raise
        log.exception("Immediate reminder %s not sent; it goes in the next digest", row.message_id)
        Outbox.objects.filter(pk=row.pk).update(immediate=False)
        return False
    Outbox.objects.filter(pk=row.pk).update(sent_on=timezone.now())
    return True
