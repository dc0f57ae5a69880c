"""The chase: compute what is due from every registered source, record it exactly once, send digests.

Exactly once (DESIGN.md): each reminder is recorded once, under the unique (key, step, recipient)
constraint; its in-app notice and its outbox row are written in the same transaction as the
reminder, so a killed worker leaves either all three or none. Mail is sent from the outbox and
marked sent afterwards (notifications/mail.py): a crash between the two resends the same digest with
the same Message-ID (at least once, recognisably).

Overlapping runs: on PostgreSQL the chase takes a session advisory lock (pg_try_advisory_lock on a
fixed key; it dies with the connection if the process is killed) and a second run returns at once
with `locked=True`. On SQLite there is no lock: the run just proceeds, and the unique constraint
plus the per-run marker still keep every reminder and notice single.

Queries do not grow with the number of dues: existing reminders are loaded per batch of keys,
new rows are bulk-created (ignore_conflicts) and re-read by run marker. Sending costs one query per
person emailed (mark their outbox rows sent), which is bounded by people, not dues.
"""

import os
import uuid
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from . import ladder
from .mail import outbox_enqueue, send_digests
from .models import ChaseSettings, Notice, Outbox, Reminder, ReminderStatus, message_id_for
from .registry import OWNER, Due, all_dues, find_due

LOCK_KEY = 7_204_115_001  # fixed advisory-lock key of the chase
BATCH = 10_000  # planned reminders per transaction: a kill loses at most one uncommitted batch
BATCH_ENV = "NOTIFICATIONS_BATCH"  # optional override (the worker-kill test uses small batches)

NOTHING_OWED = "Nothing is owed for this any more (it may have been submitted), so nobody was reminded."
NOBODY_TO_REMIND = "Nobody holds the post that owes this, so nobody could be reminded. Fill the post first."


@dataclass
class Planned:
    key: str
    step: str
    recipient: int
    status: str
    due: Due


@dataclass
class ChaseResult:
    as_of: date
    dry_run: bool = False
    locked: bool = False  # another chase held the lock: this one did nothing
    sent: list[tuple[str, str, int]] = field(default_factory=list)  # (key, step, user id)
    skipped: list[tuple[str, str, int]] = field(default_factory=list)
    emails: int = 0


# --- planning ---------------------------------------------------------------------------------

def _candidates(dues: list[Due], as_of: date, rules: ladder.Rules) -> list[Planned]:
    out = []
    plans = {}  # many things share a due date: the ladder is worked out once per date
    for due in dues:
        if due.done:
            continue
        if due.due_date not in plans:
            plans[due.due_date] = ladder.steps_today(due.due_date, as_of, rules)
        current, earlier = plans[due.due_date]
        if current is None:
            continue
        for step in earlier:
            for pk in due.people(step.rungs):
                out.append(Planned(due.key, step.name, pk, ReminderStatus.SKIPPED, due))
        for pk in due.people(current.rungs):
            out.append(Planned(due.key, current.name, pk, ReminderStatus.SENT, due))
    return out


def _existing(keys: list[str]) -> set[tuple[str, str, int]]:
    return set(Reminder.objects.filter(key__in=keys).values_list("key", "step", "recipient_id"))


# --- recording ---------------------------------------------------------------------------------

def _record_batch(todo: list[Planned], as_of: date, run: str, *, manual_by=None, immediate=False) -> list[Reminder]:
    """Write the reminders, and for the sent ones their notice and outbox row, in one transaction.

    Returns the sent reminders this call wrote (a conflicting row written by another run is theirs)."""
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [Reminder(key=p.key, step=p.step, recipient_id=p.recipient, as_of=as_of, status=p.status,
                      title=p.due.title, url=p.due.url, due_date=p.due.due_date, run=run, sent_by=manual_by)
             for p in todo],
            ignore_conflicts=True,
        )
        mine = list(Reminder.objects.filter(run=run, status=ReminderStatus.SENT, outbox__isnull=True))
        Notice.objects.bulk_create(
            [Notice(reminder=r, user_id=r.recipient_id, title=r.title, url=r.url) for r in mine])
        Outbox.objects.bulk_create(
            [Outbox(reminder=r, user_id=r.recipient_id, immediate=immediate,
                    message_id=message_id_for(r.pk, r.key, r.step, r.recipient_id)) for r in mine])
    return mine


def _record_batch_postgres(todo: list[Planned], as_of: date, run: str) -> list[tuple[str, str, int]]:
    """The chase's `_record_batch` on PostgreSQL: the same rows, in the same one transaction, as one
    statement a table. INSERT ... ON CONFLICT DO NOTHING RETURNING gives back exactly the rows this
    call wrote (a row another run wrote first is skipped and not returned), so nothing is re-read;
    the ORM's bulk_create spent most of a 10,000-summary chase building model instances."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO notifications_reminder (key, step, recipient_id, as_of, status, title, url, due_date, run,
                                                  created)
                SELECT k, s, r, %s, st, t, u, d, %s, now()
                FROM unnest(%s::varchar[], %s::varchar[], %s::bigint[], %s::varchar[], %s::varchar[],
                            %s::varchar[], %s::date[]) AS x(k, s, r, st, t, u, d)
                ON CONFLICT (key, step, recipient_id) DO NOTHING
                RETURNING id, key, step, recipient_id, status""",
            [as_of, run, [p.key for p in todo], [p.step for p in todo], [p.recipient for p in todo],
             [p.status for p in todo], [p.due.title for p in todo], [p.due.url for p in todo],
             [p.due.due_date for p in todo]],
        )
        mine = [row for row in cursor.fetchall() if row[4] == ReminderStatus.SENT]
        if mine:
            ids = [row[0] for row in mine]
            cursor.execute(
                """INSERT INTO notifications_notice (reminder_id, user_id, title, url, created)
                    SELECT id, recipient_id, title, url, now() FROM notifications_reminder WHERE id = ANY(%s)""",
                [ids])
            cursor.execute(
                """INSERT INTO notifications_outbox (reminder_id, user_id, message_id, immediate)
                    SELECT r, u, m, false FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[]) AS x(r, u, m)""",
                [ids, [row[3] for row in mine], [message_id_for(*row[:4]) for row in mine]])
    return [(key, step, recipient) for _pk, key, step, recipient, _status in mine]


def _record(todo: list[Planned], as_of: date, run: str) -> list[tuple[str, str, int]]:
    """(key, step, user id) of the sent reminders this call wrote."""
    if connection.vendor == "postgresql":
        return _record_batch_postgres(todo, as_of, run)
    return [(r.key, r.step, r.recipient_id) for r in _record_batch(todo, as_of, run)]


# --- the chase ---------------------------------------------------------------------------------

def _try_lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _unlock() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def chase(as_of: date | None = None, dry_run: bool = False) -> ChaseResult:
    """Chase everything registered, as of `as_of` (today by default). Safe to run twice or at once."""
    as_of = as_of or timezone.localdate()
    result = ChaseResult(as_of=as_of, dry_run=dry_run)
    if not _try_lock():
        result.locked = True
        return result
    try:
        _chase(as_of, dry_run, result)
    finally:
        _unlock()
    return result


def _chase(as_of: date, dry_run: bool, result: ChaseResult) -> None:
    rules = ChaseSettings.current().rules()
    planned = _candidates(all_dues(as_of), as_of, rules)
    run = uuid.uuid4().hex
    size = int(os.environ.get(BATCH_ENV) or BATCH)
    for start in range(0, len(planned), size):
        batch = planned[start:start + size]
        done = _existing(list({p.key for p in batch}))
        todo = [p for p in batch if (p.key, p.step, p.recipient) not in done]
        if not todo:
            continue
        if dry_run:
            mine = [(p.key, p.step, p.recipient) for p in todo if p.status == ReminderStatus.SENT]
        else:
            mine = _record(todo, as_of, run)
        result.sent.extend(mine)
        result.skipped.extend((p.key, p.step, p.recipient) for p in todo if p.status == ReminderStatus.SKIPPED)
    if not dry_run:
        result.emails = send_digests(as_of)


@dataclass
class RemindNowResult:
    reminders: list[Reminder]


def remind_now(key: str, by, as_of: date | None = None) -> RemindNowResult:
    """The business unit's "remind now": the owner is reminded at once, outside the digest, and it is
    recorded like any reminder (step "manual-<timestamp>", so it may be pressed again).

    The reminder, notice and outbox row are written here; the email goes by task once the caller's
    transaction commits (a web request never waits on SMTP)."""
    as_of = as_of or timezone.localdate()
    due = find_due(key, as_of)
    if due is None:
        raise ValidationError(NOTHING_OWED)
    owners = due.people([OWNER])
    if not owners:
        raise ValidationError(NOBODY_TO_REMIND)
    step = f"manual-{timezone.now():%Y%m%dT%H%M%S.%f}"
    todo = [Planned(key, step, pk, ReminderStatus.SENT, due) for pk in owners]
    mine = _record_batch(todo, as_of, uuid.uuid4().hex, manual_by=by, immediate=True)
    outbox_enqueue(list(Outbox.objects.filter(reminder__in=mine).values_list("pk", flat=True)))
    return RemindNowResult(reminders=mine)


NOT_YOUR_NOTICE = "Only the notice's recipient may mark it read."


def mark_notice_read(notice: Notice, user) -> None:
    """A user marks their own notice read (idempotent)."""
    if notice.user_id != user.pk:
        raise ValidationError(NOT_YOUR_NOTICE)
    if notice.read_on is None:
        notice.read_on = timezone.now()
        notice.save(update_fields=["read_on"])


def mark_all_notices_read(user) -> int:
    """Every unread notice of the user's, read now; how many."""
    return Notice.objects.filter(user=user, read_on__isnull=True).update(read_on=timezone.now())
