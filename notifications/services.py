"""The chase: compute what is due from every registered source, record it exactly once, send digests.

Exactly once (DESIGN.md): each reminder is recorded once, under the unique (key, step, recipient)
constraint; its in-app notice and its outbox row are written in the same transaction as the
reminder, so a killed worker leaves either all three or none. One function writes them
(`reminders_record`), for the chase and "remind now", on PostgreSQL and SQLite alike. Mail is sent
from the outbox (notifications/mail.py): each person's digest of the day is stored, with its rows and
its Message-ID, before it is sent and marked sent afterwards, so a crash between the two resends that
same digest with the same Message-ID (at least once, recognisably) and later reminders go in a later
digest.

Overlapping runs: on PostgreSQL the chase takes a session advisory lock (pg_try_advisory_lock on a
fixed key; it dies with the connection if the process is killed) and a second run returns at once
with `locked=True`. On SQLite there is no lock: the run just proceeds, and the unique constraints
(a reminder per key, step and person; a digest per person and day) still keep every reminder,
notice and digest single.

Queries do not grow with the number of dues: existing reminders are loaded per batch of keys, and
new rows are written by multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING, a statement per 4,000
rows. Sending costs one query per person emailed (mark their digest sent, its rows with it), which is
bounded by people, not dues.
"""

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from bscb.services import NotAllowed, require

from . import ladder
from .mail import digests_closed, digests_open, outbox_enqueue, send_digests
from .models import ChaseSettings, Notice, Outbox, Reminder, ReminderStatus, reminder_message_id
from .registry import OWNER, Due, all_dues, find_due
from .selectors import already_reminded, recent_remind_nows

User = get_user_model()
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
    # (key, step, user id) of the reminders this run recorded as sent, each with its in-app notice...
    sent: list[tuple[str, str, int]] = field(default_factory=list)
    # ...and of those, the ones whose email waits for a later digest: the person's digest of the day
    # was made already (by an earlier run that day), or it could not be delivered (SMTP refused it)
    held: list[tuple[str, str, int]] = field(default_factory=list)
    skipped: list[tuple[str, str, int]] = field(default_factory=list)
    emails: int = 0  # digests delivered by this run...
    # ...of which resent: closed by an earlier run that did not mark them sent (it died, or SMTP refused
    # them), sent now as they were, under the same Message-ID
    resent: int = 0


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

class Recorded(NamedTuple):
    """A sent reminder this call wrote, with its outbox row."""

    reminder: int
    key: str
    step: str
    recipient: int
    outbox: int


# Rows per INSERT: 7 parameters a reminder, 28,000 in all, under SQLite's limit of 32,766 (since 3.32;
# RETURNING needs 3.35) and PostgreSQL's 65,535 (a server-side prepared statement's).
ROWS_PER_INSERT = 4_000


def _insert(cursor, model, *, same: dict, each: tuple[str, ...], rows: list[tuple], returning: tuple[str, ...] = (),
            skip_conflicts_on: tuple[str, ...] = ()) -> list[tuple]:
    """Insert `rows` (values of the columns `each`; the columns of `same` take the same value in every
    row), ROWS_PER_INSERT to a statement, and return the `returning` columns of the rows written.

    The same SQL on PostgreSQL and SQLite: INSERT ... SELECT from a multi-row VALUES list, whose
    columns both name column1, column2... (`WHERE true` keeps SQLite's parser from reading ON CONFLICT
    as a join's). With `skip_conflicts_on`, a row that would break that unique constraint is neither
    written nor returned (ON CONFLICT ... DO NOTHING)."""
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in (*each, *same))
    picked = ", ".join([f"column{i}" for i in range(1, len(each) + 1)] + ["%s"] * len(same))
    # Only this app's own table and column names, quoted, are formatted in; every value is a parameter.
    head = f"INSERT INTO {q(model._meta.db_table)} ({columns}) SELECT {picked} FROM (VALUES "  # noqa: S608
    tail = ") AS v WHERE true"
    if skip_conflicts_on:
        tail += f" ON CONFLICT ({', '.join(q(c) for c in skip_conflicts_on)}) DO NOTHING"
    if returning:
        tail += f" RETURNING {', '.join(q(c) for c in returning)}"
    one = "(" + ", ".join(["%s"] * len(each)) + ")"
    out = []
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start:start + ROWS_PER_INSERT]
        cursor.execute(head + ", ".join([one] * len(chunk)) + tail,
                       [*same.values(), *(value for row in chunk for value in row)])
        if returning:
            out.extend(cursor.fetchall())
    return out


def reminders_record(todo: Sequence[Planned], *, as_of: date, run: str, sent_by: int | None = None,
                     immediate: bool = False) -> list[Recorded]:
    """Record planned reminders: each reminder, and for a sent one its in-app notice and its outbox
    row (a random Message-ID of its own), all in one transaction. The one way reminders are written:
    the chase's batches and "remind now" (`sent_by`, `immediate`) alike, on PostgreSQL and SQLite.

    A sent reminder's outbox row goes, in the same transaction, in its person's open digest of `as_of`
    (made when missing: mail.digests_open), unless it is "remind now" (`immediate`: an email of its
    own) or the person's digest of the day is closed (sending it has begun): it then waits for their
    next digest.

    A reminder already recorded under (key, step, recipient), by an earlier or an overlapping run, is
    not written again (INSERT ... ON CONFLICT DO NOTHING RETURNING): the sent reminders returned are
    exactly those this call wrote, and only they get a notice and an outbox row. No model instances
    are built (a first chase over 10,000 summaries writes some 60,000 rows)."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(), connection.cursor() as cursor:
        written = _insert(
            cursor, Reminder,
            same={"as_of": ops.adapt_datefield_value(as_of), "sent_by_id": sent_by, "run": run, "created": now},
            each=("key", "step", "recipient_id", "status", "title", "url", "due_date"),
            rows=[(p.key, p.step, p.recipient, str(p.status), p.due.title, p.due.url,
                   ops.adapt_datefield_value(p.due.due_date)) for p in todo],
            returning=("id", "key", "step", "recipient_id", "status"),
            skip_conflicts_on=("key", "step", "recipient_id"),
        )
        sent = [row[:4] for row in written if row[4] == ReminderStatus.SENT]
        if not sent:
            return []
        planned = {(p.key, p.step, p.recipient): p.due for p in todo}
        _insert(cursor, Notice, same={"created": now}, each=("reminder_id", "user_id", "title", "url"),
                rows=[(pk, user, (due := planned[key, step, user]).title, due.url) for pk, key, step, user in sent])
        digests = {} if immediate else digests_open(as_of, {user for *_, user in sent})
        same, each = {"immediate": immediate}, ("reminder_id", "user_id", "message_id", "digest_id")
        rows = [(pk, user, reminder_message_id(), digests.get(user)) for pk, _key, _step, user in sent]
        if not digests:  # no digest: a VALUES column of NULLs alone is text to PostgreSQL
            same["digest_id"], each, rows = None, each[:3], [row[:3] for row in rows]
        outbox = dict(_insert(cursor, Outbox, same=same, each=each, rows=rows, returning=("reminder_id", "id")))
    return [Recorded(pk, key, step, user, outbox[pk]) for pk, key, step, user in sent]


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
    ids: dict[tuple[str, str, int], int] = {}  # the reminders this run wrote, by (key, step, user id)
    for start in range(0, len(planned), size):
        batch = planned[start:start + size]
        done = _existing(list({p.key for p in batch}))
        todo = [p for p in batch if (p.key, p.step, p.recipient) not in done]
        if not todo:
            continue
        if dry_run:
            result.sent.extend((p.key, p.step, p.recipient) for p in todo if p.status == ReminderStatus.SENT)
        else:
            for r in reminders_record(todo, as_of=as_of, run=run):
                ids[r.key, r.step, r.recipient] = r.reminder
                result.sent.append((r.key, r.step, r.recipient))
        result.skipped.extend((p.key, p.step, p.recipient) for p in todo if p.status == ReminderStatus.SKIPPED)
    if dry_run:
        closed = digests_closed(as_of, {user for *_, user in result.sent})
        result.held = [s for s in result.sent if s[2] in closed]
        return
    sending = send_digests(as_of)
    result.emails, result.resent = sending.emails, sending.resent
    result.held = [s for s in result.sent if ids[s] in sending.waiting]


@dataclass
class RemindNowResult:
    reminders: list[Reminder]
    # Why owners were left out (each was reminded by hand within the interval), one sentence each.
    held_back: list[str] = field(default_factory=list)


NOT_REMINDABLE = "This cannot be reminded by hand."


def remind_now(key: str, *, by, as_of: date | None = None) -> RemindNowResult:
    """The business unit's "remind now": the owner is reminded at once, outside the digest, and it is
    recorded like any reminder (step "manual-<timestamp>").

    Who may press it is the declaring app's permission on its record, handed over with the due. Each
    owner gets one such reminder per item in the interval set in the chasing settings: a double-click,
    a retry or a second officer is refused with the time of the first. The owners' rows are locked
    while this checks and records, so two presses at the same instant send one reminder.

    The reminder, notice and outbox row are written here; the email goes by task once the caller's
    transaction commits (a web request never waits on SMTP)."""
    as_of = as_of or timezone.localdate()
    due = find_due(key, as_of)
    if due is None:
        raise ValidationError(NOTHING_OWED)
    if not due.remind_perm:
        raise NotAllowed(NOT_REMINDABLE)
    require(by, due.remind_perm, due.record)
    owners = due.people([OWNER])
    if not owners:
        raise ValidationError(NOBODY_TO_REMIND)
    minutes = ChaseSettings.current().remind_now_minutes
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk__in=owners).order_by("pk").values_list("pk", flat=True))
        recent = recent_remind_nows(key, owners, minutes)
        todo_ids = [pk for pk in owners if pk not in recent]
        if not todo_ids:
            raise ValidationError([already_reminded(recent[pk], minutes) for pk in owners])
        step = f"manual-{timezone.now():%Y%m%dT%H%M%S.%f}"
        todo = [Planned(key, step, pk, ReminderStatus.SENT, due) for pk in todo_ids]
        recorded = reminders_record(todo, as_of=as_of, run=uuid.uuid4().hex, sent_by=by.pk, immediate=True)
        outbox_enqueue([r.outbox for r in recorded])
    return RemindNowResult(
        reminders=list(Reminder.objects.filter(pk__in=[r.reminder for r in recorded])
                       .select_related("outbox", "sent_by", "recipient")),
        held_back=[already_reminded(recent[pk], minutes) for pk in owners if pk in recent])


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
