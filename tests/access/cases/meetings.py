"""Meetings, attendance, decisions, the decision log and the attendance report."""

from bscb.access import RECORD, SIGNED_IN
from tests.access.types import Case, Invalid, Scenario

SWEEP_DOCUMENT = "minutes/access-sweep-minutes.pdf"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _recorded_meeting(status="held"):
    """A past meeting of a body with a chair and two members, with an agenda, minutes, attendance (a
    delegate included) and a decision with a theme: every part of the meeting's page has something."""
    from accountability import services
    from tests.factories import (
        BodyFactory,
        MeetingFactory,
        MembershipFactory,
        OrganisationFactory,
        ThemeFactory,
        business_unit,
    )

    bu = business_unit()
    body = BodyFactory()
    chair = MembershipFactory(body=body, role="chair").person
    member = MembershipFactory(body=body).person
    other = MembershipFactory(body=body).person
    meeting = MeetingFactory(body=body, status=status, minutes="Minutes as agreed.")
    services.agenda_item_add(meeting=meeting, title="Apologies and introductions", notes="", by=bu)
    services.attendance_record(meeting=meeting, person=chair, status="present", by=bu)
    services.attendance_record(
        meeting=meeting, person=member, status="delegate", delegate_name="Dee Legate", delegate_role="Deputy",
        delegate_organisation=OrganisationFactory(), delegate_sufficiently_senior=True, by=bu,
    )
    services.decision_record(
        meeting=meeting, text="Agreed the neglect strategy.", childrens_voice="informed",
        childrens_voice_detail="The children's panel was consulted.", themes=[ThemeFactory(name="Neglect")], by=bu,
    )
    return {"bu": bu, "body": body, "chair": chair, "member": member, "third": other,
            "meeting": meeting}


def _outsider():
    from tests.factories import BodyFactory, member_of

    return member_of(BodyFactory())


def _signed_in_page():
    from tests.factories import UserFactory

    _recorded_meeting()
    return Scenario(allowed=UserFactory())


def _meeting_page():
    made = _recorded_meeting()
    return Scenario(kwargs={"pk": made["meeting"].pk}, allowed=made["bu"])


def _meeting_create():
    from accountability.models import Meeting
    from tests.factories import BodyFactory, business_unit, member_of

    body = BodyFactory()
    return Scenario(
        kwargs={"pk": body.pk}, allowed=business_unit(), refused=member_of(body, role="chair"),
        post_data={"starts_on_0": "14", "starts_on_1": "9", "starts_on_2": "2027", "time": "10:00",
                   "place": "City Hall"},
        state=lambda: list(Meeting.objects.filter(body=body).values_list("starts_at", "place")),
    )


def _meeting_state(meeting):
    from accountability.models import Meeting

    return lambda: Meeting.objects.filter(pk=meeting.pk).values(
        "starts_at", "place", "status", "is_final_of_year", "minutes").first()


def _meeting_edit():
    from tests.factories import MeetingFactory, business_unit, member_of

    meeting = MeetingFactory()
    return Scenario(
        kwargs={"pk": meeting.pk}, allowed=business_unit(), refused=member_of(meeting.body, role="chair"),
        post_data={"starts_on_0": "3", "starts_on_1": "2", "starts_on_2": "2027", "time": "14:30",
                   "place": "Room 2", "is_final_of_year": "on"},
        state=_meeting_state(meeting),
    )


def _scheduled_meeting():
    from tests.factories import MeetingFactory, business_unit, member_of

    meeting = MeetingFactory()
    return Scenario(kwargs={"pk": meeting.pk}, allowed=business_unit(), refused=member_of(meeting.body, role="chair"),
                    state=_meeting_state(meeting))


def _meanwhile(service):
    """The meeting cancelled (or held) by someone else after the page opened: the button is then refused."""
    def change(scenario):
        from accountability import services
        from accountability.models import Meeting

        getattr(services, service)(meeting=Meeting.objects.get(pk=scenario.kwargs["pk"]), by=scenario.allowed)

    return change


def _agenda_add():
    from accountability.models import AgendaItem
    from tests.factories import MeetingFactory, business_unit, member_of

    meeting = MeetingFactory()
    return Scenario(
        kwargs={"pk": meeting.pk}, allowed=business_unit(), refused=member_of(meeting.body, role="chair"),
        post_data={"title": "Neglect strategy", "notes": "For agreement."},
        state=lambda: list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True)),
    )


def _minutes():
    scenario = _scheduled_meeting()
    scenario.post_data = {"minutes": "The group agreed its action plan."}
    return scenario


def _minutes_document():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tests.factories import MeetingFactory, UserFactory

    # One fixed name, reused: the sweep leaves nothing new behind in the storage folder each run.
    if not default_storage.exists(SWEEP_DOCUMENT):
        default_storage.save(SWEEP_DOCUMENT, ContentFile(PDF_BYTES))
    meeting = MeetingFactory(status="held", minutes_document=SWEEP_DOCUMENT)
    return Scenario(kwargs={"pk": meeting.pk}, allowed=UserFactory())


def _attendance():
    from accountability.models import Attendance

    made = _recorded_meeting()
    meeting = made["meeting"]
    return Scenario(
        kwargs={"pk": meeting.pk}, allowed=made["chair"], refused=made["third"],
        post_data={f"p{made['chair'].pk}-status": "present", f"p{made['member'].pk}-status": "apologies",
                   f"p{made['third'].pk}-status": "absent"},
        state=lambda: sorted(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status")),
    )


def _decision():
    from accountability.models import Decision
    from tests.factories import ThemeFactory

    made = _recorded_meeting()
    meeting = made["meeting"]
    theme = ThemeFactory(name="Online safety")
    return Scenario(
        kwargs={"pk": meeting.pk}, allowed=made["third"], other_sub_group=_outsider(),
        post_data={"text": "Agreed the online safety campaign.", "themes": [str(theme.pk)],
                   "childrens_voice": "not_applicable", "not_applicable_reason": "A budget decision."},
        state=lambda: list(Decision.objects.filter(meeting=meeting).values_list("text", flat=True)),
    )


CASES = {
    "meeting-list": Case(SIGNED_IN, setup=_signed_in_page),
    "meeting-detail": Case(SIGNED_IN, setup=_meeting_page),
    "body-meeting-create": Case(RECORD, setup=_meeting_create, post=True, post_status=302),
    "meeting-edit": Case(RECORD, setup=_meeting_edit, post=True, post_status=302),
    "meeting-held": Case(RECORD, setup=_scheduled_meeting, post=True, post_status=302,
                         invalid=Invalid(meanwhile=_meanwhile("meeting_cancel"))),
    "meeting-cancel": Case(RECORD, setup=_scheduled_meeting, post=True, post_status=302,
                           invalid=Invalid(meanwhile=_meanwhile("meeting_mark_held"))),
    "meeting-agenda-add": Case(RECORD, setup=_agenda_add, post=True, post_status=302),
    # Minutes may be left empty: longer than their limit, they are refused beside the field.
    "meeting-minutes": Case(RECORD, setup=_minutes, post=True, post_status=302,
                            invalid=Invalid(fill={"#id_minutes": "x" * 50_001})),
    "meeting-minutes-document": Case(SIGNED_IN, setup=_minutes_document, html=False),
    "meeting-attendance": Case(RECORD, setup=_attendance, post=True, post_status=302),
    "meeting-decision-add": Case(RECORD, setup=_decision, post=True, post_status=302),
    "decision-log": Case(SIGNED_IN, setup=_signed_in_page),
    "attendance-report": Case(SIGNED_IN, setup=_signed_in_page),
}
