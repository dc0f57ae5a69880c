"""Scaled data for query-count checks and the benchmark: `manage.py seed_scale --factor N`.

Per factor: 200 people, 3 partner agencies (each with a lead) and 10 bodies of a kind of their
own ("Seeded group", so that their chairs never take seats on a real body), each with 13
memberships and 50 meetings a fortnight apart around today: 40 held, with every member's
attendance (some apologies, absences and delegates) and 2 decisions each, and 10 scheduled.
At factor 10: 100 bodies, 2,000 people, 5,000 meetings, 52,000 attendances, 8,000 decisions.

Written with bulk_create, NOT through accountability.services: the services validate and save one
row at a time and write its history (tens of queries a row), which for tens of thousands of rows
would take many minutes. These rows exist to measure pages under load; the rules are exercised by
the services' tests and the demo loader, which goes through the services. No history is written.

Idempotent: people and agencies are numbered and topped up to what the factor asks for. A seeded
body is made together with everything under it, inside one transaction, so a body that exists is
complete: a second run at the same factor adds nothing, a run at a higher factor adds the bodies
(and people, agencies) that are missing.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bscb.models import Theme

from .models import (
    Attendance,
    AttendanceStatus,
    Body,
    BodyFunction,
    BodyKind,
    ChildrensVoice,
    Decision,
    Function,
    LeadRole,
    Meeting,
    MeetingStatus,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationLead,
    Role,
    Sector,
    User,
)

USERS_PER_FACTOR = 200
ORGANISATIONS_PER_FACTOR = 3
BODIES_PER_FACTOR = 10
MEMBERS_PER_BODY = 13
MEETINGS_PER_BODY = 50
PAST_MEETINGS_PER_BODY = 40  # the rest are scheduled
MEETING_EVERY_DAYS = 14
DECISIONS_PER_MEETING = 2
THEMES = 8
SEEDED_KIND = "Seeded group"
BATCH = 2000

TERM_START = date(2016, 4, 1)
AGENCY_KINDS = [(Sector.STATUTORY, OrganisationKind.LOCAL_AUTHORITY), (Sector.STATUTORY, OrganisationKind.POLICE),
                (Sector.STATUTORY, OrganisationKind.HEALTH), (Sector.STATUTORY, OrganisationKind.EDUCATION),
                (Sector.STATUTORY, OrganisationKind.PROBATION), (Sector.VOLUNTARY, OrganisationKind.VOLUNTARY)]


def _seed_users(factor: int) -> int:
    start = User.objects.filter(email__startswith="seed.").count()
    password = make_password(None)  # unusable: seeded people cannot sign in
    users = [
        User(email=f"seed.{n}@seed.example.org", full_name=f"Seeded Person {n}", job_title="Seeded member",
             password=password)
        for n in range(start, factor * USERS_PER_FACTOR)
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    return len(users)


def _seeded_people() -> list[int]:
    """Seeded people's ids, in the order of their numbers."""
    rows = User.objects.filter(email__startswith="seed.", email__endswith="@seed.example.org").values_list(
        "pk", "email"
    )
    by_number = {int(email[len("seed."):email.index("@")]): pk for pk, email in rows}
    return [by_number[n] for n in sorted(by_number)]


def _seed_organisations(factor: int, people: list[int]) -> tuple[int, list[int]]:
    start = Organisation.objects.filter(name__startswith="Seeded agency ").count()
    organisations = []
    for n in range(start, factor * ORGANISATIONS_PER_FACTOR):
        sector, kind = AGENCY_KINDS[n % len(AGENCY_KINDS)]
        organisations.append(Organisation(name=f"Seeded agency {n}", short_name=f"SA{n}", sector=sector, kind=kind))
    Organisation.objects.bulk_create(organisations, batch_size=BATCH)
    OrganisationLead.objects.bulk_create(
        [OrganisationLead(organisation=o, person_id=people[(n * 7) % len(people)], role=LeadRole.LEAD,
                          start=TERM_START)
         for n, o in enumerate(organisations, start=start)],
        batch_size=BATCH,
    )
    ids = Organisation.objects.filter(name__startswith="Seeded agency ").order_by("pk").values_list("pk", flat=True)
    return len(organisations), list(ids)


def _themes() -> list[int]:
    Theme.objects.bulk_create([Theme(name=f"Seeded theme {n}") for n in range(THEMES)], ignore_conflicts=True)
    return list(Theme.objects.filter(name__startswith="Seeded theme ").order_by("pk").values_list("pk", flat=True))


def _attendance_status(k: int, j: int) -> str:
    """Mostly present; now and then apologies, an absence or a delegate."""
    return {0: AttendanceStatus.APOLOGIES, 7: AttendanceStatus.ABSENT, 13: AttendanceStatus.DELEGATE}.get(
        (k * 3 + j) % 20, AttendanceStatus.PRESENT
    )


def _seed_bodies(factor: int, people: list[int], organisations: list[int], themes: list[int]) -> dict[str, int]:
    kind, _ = BodyKind.objects.get_or_create(name=SEEDED_KIND, defaults={"plural": "Seeded groups", "order": 90})
    start = Body.objects.filter(kind=kind).count()
    numbers = range(start, factor * BODIES_PER_FACTOR)
    counts = {"bodies": 0, "memberships": 0, "meetings": 0, "attendances": 0, "decisions": 0}
    if not numbers:
        return counts
    bodies = Body.objects.bulk_create([
        Body(kind=kind, name=f"Seeded group {n}", short_name=f"SG{n}", active_from=TERM_START,
             purpose="To fulfil the activity assigned to it.\nTo report its progress and risks.",
             membership_rule="Representatives from the seeded agencies", meeting_cadence_weeks=2,
             owes_summaries=n % 3 != 2, owes_quarterly_summaries=n % 3 != 2, owes_yearly_assurance=n % 3 != 2)
        for n in numbers
    ], batch_size=BATCH)
    counts["bodies"] = len(bodies)
    # Every seeded group but the tenth reports to the tenth before it (which then exists).
    head_names = {f"Seeded group {n // 10 * 10}" for n in numbers}
    heads = {b.name: b for b in Body.objects.filter(kind=kind, name__in=head_names)}
    for n, body in zip(numbers, bodies, strict=True):
        if n % 10:
            body.reports_to = heads[f"Seeded group {n // 10 * 10}"]
    Body.objects.bulk_update([b for b in bodies if b.reports_to_id], ["reports_to"], batch_size=BATCH)
    BodyFunction.objects.bulk_create(
        [BodyFunction(body=b, function=Function.RECEIVES_SUMMARIES) for n, b in zip(numbers, bodies, strict=True)
         if n % 10 == 0]
    )

    memberships = []
    for n, body in zip(numbers, bodies, strict=True):
        for j in range(MEMBERS_PER_BODY):
            role = Role.CHAIR if j == 0 else Role.VICE_CHAIR if j == 1 else Role.MEMBER
            memberships.append(Membership(
                body=body, person_id=people[(n * 17 + j * 5) % len(people)], role=role,
                organisation_id=organisations[(n + j) % len(organisations)], start=TERM_START,
            ))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    counts["memberships"] = len(memberships)

    today = timezone.localdate()
    meetings = []
    for n, body in zip(numbers, bodies, strict=True):
        for k in range(MEETINGS_PER_BODY):
            day = today + timedelta(days=(k - PAST_MEETINGS_PER_BODY) * MEETING_EVERY_DAYS + n % 7 - 7)
            held = k < PAST_MEETINGS_PER_BODY
            meetings.append(Meeting(
                body=body, starts_at=timezone.make_aware(datetime.combine(day, time(10 + n % 6))),
                place=f"Seeded room {n % 20}", status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
                minutes="The group reviewed its action plan and agreed its next steps." if held else "",
            ))
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    counts["meetings"] = len(meetings)

    seats = {}
    for m in memberships:
        seats.setdefault(m.body_id, []).append(m)
    attendances, decisions = [], []
    for index, meeting in enumerate(meetings):
        k = index % MEETINGS_PER_BODY
        if meeting.status != MeetingStatus.HELD:
            continue
        for j, seat in enumerate(seats[meeting.body_id]):
            status = AttendanceStatus.PRESENT if j == 0 else _attendance_status(k, j)
            delegate = status == AttendanceStatus.DELEGATE
            attendances.append(Attendance(
                meeting=meeting, person_id=seat.person_id, organisation_id=seat.organisation_id, status=status,
                delegate_name="Seeded Delegate" if delegate else "", delegate_role="Deputy" if delegate else "",
                delegate_organisation_id=seat.organisation_id if delegate else None,
                delegate_sufficiently_senior=(k % 4 != 0) if delegate else None,
            ))
        for i in range(DECISIONS_PER_MEETING):
            informed = (k + i) % 2 == 0
            decisions.append(Decision(
                meeting=meeting, text=f"Seeded decision {k}.{i}: agreed the next steps on the action plan.",
                childrens_voice=ChildrensVoice.INFORMED if informed else ChildrensVoice.NOT_APPLICABLE,
                childrens_voice_detail="Young people's feedback shaped the next steps." if informed else "",
                not_applicable_reason="" if informed else "A decision about the group's own business.",
            ))
    Attendance.objects.bulk_create(attendances, batch_size=BATCH)
    decisions = Decision.objects.bulk_create(decisions, batch_size=BATCH)
    Through = Decision.themes.through
    Through.objects.bulk_create(
        [Through(decision_id=d.pk, theme_id=themes[n % len(themes)]) for n, d in enumerate(decisions)], batch_size=BATCH
    )
    counts["attendances"] = len(attendances)
    counts["decisions"] = len(decisions)
    return counts


@transaction.atomic
def seed(factor: int) -> dict[str, int]:
    counts = {"users": _seed_users(factor)}
    people = _seeded_people()
    counts["organisations"], organisations = _seed_organisations(factor, people) if people else (0, [])
    if people and organisations:
        counts.update(_seed_bodies(factor, people, organisations, _themes()))
    return counts
