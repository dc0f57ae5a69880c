"""Recording a meeting's attendance: one form for every member on the day, a delegate's details and
seniority, each error beside the right member's field, and nothing typed lost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability import services
from accountability.forms import meetings as forms
from accountability.models import Attendance, MeetingStatus
from tests.factories import BodyFactory, BodyKindFactory, MeetingFactory, MembershipFactory, OrganisationFactory
from tests.helpers.forms import post_form

from .helpers import Page

pytestmark = pytest.mark.django_db


def status_key(person):
    return f"p{person.pk}-status"


def field(person, name):
    return f"p{person.pk}-{name}"


@pytest.fixture
def url(past_meeting):
    return reverse("meeting-attendance", args=[past_meeting.pk])


@pytest.fixture
def agency(db):
    return OrganisationFactory(name="Bradford Teaching Hospitals")


def test_the_form_lists_every_member_on_the_meeting_day_with_derived_seats(bu_client, db):
    sub_groups = BodyKindFactory(name="Sub group")
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG", seats_for_chairs_of=sub_groups)
    own = MembershipFactory(body=bpg).person
    sub_chair = MembershipFactory(body=BodyFactory(kind=sub_groups, name="Neglect sub group"), role="chair").person
    MembershipFactory(body=bpg, start=datetime.date(2030, 1, 1))  # joins after the meeting: not listed
    meeting = MeetingFactory(body=bpg)
    page = Page(bu_client.get(reverse("meeting-attendance", args=[meeting.pk])))
    text = page.text()
    assert own.full_name in text and sub_chair.full_name in text
    assert "(as chair of Neglect sub group)" in text
    radios = page.doc.find_all("input", type="radio")
    statuses = {i.attrs["name"] for i in radios if i.attrs["name"].endswith("-status")}
    assert statuses == {status_key(own), status_key(sub_chair)}
    # Every field is there without JavaScript: the delegate's details for each member.
    assert page.doc.find("input", name=field(own, "delegate_name")) is not None
    assert page.doc.find("select", name=field(own, "delegate_organisation")) is not None


def test_the_form_shows_what_was_recorded_before(bu_client, bu, members, past_meeting, url, agency):
    services.attendance_record(
        meeting=past_meeting, person=members[0], status="delegate", delegate_name="Dee Legate",
        delegate_role="Deputy", delegate_organisation=agency, delegate_sufficiently_senior=True, by=bu,
    )
    page = Page(bu_client.get(url))
    assert page.checked(status_key(members[0])) == ["delegate"]
    assert page.value(field(members[0], "delegate_name")) == "Dee Legate"
    assert page.selected(field(members[0], "delegate_organisation")) == str(agency.pk)
    assert page.checked(field(members[0], "delegate_sufficiently_senior")) == ["yes"]
    assert page.checked(status_key(members[1])) == []


def test_the_business_unit_records_present_apologies_and_a_delegate(bu_client, chair, members, past_meeting, url,
                                                                     agency):
    response = post_form(bu_client, url, {
        status_key(chair): "present",
        status_key(members[0]): "apologies",
        status_key(members[1]): "delegate",
        field(members[1], "delegate_name"): "Dee Legate",
        field(members[1], "delegate_role"): "Named nurse",
        field(members[1], "delegate_organisation"): str(agency.pk),
        field(members[1], "delegate_sufficiently_senior"): "no",
    })
    assert response.status_code == 302 and response["Location"] == past_meeting.get_absolute_url()
    rows = {a.person_id: a for a in Attendance.objects.filter(meeting=past_meeting)}
    assert rows[chair.pk].status == "present"
    assert rows[members[0].pk].status == "apologies"
    delegate = rows[members[1].pk]
    assert (delegate.status, delegate.delegate_name, delegate.delegate_role, delegate.delegate_organisation,
            delegate.delegate_sufficiently_senior) == ("delegate", "Dee Legate", "Named nurse", agency, False)
    # The agency the member represented, from their membership.
    assert rows[members[0].pk].organisation == members[0].memberships.get().organisation


def test_the_chair_records_attendance_and_corrects_it(client_for, chair, members, past_meeting, url):
    client = client_for(chair)
    post_form(client, url, {status_key(members[0]): "absent"})
    assert post_form(client, url, {status_key(members[0]): "present"}).status_code == 302
    assert list(Attendance.objects.filter(meeting=past_meeting).values_list("person_id", "status")) == [
        (members[0].pk, "present")
    ]


def test_a_member_who_is_not_the_chair_may_not(client_for, members, url):
    client = client_for(members[0])
    assert client.get(url).status_code == 403
    assert post_form(client, url, {status_key(members[0]): "present"}).status_code == 403
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "extra, name, message",
    [
        ({"status": "delegate", "delegate_sufficiently_senior": "yes", "delegate_role": "Deputy"}, "delegate_name",
         services.DELEGATE_NAME_REQUIRED),
        ({"status": "delegate", "delegate_name": "Dee Legate", "delegate_role": "Deputy"},
         "delegate_sufficiently_senior", services.DELEGATE_SENIORITY_REQUIRED),
        ({"status": "present", "delegate_name": "Dee Legate", "delegate_role": "Deputy"}, "status",
         services.DELEGATE_FIELDS_WITHOUT_DELEGATE),
        ({"delegate_name": "Dee Legate", "delegate_role": "Deputy"}, "status",
         services.DELEGATE_FIELDS_WITHOUT_DELEGATE),
    ],
)
def test_a_delegate_error_is_beside_the_right_members_field(bu_client, chair, members, past_meeting, url, extra,
                                                           name, message):
    wrong = members[1]
    data = {status_key(chair): "present", status_key(members[0]): "apologies"}
    data.update({field(wrong, key): value for key, value in extra.items()})
    response = post_form(bu_client, url, data)
    page = Page(response)
    assert response.status_code == 200
    assert page.title().startswith("Error: ")
    assert page.error(field(wrong, name)) == message
    assert page.error(field(chair, "status")) is None and page.error(field(members[0], "status")) is None
    links = page.summary_links()
    target = f"id_{field(wrong, name)}" + ("_1" if name in ("status", "delegate_sufficiently_senior") else "")
    assert links == {f"{wrong.full_name}: {message}": f"#{target}"}
    # Nothing typed is lost, for this member or the others; and nothing is half-saved.
    assert page.checked(status_key(chair)) == ["present"]
    assert page.checked(status_key(members[0])) == ["apologies"]
    assert page.value(field(wrong, "delegate_role")) == "Deputy"
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("state", ["cancelled", "future"])
def test_a_cancelled_or_future_meeting_is_refused_and_what_was_typed_kept(bu_client, body, chair, members, state):
    if state == "cancelled":
        meeting = MeetingFactory(body=body, status=MeetingStatus.CANCELLED)
        message = services.ATTENDANCE_CANCELLED
        notice = "This meeting was cancelled"
    else:
        meeting = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=3))
        message = services.ATTENDANCE_FUTURE
        notice = "This meeting has not started yet"
    url = reverse("meeting-attendance", args=[meeting.pk])
    assert notice in Page(bu_client.get(url)).text()
    response = post_form(bu_client, url, {status_key(chair): "present", status_key(members[0]): "delegate",
                                    field(members[0], "delegate_name"): "Dee Legate",
                                    field(members[0], "delegate_sufficiently_senior"): "yes"})
    page = Page(response)
    assert response.status_code == 200
    assert page.summary() == [message]
    assert page.summary_links() == {message: f"#id_{status_key(chair)}_1"}
    assert page.checked(status_key(chair)) == ["present"]
    assert page.value(field(members[0], "delegate_name")) == "Dee Legate"
    assert not Attendance.objects.exists()


def test_saving_with_no_answer_at_all_says_so(bu_client, chair, url):
    page = Page(post_form(bu_client, url, {}))
    assert page.summary() == [forms.NO_ATTENDANCE]
    assert not Attendance.objects.exists()


def test_a_body_without_members_says_so(bu_client, db):
    meeting = MeetingFactory(body=BodyFactory(name="An empty group"))
    assert "had no members on the day of the meeting" in Page(
        bu_client.get(reverse("meeting-attendance", args=[meeting.pk]))).text()


def test_someone_recorded_who_has_since_left_is_still_listed(bu_client, bu, body, past_meeting, url):
    former = MembershipFactory(body=body, end=timezone.localdate() - datetime.timedelta(days=30)).person
    services.attendance_record(meeting=past_meeting, person=former, status="present", by=bu)
    page = Page(bu_client.get(url))
    assert page.checked(status_key(former)) == ["present"]
    assert "no longer listed as a member" in page.text()
