"""Reads the workflows and pages rely on: which body holds a function, who chairs it, who sits on it,
and attendance rates."""

import datetime as dt

import pytest

from accountability import selectors
from accountability.models import (
    Attendance,
    AttendanceStatus,
    BodyFunction,
    Function,
    MeetingStatus,
    OrganisationLead,
    Role,
)
from tests.accountability.bradford_shape import DAY, LONDON, TODAY
from tests.factories import (
    BodyFactory,
    BodyKindFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]


def give(body, *functions):
    for function in functions:
        BodyFunction.objects.create(body=body, function=function)
    return body


class TestBodiesWithFunction:
    def test_the_body_holding_a_function_is_found_by_the_function_not_its_kind(self, db):
        board = give(BodyFactory(name="Safeguarding Children Board", kind=BodyKindFactory(name="Board", order=1)),
                     Function.RATIFIES, Function.RECEIVES_SUMMARIES)
        bpg = give(BodyFactory(name="Business Planning Group", kind=BodyKindFactory(name="BPG", order=2)),
                   Function.MONITORS, Function.RECEIVES_SUMMARIES)
        assert selectors.body_with_function(Function.RATIFIES) == board
        assert selectors.body_with_function(Function.MONITORS) == bpg
        assert selectors.body_with_function(Function.HOLDS_LOG) is None
        assert list(selectors.bodies_with_function(Function.RECEIVES_SUMMARIES).order_by("name")) == [bpg, board]
        # For a function several hold, the first by kind order.
        assert selectors.body_with_function(Function.RECEIVES_SUMMARIES) == board

    def test_inactive_bodies_are_left_out(self, db):
        closed = give(BodyFactory(active_from=dt.date(2016, 4, 1), active_to=TODAY - DAY), Function.RECEIVES_YEARLY)
        not_yet = give(BodyFactory(active_from=TODAY + DAY), Function.RECEIVES_YEARLY)
        open_ = give(BodyFactory(active_from=dt.date(2016, 4, 1), active_to=TODAY), Function.RECEIVES_YEARLY)
        assert list(selectors.bodies_with_function(Function.RECEIVES_YEARLY)) == [open_]
        assert set(selectors.bodies_with_function(Function.RECEIVES_YEARLY, TODAY - DAY)) == {closed, open_}
        assert set(selectors.bodies_with_function(Function.RECEIVES_YEARLY, TODAY + DAY)) == {not_yet}
        assert selectors.body_with_function(Function.RECEIVES_YEARLY, TODAY + DAY) == not_yet

    def test_a_closed_holder_of_a_single_function_no_longer_holds_it(self, db):
        give(BodyFactory(active_from=dt.date(2016, 4, 1), active_to=TODAY - DAY), Function.HOLDS_LOG)
        assert selectors.body_with_function(Function.HOLDS_LOG) is None


class TestChairOf:
    def test_the_current_chair_from_memberships(self, db):
        body = BodyFactory()
        MembershipFactory(body=body, role=Role.CHAIR, start=dt.date(2016, 4, 1), end=TODAY - DAY)
        chair = MembershipFactory(body=body, role=Role.CHAIR, start=TODAY, end=TODAY + 364 * DAY).person
        future = MembershipFactory(body=body, role=Role.CHAIR, start=TODAY + 365 * DAY).person
        member_of(body, role=Role.VICE_CHAIR)
        assert selectors.chair_of(body) == chair
        assert selectors.chair_of(body, TODAY + 365 * DAY) != chair
        assert selectors.chair_of(body, TODAY + 365 * DAY) == future

    def test_an_independent_chair_chairs(self, db):
        board = BodyFactory()
        chair = member_of(board, role=Role.INDEPENDENT_CHAIR)
        assert selectors.chair_of(board) == chair

    def test_no_chair_when_the_post_is_empty(self, db):
        body = BodyFactory()
        member_of(body)
        MembershipFactory(body=body, role=Role.CHAIR, end=TODAY - DAY)
        assert selectors.chair_of(body) is None


class TestCurrentMembers:
    @pytest.fixture
    def bpg(self, db):
        sub_group = BodyKindFactory(name="Sub group")
        return BodyFactory(name="Business Planning Group", short_name="BPG", seats_for_chairs_of=sub_group)

    def test_own_memberships_then_derived_seats_flagged(self, bpg):
        ld = BodyFactory(name="Learning and Development", kind=bpg.seats_for_chairs_of)
        agency = OrganisationFactory(name="Bradford Council")
        chair = MembershipFactory(body=ld, role=Role.CHAIR, organisation=agency, person=UserFactory(full_name="Bo"))
        invited = MembershipFactory(body=bpg, role=Role.INVITED, person=UserFactory(full_name="Al"))
        MembershipFactory(body=bpg, role=Role.MEMBER, end=TODAY - DAY)  # gone
        members = selectors.current_members(bpg)
        assert [(m.person, m.derived) for m in members] == [(invited.person, False), (chair.person, True)]
        seat = members[1]
        assert (seat.pk, seat.body, seat.role, seat.organisation, seat.derived_from) == (
            None, bpg, Role.MEMBER, agency, ld)

    def test_a_chair_with_an_own_seat_is_listed_once_as_an_own_member(self, bpg):
        ld = BodyFactory(kind=bpg.seats_for_chairs_of)
        chair = member_of(ld, role=Role.CHAIR)
        own = MembershipFactory(body=bpg, person=chair, role=Role.VICE_CHAIR)
        members = selectors.current_members(bpg)
        assert [(m.pk, m.derived) for m in members] == [(own.pk, False)]

    def test_a_person_chairing_two_sub_groups_has_one_seat(self, bpg):
        chair = UserFactory()
        for _ in range(2):
            MembershipFactory(body=BodyFactory(kind=bpg.seats_for_chairs_of), person=chair, role=Role.CHAIR)
        assert [m.person for m in selectors.current_members(bpg)] == [chair]

    def test_a_body_without_derived_seats_lists_only_its_own_current_members(self, db):
        body = BodyFactory()
        members = [member_of(body, role=Role.MEMBER), member_of(body, role=Role.CHAIR)]
        MembershipFactory(body=body, start=TODAY + DAY)  # not yet
        listed = selectors.current_members(body)
        assert {m.person for m in listed} == set(members)
        assert not any(m.derived for m in listed)

    def test_members_are_read_in_a_fixed_number_of_queries(self, bpg, django_assert_num_queries):
        for _ in range(5):
            member_of(BodyFactory(kind=bpg.seats_for_chairs_of), role=Role.CHAIR)
            member_of(bpg)
        with django_assert_num_queries(2):
            members = selectors.current_members(bpg)
            assert [(m.person.full_name, m.organisation and m.organisation.name) for m in members]
            assert all(m.derived_from.name for m in members if m.derived)


class TestAttendanceRates:
    START, END = dt.date(2017, 4, 1), dt.date(2017, 6, 30)

    def meeting(self, body, day, status=MeetingStatus.HELD):
        return MeetingFactory(body=body, starts_at=dt.datetime.combine(day, dt.time(14), tzinfo=LONDON),
                              status=status)

    def attend(self, meeting, person, agency, status, senior=None):
        return Attendance.objects.create(
            meeting=meeting, person=person, organisation=agency, status=status,
            delegate_name="Sam Jones" if status == AttendanceStatus.DELEGATE else "",
            delegate_sufficiently_senior=senior,
        )

    @pytest.fixture
    def data(self, db):
        body = BodyFactory()
        police = OrganisationFactory(name="West Yorkshire Police")
        council = OrganisationFactory(name="Bradford Council")
        ann, ben = UserFactory(full_name="Ann Brown"), UserFactory(full_name="Ben Carter")
        first = self.meeting(body, dt.date(2017, 4, 1))  # the first day counts
        second = self.meeting(body, dt.date(2017, 6, 14))
        last = self.meeting(body, dt.date(2017, 6, 30))  # the last day counts
        self.attend(first, ann, police, AttendanceStatus.PRESENT)
        self.attend(second, ann, police, AttendanceStatus.DELEGATE, senior=True)
        self.attend(last, ann, police, AttendanceStatus.DELEGATE, senior=False)
        self.attend(first, ben, council, AttendanceStatus.APOLOGIES)
        self.attend(second, ben, council, AttendanceStatus.ABSENT)
        self.attend(last, ben, council, AttendanceStatus.PRESENT)
        # None of these count: outside the period, or not a held meeting.
        self.attend(self.meeting(body, dt.date(2017, 3, 31)), ben, council, AttendanceStatus.ABSENT)
        self.attend(self.meeting(body, dt.date(2017, 7, 1)), ben, council, AttendanceStatus.ABSENT)
        self.attend(self.meeting(body, dt.date(2017, 5, 1), MeetingStatus.SCHEDULED), ben, council,
                    AttendanceStatus.ABSENT)
        self.attend(self.meeting(body, dt.date(2017, 5, 2), MeetingStatus.CANCELLED), ben, council,
                    AttendanceStatus.ABSENT)
        return {"ann": ann, "ben": ben}

    def test_per_agency_a_delegate_counts_only_when_senior_enough(self, data):
        rows = selectors.attendance_rates(self.START, self.END)
        assert rows == [
            {"name": "Bradford Council", "expected": 3, "present": 1, "delegate": 0, "apologies": 1, "absent": 1,
             "delegate_not_senior": 0, "rate": 33},
            {"name": "West Yorkshire Police", "expected": 3, "present": 1, "delegate": 2, "apologies": 0, "absent": 0,
             "delegate_not_senior": 1, "rate": 67},
        ]

    def test_per_person(self, data):
        rows = {row["name"]: row for row in selectors.attendance_rates(self.START, self.END, by="person")}
        assert set(rows) == {"Ann Brown", "Ben Carter"}
        assert (rows["Ann Brown"]["rate"], rows["Ann Brown"]["delegate_not_senior"]) == (67, 1)
        assert (rows["Ben Carter"]["rate"], rows["Ben Carter"]["expected"]) == (33, 3)

    def test_an_unanswered_seniority_does_not_count_as_attendance(self, db):
        meeting = self.meeting(BodyFactory(), dt.date(2017, 5, 1))
        self.attend(meeting, UserFactory(), None, AttendanceStatus.DELEGATE, senior=None)
        [row] = selectors.attendance_rates(self.START, self.END)
        assert (row["name"], row["rate"], row["delegate_not_senior"]) == ("No agency recorded", 0, 1)

    def test_no_held_meetings_no_rows(self, db):
        assert selectors.attendance_rates(self.START, self.END) == []

    def test_two_people_with_the_same_name_are_reported_separately(self, db):
        meeting = self.meeting(BodyFactory(), dt.date(2017, 5, 1))
        self.attend(meeting, UserFactory(full_name="Sarah Khan"), None, AttendanceStatus.PRESENT)
        self.attend(meeting, UserFactory(full_name="Sarah Khan"), None, AttendanceStatus.ABSENT)
        rows = selectors.attendance_rates(self.START, self.END, by="person")
        assert sorted(row["rate"] for row in rows) == [0, 100]


class TestListsAndCounts:
    def test_body_list_counts_current_members(self, db):
        body = BodyFactory()
        member_of(body)
        member_of(body, role=Role.CHAIR)
        MembershipFactory(body=body, end=TODAY - DAY)
        assert selectors.body_list().get(pk=body.pk).member_count == 2

    def test_organisation_list_counts_current_leads(self, db):
        agency = OrganisationFactory()
        OrganisationLead.objects.create(organisation=agency, person=UserFactory(), start=dt.date(2016, 4, 1))
        OrganisationLead.objects.create(organisation=agency, person=UserFactory(), start=dt.date(2016, 4, 1),
                                        end=TODAY - DAY)
        assert selectors.organisation_list().get(pk=agency.pk).lead_count == 1

    def test_people_list_counts_current_bodies_and_leaves_out_closed_accounts(self, db):
        person = member_of(BodyFactory())
        MembershipFactory(person=person, end=TODAY - DAY)
        closed = UserFactory(is_active=False)
        people = selectors.people_list()
        assert people.get(pk=person.pk).body_count == 1
        assert not people.filter(pk=closed.pk).exists()
