"""Reminder emails, sent from the outbox: the daily digest (one a day per person) and the immediate
"remind now" (one outbox row, sent by the `notifications.send_outbox` task after the request commits);
and the administrators' alert of the things the chase could remind nobody of.

A digest is stored (a `Digest` with its random Message-ID, its outbox rows attached) before it is sent,
and marked sent after its email left: a crash in between resends that same digest, with the same
items and the same Message-ID, on the next run (at least once, recognisably the same message);
reminders recorded meanwhile go in a later digest."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from bscb.mail import absolute_url, templated_email

from .models import Digest, Outbox, Unreached, new_message_id, step_rank

log = logging.getLogger(__name__)

TEMPLATE = "notifications/email/reminders"
STALE_IMMEDIATE = timezone.timedelta(hours=1)  # a "remind now" its task never sent joins the digest


class DigestItem(NamedTuple):
    """What an email says of one reminder: its title, a link and the due day (never the record's text)."""

    pk: int
    title: str
    url: str
    due_date: date


def reminder_email(*, to: str, items: list[DigestItem], message_id: str, as_of: date, immediate: bool = False,
                   connection=None):
    links = [{"title": item.title, "link": absolute_url(item.url), "due_date": item.due_date} for item in items]
    return templated_email(
        template=TEMPLATE, to=[to], connection=connection,
        context={"items": links, "as_of": as_of, "immediate": immediate},
        headers={"Message-ID": message_id, "X-Reminder-Count": str(len(items))},
    )


def digest_items(rows: Iterable[tuple[int, str, str, str, str, date]]) -> list[DigestItem]:
    """A digest's items from its rows (reminder id, key, step, title, url, due date): each thing owed
    once, at its highest step (a reminder held back yesterday and today's next one for the same thing
    are one item), in the order the reminders were recorded."""
    best: dict[str, tuple[tuple[int, int], DigestItem]] = {}
    for reminder_id, key, step, title, url, due_date in rows:
        rank = (step_rank(step), reminder_id)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, DigestItem(reminder_id, title, url, due_date))
    return sorted((item for _rank, item in best.values()), key=lambda item: item.pk)


def digests_closed(as_of: date, users) -> set[int]:
    """The people of `users` whose digest of `as_of` is closed (sending it has begun): what is recorded
    for them now waits for their next digest (nobody gets two digests of one day)."""
    return set(Digest.objects.filter(day=as_of, user_id__in=list(users), closed__isnull=False)
               .values_list("user_id", flat=True))


def digests_open(as_of: date, users) -> dict[int, int]:
    """Person -> their open digest of `as_of`, made if they have none, for each of `users` whose digest
    of that day is not closed; locked until the caller's transaction ends, which attaches rows to them.

    Called inside that transaction (reminders_record, digests_make): no digest is stored without its
    rows, and none is closed while rows join it (the lock; on SQLite, its one writer at a time)."""
    users = sorted(set(users))
    if not users:
        return {}
    Digest.objects.bulk_create([Digest(user_id=pk, day=as_of) for pk in users], ignore_conflicts=True)
    # In one order (people's ids), as the inserts above: two runs at once wait for each other, never deadlock.
    return dict(Digest.objects.select_for_update().filter(day=as_of, user_id__in=users, closed__isnull=True)
                .order_by("user_id").values_list("user_id", "pk"))


def _waiting():
    """Outbox rows owed to a digest and in none yet: rows recorded when their person's digest of that
    day was closed, and a "remind now" its task did not send within the hour."""
    stale = timezone.now() - STALE_IMMEDIATE
    return Outbox.objects.filter(Q(immediate=False) | Q(reminder__created__lt=stale),
                                 digest__isnull=True, sent_on__isnull=True)


def digests_make(as_of: date) -> None:
    """Put the rows waiting for a digest in their person's open digest of `as_of` (made if missing).
    A person whose digest of the day is closed keeps them waiting for the next day's."""
    with transaction.atomic():
        users = set(_waiting().values_list("user_id", flat=True).distinct())
        if not users:
            return
        digests = digests_open(as_of, users)
        _waiting().filter(user_id__in=list(digests)).update(
            digest=Subquery(Digest.objects.filter(user_id=OuterRef("user_id"), day=as_of).values("pk")[:1]),
            immediate=False)


def digests_close() -> set[int]:
    """Close every open digest (their rows are final from now on): the ids closed."""
    with transaction.atomic():
        ids = set(Digest.objects.select_for_update().filter(closed__isnull=True, sent_on__isnull=True)
                  .values_list("pk", flat=True))
        Digest.objects.filter(pk__in=ids).update(closed=timezone.now())
    return ids


@dataclass
class DigestRun:
    emails: int = 0  # digests delivered by this run
    resent: int = 0  # of them, digests closed by an earlier run (it died, or SMTP failed, before marking sent)
    waiting: set[int] = field(default_factory=set)  # reminder ids whose email still waits for a digest


def send_digests(as_of: date) -> DigestRun:
    """Put the rows still waiting in the digests of `as_of` (digests_make), close the open digests, then
    send every digest not yet sent, oldest first, each marked sent (with its rows) after its email left.

    A digest an earlier run made and did not mark sent (killed between sending and marking, or refused
    by SMTP) is sent again as it was: the same items under the same Message-ID. Sending costs one
    query per person emailed (their digest marked sent); the rest is a fixed number of queries."""
    digests_make(as_of)
    fresh = digests_close()
    unsent = list(Digest.objects.filter(sent_on__isnull=True).order_by("day", "pk")
                  .values_list("pk", "user_id", "day", "message_id"))
    run = DigestRun()
    if unsent:
        # Plain values, not model instances: a first chase over thousands of summaries owes tens of
        # thousands of rows here.
        rows: dict[int, list] = {pk: [] for pk, *_ in unsent}
        for digest_id, *row in (Outbox.objects.filter(digest__isnull=False, digest__sent_on__isnull=True)
                                .order_by("reminder_id")
                                .values_list("digest_id", "reminder_id", "reminder__key", "reminder__step",
                                             "reminder__title", "reminder__url", "reminder__due_date")):
            if digest_id in rows:
                rows[digest_id].append(row)
        emails = dict(get_user_model().objects.filter(pk__in={user for _pk, user, *_ in unsent})
                      .values_list("pk", "email"))
        conn = get_connection()
        for pk, user_id, day, message_id in unsent:
            msg = reminder_email(to=emails[user_id], items=digest_items(rows[pk]), message_id=message_id,
                                 as_of=day, connection=conn)
            try:
                msg.send()
            except OSError:  # SMTP errors are OSErrors: left unsent, resent by the next run; others still go
                log.exception("Reminder digest %s to user %s not sent", message_id, user_id)
                continue
            Digest.objects.filter(pk=pk).update(sent_on=timezone.now())  # its rows with it
            run.emails += 1
            run.resent += pk not in fresh
    run.waiting = set(Outbox.objects.unsent().filter(immediate=False).values_list("reminder_id", flat=True))
    return run


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


# --- the administrators' alert: things nobody could be reminded of ------------------------------------

UNREACHED_TEMPLATE = "notifications/email/unreached"
UNREACHED_LISTED = 100  # items named in one alert; the rest are counted


def administrators() -> list[str]:
    """Who is alerted when the chase can remind nobody: the active superusers (the administrators who
    configure the system in the admin) and the addresses in settings.ADMINS, each once."""
    emails = get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="").order_by("pk")
    found = [*emails.values_list("email", flat=True), *(address for _name, address in settings.ADMINS)]
    once: dict[str, str] = {}
    for address in found:
        once.setdefault(address.lower(), address)
    return list(once.values())


def unreached_alert(as_of: date, keys: list[str]) -> bool:
    """Email the administrators the things the chase could remind nobody of and has not alerted them of
    yet (`Unreached` rows without `alerted_on`: each thing once a day), then mark them alerted; True when
    every one of `keys` has been alerted on `as_of` (now or by an earlier run that day).

    At least once: a crash between sending and marking resends the alert on the next run. With nobody
    to send to, or SMTP refusing it, the rows wait for the next run (logged)."""
    waiting = list(Unreached.objects.filter(alerted_on__isnull=True).order_by("day", "key")
                   .values_list("pk", "day", "title", "url", "due_date"))
    if waiting:
        to = administrators()
        if not to:
            log.warning("%s item(s) with nobody to remind, and no administrator to alert: give a superuser an "
                        "email address or set ADMINS", len(waiting))
        else:
            items = [{"day": day, "title": title, "link": absolute_url(url), "due_date": due_date}
                     for _pk, day, title, url, due_date in waiting]
            msg = templated_email(
                template=UNREACHED_TEMPLATE, to=to,
                context={"items": items[:UNREACHED_LISTED], "more": max(len(items) - UNREACHED_LISTED, 0),
                         "count": len(items), "as_of": as_of},
                headers={"Message-ID": new_message_id("unreached")})
            try:
                msg.send()
            except OSError:  # SMTP errors: the rows wait for the next run
                log.exception("The alert of %s item(s) with nobody to remind was not sent", len(waiting))
            else:
                Unreached.objects.filter(pk__in=[pk for pk, *_ in waiting]).update(alerted_on=timezone.now())
    if not keys:
        return True
    return not Unreached.objects.filter(day=as_of, key__in=keys, alerted_on__isnull=True).exists()
