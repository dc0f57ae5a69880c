"""A body's meetings: the list, a meeting's page, and the business unit's (and chairs' and members')
forms to schedule, record and minute them. Thin: each write is one service call."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from bscb import access, documents
from bscb.forms import add_service_errors, save_form
from bscb.lists import list_page
from bscb.versions import Conflict, versions_of

from .. import selectors, services
from ..filters import MeetingFilter
from ..forms.meetings import (
    NO_ATTENDANCE,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
)
from ..models import Attendance, Body, Meeting, MeetingStatus, Membership, Organisation

MANAGE = "accountability.manage_structure"

def _meeting_for(request, pk, perm=MANAGE) -> Meeting:
    return access.get_object_or_403(request, perm, Meeting.objects.select_related("body", "body__kind"), pk=pk)


@access.signed_in
def meeting_list(request):
    context = list_page(request, MeetingFilter, selectors.meeting_list(request.GET))
    return render(request, "accountability/meetings/meeting_list.html", {
        **context, "upcoming_only": not context["filtered"], "can_manage": request.user.has_perm(MANAGE),
    })


@access.signed_in
def meeting_detail(request, pk):
    try:
        meeting = selectors.meeting_detail(pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    user = request.user
    return render(request, "accountability/meetings/meeting_detail.html", {
        "meeting": meeting,
        "agenda_items": list(meeting.agenda_items.all()),
        "attendances": selectors.meeting_attendance(meeting),
        "decisions": list(selectors.meeting_decisions(meeting)),
        "has_started": meeting.starts_at <= timezone.now(),
        "is_cancelled": meeting.status == MeetingStatus.CANCELLED,
        # Only a body that receives yearly assurance reports has a last meeting of the year.
        "may_be_final_of_year": selectors.may_be_final_of_year(meeting),
        "can_manage": user.has_perm(MANAGE),
        "can_record_attendance": user.has_perm("accountability.record_attendance", meeting),
        "can_record_decision": user.has_perm("accountability.record_decision", meeting),
        "can_view_history": user.has_perm("accountability.view_history"),
    })


@access.record
def body_meeting_create(request, pk):
    body = access.get_object_or_403(request, MANAGE, Body.objects.select_related("kind"), pk=pk)
    form = MeetingForm(request.POST or None, submit="Schedule the meeting",
                       offers_final_of_year=selectors.may_be_final_of_year(Meeting(body=body)))
    if request.method == "POST" and form.is_valid():
        def save():
            meeting = services.meeting_schedule(
                body=body, starts_at=form.starts_at(), place=form.cleaned_data["place"],
                is_final_of_year=form.cleaned_data.get("is_final_of_year", False), by=request.user,
            )
            messages.success(request, "The meeting was scheduled.")
            return redirect(meeting)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "accountability/meetings/meeting_form.html", {
        "form": form, "body": body, "meeting": None, "title": f"Schedule a meeting of {body.short_name}",
    })


@access.record
def meeting_edit(request, pk):
    meeting = _meeting_for(request, pk)
    offers = selectors.may_be_final_of_year(meeting)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting), submit="Save the changes",
                       offers_final_of_year=offers, record=meeting)
    if request.method == "POST" and form.is_valid():
        data = {"starts_at": form.starts_at(), "place": form.cleaned_data["place"],
                "is_final_of_year": form.cleaned_data.get("is_final_of_year", False)}

        def save():
            services.meeting_update(meeting=meeting, data=data, by=request.user, version=form.version)
            messages.success(request, "The meeting's details were saved.")
            return redirect(meeting)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "accountability/meetings/meeting_form.html", {
        "form": form, "body": meeting.body, "meeting": meeting, "title": "Change the meeting's details",
    })


def _confirm(request, pk, *, service, template, done, **context):
    """A confirmation page whose button makes one change of state; a wrong state is explained."""
    meeting = _meeting_for(request, pk)
    problems = []
    if request.method == "POST":
        try:
            service(meeting=meeting, by=request.user)
        except ValidationError as error:
            problems = error.messages
            meeting.refresh_from_db()
        else:
            messages.success(request, done)
            return redirect(meeting)
    return render(request, template, {"meeting": meeting, "problems": problems, **context})


@access.record
def meeting_held(request, pk):
    return _confirm(request, pk, service=services.meeting_mark_held,
                    template="accountability/meetings/meeting_held.html", done="The meeting was recorded as held.",
                    title="Record the meeting as held?", button="Yes, record it as held")


@access.record
def meeting_cancel(request, pk):
    return _confirm(request, pk, service=services.meeting_cancel,
                    template="accountability/meetings/meeting_cancel.html", done="The meeting was cancelled.",
                    title="Cancel the meeting?", button="Yes, cancel the meeting", destructive=True)


@access.record
def meeting_agenda_add(request, pk):
    meeting = _meeting_for(request, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        def save():
            services.agenda_item_add(meeting=meeting, title=form.cleaned_data["title"],
                                     notes=form.cleaned_data["notes"], by=request.user)
            messages.success(request, "The agenda item was added.")
            return redirect(meeting)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "accountability/meetings/agenda_form.html", {"form": form, "meeting": meeting})


@access.record
def meeting_minutes(request, pk):
    meeting = _meeting_for(request, pk)
    form = MinutesForm(request.POST or None, request.FILES or None, initial={"minutes": meeting.minutes},
                       record=meeting)
    if request.method == "POST" and form.is_valid():
        def save():
            services.meeting_minutes_save(meeting=meeting, minutes=form.cleaned_data["minutes"],
                                          document=form.cleaned_data["minutes_document"] or None, by=request.user,
                                          version=form.version)
            messages.success(request, "The minutes were saved.")
            return redirect(meeting)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "accountability/meetings/minutes_form.html", {"form": form, "meeting": meeting})


@access.signed_in
def meeting_minutes_document(request, pk):
    """The minutes document, sent only after the reader's right is checked: it is never served from a
    public path. Minutes are partnership records: every signed-in member may read them."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not request.user.has_perm("accountability.view_partnership", meeting):
        raise PermissionDenied
    if not meeting.minutes_document:
        raise Http404("This meeting has no minutes document.")
    day = timezone.localtime(meeting.starts_at)
    return documents.download(meeting.minutes_document, filename=f"{meeting.body.short_name} minutes {day:%Y-%m-%d}")


# Attendance
def _attendance_forms(request, meeting):
    """One form a member of the body on the meeting's day (derived seats included), and one for anyone
    whose attendance was recorded but who no longer appears among them."""
    day = timezone.localtime(meeting.starts_at).date()
    members = selectors.current_members(meeting.body, day)
    recorded = {a.person_id: a for a in selectors.meeting_attendance(meeting)}
    seated = {m.person_id for m in members}
    for attendance in recorded.values():
        if attendance.person_id not in seated:
            extra = Membership(person=attendance.person, body=meeting.body, organisation=attendance.organisation)
            extra.derived = False
            extra.recorded_only = True
            members.append(extra)
    choices = [(pk, name) for pk, name in Organisation.objects.order_by("name").values_list("pk", "name")]
    data = request.POST if request.method == "POST" else None
    known = versions_of(recorded.values())  # each form's version, in one query
    return [
        AttendanceForm(data, prefix=f"p{m.person_id}", member=m, organisation_choices=choices,
                       initial=AttendanceForm.initial_for(recorded.get(m.person_id)),
                       record=recorded.get(m.person_id) or Attendance(meeting=meeting, person_id=m.person_id),
                       version=known.get(recorded[m.person_id].pk, 0) if m.person_id in recorded else 0)
        for m in members
    ]


def _summary_target(form, name):
    bound = form[name]
    if name in ("status", "delegate_sufficiently_senior"):
        return f"id_{bound.html_name}_1"
    return bound.id_for_label


def _error_summary(forms, page_errors):
    first = f"#{_summary_target(forms[0], 'status')}" if forms else None
    items = [{"href": first, "text": message} for message in page_errors]
    for form in forms:
        for name, errors in form.errors.items():
            target = _summary_target(form, "status" if name == "__all__" else name)
            items.extend({"href": f"#{target}", "text": f"{form.member_name}: {message}"} for message in errors)
    return items


@access.record
def meeting_attendance(request, pk):
    meeting = _meeting_for(request, pk, "accountability.record_attendance")
    forms = _attendance_forms(request, meeting)
    page_errors = []
    if request.method == "POST" and all([form.is_valid() for form in forms]):
        answered = [f for f in forms if f.has_answer() or f.has_delegate_details()]
        if not answered:
            page_errors.append(NO_ATTENDANCE)
        agencies = Organisation.objects.in_bulk(
            [f.cleaned_data["delegate_organisation"] for f in answered if f.cleaned_data["delegate_organisation"]]
        )
        with transaction.atomic():
            for form in answered:
                data = form.cleaned_data
                if not data["status"]:
                    form.add_error("status", services.DELEGATE_FIELDS_WITHOUT_DELEGATE)
                    continue
                try:
                    services.attendance_record(
                        meeting=meeting, person=form.member.person, status=data["status"],
                        delegate_name=data["delegate_name"], delegate_role=data["delegate_role"],
                        delegate_organisation=agencies.get(data["delegate_organisation"]),
                        delegate_sufficiently_senior=form.seniority(),
                        organisation=form.member.organisation, by=request.user, version=form.version,
                    )
                except Conflict as conflict:  # another post recorded this member meanwhile: shown beside them
                    for message in add_service_errors(form, conflict, above=False):
                        if message not in page_errors:
                            page_errors.append(message)
                except ValidationError as error:
                    loose = add_service_errors(form, error, above=False)
                    if loose:  # the meeting's state: the same for every member, so say it once
                        page_errors.extend(loose)
                        break
            if page_errors or any(form.errors for form in forms):
                transaction.set_rollback(True)  # all or nothing: nothing half-saved
        if not page_errors and not any(form.errors for form in forms):
            messages.success(request, "The attendance was saved.")
            return redirect(meeting)
    return render(request, "accountability/meetings/attendance_form.html", {
        "meeting": meeting, "forms": forms, "page_errors": page_errors,
        "error_summary": _error_summary(forms, page_errors) if request.method == "POST" else [],
        "has_started": meeting.starts_at <= timezone.now(),
        "is_cancelled": meeting.status == MeetingStatus.CANCELLED,
    })


# Decisions
@access.record
def meeting_decision_add(request, pk):
    meeting = _meeting_for(request, pk, "accountability.record_decision")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            decision = services.decision_record(
                meeting=meeting, text=data["text"], childrens_voice=data["childrens_voice"],
                childrens_voice_detail=data["childrens_voice_detail"],
                not_applicable_reason=data["not_applicable_reason"], themes=list(data["themes"]),
                by=request.user,
            )
            messages.success(request, "The decision was recorded.")
            return redirect(f"{meeting.get_absolute_url()}#decision-{decision.pk}")

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "accountability/meetings/decision_form.html", {
        "form": form, "meeting": meeting,
        "has_started": meeting.starts_at <= timezone.now(),
        "is_cancelled": meeting.status == MeetingStatus.CANCELLED,
    })
