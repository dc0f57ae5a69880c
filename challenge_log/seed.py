"""Scaled log for query-count checks and the benchmark: `manage.py seed_scale --factor N`.

Per factor: 1,000 entries ("Seeded entry N") raised by the seeded bodies (accountability/seed.py, which
seed_scale runs first) against the seeded agencies, a quarter of them restricted: 500 challenges, each asked
for assurance and two in three of them answered, 400 risks with two reviews each, 100 concerns; every entry
with its timeline. At factor 10: 10,000 entries and some 27,000 steps.

Written with bulk_create, NOT through challenge_log.services, for the reason accountability/seed.py gives.
Numbers are taken from the year's counter in one block, under its lock, so a seeded entry never takes a number
a real one has. No history is written.

Idempotent: entries are counted and topped up to what the factor asks for, in one transaction."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accountability.models import Body, Organisation, User
from bscb.partnership import partnership_get
from bscb.periods import year_of

from .models import (
    AssuranceRequest,
    Entry,
    Kind,
    ReferenceCounter,
    Response,
    Review,
    Status,
    Step,
    StepKind,
)

PER_FACTOR = 1000
SEEDED_TITLE = "Seeded entry "
SEEDED_BODY_KIND = "Seeded group"  # accountability/seed.py's
BATCH = 2000


def _kind(n: int) -> str:
    return Kind.CHALLENGE if n % 10 < 5 else Kind.RISK if n % 10 < 9 else Kind.CONCERN


@transaction.atomic
def seed(factor: int) -> dict[str, int]:
    start = Entry.objects.filter(title__startswith=SEEDED_TITLE).count()
    count = max(factor * PER_FACTOR - start, 0)
    if not count:
        return {"log entries": 0}
    bodies = list(Body.objects.filter(kind__name=SEEDED_BODY_KIND).order_by("pk"))
    agencies = list(Organisation.objects.filter(name__startswith="Seeded").order_by("pk")) or list(
        Organisation.objects.order_by("pk")[:3])
    people = list(User.objects.filter(email__startswith="seed.").order_by("pk")[:200]) or list(
        User.objects.order_by("pk")[:10])
    if not bodies or not people:
        return {"log entries": 0}
    today = timezone.localdate()
    now = timezone.now()
    year = year_of(today, partnership_get().year_start_month).start.year
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    first, counter.last = counter.last + 1, counter.last + count
    counter.save(update_fields=["last"])

    entries = []
    for i in range(count):
        n, number = start + i, first + i
        kind = _kind(n)
        body, person = bodies[n % len(bodies)], people[n % len(people)]
        entries.append(Entry(
            reference=f"CRL-{year}-{number:03d}", year=year, number=number, kind=kind,
            title=f"{SEEDED_TITLE}{n}", description="A seeded entry for measuring pages under load.",
            raised_by_body=body, raised_by=person, raised_on=now, created_by=person, modified_by=person,
            organisation=agencies[n % len(agencies)] if kind == Kind.CHALLENGE else None,
            likelihood=1 + n % 5, impact=1 + (n // 5) % 5, restricted=n % 4 == 0,
            owner_body=body if kind == Kind.RISK else None,
            next_review_on=today + timedelta(days=n % 60 - 20) if kind == Kind.RISK else None,
            status=Status.ANSWERED if kind == Kind.CHALLENGE and n % 3 else
            Status.REQUESTED if kind == Kind.CHALLENGE else Status.OPEN))
    entries = Entry.objects.bulk_create(entries, batch_size=BATCH)
    steps = [Step(entry=e, kind=StepKind.RAISED, by=e.raised_by, on=now) for e in entries]

    challenges = [e for e in entries if e.kind == Kind.CHALLENGE]
    requests = AssuranceRequest.objects.bulk_create([
        AssuranceRequest(entry=e, organisation=e.organisation, asks="What assurance can you give?",
                         due_on=today + timedelta(days=e.number % 30 - 10), created_by=e.raised_by)
        for e in challenges], batch_size=BATCH)
    steps += [Step(entry=r.entry, kind=StepKind.REQUESTED, by=r.created_by, on=now) for r in requests]
    answered = [r for r in requests if r.entry.status == Status.ANSWERED]
    Response.objects.bulk_create([Response(request=r, text="Our assurance report.", organisation=r.organisation,
                                           created_by=r.created_by) for r in answered], batch_size=BATCH)
    steps += [Step(entry=r.entry, kind=StepKind.ANSWERED, by=r.created_by, on=now) for r in answered]

    risks = [e for e in entries if e.kind == Kind.RISK]
    reviews = Review.objects.bulk_create([
        Review(entry=e, likelihood=e.likelihood, impact=e.impact, commentary="Reviewed.", created_by=e.raised_by)
        for e in risks for _ in range(2)], batch_size=BATCH)
    steps += [Step(entry=r.entry, kind=StepKind.REVIEWED, by=r.created_by, on=now) for r in reviews]
    Step.objects.bulk_create(steps, batch_size=BATCH)
    return {"log entries": len(entries), "log steps": len(steps)}
