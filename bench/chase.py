"""The chase under `make bench`: notifications.services.chase over 10,000 draft summaries.

Run by bench/run.py after the pages, inside Django on the bench database
(`manage.py shell -c "...; chase.main()"`); `python bench/chase.py` runs it by hand with the
environment's DATABASE_URL (it sets DJANGO_SETTINGS_MODULE itself).

What it does, every run:

1. Makes sure the bench chase's own set exists, topped up rather than rebuilt. Everything in it is
   named "Bench chase ..." (body kind "Bench chase group", people @bench-chase.example.org), is
   written with bulk_create (no services, no post_save signal, no history) and is active only in
   2014-2015, so that today's pages do not list it:
   - BODIES bodies "Bench chase group N", owing summaries (no cadence: never flagged as quiet), each
     with a chair; MEETINGS_PER_BODY held meetings each, one draft summary per meeting;
   - the business unit and the monitoring body with its chair: the database's own where one holds
     the function on AS_OF, else "Bench chase business unit" (BU_OFFICERS officers) and "Bench chase
     monitoring group" (a chair).
   The meetings lie so that the summaries' due dates (15 working days later, as
   reporting.deadlines.summary_due_date computes them, so summaries_redate moves none) are spread over
   SPREAD working days, from 5 working days ahead of AS_OF to 15 behind it: every step of the
   ladder from "before" to "overdue-5" is sent to someone, with the skipped steps beneath it.
2. Resets the set's summaries to draft and deletes the reminders, notices and outbox rows under
   their keys ("summary:<pk>"), and the digests that carried them, and nothing else, so that every
   run measures a first chase.
3. Times chase(as_of=AS_OF) (wall time, and the SQL queries on the default connection with
   CaptureQueriesContext), then a second chase the same day, which must send nothing.

Mail goes to the backend the environment names (bench/run.py sets EMAIL_URL=memorymail://, Django's
locmem backend: nothing leaves the machine).

Prints one line, and one JSON line for bench/run.py:

    chase: 10000 summaries, first run 11.8 s, 163 queries, 57706 reminders (21456 sent, 36250 skipped),
    103 emails; second run 1.8 s, 24 queries, 0 reminders, 0 emails
    CHASE={"as_of": "2015-06-17", "summaries": 10000, ...}

Environment:
    BENCH_CHASE_SUMMARIES  how many draft summaries are due, default 10000 (a multiple of BODIES
                           is not needed; the last meetings are left out)
    BENCH_CHASE_PROFILE    1: run the first chase under cProfile and print the 30 costliest
                           functions by cumulative time and the 15 by own time; the figures are
                           then inflated by the profiler
"""

import cProfile
import io
import json
import os
import pstats
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent

AS_OF = date(2015, 6, 17)  # a Wednesday, a working day; before any seeded data (from April 2016)
ACTIVE_FROM = date(2014, 1, 1)
ACTIVE_TO = date(2015, 12, 31)  # the set is invisible to today's pages
SUMMARIES = 10_000
BODIES = 100
SPREAD = 21  # due dates on 21 working days: AS_OF + 5 ... AS_OF - 15
AHEAD = 5  # the latest due date, in working days after AS_OF (the "before" step's reach)
BU_OFFICERS = 2
KIND = "Bench chase group"
DOMAIN = "@bench-chase.example.org"
BU_NAME = "Bench chase business unit"
MONITORING_NAME = "Bench chase monitoring group"
GOAL_SECONDS = 10
BATCH = 2000


def _meetings_per_body(total: int) -> int:
    return -(-total // BODIES)  # ceiling


def _slot(n: int, k: int, total: int) -> tuple[int, int] | None:
    """(working days before the latest due date, minutes after 8:00) of body n's meeting k, or None
    past `total`. Body n's meetings take n, n+1, ...: each (day, time) once, due dates evenly spread."""
    if k * BODIES + n >= total:
        return None
    i = n + k
    return i % SPREAD, i // SPREAD


# --- the set -----------------------------------------------------------------------------------

def _users(prefixes: list[str]) -> dict[str, int]:
    """People of the set by local part ("chair.3"), made when missing (unusable passwords)."""
    from django.contrib.auth.hashers import make_password

    from accountability.models import User

    emails = [f"bench.chase.{p}{DOMAIN}" for p in prefixes]
    password = make_password(None)
    User.objects.bulk_create(
        [User(email=e, full_name=f"Bench Chase {p.replace('.', ' ').title()}", job_title="Bench chase",
              password=password) for e, p in zip(emails, prefixes, strict=True)],
        ignore_conflicts=True, batch_size=BATCH,
    )
    found = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    return {p: found[e] for e, p in zip(emails, prefixes, strict=True)}


def _own_body(kind, name: str, short: str, function: str):
    from accountability.models import Body, BodyFunction

    body, _ = Body.objects.get_or_create(name=name, defaults={
        "kind": kind, "short_name": short, "active_from": ACTIVE_FROM, "active_to": ACTIVE_TO,
        "purpose": "The bench chase's own (bench/chase.py).",
    })
    BodyFunction.objects.get_or_create(body=body, function=function)
    return body


def _ensure_member(body, person_id: int, role: str) -> None:
    from accountability.models import Membership

    if not Membership.objects.filter(body=body, person_id=person_id, role=role).exists():
        Membership.objects.bulk_create([Membership(body=body, person_id=person_id, role=role, start=ACTIVE_FROM)])


def _rungs(kind) -> dict:
    """The business unit and the monitoring body the chase will find on AS_OF: the database's own
    where there is one, else the set's (made once)."""
    from accountability.models import Function, Role
    from accountability.selectors import body_with_function, chair_of, current_members

    unit = body_with_function(Function.BUSINESS_UNIT, AS_OF)
    if unit is None or unit.name == BU_NAME:
        unit = _own_body(kind, BU_NAME, "Bench BU", Function.BUSINESS_UNIT)
        officers = _users([f"bu.{n}" for n in range(BU_OFFICERS)])
        for pk in officers.values():
            _ensure_member(unit, pk, Role.BUSINESS_UNIT_OFFICER)
    monitoring = body_with_function(Function.MONITORS, AS_OF)
    if monitoring is None or monitoring.name == MONITORING_NAME:
        monitoring = _own_body(kind, MONITORING_NAME, "Bench MG", Function.MONITORS)
        _ensure_member(monitoring, _users(["monitoring.chair"])["monitoring.chair"], Role.CHAIR)
    chair = chair_of(monitoring, AS_OF)
    return {
        "business_unit": unit.name, "business_unit_people": len(current_members(unit, AS_OF)),
        "monitoring_body": monitoring.name, "monitoring_chair": chair is not None,
    }


def _bodies(kind) -> list:
    from accountability.models import Body, Membership, Role

    names = [f"{KIND} {n}" for n in range(BODIES)]
    Body.objects.bulk_create(
        [Body(kind=kind, name=name, short_name=f"BCG{n}", active_from=ACTIVE_FROM, active_to=ACTIVE_TO,
              owes_summaries=True, meeting_cadence_weeks=None, purpose="The bench chase's own (bench/chase.py).")
         for n, name in enumerate(names)],
        ignore_conflicts=True, batch_size=BATCH,
    )
    by_name = {b.name: b for b in Body.objects.filter(name__in=names)}
    bodies = [by_name[name] for name in names]
    chairs = _users([f"chair.{n}" for n in range(BODIES)])
    chaired = set(Membership.objects.filter(body__in=bodies, role=Role.CHAIR).values_list("body_id", flat=True))
    Membership.objects.bulk_create(
        [Membership(body=b, person_id=chairs[f"chair.{n}"], role=Role.CHAIR, start=ACTIVE_FROM)
         for n, b in enumerate(bodies) if b.pk not in chaired],
        batch_size=BATCH,
    )
    return bodies


def _expected_meetings(bodies, total: int) -> dict[tuple[int, datetime], None]:
    from django.utils import timezone

    from bscb.workdays import add_working_days
    from reporting.deadlines import deadline_counts

    latest_due = add_working_days(AS_OF, AHEAD)
    after = deadline_counts().summary_working_days
    days = [add_working_days(add_working_days(latest_due, -j), -after) for j in range(SPREAD)]
    expected = {}
    for n, body in enumerate(bodies):
        for k in range(_meetings_per_body(total)):
            slot = _slot(n, k, total)
            if slot is not None:
                offset, minutes = slot
                starts = datetime.combine(days[offset], clock(8)) + timedelta(minutes=minutes)
                expected[(body.pk, timezone.make_aware(starts))] = None
    return expected


def _delete_chase_rows(keys: list[str]) -> int:
    from notifications.models import Digest, Notice, Outbox, Reminder

    reminders = Reminder.objects.filter(key__in=keys)
    outbox = Outbox.objects.filter(reminder__in=reminders)
    digests = set(outbox.exclude(digest=None).values_list("digest_id", flat=True))
    outbox.delete()
    # The digests that carried them, when nothing else is in them (else the next chase finds the day's
    # digest made and holds its reminders for the next).
    Digest.objects.filter(pk__in=digests, rows__isnull=True).delete()
    Notice.objects.filter(reminder__in=reminders).delete()
    deleted, _ = reminders.delete()
    return deleted


def prepare(total: int) -> dict:
    """The set, topped up to `total` draft summaries due on AS_OF, with no reminders yet."""
    from django.db import transaction

    from accountability.models import BodyKind, Meeting, MeetingStatus
    from reporting.deadlines import deadline_counts, summary_due_date
    from reporting.dues import summary_key
    from reporting.models import Summary, SummaryStatus

    counts = deadline_counts()

    def due_of(meeting):
        return summary_due_date(meeting, counts)

    with transaction.atomic():
        kind, _ = BodyKind.objects.get_or_create(name=KIND, defaults={"plural": "Bench chase groups", "order": 95})
        rungs = _rungs(kind)
        bodies = _bodies(kind)
        expected = _expected_meetings(bodies, total)
        existing = {(m.body_id, m.starts_at): m for m in Meeting.objects.filter(body__in=bodies)}
        extra = [m.pk for slot, m in existing.items() if slot not in expected]
        if extra:  # the constants changed: drop what no longer fits, with its summary and reminders
            gone = list(Summary.objects.filter(meeting_id__in=extra).values_list("pk", flat=True))
            _delete_chase_rows([summary_key(pk) for pk in gone])
            Summary.objects.filter(pk__in=gone).delete()
            Meeting.objects.filter(pk__in=extra).delete()
        Meeting.objects.bulk_create(  # bulk_create: the post_save signal (summary_expect_or_redate) does not fire
            [Meeting(body_id=body_id, starts_at=starts_at, status=MeetingStatus.HELD, place="Bench room")
             for body_id, starts_at in expected if (body_id, starts_at) not in existing],
            batch_size=BATCH,
        )
        meetings = list(Meeting.objects.filter(body__in=bodies).select_related("body"))
        summaries = {s.meeting_id: s for s in Summary.objects.filter(body__in=bodies)}
        Summary.objects.bulk_create(
            [Summary(meeting=m, body_id=m.body_id, due_date=due_of(m)) for m in meetings
             if m.pk not in summaries],
            batch_size=BATCH,
        )
        # As a first chase finds them: drafts, nobody nominated, due when their meeting says.
        stale = []
        for m in meetings:
            s = summaries.get(m.pk)
            if s is not None and (s.status, s.nominated_drafter_id, s.due_date) != (
                    SummaryStatus.DRAFT, None, due_of(m)):
                s.status, s.nominated_drafter_id, s.due_date = SummaryStatus.DRAFT, None, due_of(m)
                s.submitted_on = s.submitted_by_id = None
                stale.append(s)
        Summary.objects.bulk_update(stale, ["status", "nominated_drafter", "due_date", "submitted_on",
                                            "submitted_by"], batch_size=BATCH)
        keys = [summary_key(pk) for pk in Summary.objects.filter(body__in=bodies).values_list("pk", flat=True)]
        cleared = _delete_chase_rows(keys)
    return {"keys": keys, "cleared": cleared, "reset": len(stale), **rungs}


def _due_on(keys: set[str]) -> int:
    """How many of the set's summaries the ladder chases on AS_OF."""
    from notifications import ladder
    from notifications.models import ChaseSettings
    from reporting.dues import summary_key
    from reporting.models import Summary, SummaryStatus

    rules = ChaseSettings.current().rules()
    return sum(
        1 for pk, due in Summary.objects.filter(status=SummaryStatus.DRAFT).values_list("pk", "due_date")
        if summary_key(pk) in keys and ladder.steps_today(due, AS_OF, rules)[0] is not None
    )


# --- measuring ---------------------------------------------------------------------------------

def _timed_chase(profile: bool = False):
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.services import chase

    mail.outbox = []
    profiler = cProfile.Profile() if profile else None
    # The log keeps the last queries_limit (9,000) queries: empty, it counts up to that many exactly.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        result = chase(as_of=AS_OF)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - start
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)
        print(out.getvalue())
    queries = len(ctx.captured_queries)
    if queries >= connection.queries_limit:
        raise RuntimeError(f"the chase issued {connection.queries_limit} queries or more: they no longer fit the log")
    return result, seconds, queries, len(getattr(mail, "outbox", []))


def measure(total: int = SUMMARIES, profile: bool = False) -> dict:
    from notifications.models import Notice, Reminder

    start = time.perf_counter()
    prepared = prepare(total)
    keys = set(prepared["keys"])
    due = _due_on(keys)
    seed_seconds = time.perf_counter() - start

    first, first_seconds, first_queries, first_mails = _timed_chase(profile)
    recorded = Reminder.objects.filter(key__in=keys).count()
    notices = Notice.objects.filter(reminder__key__in=keys).count()
    second, second_seconds, second_queries, second_mails = _timed_chase()
    after = Reminder.objects.filter(key__in=keys).count()

    others = {k for k, _s, _u in first.sent + first.skipped if k not in keys}
    problems = []
    if first.locked or second.locked:
        problems.append("another chase held the lock")
    if due != total:
        problems.append(f"{due} of the set's summaries are due on {AS_OF}, not {total}")
    if others:
        problems.append(f"the first chase also chased {len(others)} things outside the set")
    if second.sent or second.emails or second_mails or after != recorded:
        problems.append(f"the second run sent {len(second.sent)} reminders and {second.emails} emails "
                        f"({after - recorded} reminders recorded)")
    return {
        "as_of": AS_OF.isoformat(),
        "summaries": due,
        "bodies": BODIES,
        "business_unit": prepared["business_unit"],
        "business_unit_people": prepared["business_unit_people"],
        "monitoring_body": prepared["monitoring_body"],
        "seed_seconds": round(seed_seconds, 2),
        "cleared_reminders": prepared["cleared"],
        "first": {
            "seconds": round(first_seconds, 3),
            "queries": first_queries,
            "reminders": recorded,
            "sent": len(first.sent),
            "skipped": len(first.skipped),
            "notices": notices,
            "emails": first.emails,
            "mails_in_backend": first_mails,
            "profiled": profile,
        },
        "second": {
            "seconds": round(second_seconds, 3),
            "queries": second_queries,
            "reminders": after - recorded,
            "sent": len(second.sent),
            "emails": second.emails,
        },
        "goal_seconds": GOAL_SECONDS,
        "within_goal": first_seconds < GOAL_SECONDS,
        "other_keys": len(others),
        "problems": problems,
        "ok": not problems,
    }


def line(figures: dict) -> str:
    first, second = figures["first"], figures["second"]
    return (
        f"chase: {figures['summaries']} summaries, first run {first['seconds']:.1f} s, {first['queries']} queries, "
        f"{first['reminders']} reminders ({first['sent']} sent, {first['skipped']} skipped), "
        f"{first['emails']} emails; second run {second['seconds']:.1f} s, {second['queries']} queries, "
        f"{second['sent']} reminders, {second['emails']} emails"
    )


def main() -> dict:
    # It runs a real chase and deletes reminders: only on a database named for the bench.
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        raise SystemExit(f"bench/chase.py runs only on a bench database (its name contains 'bench'), not {name!r}.")
    total = int(os.environ.get("BENCH_CHASE_SUMMARIES") or SUMMARIES)
    profile = os.environ.get("BENCH_CHASE_PROFILE", "") not in ("", "0")
    figures = measure(total, profile=profile)
    print(line(figures), flush=True)
    for problem in figures["problems"]:
        print(f"chase: PROBLEM: {problem}", flush=True)
    print("CHASE=" + json.dumps(figures), flush=True)
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    sys.exit(0 if main()["ok"] else 1)
