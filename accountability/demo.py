"""Loads Bradford's structure and a year of its meetings from bradford.yaml.

Everything goes through the services the pages use (accountability.services, bscb.services), as
the business unit officer named by `recorded_by`, so that the demo's records carry the same
checks, rights, stamps and history as records made in the browser. As in a new deployment, the
administrator (`configured_by`, who holds every right) first sets up the business unit and the
officer's seat on it; the officer, then a business unit officer, records everything else.

Idempotent: records are found by name or email and updated only when the file says something
different (so a second run writes nothing, not even history); memberships and agency leads are
found by person, body or agency and role; a meeting is skipped when its body already has one that
day. Meetings are dated around today: every date of a body's schedule from a year ago to a few
months ahead (and at least to the next Board meeting flagged as the last of the year). A run on a
later day adds the dates that have come into that window and records as held, with attendance and
decisions, the scheduled meetings that have taken place since.

Each body with an `extraordinary` entry also gets one held meeting (or a few) off its grid, a set
number of working days before the load day, so that its summary (reporting/demo.py) stands on
a given rung of the chase whatever day the demo is loaded; they are added only while the body has
no meeting off its grid in the window, so a later run adds no second set.

Only the few pieces of configuration without a service (body kinds) are written directly.
"""

import math
import random
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone
from simple_history.models import HistoricalRecords

from accountability import services
from accountability.models import (
    CHAIR_ROLES,
    AttendanceStatus,
    Body,
    BodyFunction,
    BodyKind,
    ChildrensVoice,
    Decision,
    Function,
    MeetingStatus,
    Membership,
    Organisation,
    OrganisationLead,
    User,
)
from accountability.selectors import current_members
from bscb.models import Theme
from bscb.services import model_update, theme_create, theme_update
from bscb.workdays import add_working_days

WEEKDAYS = {name: n for n, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
PAST_DAYS = 365  # meetings from a year ago...
AHEAD_DAYS = 91  # ...to three months ahead, or further to reach the next final Board meeting
TERM_DAYS = 730  # memberships and agency leads start two years ago unless the file says otherwise
OWES = {"summaries": "owes_summaries", "quarterly_summaries": "owes_quarterly_summaries",
        "yearly_assurance": "owes_yearly_assurance"}

# How members attended, when they did not send a delegate (chairs are always present).
PRESENT, APOLOGIES = 0.82, 0.94  # cumulative: 82% present, 12% apologies, 6% absent
DELEGATE_CHANCE = 0.35  # a meeting where one member sends a delegate
SENIOR_CHANCE = 0.8  # the delegate had sufficient seniority


def recorder(data: dict) -> User:
    return User.objects.get(email__iexact=data["recorded_by"])


def administrator(data: dict) -> User:
    return User.objects.get(email__iexact=data["configured_by"], is_superuser=True)


@contextmanager
def history_names(by: User):
    """History rows written without a stamp name `by`, as they name the signed-in user in the
    browser (simple_history's middleware): a meeting marked held makes its summary expected through
    reporting's signal, which has no one to stamp it with."""
    context = HistoricalRecords.context
    before = getattr(context, "request", None)
    context.request = SimpleNamespace(user=by)
    try:
        yield
    finally:
        if before is None:
            del context.request
        else:
            context.request = before


def _days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


# Themes --------------------------------------------------------------------------------------


def demo_users_load(data: dict) -> list[User]:
    users = []
    for row in data["users"]:
        user = User.objects.filter(email__iexact=row["email"]).first()
        if user is None:
            user = User.objects.create_user(password=data["password"], **row)
        users.append(user)
    return users


def demo_themes_load(data: dict) -> list[Theme]:
    by = recorder(data)
    themes = []
    for row in data["themes"]:
        theme = Theme.objects.filter(name__iexact=row["name"]).first()
        if theme is None:
            theme = theme_create(data={"name": row["name"], "description": row.get("description", "")}, by=by)
        else:
            theme_update(theme=theme, data={"description": row.get("description", "")}, by=by)
        themes.append(theme)
    return themes


# Structure: people, agencies and their leads, body kinds, bodies, functions, memberships -----


def _people(data: dict) -> dict[str, User]:
    """Every person the file names, by lower-case email (the demo sign-ins included)."""
    for row in data["people"]:
        if not User.objects.filter(email__iexact=row["email"]).exists():
            # No password: the demo's fictional people cannot sign in (only the demo sign-ins can).
            User.objects.create_user(password=None, **row)
    emails = [row["email"].lower() for row in data["people"] + data["users"]]
    return {user.email.lower(): user for user in User.objects.filter(email__in=emails)}


def _organisations(data: dict, people: dict, by: User) -> dict[str, Organisation]:
    """Partner agencies and their leads, by the short name the file refers to them with."""
    agencies = {}
    for row in data["organisations"]:
        values = {
            "short_name": row["short_name"], "sector": row["sector"], "kind": row["kind"],
            "parent": agencies[row["parent"]] if row.get("parent") else None,
        }
        organisation = Organisation.objects.filter(name=row["name"]).first()
        if organisation is None:
            organisation = services.organisation_create(data={"name": row["name"], **values}, by=by)
        else:
            services.organisation_update(organisation=organisation, data=values, by=by)
        agencies[row["short_name"]] = organisation
        for lead in row.get("leads", []):
            person = people[lead["person"].lower()]
            leads = OrganisationLead.objects.filter(organisation=organisation, person=person, role=lead["role"])
            if not leads.exists():
                services.organisation_lead_add(
                    organisation=organisation, person=person, role=lead["role"],
                    start=_days_ago(lead.get("start_days_ago", TERM_DAYS)), by=by,
                )
    return agencies


def _kinds(data: dict, by: User) -> dict[str, BodyKind]:
    # Body kinds are configuration the administrator sets in the admin, with no rule of their own: made
    # directly, and changed through the one update helper.
    kinds = {}
    for row in data["body_kinds"]:
        kind, created = BodyKind.objects.get_or_create(
            name=row["name"], defaults={"plural": row["plural"], "order": row["order"]}
        )
        if not created:
            model_update(kind, {"plural": row["plural"], "order": row["order"]}, by=by)
        kinds[row["name"]] = kind
    return kinds


def _body_values(row: dict, kinds: dict, bodies: dict) -> dict:
    return {
        "kind": kinds[row["kind"]],
        "short_name": row["short_name"],
        "purpose": "\n".join(line.strip() for line in row["purpose"]),
        "terms_of_reference": row.get("terms_of_reference", "").strip(),
        "membership_rule": " ".join(row.get("membership_rule", "").split()),
        "seats_for_chairs_of": kinds[row["seats_for_chairs_of"]] if row.get("seats_for_chairs_of") else None,
        "reports_to": bodies[row["reports_to"]] if row.get("reports_to") else None,
        "meeting_cadence_weeks": row.get("meeting_cadence_weeks"),
        **{field: key in row.get("owes", []) for key, field in OWES.items()},
    }


def _body_create(row: dict, values: dict, by: User) -> Body:
    # Active dates are set once, when the body is made: relative ones would move every day.
    dates = {}
    if "active_from" in row:
        dates["active_from"] = row["active_from"]
    elif "active_from_days_ago" in row:
        dates["active_from"] = _days_ago(row["active_from_days_ago"])
    if "active_to_days_ahead" in row:
        dates["active_to"] = _days_ago(-row["active_to_days_ahead"])
    return services.body_create(data={"name": row["name"], **values, **dates}, by=by)


def _bodies(data: dict, kinds: dict, by: User) -> dict[str, Body]:
    """The bodies by short name, with their functions."""
    bodies = {}
    for row in data["bodies"]:
        values = _body_values(row, kinds, bodies)
        body = Body.objects.filter(name=row["name"]).first()
        if body is None:
            body = _body_create(row, values, by)
        else:
            services.body_update(body=body, data=values, by=by)
        functions = sorted(row.get("functions", []))
        if sorted(BodyFunction.objects.filter(body=body).values_list("function", flat=True)) != functions:
            services.body_functions_set(body=body, functions=functions, by=by)
        bodies[row["short_name"]] = body
    return bodies


def _seat_add(seat: dict, person: User, body: Body, agencies: dict, by: User) -> Membership:
    end = seat.get("end_days_ago")
    start = _days_ago(seat["start_days_ago"]) if "start_days_ago" in seat else max(
        body.active_from, _days_ago(TERM_DAYS))
    return services.membership_add(
        person=person, body=body, role=seat["role"],
        organisation=agencies[seat["agency"]] if seat.get("agency") else None,
        start=start, end=_days_ago(end) if end is not None else None, by=by,
    )


def _memberships(data: dict, people: dict, agencies: dict, bodies: dict, by: User) -> None:
    for row in data["bodies"]:
        body = bodies[row["short_name"]]
        for seat in row.get("members", []):
            person = people[seat["person"].lower()]
            if Membership.objects.filter(person=person, body=body, role=seat["role"]).exists():
                continue
            _seat_add(seat, person, body, agencies, by)


def _business_unit_set_up(data: dict, people: dict, agencies: dict, kinds: dict, by: User) -> None:
    """What an administrator does first in a new deployment, and the demo once: the body that is the
    business unit, its function, and the recorder's seat on it, so that the recorder holds the business
    unit's rights for the rest. Where it reports to is left to the recorder (that body comes later)."""
    admin = administrator(data)
    for row in data["bodies"]:
        if Function.BUSINESS_UNIT not in row.get("functions", []):
            continue
        body = Body.objects.filter(name=row["name"]).first()
        if body is None:
            body = _body_create(row, _body_values({**row, "reports_to": None}, kinds, {}), admin)
        if not BodyFunction.objects.filter(body=body, function=Function.BUSINESS_UNIT).exists():
            services.body_functions_set(body=body, functions=sorted(row["functions"]), by=admin)
        for seat in row.get("members", []):
            person = people[seat["person"].lower()]
            if person == by and not Membership.objects.filter(person=person, body=body, role=seat["role"]).exists():
                _seat_add(seat, person, body, agencies, admin)


def demo_structure_load(data: dict) -> dict[str, Body]:
    by = recorder(data)
    people = _people(data)
    kinds = _kinds(data, administrator(data))
    agencies = {row["short_name"]: Organisation.objects.filter(name=row["name"]).first()
                for row in data["organisations"]}
    _business_unit_set_up(data, people, agencies, kinds, by)
    agencies = _organisations(data, people, by)
    bodies = _bodies(data, kinds, by)
    _memberships(data, people, agencies, bodies, by)
    return bodies


# Meetings ------------------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def schedule_dates(rule: dict, start: date, end: date) -> list[date]:
    """The dates from start to end (inclusive) on which a body's schedule says it meets."""
    if rule["rule"] == "months":
        dates = []
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            if month in rule["months"]:
                day = _nth_weekday(year, month, WEEKDAYS[rule["weekday"]], rule["nth"])
                if start <= day <= end:
                    dates.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dates
    if rule["rule"] == "every_weeks":
        step = 7 * rule["weeks"]
        anchor = rule["from"]
        day = anchor + timedelta(days=step * math.ceil((start - anchor).days / step))
        dates = []
        while day <= end:
            dates.append(day)
            day += timedelta(days=step)
        return dates
    raise ValueError(f"Unknown meeting rule {rule['rule']!r}")


def year_end(day: date, year_start_month: int) -> date:
    """The last day of the partnership year that `day` falls in."""
    next_start = date(day.year + 1 if day.month >= year_start_month else day.year, year_start_month, 1)
    return next_start - timedelta(days=1)


def is_final_of_year(rule: dict, day: date, year_start_month: int) -> bool:
    """Whether `day` is the body's last meeting of its partnership year (for a flagged schedule)."""
    if not rule.get("final_of_year"):
        return False
    return not schedule_dates(rule, day + timedelta(days=1), year_end(day, year_start_month))


def meeting_window(data: dict, today: date) -> tuple[date, date]:
    """From a year ago to three months ahead, stretched to the next final Board meeting of the year."""
    year_start_month = data["partnership"]["year_start_month"]
    end = today + timedelta(days=AHEAD_DAYS)
    for row in data["bodies"]:
        rule = row.get("meetings")
        if rule and rule.get("final_of_year"):
            finals = [d for d in schedule_dates(rule, today, today + timedelta(days=400))
                      if is_final_of_year(rule, d, year_start_month)]
            if finals:
                end = max(end, finals[0])
    return today - timedelta(days=PAST_DAYS), end


def _starts_at(day: date, at: str) -> datetime:
    hour, minute = (int(part) for part in at.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _record_attendance(meeting, members, rng: random.Random, delegates: list, by: User, now: datetime,
                       force_delegate: bool) -> None:
    """Every expected member's attendance: chairs present, mostly present otherwise, some
    apologies, an absence now and then, and at some meetings one member sending a delegate."""
    candidates = [m for m in members if m.role not in CHAIR_ROLES and m.organisation_id]
    delegating = None
    if candidates and (force_delegate or rng.random() < DELEGATE_CHANCE):
        delegating = rng.choice(candidates).person_id
    for member in members:
        extra = {}
        if member.person_id == delegating:
            delegate = rng.choice(delegates)
            status = AttendanceStatus.DELEGATE
            extra = {"delegate_name": delegate["name"], "delegate_role": delegate["role"],
                     "delegate_organisation": member.organisation,
                     "delegate_sufficiently_senior": rng.random() < SENIOR_CHANCE}
        elif member.role in CHAIR_ROLES:
            status = AttendanceStatus.PRESENT
        else:
            draw = rng.random()
            status = (AttendanceStatus.PRESENT if draw < PRESENT
                      else AttendanceStatus.APOLOGIES if draw < APOLOGIES else AttendanceStatus.ABSENT)
        services.attendance_record(meeting=meeting, person=member.person, status=status,
                                   organisation=member.organisation, by=by, now=now, **extra)


def _record_decisions(meeting, pool: list, first: int, count: int, themes: dict, by: User,
                      now: datetime) -> None:
    month = f"{timezone.localtime(meeting.starts_at):%B %Y}"
    for n in range(count):
        row = pool[(first + n) % len(pool)]
        informed = row["voice"] == "informed"
        services.decision_record(
            meeting=meeting, text=row["text"].replace("{month}", month),
            childrens_voice=ChildrensVoice.INFORMED if informed else ChildrensVoice.NOT_APPLICABLE,
            childrens_voice_detail=row.get("detail", "") if informed else "",
            not_applicable_reason="" if informed else row["reason"],
            themes=[themes[name] for name in row["themes"]], by=by, now=now,
        )


def _hold(meeting, row: dict, data: dict, themes: dict, by: User, now: datetime, first_decision: int,
          force_delegate: bool = False) -> int:
    """Record a meeting that has taken place as held, with attendance, decisions and minutes, as the
    business unit would after it. Returns how many decisions it took (the body's pool carries on)."""
    body = meeting.body
    day = timezone.localtime(meeting.starts_at).date()
    rng = random.Random(f"{body.short_name}|{day.isoformat()}")  # noqa: S311 (repeatable demo data)
    services.meeting_mark_held(meeting=meeting, by=by, now=now)
    _record_attendance(meeting, current_members(body, day), rng, data["delegates"], by, now,
                       force_delegate=force_delegate)
    count = 0
    if row.get("decisions"):
        count = rng.choice([1, 2, 2, 3])
        _record_decisions(meeting, row["decisions"], first_decision, count, themes, by, now)
    if row.get("minutes"):
        services.meeting_minutes_save(meeting=meeting, minutes=" ".join(row["minutes"].split()), by=by)
    return count


def _schedule(body: Body, row: dict, day: date, by: User, is_final: bool = False):
    rule = row["meetings"]
    meeting = services.meeting_schedule(
        body=body, starts_at=_starts_at(day, rule["time"]), place=rule.get("place", ""),
        is_final_of_year=is_final, by=by,
    )
    for title in row.get("agenda", []):
        services.agenda_item_add(meeting=meeting, title=title, by=by)
    return meeting


def on_grid(rule: dict, day: date) -> bool:
    return bool(schedule_dates(rule, day, day))


def off_grid_meetings(body: Body, rule: dict, start: date, end: date) -> list:
    """The body's meetings from start to end on days its schedule does not give (its extraordinary
    meetings), oldest first."""
    grid = set(schedule_dates(rule, start, end))
    meetings = body.meetings.filter(starts_at__gte=_starts_at(start, "00:00"),
                                    starts_at__lt=_starts_at(end + timedelta(days=1), "00:00"))
    return sorted((m for m in meetings if timezone.localtime(m.starts_at).date() not in grid),
                  key=lambda m: m.starts_at)


def extraordinary_specs(row: dict) -> list[dict]:
    """A body's extraordinary meetings as the file gives them (one, or a list), oldest first."""
    spec = row.get("extraordinary") or []
    return sorted([spec] if isinstance(spec, dict) else spec, key=lambda s: -s["working_days_ago"])


def extraordinary_day(rule: dict, today: date, working_days_ago: int, taken=()) -> date:
    """The day `working_days_ago` working days before today, stepped back a working day at a time
    off the body's grid and its other extraordinary days (never two meetings of a body on a day).

    Counted in working days because the summary's due date and the chase are: the offset fixes where
    its summary stands on the ladder whatever day of the week the demo is loaded."""
    day = add_working_days(today, -working_days_ago)
    while on_grid(rule, day) or day in taken:
        day = add_working_days(day, -1)
    return day


def _extraordinary(body: Body, row: dict, data: dict, window: tuple[date, date], themes: dict, by: User,
                   now: datetime) -> None:
    """The body's extraordinary meetings, held `working_days_ago` before today: their summaries are
    what puts something at each rung of the chase on the load day (reporting/demo.py). Added
    once: a body that already has a meeting off its grid in the window (an earlier run's, or one
    recorded in the browser) gets none."""
    rule = row["meetings"]
    if off_grid_meetings(body, rule, *window):
        return
    taken = set()
    for spec in extraordinary_specs(row):
        day = extraordinary_day(rule, timezone.localdate(), spec["working_days_ago"], taken)
        if not body.is_active_on(day):
            continue
        taken.add(day)
        meeting = _schedule(body, row, day, by)
        _hold(meeting, row, data, themes, by, now, Decision.objects.filter(meeting__body=body).count())


def _grid_meetings(body: Body, row: dict, data: dict, window: tuple[date, date], themes: dict, by: User,
                   now: datetime) -> None:
    """Every date of the body's schedule in the window, those that have taken place held."""
    rule = row["meetings"]
    year_start_month = data["partnership"]["year_start_month"]
    days = [d for d in schedule_dates(rule, *window) if body.is_active_on(d)]
    existing = {timezone.localtime(m.starts_at).date(): m for m in body.meetings.all()}
    created = []
    for day in days:
        if day in existing:
            continue
        existing[day] = _schedule(body, row, day, by, is_final_of_year(rule, day, year_start_month))
        created.append(existing[day])
    past_created = [m for m in created if m.starts_at <= now]
    if row.get("cancel_one_past") and len(past_created) >= 3:
        services.meeting_cancel(meeting=past_created[len(past_created) // 2], by=by)
    # The schedule's meetings that have taken place and are still only scheduled: held now.
    taken_place = [existing[d] for d in days
                   if existing[d].status == MeetingStatus.SCHEDULED and existing[d].starts_at <= now]
    recorded = Decision.objects.filter(meeting__body=body).count()  # where the body's pool carries on
    for n, meeting in enumerate(taken_place):
        recorded += _hold(meeting, row, data, themes, by, now, recorded, force_delegate=n == 0)


def demo_meetings_load(data: dict) -> None:
    by = recorder(data)
    now = timezone.now()
    window = meeting_window(data, timezone.localdate())
    themes = {theme.name: theme for theme in Theme.objects.all()}
    with history_names(by):  # the summaries a held meeting makes expected (reporting's signal)
        for row in data["bodies"]:
            if not row.get("meetings"):
                continue
            body = Body.objects.get(name=row["name"])
            _grid_meetings(body, row, data, window, themes, by, now)
            if row.get("extraordinary"):
                _extraordinary(body, row, data, window, themes, by, now)
