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

One item's fault never stops the chase for the others (DESIGN.md): a source that raises, or an item
whose planning or recording raises (a date in the year 0017 once did), is logged with its traceback,
skipped and counted in `ChaseResult.failed`, which the command's and the task's summary name. A thing
whose step reaches nobody (no chair, no nominee, nobody in the business unit) is not dropped in
silence: it is counted in `ChaseResult.nobody`, recorded once a day (`Unreached`) and the
administrators are emailed about it once a day (mail.unreached_alert).

A due date that moves starts its ladder afresh: an item's first ladder has plain step names ("before",
"due", "overdue-1"...); once reminders are on record for another due date, the steps for a new date
carry it ("before@2018-03-15"), so the owner gets the "before" and "due" reminders again and the
reminders sent for the old date stay on record under their own steps.

Queries do not grow with the number of dues: existing reminders are loaded per batch of keys, and
new rows are written by multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING, a statement per 4,000
rows. Sending costs one query per person emailed (mark their digest sent, its rows with it), which is
bounded by people, not dues.
"""

import logging
import os
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from bscb.dates import FIRST_YEAR, LAST_YEAR
from bscb.services import NotAllowed, require

from . import ladder
from .mail import digests_closed, digests_open, outbox_enqueue, send_digests, unreached_alert
from .models import (
    LADDER_DATE,
    ChaseSettings,
    Notice,
    Outbox,
    Reminder,
    ReminderStatus,
    Unreached,
    ladder_step,
    reminder_message_id,
)
from .registry import OWNER, Due, find_due, sources
from .selectors import already_reminded, recent_remind_nows

log = logging.getLogger(__name__)

User = get_user_model()
LOCK_KEY = 7_204_115_001  # fixed advisory-lock key of the chase
BATCH = 10_000  # planned reminders per transaction: a kill loses at most one uncommitted batch
BATCH_ENV = "NOTIFICATIONS_BATCH"  # optional override (the worker-kill test uses small batches)

NOTHING_OWED = "Nothing is owed for this any more (it may have been submitted), so nobody was reminded."
NOBODY_TO_REMIND = "Nobody holds the post that owes this, so nobody could be reminded. Fill the post first."
AS_OF_RANGE = f"The chase's day must be in the years {FIRST_YEAR} to {LAST_YEAR}."

# Not one item's fault: the database or the connection gone, or the task's time up. These stop the run.
STOPS_THE_RUN = (OperationalError, InterfaceError, SoftTimeLimitExceeded)


@dataclass
class Planned:
    key: str
    step: str
    recipient: int
    status: str
    due: Due


@dataclass(frozen=True)
class Failure:
    """An item (or a whole source, "source <kind>") the chase skipped because planning or recording it
    raised."""

    key: str
    reason: str  # "OverflowError: date value out of range"


@dataclass(frozen=True)
class Nobody:
    """A thing owed whose step today reaches nobody."""

    key: str
    step: str
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
    failed: list[Failure] = field(default_factory=list)  # items skipped after an error, and why
    nobody: list[Nobody] = field(default_factory=list)  # things whose step today reaches nobody
    alerted: bool = False  # the administrators have been emailed today about every one of `nobody`

    def problems(self) -> str:
        """What the summary line adds when something could not be chased ("" when all went well)."""
        parts = []
        if self.failed:
            named = ", ".join(f"{f.key} ({f.reason})" for f in self.failed[:3])
            more = f" and {len(self.failed) - 3} more" if len(self.failed) > 3 else ""
            parts.append(f"{len(self.failed)} item(s) skipped after an error, see the log: {named}{more}")
        if self.nobody:
            told = ("the administrators will be alerted" if self.dry_run else "the administrators were alerted"
                    if self.alerted else "the administrators could not be alerted, see the log")
            parts.append(f"{len(self.nobody)} item(s) with nobody to remind ({told})")
        return "".join(f"; {part}" for part in parts)


# --- planning ---------------------------------------------------------------------------------

def _fault(result: ChaseResult, key: str, error: Exception) -> None:
    """Log an item's failure with its traceback and count it; a failure that is not the item's stops the run."""
    if isinstance(error, STOPS_THE_RUN):
        raise error
    log.error("The chase skipped %s after an error", key, exc_info=error)
    result.failed.append(Failure(key, " ".join(f"{type(error).__name__}: {error}".split())[:300]))


def _dues(as_of: date, result: ChaseResult) -> list[Due]:
    """Every registered source's dues; a source that raises is logged, skipped and counted (each in a
    transaction of its own, so that a query it breaks leaves the connection usable for the others)."""
    dues = []
    for kind, source in sources().items():
        try:
            with transaction.atomic():
                dues.extend(source(as_of))
        except Exception as error:  # noqa: BLE001 - one source's fault must not stop the others
            _fault(result, f"source {kind}", error)
    return dues


KEYS_PER_QUERY = 10_000


def _first_ladder_dates(keys: list[str]) -> dict[str, set[date]]:
    """key -> the due dates its first ladder was chased for (the reminders of plainly named steps)."""
    dates: dict[str, set[date]] = defaultdict(set)
    for start in range(0, len(keys), KEYS_PER_QUERY):
        rows = (Reminder.objects.filter(key__in=keys[start:start + KEYS_PER_QUERY])
                .exclude(step__contains=LADDER_DATE).exclude(step__startswith="manual-")
                .values_list("key", "due_date").distinct())
        for key, due_date in rows:
            dates[key].add(due_date)
    return dates


def _candidates(dues: list[Due], as_of: date, rules: ladder.Rules, result: ChaseResult) -> list[Planned]:
    """The reminders today's steps call for: the current step's sent, the earlier ones' skipped. An item
    whose planning raises is skipped (result.failed); one whose step reaches nobody is noted
    (result.nobody). A due date other than the ones its first ladder was chased for names its steps
    with the date (a ladder afresh)."""
    plans = {}  # many things share a due date: the ladder is worked out once per date
    today = []
    for due in dues:
        try:
            if due.done:
                continue
            if due.due_date not in plans:
                plans[due.due_date] = ladder.steps_today(due.due_date, as_of, rules)
            current, earlier = plans[due.due_date]
            if current is not None:
                today.append((due, current, earlier))
        except Exception as error:  # noqa: BLE001 - one item's fault must not stop the others
            _fault(result, getattr(due, "key", repr(due)), error)
    first = _first_ladder_dates(list({due.key for due, _current, _earlier in today}))
    out = []
    for due, current, earlier in today:
        try:
            restarted = bool(first.get(due.key)) and due.due_date not in first[due.key]
            people = due.people(current.rungs)
            if not people:
                result.nobody.append(Nobody(due.key, ladder_step(current.name, due.due_date, restarted), due))
                continue
            planned = [Planned(due.key, ladder_step(step.name, due.due_date, restarted), pk, ReminderStatus.SKIPPED,
                               due) for step in earlier for pk in due.people(step.rungs)]
            planned += [Planned(due.key, ladder_step(current.name, due.due_date, restarted), pk, ReminderStatus.SENT,
                                due) for pk in people]
        except Exception as error:  # noqa: BLE001
            _fault(result, due.key, error)
            continue
        out.extend(planned)
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
    """Chase everything registered, as of `as_of` (today by default). Safe to run twice or at once.

    A day outside the years every date field keeps to is refused (ValidationError AS_OF_RANGE)."""
    as_of = as_of or timezone.localdate()
    if not FIRST_YEAR <= as_of.year <= LAST_YEAR:
        raise ValidationError(AS_OF_RANGE, code="as_of_range")
    result = ChaseResult(as_of=as_of, dry_run=dry_run)
    if not _try_lock():
        result.locked = True
        return result
    try:
        _chase(as_of, dry_run, result)
    finally:
        _unlock()
    return result


def _record(batch: list[Planned], as_of: date, run: str, result: ChaseResult) -> list[Recorded]:
    """Record a batch in one transaction; if it fails, item by item, so that one item's fault (a value
    the database refuses) is skipped and counted and the others are recorded."""
    try:
        return reminders_record(batch, as_of=as_of, run=run)
    except STOPS_THE_RUN:
        raise
    except Exception:  # noqa: BLE001
        log.warning("A batch of %s reminders failed; recording them item by item", len(batch), exc_info=True)
    by_key: dict[str, list[Planned]] = defaultdict(list)
    for p in batch:
        by_key[p.key].append(p)
    recorded = []
    for key, todo in by_key.items():
        try:
            recorded += reminders_record(todo, as_of=as_of, run=run)
        except Exception as error:  # noqa: BLE001
            _fault(result, key, error)
    return recorded


def unreached_record(nobody: Sequence[Nobody], *, as_of: date) -> None:
    """Record the things nobody could be reminded of on `as_of`, each once a day (a rerun adds nothing)."""
    if nobody:
        Unreached.objects.bulk_create(
            [Unreached(key=n.key[:200], day=as_of, step=n.step[:60], title=n.due.title[:300], url=n.due.url[:500],
                       due_date=n.due.due_date) for n in nobody],
            ignore_conflicts=True)


def _chase(as_of: date, dry_run: bool, result: ChaseResult) -> None:
    rules = ChaseSettings.current().rules()
    planned = _candidates(_dues(as_of, result), as_of, rules, result)
    run = uuid.uuid4().hex
    size = int(os.environ.get(BATCH_ENV) or BATCH)
    ids: dict[tuple[str, str, int], int] = {}  # the reminders this run wrote, by (key, step, user id)
    failed = set()
    for start in range(0, len(planned), size):
        batch = planned[start:start + size]
        done = _existing(list({p.key for p in batch}))
        todo = [p for p in batch if (p.key, p.step, p.recipient) not in done and p.key not in failed]
        if not todo:
            continue
        if dry_run:
            result.sent.extend((p.key, p.step, p.recipient) for p in todo if p.status == ReminderStatus.SENT)
        else:
            before = len(result.failed)
            for r in _record(todo, as_of, run, result):
                ids[r.key, r.step, r.recipient] = r.reminder
                result.sent.append((r.key, r.step, r.recipient))
            failed |= {f.key for f in result.failed[before:]}
        result.skipped.extend((p.key, p.step, p.recipient) for p in todo
                              if p.status == ReminderStatus.SKIPPED and p.key not in failed)
    if dry_run:
        closed = digests_closed(as_of, {user for *_, user in result.sent})
        result.held = [s for s in result.sent if s[2] in closed]
        return
    sending = send_digests(as_of)
    result.emails, result.resent = sending.emails, sending.resent
    result.held = [s for s in result.sent if ids[s] in sending.waiting]
    try:  # after the digests: an alert that fails must not hold back the reminders
        unreached_record(result.nobody, as_of=as_of)
        result.alerted = unreached_alert(as_of, [n.key for n in result.nobody])
    except STOPS_THE_RUN:
        raise
    except Exception:  # noqa: BLE001
        log.exception("The administrators' alert of the items with nobody to remind failed")


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


def notify(user_ids: Iterable[int], *, key: str, title: str, url: str) -> None:
    """Tell people of a step another app took, once each per `key` (a notice with no reminder behind it,
    so no email: the step's own page and queue already hold it)."""
    if not key:
        raise ValueError("A notice needs a key to stay single.")
    Notice.objects.bulk_create([Notice(user_id=pk, key=key, title=title[:300], url=url)
                                for pk in dict.fromkeys(user_ids)], ignore_conflicts=True)
