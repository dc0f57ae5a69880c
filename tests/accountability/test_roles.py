"""Who holds what, from current memberships: roles_for, the derived BPG seat, the business unit, the rules.

"Nobody acts on their own body's work" (a sub group chair on the BPG signing off their own sub
group's actions) is decided by one predicate, tested in test_own_work.py; who owes a body's work
(the nominee, the chair, the business unit) in test_people.py."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accountability import selectors, services
from accountability.models import BodyFunction, Function, Role
from accountability.roles import roles_for
from tests.accountability.bradford_shape import DAY, TODAY, fresh
from tests.factories import (
    BodyFactory,
    BodyKindFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
    business_unit,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]


class TestRolesFor:
    def test_memberships_are_loaded_once_per_request_and_cached_on_the_user(self, structure,
                                                                             django_assert_num_queries):
        person = fresh(member_of(structure["ld"]))
        roles = roles_for(person)
        assert roles.member_of(structure["ld"].pk)
        assert not roles.is_business_unit
        with django_assert_num_queries(0):
            again = roles_for(person)
            assert again is roles
            assert again.member_of(structure["ld"].pk)
            assert not again.member_of(structure["cse"].pk)
            assert not again.chairs(structure["ld"].pk)
            assert not again.is_business_unit

    def test_another_day_is_worked_out_afresh(self, structure):
        person = fresh(MembershipFactory(body=structure["ld"], start=TODAY + DAY).person)
        assert not roles_for(person).member_of(structure["ld"].pk)
        assert roles_for(person, TODAY + DAY).member_of(structure["ld"].pk)

    def test_a_member_of_one_body_is_not_a_member_of_another(self, structure):
        roles = roles_for(fresh(member_of(structure["ld"])))
        assert roles.member_of(structure["ld"].pk)
        assert not roles.member_of(structure["cse"].pk)
        assert not roles.member_of(structure["bpg"].pk)

    def test_ended_memberships_do_not_count(self, structure):
        person = MembershipFactory(body=structure["ld"], role=Role.CHAIR, end=TODAY - DAY).person
        roles = roles_for(fresh(person))
        assert not roles.member_of(structure["ld"].pk)
        assert not roles.chairs(structure["ld"].pk)
        assert not roles.member_of(structure["bpg"].pk)

    def test_a_membership_ending_today_still_counts_today(self, structure):
        person = MembershipFactory(body=structure["ld"], end=TODAY).person
        assert roles_for(fresh(person)).member_of(structure["ld"].pk)

    def test_the_anonymous_hold_nothing(self, structure, django_assert_num_queries):
        with django_assert_num_queries(0):
            roles = roles_for(AnonymousUser())
            assert not roles.member_of(structure["ld"].pk)
            assert not roles.is_business_unit
            assert roles.lead_organisation_ids == set()


class TestDerivedSeat:
    def test_a_sub_group_chair_sits_on_the_bpg_without_a_membership_of_it(self, structure):
        chair = member_of(structure["ld"], role=Role.CHAIR)
        roles = roles_for(fresh(chair))
        assert roles.member_of(structure["bpg"].pk)
        assert not roles.chairs(structure["bpg"].pk)
        assert [m.person for m in selectors.current_members(structure["bpg"])] == [chair]

    def test_the_bpg_seat_follows_a_change_of_sub_group_chair_at_once(self, structure):
        bu = business_unit()
        old = MembershipFactory(body=structure["ld"], role=Role.CHAIR, start=dt.date(2016, 4, 1))
        new_chair = UserFactory(full_name="Nadia Hussain")
        assert roles_for(fresh(old.person)).member_of(structure["bpg"].pk)
        assert not roles_for(fresh(new_chair)).member_of(structure["bpg"].pk)

        services.membership_end(membership=old, end=TODAY - DAY, by=bu)
        services.membership_add(person=new_chair, body=structure["ld"], role=Role.CHAIR, by=bu)

        members = selectors.current_members(structure["bpg"])
        assert [(m.person, m.derived, m.derived_from) for m in members] == [(new_chair, True, structure["ld"])]
        assert roles_for(fresh(new_chair)).member_of(structure["bpg"].pk)
        assert not roles_for(fresh(old.person)).member_of(structure["bpg"].pk)
        # No membership of the BPG was written by hand or by the change.
        assert not structure["bpg"].memberships.exists()

    def test_a_vice_chair_of_a_sub_group_does_not_sit_on_the_bpg(self, structure):
        vice = member_of(structure["ld"], role=Role.VICE_CHAIR)
        assert not roles_for(fresh(vice)).member_of(structure["bpg"].pk)

    def test_the_chair_of_an_inactive_sub_group_does_not_sit_on_the_bpg(self, structure):
        closed = BodyFactory(kind=structure["sub_group"], active_from=dt.date(2016, 4, 1), active_to=TODAY - DAY)
        chair = member_of(closed, role=Role.CHAIR)
        assert not roles_for(fresh(chair)).member_of(structure["bpg"].pk)
        assert selectors.current_members(structure["bpg"]) == []

    def test_the_seat_on_a_bpg_that_has_closed_is_gone(self, structure):
        chair = member_of(structure["ld"], role=Role.CHAIR)
        structure["bpg"].active_to = TODAY - DAY
        structure["bpg"].save()
        assert not roles_for(fresh(chair)).member_of(structure["bpg"].pk)

    def test_a_chair_of_a_kind_the_bpg_does_not_seat_gets_no_seat(self, structure):
        other = BodyFactory(kind=BodyKindFactory(name="Task and finish group"))
        chair = member_of(other, role=Role.CHAIR)
        assert not roles_for(fresh(chair)).member_of(structure["bpg"].pk)


class TestBusinessUnit:
    def test_a_member_of_the_body_with_the_business_unit_function_is_the_business_unit(self, db):
        officer = business_unit()
        assert roles_for(fresh(officer)).is_business_unit

    def test_the_function_not_the_name_makes_the_business_unit(self, db):
        office = BodyFactory(name="Partnership Support Team", short_name="PST")
        person = member_of(office)
        assert not roles_for(fresh(person)).is_business_unit
        BodyFunction.objects.create(body=office, function=Function.BUSINESS_UNIT)
        assert roles_for(fresh(person)).is_business_unit

    def test_the_django_group_named_business_unit_no_longer_makes_the_business_unit(self, db):
        """The business unit is the body that holds the function: a group of that name is no second way in."""
        person = UserFactory()
        person.groups.add(Group.objects.create(name="Business unit"))
        assert not roles_for(fresh(person)).is_business_unit
        assert not fresh(person).has_perm("accountability.manage_structure")

    def test_a_derived_seat_on_the_body_holding_the_function_makes_the_business_unit(self, structure):
        unit = BodyFactory(name="Partnership Support Team", short_name="PST",
                           seats_for_chairs_of=structure["sub_group"])
        BodyFunction.objects.create(body=unit, function=Function.BUSINESS_UNIT)
        chair = member_of(structure["ld"], role=Role.CHAIR)
        assert roles_for(fresh(chair)).is_business_unit

    def test_whether_a_person_is_the_business_unit_takes_one_query(self, db, django_assert_num_queries):
        """Every page's navigation asks: the person's seats and their bodies' functions come together."""
        officer = fresh(business_unit())
        with django_assert_num_queries(1):
            assert roles_for(officer).is_business_unit

    def test_a_former_officer_is_no_longer_the_business_unit(self, db):
        officer = business_unit(end=TODAY - DAY)
        assert not roles_for(fresh(officer)).is_business_unit


class TestRules:
    @pytest.fixture
    def meeting(self, structure):
        return MeetingFactory(body=structure["ld"])

    def test_a_member_of_the_meetings_body_may_record_its_decisions(self, structure, meeting):
        member = fresh(member_of(structure["ld"]))
        assert member.has_perm("accountability.record_decision", meeting)

    def test_a_member_of_another_body_may_not_record_its_decisions(self, structure, meeting):
        outsider = fresh(member_of(structure["cse"], role=Role.CHAIR))
        assert not outsider.has_perm("accountability.record_decision", meeting)
        assert not outsider.has_perm("accountability.record_attendance", meeting)

    def test_only_the_chair_and_the_business_unit_record_attendance(self, structure, meeting):
        chair = fresh(member_of(structure["ld"], role=Role.CHAIR))
        officer = fresh(business_unit())
        member = fresh(member_of(structure["ld"]))
        vice = fresh(member_of(structure["ld"], role=Role.VICE_CHAIR))
        assert chair.has_perm("accountability.record_attendance", meeting)
        assert officer.has_perm("accountability.record_attendance", meeting)
        assert not member.has_perm("accountability.record_attendance", meeting)
        assert not vice.has_perm("accountability.record_attendance", meeting)

    def test_the_business_unit_records_decisions_for_any_body(self, structure, meeting):
        officer = fresh(business_unit())
        assert officer.has_perm("accountability.record_decision", meeting)
        assert officer.has_perm("accountability.record_decision", MeetingFactory(body=structure["bpg"]))

    def test_a_former_member_may_no_longer_record_decisions(self, structure, meeting):
        former = fresh(MembershipFactory(body=structure["ld"], end=TODAY - DAY).person)
        assert not former.has_perm("accountability.record_decision", meeting)

    def test_a_sub_group_chair_records_decisions_of_the_bpg_through_the_derived_seat(self, structure):
        chair = fresh(member_of(structure["ld"], role=Role.CHAIR))
        bpg_meeting = MeetingFactory(body=structure["bpg"])
        assert chair.has_perm("accountability.record_decision", bpg_meeting)
        # ...but does not chair the BPG, so does not record its attendance.
        assert not chair.has_perm("accountability.record_attendance", bpg_meeting)

    def test_the_business_unit_alone_keeps_the_structure_and_sees_history(self, structure):
        officer = fresh(business_unit())
        chair = fresh(member_of(structure["ld"], role=Role.CHAIR))
        for perm in ("accountability.manage_structure", "accountability.view_people",
                     "accountability.view_history", "bscb.redact"):
            assert officer.has_perm(perm), perm
            assert not chair.has_perm(perm), perm
        assert chair.has_perm("accountability.view_partnership")
        assert not AnonymousUser().has_perm("accountability.view_partnership")

    def test_permission_checks_over_a_list_of_meetings_query_once(self, structure, django_assert_max_num_queries):
        member = fresh(member_of(structure["ld"]))
        meetings = [MeetingFactory(body=structure["ld"]) for _ in range(3)] + [
            MeetingFactory(body=structure["cse"]) for _ in range(3)]
        meetings = list(type(meetings[0]).objects.select_related("body").filter(pk__in=[m.pk for m in meetings]))
        member.has_perm("accountability.record_decision", meetings[0])  # loads the roles
        with django_assert_max_num_queries(0):
            allowed = [m.body_id for m in meetings if member.has_perm("accountability.record_decision", m)]
        assert set(allowed) == {structure["ld"].pk}
