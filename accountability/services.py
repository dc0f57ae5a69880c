"""Writes to the structure and its meetings. Views, the admin, the demo loader and commands all call
these. Each first checks that `by` holds the right (bscb.services.require: NotAllowed, a 403 on a page),
then the current state, refusing a wrong one with a clear message (ValidationError); records are changed
through bscb.services.model_update."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bscb.models import Theme
from bscb.services import merged, model_update, require, save_stamped, stamp, touch

from .documents import minutes_document_named
from .models import (
    CHAIR_ROLES,
    SINGLE_HOLDER_FUNCTIONS,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyFunction,
    ChildrensVoice,
    Decision,
    Function,
    LeadRole,
    Meeting,
    MeetingStatus,
    Membership,
    Organisation,
    OrganisationLead,
    User,
)
from .roles import current

# Messages the tests assert on.
END_BEFORE_START = "The end date must be the same as or after the start date."
DUPLICATE_MEMBERSHIP = "{person} already holds this role on {body} for part of that time."
SECOND_CHAIR = "{body} already has a chair for part of that time: end their term first."
FUNCTION_HELD = "{function} is already held by {body}. One body at a time holds it."
MEMBERSHIP_ALREADY_ENDED = "This membership has already ended."
DUPLICATE_LEAD = "{person} is already a lead or deputy of {organisation} for part of that time."
HELD_IN_FUTURE = "A meeting cannot be recorded as held before it has started."
ALREADY_HELD = "This meeting has already been recorded as held."
ALREADY_CANCELLED = "This meeting has been cancelled."
CANCEL_HELD = "A meeting that has been held cannot be cancelled."
ATTENDANCE_CANCELLED = "Attendance cannot be recorded for a cancelled meeting."
ATTENDANCE_FUTURE = "Attendance can be recorded only once the meeting has started."
DELEGATE_NAME_REQUIRED = "Enter the delegate's name"
DELEGATE_SENIORITY_REQUIRED = "Say whether the delegate was senior enough to make decisions"
DELEGATE_FIELDS_WITHOUT_DELEGATE = "Delegate details are recorded only when a delegate was sent."
DECISION_CANCELLED = "Decisions cannot be recorded for a cancelled meeting."
DECISION_FUTURE = "Decisions can be recorded only once the meeting has started."
VOICE_REQUIRED = "Say whether the wishes and feelings of children informed this decision"
VOICE_DETAIL_REQUIRED = "Say how the wishes and feelings of children informed this decision"
NOT_APPLICABLE_REASON_REQUIRED = "Give the reason it does not apply"

# The rights the services check (accountability/rules.py decides who holds them).
MANAGE = "accountability.manage_structure"
RECORD_ATTENDANCE = "accountability.record_attendance"
RECORD_DECISION = "accountability.record_decision"


def _check_dates(start: date, end: date | None, field: str = "end"):
    if end is not None and start is not None and end < start:
        raise ValidationError({field: END_BEFORE_START})


def _overlapping(queryset, start: date, end: date | None):
    """Terms in `queryset` that share at least one day with start..end."""
    queryset = queryset.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        queryset = queryset.filter(start__lte=end)
    return queryset


# Organisations and their leads
def organisation_create(*, data: dict, by: User) -> Organisation:
    require(by, MANAGE)
    return save_stamped(Organisation(**data), by)


def organisation_update(*, organisation: Organisation, data: dict, by: User, version: int | None = None) -> bool:
    require(by, MANAGE, organisation)
    return model_update(organisation, data, by=by, version=version)


def organisation_lead_add(*, organisation: Organisation, person: User, role: str = LeadRole.LEAD,
                          start: date | None = None, end: date | None = None, by: User) -> OrganisationLead:
    require(by, MANAGE, organisation)
    start = start or timezone.localdate()
    organisation_lead_check(organisation=organisation, person=person, start=start, end=end)
    return save_stamped(OrganisationLead(organisation=organisation, person=person, role=role, start=start, end=end), by)


def organisation_lead_check(*, organisation: Organisation, person: User, start: date, end: date | None,
                            exclude_pk: int | None = None) -> None:
    """The rules of a lead's term, for the service and the admin's form alike."""
    _check_dates(start, end)
    others = OrganisationLead.objects.filter(organisation=organisation, person=person).exclude(pk=exclude_pk)
    if _overlapping(others, start, end).exists():
        raise ValidationError({"person": DUPLICATE_LEAD.format(person=person, organisation=organisation)})


def organisation_lead_update(*, lead: OrganisationLead, data: dict, by: User) -> bool:
    """Correct a lead's term (the admin): the rules of organisation_lead_add, on the values it would have."""
    require(by, MANAGE, lead.organisation)
    organisation, person, start, end = merged(lead, data, "organisation", "person", "start", "end")
    organisation_lead_check(organisation=organisation, person=person, start=start, end=end, exclude_pk=lead.pk)
    return model_update(lead, data, by=by)


def organisation_lead_end(*, lead: OrganisationLead, end: date, by: User,
                          version: int | None = None) -> OrganisationLead:
    require(by, MANAGE, lead.organisation)
    if lead.end is not None and lead.end < timezone.localdate():
        raise ValidationError(MEMBERSHIP_ALREADY_ENDED)
    _check_dates(lead.start, end)
    model_update(lead, {"end": end}, by=by, version=version)
    return lead


# Bodies and their functions
def body_create(*, data: dict, by: User) -> Body:
    require(by, MANAGE)
    body = Body(**data)
    _check_dates(body.active_from, body.active_to, "active_to")
    return save_stamped(body, by)


@transaction.atomic
def body_update(*, body: Body, data: dict, functions: list[str] | None = None, by: User,
                version: int | None = None) -> bool:
    """Change a body and (when given) its functions, together; with the version an edit form was opened at,
    a change made meanwhile to either is a Conflict (bscb.versions)."""
    require(by, MANAGE, body)
    _check_dates(*merged(body, data, "active_from", "active_to"), "active_to")
    changed = model_update(body, data, by=by, version=version,
                           checked={"functions": functions} if functions is not None else None)
    if functions is not None:
        changed = body_functions_set(body=body, functions=functions, by=by) or changed
    return changed


def body_functions_check(*, body_id: int | None, functions: list[str]) -> None:
    for function in functions:
        if function in SINGLE_HOLDER_FUNCTIONS:
            holder = (BodyFunction.objects.filter(function=function).exclude(body_id=body_id)
                      .select_related("body").first())
            if holder is not None:
                raise ValidationError({"functions": FUNCTION_HELD.format(
                    function=Function(function).label, body=holder.body)})


@transaction.atomic
def body_functions_set(*, body: Body, functions: list[str], by: User) -> bool:
    """Give the body exactly these functions; a single-holder function held elsewhere is refused. A change
    is a change of the body too (who and when, a history row: its version moves on). Returns whether any."""
    require(by, MANAGE, body)
    body_functions_check(body_id=body.pk, functions=functions)
    changed = False
    for removed in BodyFunction.objects.filter(body=body).exclude(function__in=functions):
        stamp(removed, by)
        removed.delete()
        changed = True
    held = set(BodyFunction.objects.filter(body=body).values_list("function", flat=True))
    for function in functions:
        if function not in held:
            save_stamped(BodyFunction(body=body, function=function), by)
            changed = True
    if changed:
        touch(body, by)
    return changed


# Memberships
@transaction.atomic
def membership_add(*, person: User, body: Body, role: str, organisation: Organisation | None = None,
                   start: date | None = None, end: date | None = None, by: User) -> Membership:
    require(by, MANAGE, body)
    start = start or timezone.localdate()
    _check_dates(start, end)
    _lock_memberships(body)
    membership_check(person=person, body=body, role=role, start=start, end=end)
    membership = Membership(person=person, body=body, role=role, organisation=organisation, start=start, end=end)
    return save_stamped(membership, by)


def _lock_memberships(*bodies: Body) -> None:
    """Lock the bodies (their rows, in one order) so that two chairs cannot be added, or changed into, at
    once: a second writer waits, then its check sees the first one's chair. The body's row rather than its
    memberships' rows, which a body with no members yet does not have."""
    pks = sorted({body.pk for body in bodies})
    list(Body.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def membership_update(*, membership: Membership, data: dict, by: User) -> bool:
    """Correct a term (the admin): the rules of membership_add, under the same lock, on the values it
    would have."""
    person, body, role, start, end = merged(membership, data, "person", "body", "role", "start", "end")
    require(by, MANAGE, membership.body)
    if body.pk != membership.body_id:
        require(by, MANAGE, body)
    _lock_memberships(membership.body, body)
    membership_check(person=person, body=body, role=role, start=start, end=end, exclude_pk=membership.pk)
    return model_update(membership, data, by=by)


def membership_check(*, person: User, body: Body, role: str, start: date, end: date | None,
                     exclude_pk: int | None = None) -> None:
    """The rules of a term on a body, for the service and the admin's form alike."""
    _check_dates(start, end)
    others = Membership.objects.exclude(pk=exclude_pk)
    if _overlapping(others.filter(person=person, body=body, role=role), start, end).exists():
        raise ValidationError({"person": DUPLICATE_MEMBERSHIP.format(person=person, body=body)})
    # One chair at a time, whether independent or not.
    if role in CHAIR_ROLES and _overlapping(others.filter(body=body, role__in=CHAIR_ROLES), start, end).exists():
        raise ValidationError({"role": SECOND_CHAIR.format(body=body)})


def membership_end(*, membership: Membership, end: date, by: User, version: int | None = None) -> Membership:
    require(by, MANAGE, membership.body)
    if membership.end is not None and membership.end < timezone.localdate():
        raise ValidationError(MEMBERSHIP_ALREADY_ENDED)
    _check_dates(membership.start, end)
    model_update(membership, {"end": end}, by=by, version=version)
    return membership


# Meetings
def meeting_schedule(*, body: Body, starts_at: datetime, place: str = "", is_final_of_year: bool = False,
                     by: User) -> Meeting:
    require(by, MANAGE, body)
    meeting = Meeting(body=body, starts_at=starts_at, place=place, is_final_of_year=is_final_of_year)
    return save_stamped(meeting, by)


def meeting_update(*, meeting: Meeting, data: dict, by: User, version: int | None = None) -> bool:
    """Change a meeting's details (re-dating included: what is due after it follows the new date). Its
    status changes only through meeting_mark_held and meeting_cancel."""
    require(by, MANAGE, meeting)
    if "status" in data:
        raise ValueError("A meeting's status changes through meeting_mark_held or meeting_cancel.")
    if meeting.status == MeetingStatus.HELD and data.get("starts_at", meeting.starts_at) > timezone.now():
        raise ValidationError({"starts_at": HELD_IN_FUTURE})
    if isinstance(data.get("minutes_document"), UploadedFile):  # a new file, checked by its content
        data = {**data, "minutes_document": minutes_document_named(meeting, data["minutes_document"])}
    return model_update(meeting, data, by=by, version=version)


def meeting_mark_held(*, meeting: Meeting, by: User, now: datetime | None = None) -> Meeting:
    require(by, MANAGE, meeting)
    now = now or timezone.now()
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(ALREADY_HELD)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(ALREADY_CANCELLED)
    if meeting.starts_at > now:
        raise ValidationError(HELD_IN_FUTURE)
    model_update(meeting, {"status": MeetingStatus.HELD}, by=by)
    return meeting


def meeting_cancel(*, meeting: Meeting, by: User) -> Meeting:
    require(by, MANAGE, meeting)
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(CANCEL_HELD)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(ALREADY_CANCELLED)
    model_update(meeting, {"status": MeetingStatus.CANCELLED}, by=by)
    return meeting


def meeting_minutes_save(*, meeting: Meeting, minutes: str, document=None, by: User,
                         version: int | None = None) -> Meeting:
    require(by, MANAGE, meeting)
    data = {"minutes": minutes}
    if document is not None:
        data["minutes_document"] = minutes_document_named(meeting, document)
    model_update(meeting, data, by=by, version=version)
    return meeting


def agenda_item_add(*, meeting: Meeting, title: str, notes: str = "", order: int | None = None,
                    by: User) -> AgendaItem:
    """An item at the end of the agenda (or at `order`)."""
    require(by, MANAGE, meeting)
    if order is None:
        order = (meeting.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return save_stamped(AgendaItem(meeting=meeting, order=order, title=title, notes=notes), by)


def agenda_item_update(*, item: AgendaItem, data: dict, by: User) -> bool:
    require(by, MANAGE, item.meeting)
    if "meeting" in data:
        require(by, MANAGE, data["meeting"])
    return model_update(item, data, by=by)


# Attendance
def _check_can_record(meeting: Meeting, cancelled_message: str, future_message: str, now=None):
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(cancelled_message)
    if meeting.starts_at > (now or timezone.now()):
        raise ValidationError(future_message)


def attendance_check(*, meeting: Meeting, status: str, delegate_name: str = "", delegate_role: str = "",
                     delegate_organisation: Organisation | None = None,
                     delegate_sufficiently_senior: bool | None = None, now: datetime | None = None) -> None:
    _check_can_record(meeting, ATTENDANCE_CANCELLED, ATTENDANCE_FUTURE, now)
    if status == AttendanceStatus.DELEGATE:
        errors = {}
        if not delegate_name.strip():
            errors["delegate_name"] = DELEGATE_NAME_REQUIRED
        if delegate_sufficiently_senior is None:
            errors["delegate_sufficiently_senior"] = DELEGATE_SENIORITY_REQUIRED
        if errors:
            raise ValidationError(errors)
    elif delegate_name or delegate_role or delegate_organisation:
        raise ValidationError({"status": DELEGATE_FIELDS_WITHOUT_DELEGATE})


def _attendance_values(*, status: str, delegate_name: str = "", delegate_role: str = "",
                       delegate_organisation: Organisation | None = None,
                       delegate_sufficiently_senior: bool | None = None, **others) -> dict:
    """The values an attendance keeps: delegate details only when a delegate was sent."""
    is_delegate = status == AttendanceStatus.DELEGATE
    return {
        **others, "status": status,
        "delegate_name": (delegate_name or "").strip() if is_delegate else "",
        "delegate_role": (delegate_role or "").strip() if is_delegate else "",
        "delegate_organisation": delegate_organisation if is_delegate else None,
        "delegate_sufficiently_senior": delegate_sufficiently_senior if is_delegate else None,
    }


def attendance_record(*, meeting: Meeting, person: User, status: str, delegate_name: str = "",
                      delegate_role: str = "", delegate_organisation: Organisation | None = None,
                      delegate_sufficiently_senior: bool | None = None, organisation: Organisation | None = None,
                      by: User, now: datetime | None = None, version: int | None = None) -> Attendance:
    """Record (or correct) one member's attendance at a meeting that has taken place. `version`: that of the
    attendance the page showed (0: none yet), checked as an edit form's (bscb.versions)."""
    require(by, RECORD_ATTENDANCE, meeting)
    attendance_check(meeting=meeting, status=status, delegate_name=delegate_name, delegate_role=delegate_role,
                     delegate_organisation=delegate_organisation,
                     delegate_sufficiently_senior=delegate_sufficiently_senior, now=now)
    if organisation is None:
        # The agency the member represented on the meeting's day (else their latest).
        memberships = person.memberships.filter(body=meeting.body, organisation__isnull=False).order_by("-start")
        day = timezone.localdate(meeting.starts_at)
        membership = memberships.filter(current(day)).first() or memberships.first()
        organisation = membership.organisation if membership else None
    values = _attendance_values(
        status=status, delegate_name=delegate_name, delegate_role=delegate_role,
        delegate_organisation=delegate_organisation, delegate_sufficiently_senior=delegate_sufficiently_senior,
        organisation=organisation)
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        try:
            return save_stamped(Attendance(meeting=meeting, person=person, **values), by)
        except ValidationError:  # recorded by another post meanwhile: then this one is a change of it
            attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
            if attendance is None or version is None:
                raise
    model_update(attendance, values, by=by, version=version)
    return attendance


def attendance_update(*, attendance: Attendance, data: dict, by: User, now: datetime | None = None) -> bool:
    """Correct a recorded attendance (the admin): the rules of attendance_record, on the values it would have."""
    require(by, RECORD_ATTENDANCE, attendance.meeting)
    fields = ("meeting", "person", "organisation", "status", "delegate_name", "delegate_role",
              "delegate_organisation", "delegate_sufficiently_senior")
    values = dict(zip(fields, merged(attendance, data, *fields), strict=True))
    if values["meeting"].pk != attendance.meeting_id:
        require(by, RECORD_ATTENDANCE, values["meeting"])
    attendance_check(meeting=values["meeting"], status=values["status"], delegate_name=values["delegate_name"] or "",
                     delegate_role=values["delegate_role"] or "", delegate_organisation=values["delegate_organisation"],
                     delegate_sufficiently_senior=values["delegate_sufficiently_senior"], now=now)
    return model_update(attendance, _attendance_values(**values), by=by)


# Decisions
def decision_check(*, meeting: Meeting, childrens_voice: str, childrens_voice_detail: str = "",
                   not_applicable_reason: str = "", now: datetime | None = None) -> None:
    _check_can_record(meeting, DECISION_CANCELLED, DECISION_FUTURE, now)
    if childrens_voice not in ChildrensVoice.values:
        raise ValidationError({"childrens_voice": VOICE_REQUIRED})
    if childrens_voice == ChildrensVoice.INFORMED and not childrens_voice_detail.strip():
        raise ValidationError({"childrens_voice_detail": VOICE_DETAIL_REQUIRED})
    if childrens_voice == ChildrensVoice.NOT_APPLICABLE and not not_applicable_reason.strip():
        raise ValidationError({"not_applicable_reason": NOT_APPLICABLE_REASON_REQUIRED})


@transaction.atomic
def decision_record(*, meeting: Meeting, text: str, childrens_voice: str, childrens_voice_detail: str = "",
                    not_applicable_reason: str = "", themes: list[Theme] | None = None, by: User,
                    now: datetime | None = None) -> Decision:
    require(by, RECORD_DECISION, meeting)
    decision_check(meeting=meeting, childrens_voice=childrens_voice, childrens_voice_detail=childrens_voice_detail,
                   not_applicable_reason=not_applicable_reason, now=now)
    decision = Decision(meeting=meeting, **_decision_values(
        text=text, childrens_voice=childrens_voice, childrens_voice_detail=childrens_voice_detail,
        not_applicable_reason=not_applicable_reason))
    save_stamped(decision, by)
    if themes:
        decision.themes.set(themes)
    return decision


def _decision_values(*, text: str, childrens_voice: str, childrens_voice_detail: str = "",
                     not_applicable_reason: str = "", **others) -> dict:
    return {
        **others, "text": (text or "").strip(), "childrens_voice": childrens_voice,
        "childrens_voice_detail": (childrens_voice_detail or "").strip()
        if childrens_voice == ChildrensVoice.INFORMED else "",
        "not_applicable_reason": (not_applicable_reason or "").strip()
        if childrens_voice == ChildrensVoice.NOT_APPLICABLE else "",
    }


@transaction.atomic
def decision_update(*, decision: Decision, data: dict, themes: list[Theme] | None = None, by: User,
                    now: datetime | None = None) -> bool:
    """Correct a recorded decision (the admin): the rules of decision_record, on the values it would have."""
    require(by, RECORD_DECISION, decision.meeting)
    fields = ("meeting", "text", "childrens_voice", "childrens_voice_detail", "not_applicable_reason")
    values = dict(zip(fields, merged(decision, data, *fields), strict=True))
    if values["meeting"].pk != decision.meeting_id:
        require(by, RECORD_DECISION, values["meeting"])
    decision_check(meeting=values["meeting"], childrens_voice=values["childrens_voice"],
                   childrens_voice_detail=values["childrens_voice_detail"] or "",
                   not_applicable_reason=values["not_applicable_reason"] or "", now=now)
    changed = model_update(decision, _decision_values(**values), by=by)
    if themes is not None and {t.pk for t in decision.themes.all()} != {t.pk for t in themes}:
        decision.themes.set(themes)
        changed = True
    return changed
