"""The structure's and meetings' services: every write, and every refusal with the message a user reads."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accountability import selectors, services
from accountability.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    BodyFunction,
    ChildrensVoice,
    Decision,
    Function,
    LeadRole,
    Meeting,
    MeetingStatus,
    Membership,
    OrganisationLead,
    Role,
)
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    business_unit,
    member_of,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2017, 6, 15)
NOW = dt.datetime(2017, 6, 15, 12, 0, tzinfo=LONDON)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bu(db):
    return business_unit()


@pytest.fixture
def body(db):
    return BodyFactory(name="Learning and Development Sub Group", short_name="L&D")


@pytest.fixture
def person(db):
    return UserFactory(full_name="Asha Patel")


def held_meeting(body, **kwargs):
    return MeetingFactory(body=body, starts_at=NOW - 7 * DAY, status=MeetingStatus.HELD, **kwargs)


# Memberships
class TestMembershipAdd:
    def test_a_person_joins_a_body_from_today_stamped_with_who_added_them(self, bu, body, person):
        agency = OrganisationFactory(name="Bradford Council")
        membership = services.membership_add(person=person, body=body, role=Role.MEMBER, organisation=agency, by=bu)
        membership.refresh_from_db()
        assert (membership.start, membership.end, membership.organisation) == (TODAY, None, agency)
        assert membership.created_by == bu and membership.modified_by == bu
        assert [h.history_type for h in membership.history.all()] == ["+"]

    def test_the_same_role_overlapping_an_existing_term_is_refused(self, bu, body, person):
        MembershipFactory(person=person, body=body, role=Role.MEMBER, start=dt.date(2016, 4, 1))
        with pytest.raises(ValidationError) as refused:
            services.membership_add(person=person, body=body, role=Role.MEMBER, start=dt.date(2017, 1, 1), by=bu)
        assert refused.value.message_dict == {
            "person": [services.DUPLICATE_MEMBERSHIP.format(person=person, body=body)]
        }
        assert refused.value.message_dict["person"] == ["Asha Patel already holds this role on "
                                                         "Learning and Development Sub Group for part of that time."]
        assert Membership.objects.filter(person=person).count() == 1

    @pytest.mark.parametrize("start, end, clashes", [
        (dt.date(2017, 3, 31), None, True),  # starts on the earlier term's last day
        (dt.date(2017, 4, 1), None, False),  # starts the day after it ended
        (dt.date(2015, 4, 1), dt.date(2016, 4, 1), True),  # ends on the earlier term's first day
        (dt.date(2015, 4, 1), dt.date(2016, 3, 31), False),  # ends the day before it began
        (dt.date(2015, 4, 1), None, True),  # open-ended from before: covers it
    ])
    def test_terms_clash_when_they_share_a_day(self, bu, body, person, start, end, clashes):
        MembershipFactory(person=person, body=body, role=Role.MEMBER, start=dt.date(2016, 4, 1),
                          end=dt.date(2017, 3, 31))
        if clashes:
            with pytest.raises(ValidationError, match="already holds this role"):
                services.membership_add(person=person, body=body, role=Role.MEMBER, start=start, end=end, by=bu)
        else:
            services.membership_add(person=person, body=body, role=Role.MEMBER, start=start, end=end, by=bu)
            assert Membership.objects.filter(person=person, body=body).count() == 2

    def test_the_same_role_again_after_the_earlier_term_ended_is_allowed(self, bu, body, person):
        earlier = MembershipFactory(person=person, body=body, role=Role.MEMBER, start=dt.date(2016, 4, 1))
        services.membership_end(membership=earlier, end=TODAY - 30 * DAY, by=bu)
        again = services.membership_add(person=person, body=body, role=Role.MEMBER, by=bu)
        assert again.start == TODAY
        assert [m.pk for m in selectors.current_members(body)] == [again.pk]

    def test_a_different_role_on_the_same_body_is_allowed(self, bu, body, person):
        MembershipFactory(person=person, body=body, role=Role.MEMBER)
        services.membership_add(person=person, body=body, role=Role.ADVISER, by=bu)
        assert set(Membership.objects.filter(person=person).values_list("role", flat=True)) == {
            Role.MEMBER, Role.ADVISER}

    def test_a_second_chair_overlapping_the_first_is_refused(self, bu, body, person):
        MembershipFactory(body=body, role=Role.CHAIR, start=dt.date(2016, 4, 1))
        with pytest.raises(ValidationError) as refused:
            services.membership_add(person=person, body=body, role=Role.CHAIR, by=bu)
        assert refused.value.message_dict == {"role": [services.SECOND_CHAIR.format(body=body)]}
        assert not Membership.objects.filter(person=person).exists()

    def test_a_future_chair_may_be_added_to_start_after_the_current_one_ends(self, bu, body, person):
        MembershipFactory(body=body, role=Role.CHAIR, start=dt.date(2016, 4, 1), end=TODAY + 30 * DAY)
        services.membership_add(person=person, body=body, role=Role.CHAIR, start=TODAY + 31 * DAY, by=bu)
        assert selectors.chair_of(body) != person
        assert selectors.chair_of(body, TODAY + 31 * DAY) == person

    def test_a_chair_beside_a_current_independent_chair_is_refused(self, bu, body, person):
        MembershipFactory(body=body, role=Role.INDEPENDENT_CHAIR, start=dt.date(2016, 4, 1))
        with pytest.raises(ValidationError) as refused:
            services.membership_add(person=person, body=body, role=Role.CHAIR, by=bu)
        assert refused.value.message_dict == {"role": [services.SECOND_CHAIR.format(body=body)]}

    def test_an_end_before_the_start_is_refused(self, bu, body, person):
        with pytest.raises(ValidationError) as refused:
            services.membership_add(person=person, body=body, role=Role.MEMBER, start=TODAY, end=TODAY - DAY, by=bu)
        assert refused.value.message_dict == {"end": [services.END_BEFORE_START]}
        assert not Membership.objects.filter(person=person).exists()

    def test_a_one_day_term_is_allowed(self, bu, body, person):
        membership = services.membership_add(person=person, body=body, role=Role.INVITED, start=TODAY, end=TODAY,
                                             by=bu)
        assert membership.is_current_on(TODAY) and not membership.is_current_on(TODAY + DAY)

    def test_a_change_of_chair_ends_the_old_chair_and_adds_the_new(self, bu, body, person):
        old = MembershipFactory(body=body, role=Role.CHAIR, start=dt.date(2016, 4, 1))
        assert selectors.chair_of(body) == old.person
        services.membership_end(membership=old, end=TODAY - DAY, by=bu)
        services.membership_add(person=person, body=body, role=Role.CHAIR, by=bu)
        assert selectors.chair_of(body) == person
        assert selectors.chair_of(body, TODAY - DAY) == old.person
        old.refresh_from_db()
        assert old.end == TODAY - DAY and old.modified_by == bu

    def test_the_new_chair_cannot_start_on_the_old_chairs_last_day(self, bu, body, person):
        """Terms include their last day: a handover on one day would give the body two chairs that day."""
        old = MembershipFactory(body=body, role=Role.CHAIR, start=dt.date(2016, 4, 1))
        services.membership_end(membership=old, end=TODAY, by=bu)
        with pytest.raises(ValidationError) as refused:
            services.membership_add(person=person, body=body, role=Role.CHAIR, start=TODAY, by=bu)
        assert refused.value.message_dict == {"role": [services.SECOND_CHAIR.format(body=body)]}


class TestMembershipEnd:
    def test_ending_a_membership_keeps_who_added_it_and_records_who_ended_it(self, bu, body, person):
        membership = services.membership_add(person=person, body=body, role=Role.MEMBER, start=dt.date(2016, 4, 1),
                                             by=bu)
        other = business_unit()  # another officer of the business unit
        services.membership_end(membership=membership, end=TODAY, by=other)
        membership.refresh_from_db()
        assert membership.end == TODAY
        assert (membership.created_by, membership.modified_by) == (bu, other)
        assert [h.history_type for h in membership.history.order_by("history_date", "pk")] == ["+", "~"]
        # A term includes its last day: still a member today, gone tomorrow.
        assert [m.person for m in selectors.current_members(body)] == [person]
        assert selectors.current_members(body, TODAY + DAY) == []

    def test_a_membership_that_has_already_ended_cannot_be_ended_again(self, bu, body, person):
        membership = MembershipFactory(person=person, body=body, start=dt.date(2016, 4, 1), end=TODAY - DAY)
        with pytest.raises(ValidationError) as refused:
            services.membership_end(membership=membership, end=TODAY, by=bu)
        assert refused.value.messages == [services.MEMBERSHIP_ALREADY_ENDED]
        membership.refresh_from_db()
        assert membership.end == TODAY - DAY

    def test_a_planned_end_may_be_brought_forward(self, bu, body, person):
        membership = MembershipFactory(person=person, body=body, start=dt.date(2016, 4, 1), end=TODAY + 90 * DAY)
        services.membership_end(membership=membership, end=TODAY, by=bu)
        membership.refresh_from_db()
        assert membership.end == TODAY

    def test_an_end_before_the_start_is_refused(self, bu, body, person):
        membership = MembershipFactory(person=person, body=body, start=TODAY)
        with pytest.raises(ValidationError) as refused:
            services.membership_end(membership=membership, end=TODAY - DAY, by=bu)
        assert refused.value.message_dict == {"end": [services.END_BEFORE_START]}
        membership.refresh_from_db()
        assert membership.end is None


# Organisation leads
class TestOrganisationLeads:
    def test_a_lead_and_a_deputy_are_added(self, bu, person):
        agency = OrganisationFactory(name="West Yorkshire Police")
        lead = services.organisation_lead_add(organisation=agency, person=person, by=bu)
        deputy = services.organisation_lead_add(organisation=agency, person=UserFactory(), role=LeadRole.DEPUTY,
                                                by=bu)
        assert (lead.role, lead.start, lead.end, lead.created_by) == (LeadRole.LEAD, TODAY, None, bu)
        assert deputy.role == LeadRole.DEPUTY
        assert set(selectors.organisation_leads(agency)) == {lead, deputy}

    def test_the_same_person_twice_in_overlapping_terms_is_refused(self, bu, person):
        agency = OrganisationFactory(name="West Yorkshire Police")
        services.organisation_lead_add(organisation=agency, person=person, start=dt.date(2016, 4, 1), by=bu)
        with pytest.raises(ValidationError) as refused:
            services.organisation_lead_add(organisation=agency, person=person, role=LeadRole.DEPUTY, by=bu)
        assert refused.value.message_dict == {
            "person": [services.DUPLICATE_LEAD.format(person=person, organisation=agency)]
        }
        assert refused.value.message_dict["person"] == [
            "Asha Patel is already a lead or deputy of West Yorkshire Police for part of that time."]
        assert OrganisationLead.objects.filter(person=person).count() == 1

    def test_an_end_before_the_start_is_refused(self, bu, person):
        with pytest.raises(ValidationError) as refused:
            services.organisation_lead_add(organisation=OrganisationFactory(), person=person, start=TODAY,
                                           end=TODAY - DAY, by=bu)
        assert refused.value.message_dict == {"end": [services.END_BEFORE_START]}
        assert not OrganisationLead.objects.exists()

    def test_ending_a_lead_takes_them_off_the_agency(self, bu, person):
        agency = OrganisationFactory()
        lead = services.organisation_lead_add(organisation=agency, person=person, start=dt.date(2016, 4, 1), by=bu)
        other = business_unit()  # another officer of the business unit
        services.organisation_lead_end(lead=lead, end=TODAY - DAY, by=other)
        lead.refresh_from_db()
        assert (lead.end, lead.created_by, lead.modified_by) == (TODAY - DAY, bu, other)
        assert not selectors.organisation_leads(agency).exists()

    def test_a_lead_that_has_ended_cannot_be_ended_again(self, bu, person):
        lead = services.organisation_lead_add(organisation=OrganisationFactory(), person=person,
                                              start=dt.date(2016, 4, 1), end=TODAY - DAY, by=bu)
        with pytest.raises(ValidationError) as refused:
            services.organisation_lead_end(lead=lead, end=TODAY, by=bu)
        assert refused.value.messages == [services.MEMBERSHIP_ALREADY_ENDED]

    def test_a_lead_end_before_its_start_is_refused(self, bu, person):
        lead = services.organisation_lead_add(organisation=OrganisationFactory(), person=person, by=bu)
        with pytest.raises(ValidationError) as refused:
            services.organisation_lead_end(lead=lead, end=TODAY - DAY, by=bu)
        assert refused.value.message_dict == {"end": [services.END_BEFORE_START]}

    def test_a_lead_whose_term_ends_today_is_still_current_and_its_end_can_be_moved(self, bu, person):
        agency = OrganisationFactory()
        lead = services.organisation_lead_add(organisation=agency, person=person, start=dt.date(2016, 4, 1),
                                              end=TODAY, by=bu)
        assert list(selectors.organisation_leads(agency)) == [lead]
        services.organisation_lead_end(lead=lead, end=TODAY + 30 * DAY, by=bu)
        lead.refresh_from_db()
        assert lead.end == TODAY + 30 * DAY


# Bodies and their functions
class TestBodyFunctions:
    def test_a_body_is_given_its_functions(self, bu):
        bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
        services.body_functions_set(body=bpg, functions=[Function.MONITORS, Function.RECEIVES_QUARTERLY], by=bu)
        assert set(bpg.functions.values_list("function", flat=True)) == {Function.MONITORS,
                                                                          Function.RECEIVES_QUARTERLY}
        assert selectors.body_with_function(Function.MONITORS) == bpg

    def test_a_single_holder_function_held_by_another_body_is_refused(self, bu):
        bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
        board = BodyFactory(name="Safeguarding Children Board", short_name="Board")
        services.body_functions_set(body=bpg, functions=[Function.SIGNS_OFF_ACTIONS], by=bu)
        with pytest.raises(ValidationError) as refused:
            services.body_functions_set(body=board, functions=[Function.RATIFIES, Function.SIGNS_OFF_ACTIONS], by=bu)
        message = services.FUNCTION_HELD.format(function=Function.SIGNS_OFF_ACTIONS.label, body=bpg)
        assert refused.value.message_dict == {"functions": [message]}
        assert message == "Signs off actions is already held by Business Planning Group. One body at a time holds it."
        # Nothing was given to the board, not even the function it could have held.
        assert not board.functions.exists()
        assert selectors.body_with_function(Function.SIGNS_OFF_ACTIONS) == bpg

    def test_every_single_holder_function_is_refused_a_second_body(self, bu):
        first, second = BodyFactory(), BodyFactory()
        # The `bu` fixture's Business Unit already holds BUSINESS_UNIT.
        others = sorted(services.SINGLE_HOLDER_FUNCTIONS - {Function.BUSINESS_UNIT})
        services.body_functions_set(body=first, functions=others, by=bu)
        for function in [*others, Function.BUSINESS_UNIT]:
            with pytest.raises(ValidationError, match="One body at a time holds it"):
                services.body_functions_set(body=second, functions=[function], by=bu)
        assert not second.functions.exists()

    def test_receiving_functions_may_be_held_by_several_bodies(self, bu):
        board, bpg = BodyFactory(), BodyFactory()
        receiving = [Function.RECEIVES_SUMMARIES, Function.RECEIVES_QUARTERLY, Function.RECEIVES_YEARLY,
                     Function.RECEIVES_OUTCOME_REPORT]
        services.body_functions_set(body=board, functions=receiving, by=bu)
        services.body_functions_set(body=bpg, functions=receiving, by=bu)
        assert set(selectors.bodies_with_function(Function.RECEIVES_SUMMARIES)) == {board, bpg}

    def test_setting_functions_again_removes_those_left_out_and_keeps_the_holder(self, bu):
        bpg = BodyFactory()
        services.body_functions_set(body=bpg, functions=[Function.MONITORS, Function.HOLDS_LOG], by=bu)
        services.body_functions_set(body=bpg, functions=[Function.HOLDS_LOG, Function.APPROVES_PLANS], by=bu)
        assert set(bpg.functions.values_list("function", flat=True)) == {Function.HOLDS_LOG, Function.APPROVES_PLANS}
        assert selectors.body_with_function(Function.MONITORS) is None
        # A removed function is free for another body.
        other = BodyFactory()
        services.body_functions_set(body=other, functions=[Function.MONITORS], by=bu)
        assert selectors.body_with_function(Function.MONITORS) == other
        services.body_functions_set(body=bpg, functions=[], by=bu)
        assert not bpg.functions.exists()

    def test_changes_to_functions_are_kept_in_history(self, bu):
        bpg = BodyFactory()
        services.body_functions_set(body=bpg, functions=[Function.MONITORS], by=bu)
        services.body_functions_set(body=bpg, functions=[], by=bu)
        kinds = list(BodyFunction.history.filter(body_id=bpg.pk).order_by("history_date", "pk")
                     .values_list("function", "history_type"))
        assert kinds == [(Function.MONITORS, "+"), (Function.MONITORS, "-")]


# Meetings
class TestMeetings:
    def test_a_meeting_is_scheduled(self, bu, body):
        meeting = services.meeting_schedule(body=body, starts_at=NOW + 14 * DAY, place="City Hall", by=bu)
        assert (meeting.status, meeting.created_by, meeting.modified_by) == (MeetingStatus.SCHEDULED, bu, bu)
        assert list(Meeting.objects.filter(body=body, status=MeetingStatus.SCHEDULED, starts_at__gte=NOW)) == [meeting]

    def test_a_meeting_that_has_started_is_marked_held(self, bu, body):
        meeting = MeetingFactory(body=body, starts_at=NOW - 2 * DAY)
        services.meeting_mark_held(meeting=meeting, by=bu)
        meeting.refresh_from_db()
        assert (meeting.status, meeting.modified_by) == (MeetingStatus.HELD, bu)

    def test_a_meeting_starting_this_minute_may_be_marked_held(self, bu, body):
        meeting = MeetingFactory(body=body, starts_at=NOW)
        services.meeting_mark_held(meeting=meeting, by=bu)
        assert meeting.status == MeetingStatus.HELD

    def test_a_meeting_in_the_future_cannot_be_marked_held(self, bu, body):
        meeting = MeetingFactory(body=body, starts_at=NOW + dt.timedelta(hours=1))
        with pytest.raises(ValidationError) as refused:
            services.meeting_mark_held(meeting=meeting, by=bu)
        assert refused.value.messages == [services.HELD_IN_FUTURE]
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.SCHEDULED

    def test_a_meeting_cannot_be_marked_held_twice(self, bu, body):
        meeting = held_meeting(body)
        with pytest.raises(ValidationError) as refused:
            services.meeting_mark_held(meeting=meeting, by=bu)
        assert refused.value.messages == [services.ALREADY_HELD]

    def test_a_cancelled_meeting_cannot_be_marked_held(self, bu, body):
        meeting = MeetingFactory(body=body, starts_at=NOW - DAY, status=MeetingStatus.CANCELLED)
        with pytest.raises(ValidationError) as refused:
            services.meeting_mark_held(meeting=meeting, by=bu)
        assert refused.value.messages == [services.ALREADY_CANCELLED]
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED

    def test_a_scheduled_meeting_is_cancelled(self, bu, body):
        meeting = MeetingFactory(body=body, starts_at=NOW + 7 * DAY)
        services.meeting_cancel(meeting=meeting, by=bu)
        meeting.refresh_from_db()
        assert (meeting.status, meeting.modified_by) == (MeetingStatus.CANCELLED, bu)
        assert not Meeting.objects.filter(body=body, status=MeetingStatus.SCHEDULED).exists()

    def test_a_held_meeting_cannot_be_cancelled(self, bu, body):
        meeting = held_meeting(body)
        with pytest.raises(ValidationError) as refused:
            services.meeting_cancel(meeting=meeting, by=bu)
        assert refused.value.messages == [services.CANCEL_HELD]
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.HELD

    def test_a_cancelled_meeting_cannot_be_cancelled_again(self, bu, body):
        meeting = MeetingFactory(body=body, status=MeetingStatus.CANCELLED)
        with pytest.raises(ValidationError) as refused:
            services.meeting_cancel(meeting=meeting, by=bu)
        assert refused.value.messages == [services.ALREADY_CANCELLED]

    def test_a_scheduled_meeting_is_re_dated_and_the_old_date_stays_in_its_history(self, bu, body):
        first = NOW + 7 * DAY
        meeting = services.meeting_schedule(body=body, starts_at=first, by=bu)
        other = business_unit()  # another officer of the business unit
        assert services.meeting_update(meeting=meeting, data={"starts_at": first + 14 * DAY,
                                                              "place": "Britannia House"}, by=other)
        meeting.refresh_from_db()
        assert (meeting.starts_at, meeting.place, meeting.modified_by, meeting.created_by) == (
            first + 14 * DAY, "Britannia House", other, bu)
        assert [h.starts_at for h in meeting.history.order_by("history_date", "pk")] == [first, first + 14 * DAY]

    def test_a_held_meeting_cannot_be_moved_into_the_future(self, bu, body):
        meeting = held_meeting(body)
        with pytest.raises(ValidationError) as refused:
            services.meeting_update(meeting=meeting, data={"starts_at": NOW + DAY}, by=bu)
        assert refused.value.message_dict == {"starts_at": [services.HELD_IN_FUTURE]}
        meeting.refresh_from_db()
        assert meeting.starts_at == NOW - 7 * DAY

    def test_a_held_meeting_may_be_corrected_to_another_past_date(self, bu, body):
        meeting = held_meeting(body)
        services.meeting_update(meeting=meeting, data={"starts_at": NOW - 8 * DAY}, by=bu)
        meeting.refresh_from_db()
        assert meeting.starts_at == NOW - 8 * DAY

    def test_minutes_are_saved(self, bu, body):
        meeting = held_meeting(body)
        services.meeting_minutes_save(meeting=meeting, minutes="Agreed the plan.", by=bu)
        meeting.refresh_from_db()
        assert (meeting.minutes, meeting.modified_by) == ("Agreed the plan.", bu)

    def test_agenda_items_are_numbered_in_order_per_meeting(self, bu, body):
        meeting, other = held_meeting(body), held_meeting(body)
        for title in ("Apologies", "Minutes of the last meeting", "Action log"):
            services.agenda_item_add(meeting=meeting, title=title, by=bu)
        services.agenda_item_add(meeting=other, title="Apologies", notes="None.", by=bu)
        assert list(meeting.agenda_items.values_list("order", "title")) == [
            (1, "Apologies"), (2, "Minutes of the last meeting"), (3, "Action log")]
        item = AgendaItem.objects.get(meeting=other)
        assert (item.order, item.notes, item.created_by) == (1, "None.", bu)


# Attendance
class TestAttendance:
    def test_presence_is_recorded_with_the_agency_of_the_membership(self, bu, body, person):
        agency = OrganisationFactory(name="Bradford District Care NHS Foundation Trust")
        MembershipFactory(person=person, body=body, organisation=agency)
        meeting = held_meeting(body)
        attendance = services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT,
                                                by=bu)
        attendance.refresh_from_db()
        assert (attendance.status, attendance.organisation, attendance.created_by) == (
            AttendanceStatus.PRESENT, agency, bu)
        assert (attendance.delegate_name, attendance.delegate_sufficiently_senior) == ("", None)

    def test_the_agency_is_a_snapshot_that_does_not_follow_a_later_move(self, bu, body, person):
        first = OrganisationFactory(name="Bradford Council")
        membership = MembershipFactory(person=person, body=body, organisation=first)
        attendance = services.attendance_record(meeting=held_meeting(body), person=person,
                                                status=AttendanceStatus.PRESENT, by=bu)
        membership.organisation = OrganisationFactory(name="Barnardo's")
        membership.save()
        attendance.refresh_from_db()
        assert attendance.organisation == first

    def test_an_agency_given_explicitly_wins(self, bu, body, person):
        MembershipFactory(person=person, body=body, organisation=OrganisationFactory())
        named = OrganisationFactory(name="CAFCASS")
        attendance = services.attendance_record(meeting=held_meeting(body), person=person,
                                                status=AttendanceStatus.APOLOGIES, organisation=named, by=bu)
        assert attendance.organisation == named

    def test_the_agency_is_the_one_represented_on_the_day_of_the_meeting(self, bu, body, person):
        then = OrganisationFactory(name="Bradford Council")
        later = OrganisationFactory(name="Barnardo's")
        MembershipFactory(person=person, body=body, organisation=then, start=dt.date(2016, 4, 1),
                          end=dt.date(2017, 3, 31))
        MembershipFactory(person=person, body=body, organisation=later, start=dt.date(2017, 4, 1))
        meeting = MeetingFactory(body=body, starts_at=dt.datetime(2017, 1, 10, 14, tzinfo=LONDON),
                                 status=MeetingStatus.HELD)
        attendance = services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT,
                                                by=bu)
        assert attendance.organisation == then

    def test_attendance_at_a_cancelled_meeting_is_refused(self, bu, body, person):
        meeting = MeetingFactory(body=body, starts_at=NOW - DAY, status=MeetingStatus.CANCELLED)
        with pytest.raises(ValidationError) as refused:
            services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT, by=bu)
        assert refused.value.messages == [services.ATTENDANCE_CANCELLED]
        assert not Attendance.objects.exists()

    def test_attendance_at_a_meeting_still_to_come_is_refused(self, bu, body, person):
        meeting = MeetingFactory(body=body, starts_at=NOW + dt.timedelta(minutes=30))
        with pytest.raises(ValidationError) as refused:
            services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.ABSENT, by=bu)
        assert refused.value.messages == [services.ATTENDANCE_FUTURE]
        assert not Attendance.objects.exists()

    def test_attendance_may_be_recorded_once_a_scheduled_meeting_has_started(self, bu, body, person):
        meeting = MeetingFactory(body=body, starts_at=NOW - dt.timedelta(minutes=5))
        services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT, by=bu)
        assert Attendance.objects.get().meeting == meeting

    @pytest.mark.parametrize("name", ["", "   "])
    def test_a_delegate_without_a_name_is_refused(self, bu, body, person, name):
        with pytest.raises(ValidationError) as refused:
            services.attendance_record(meeting=held_meeting(body), person=person, status=AttendanceStatus.DELEGATE,
                                       delegate_name=name, delegate_sufficiently_senior=True, by=bu)
        assert refused.value.message_dict == {"delegate_name": [services.DELEGATE_NAME_REQUIRED]}
        assert not Attendance.objects.exists()

    def test_a_delegate_without_the_seniority_answer_is_refused(self, bu, body, person):
        with pytest.raises(ValidationError) as refused:
            services.attendance_record(meeting=held_meeting(body), person=person, status=AttendanceStatus.DELEGATE,
                                       delegate_name="Sam Jones", by=bu)
        assert refused.value.message_dict == {
            "delegate_sufficiently_senior": [services.DELEGATE_SENIORITY_REQUIRED]}

    def test_both_missing_delegate_answers_are_reported_together(self, bu, body, person):
        with pytest.raises(ValidationError) as refused:
            services.attendance_record(meeting=held_meeting(body), person=person, status=AttendanceStatus.DELEGATE,
                                       by=bu)
        assert refused.value.message_dict == {
            "delegate_name": [services.DELEGATE_NAME_REQUIRED],
            "delegate_sufficiently_senior": [services.DELEGATE_SENIORITY_REQUIRED],
        }

    @pytest.mark.parametrize("details", [
        {"delegate_name": "Sam Jones"}, {"delegate_role": "Team manager"},
        {"delegate_organisation": "agency"},
    ])
    def test_delegate_details_without_a_delegate_are_refused(self, bu, body, person, details):
        if "delegate_organisation" in details:
            details = {"delegate_organisation": OrganisationFactory()}
        with pytest.raises(ValidationError) as refused:
            services.attendance_record(meeting=held_meeting(body), person=person, status=AttendanceStatus.PRESENT,
                                       by=bu, **details)
        assert refused.value.message_dict == {"status": [services.DELEGATE_FIELDS_WITHOUT_DELEGATE]}
        assert not Attendance.objects.exists()

    def test_a_delegate_is_recorded_with_their_details(self, bu, body, person):
        police = OrganisationFactory(name="West Yorkshire Police")
        attendance = services.attendance_record(
            meeting=held_meeting(body), person=person, status=AttendanceStatus.DELEGATE,
            delegate_name="  Sam Jones ", delegate_role=" Detective Inspector ", delegate_organisation=police,
            delegate_sufficiently_senior=False, by=bu,
        )
        attendance.refresh_from_db()
        assert (attendance.delegate_name, attendance.delegate_role, attendance.delegate_organisation,
                attendance.delegate_sufficiently_senior) == ("Sam Jones", "Detective Inspector", police, False)

    def test_recording_again_corrects_the_one_row_and_clears_the_delegate(self, bu, body, person):
        meeting = held_meeting(body)
        services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.DELEGATE,
                                   delegate_name="Sam Jones", delegate_role="Manager",
                                   delegate_sufficiently_senior=True, by=bu)
        corrector = member_of(body, role=Role.CHAIR)  # the chair records attendance too
        services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT, by=corrector)
        attendance = Attendance.objects.get(meeting=meeting, person=person)
        assert attendance.status == AttendanceStatus.PRESENT
        assert (attendance.delegate_name, attendance.delegate_role, attendance.delegate_sufficiently_senior) == (
            "", "", None)
        assert (attendance.created_by, attendance.modified_by) == (bu, corrector)
        assert list(attendance.history.order_by("history_date", "pk").values_list("status", flat=True)) == [
            AttendanceStatus.DELEGATE, AttendanceStatus.PRESENT]


# Decisions
class TestDecisions:
    def test_a_decision_informed_by_children_is_recorded_with_its_themes(self, bu, body):
        meeting = held_meeting(body)
        themes = [ThemeFactory(name="Neglect"), ThemeFactory(name="Domestic abuse")]
        decision = services.decision_record(
            meeting=meeting, text="  Agreed the neglect strategy. ", childrens_voice=ChildrensVoice.INFORMED,
            childrens_voice_detail=" The Children in Care Council's survey shaped it. ",
            not_applicable_reason="ignored", themes=themes, by=bu,
        )
        decision.refresh_from_db()
        assert decision.text == "Agreed the neglect strategy."
        assert decision.childrens_voice_detail == "The Children in Care Council's survey shaped it."
        assert decision.not_applicable_reason == ""
        assert set(decision.themes.all()) == set(themes)
        assert (decision.created_by, decision.modified_by) == (bu, bu)
        assert list(selectors.meeting_decisions(meeting)) == [decision]

    def test_not_applicable_with_a_reason_is_recorded_without_detail(self, bu, body):
        decision = services.decision_record(
            meeting=held_meeting(body), text="Approved the budget.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
            childrens_voice_detail="leftover", not_applicable_reason="A financial decision.", by=bu,
        )
        assert (decision.childrens_voice_detail, decision.not_applicable_reason) == ("", "A financial decision.")
        assert not decision.themes.exists()

    @pytest.mark.parametrize("voice", ["", "maybe"])
    def test_no_answer_on_the_childs_voice_is_refused(self, bu, body, voice):
        with pytest.raises(ValidationError) as refused:
            services.decision_record(meeting=held_meeting(body), text="Agreed.", childrens_voice=voice, by=bu)
        assert refused.value.message_dict == {"childrens_voice": [services.VOICE_REQUIRED]}
        assert not Decision.objects.exists()

    @pytest.mark.parametrize("detail", ["", "  "])
    def test_informed_without_saying_how_is_refused(self, bu, body, detail):
        with pytest.raises(ValidationError) as refused:
            services.decision_record(meeting=held_meeting(body), text="Agreed.",
                                     childrens_voice=ChildrensVoice.INFORMED, childrens_voice_detail=detail, by=bu)
        assert refused.value.message_dict == {"childrens_voice_detail": [services.VOICE_DETAIL_REQUIRED]}
        assert not Decision.objects.exists()

    @pytest.mark.parametrize("reason", ["", "  "])
    def test_not_applicable_without_a_reason_is_refused(self, bu, body, reason):
        with pytest.raises(ValidationError) as refused:
            services.decision_record(meeting=held_meeting(body), text="Agreed.",
                                     childrens_voice=ChildrensVoice.NOT_APPLICABLE, not_applicable_reason=reason,
                                     by=bu)
        assert refused.value.message_dict == {"not_applicable_reason": [services.NOT_APPLICABLE_REASON_REQUIRED]}
        assert not Decision.objects.exists()

    def test_a_decision_without_text_is_refused(self, bu, body):
        with pytest.raises(ValidationError) as refused:
            services.decision_record(meeting=held_meeting(body), text="   ",
                                     childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                                     not_applicable_reason="Housekeeping.", by=bu)
        assert set(refused.value.message_dict) == {"text"}
        assert not Decision.objects.exists()

    def test_a_decision_at_a_cancelled_meeting_is_refused(self, bu, body):
        meeting = MeetingFactory(body=body, starts_at=NOW - DAY, status=MeetingStatus.CANCELLED)
        with pytest.raises(ValidationError) as refused:
            services.decision_record(meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                                     not_applicable_reason="Housekeeping.", by=bu)
        assert refused.value.messages == [services.DECISION_CANCELLED]
        assert not Decision.objects.exists()

    def test_a_decision_at_a_meeting_still_to_come_is_refused(self, bu, body):
        meeting = MeetingFactory(body=body, starts_at=NOW + DAY)
        with pytest.raises(ValidationError) as refused:
            services.decision_record(meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                                     not_applicable_reason="Housekeeping.", by=bu)
        assert refused.value.messages == [services.DECISION_FUTURE]

    def test_a_decision_at_a_scheduled_meeting_that_has_started_is_allowed(self, bu, body):
        meeting = MeetingFactory(body=body, starts_at=NOW - dt.timedelta(hours=1))
        services.decision_record(meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                                 not_applicable_reason="Housekeeping.", by=bu)
        assert Decision.objects.get().meeting == meeting

    def test_the_themes_are_kept_in_the_decisions_history(self, bu, body):
        theme = ThemeFactory(name="Female genital mutilation")
        decision = services.decision_record(meeting=held_meeting(body), text="Agreed the FGM protocol.",
                                            childrens_voice=ChildrensVoice.INFORMED,
                                            childrens_voice_detail="Young people's panel.", themes=[theme], by=bu)
        latest = decision.history.order_by("-history_date", "-pk").first()
        assert [t.theme_id for t in latest.themes.all()] == [theme.pk]


# History: every change kept, with who made it
def test_every_service_writes_a_history_row(bu, body, person):
    membership = services.membership_add(person=person, body=body, role=Role.MEMBER, start=dt.date(2016, 4, 1),
                                         by=bu)
    services.membership_end(membership=membership, end=TODAY, by=bu)
    meeting = services.meeting_schedule(body=body, starts_at=NOW - DAY, by=bu)
    services.meeting_mark_held(meeting=meeting, by=bu)
    services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT, by=bu)
    services.decision_record(meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                             not_applicable_reason="Housekeeping.", by=bu)
    assert membership.history.count() == 2
    assert Meeting.history.filter(id=meeting.pk).count() == 2
    assert Attendance.history.count() == 1
    assert Decision.history.count() == 1


def test_history_rows_written_by_a_service_name_who_made_the_change(bu, body, person):
    membership = services.membership_add(person=person, body=body, role=Role.MEMBER, by=bu)
    meeting = services.meeting_schedule(body=body, starts_at=NOW - DAY, by=bu)
    services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT, by=bu)
    services.decision_record(meeting=meeting, text="Agreed.", childrens_voice=ChildrensVoice.NOT_APPLICABLE,
                             not_applicable_reason="Housekeeping.", by=bu)
    services.body_functions_set(body=body, functions=[Function.HOLDS_LOG], by=bu)
    rows = [
        membership.history.get(), Meeting.history.get(id=meeting.pk), Attendance.history.get(),
        Decision.history.get(), BodyFunction.history.get(body_id=body.pk),
    ]
    assert [row.history_user for row in rows] == [bu] * len(rows)
