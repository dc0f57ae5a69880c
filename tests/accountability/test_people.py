"""accountability.people: the one place for who sits on a body (own and derived seats), who chairs it,
who is the business unit and who owes a body's work. Each answers for many in a fixed number of queries."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability import people
from accountability.models import Role
from tests.accountability.bradford_shape import DAY, TODAY
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    UserFactory,
    business_unit,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]


def _triples(found):
    return {(s.person_id, s.body_id, s.derived) for s in found}


class TestSeats:
    def test_asked_by_person_or_by_body_the_seats_are_the_same(self, structure):
        bpg, ld, cse = structure["bpg"], structure["ld"], structure["cse"]
        both = member_of(ld, role=Role.CHAIR)
        MembershipFactory(body=cse, person=both, role=Role.CHAIR)  # chairs two: one seat
        own = member_of(cse, role=Role.CHAIR)
        MembershipFactory(body=bpg, person=own, role=Role.VICE_CHAIR)  # sits on the BPG already
        vice = member_of(ld, role=Role.VICE_CHAIR)  # no seat
        invited = member_of(bpg, role=Role.INVITED)
        closed = BodyFactory(kind=structure["sub_group"], active_to=TODAY - DAY)
        gone = member_of(closed, role=Role.CHAIR)  # chairs a closed sub group: no seat
        everyone = [both, own, vice, invited, gone]
        by_person = _triples(people.seats(TODAY, people=everyone))
        by_body = _triples(people.seats(TODAY, bodies=[bpg, ld, cse, closed]))
        assert by_person == by_body
        assert {(p, d) for p, b, d in by_body if b == bpg.pk} == {(both.pk, True), (own.pk, False),
                                                                  (invited.pk, False)}

    def test_a_derived_seat_names_every_body_whose_chair_gives_it(self, structure):
        chair = member_of(structure["ld"], role=Role.CHAIR)
        MembershipFactory(body=structure["cse"], person=chair, role=Role.CHAIR)
        [seat] = [s for s in people.seats(TODAY, people=[chair]) if s.derived]
        assert seat.body == structure["bpg"] and seat.pk is None and seat.role == Role.MEMBER
        assert seat.derived_from == structure["cse"]  # the first by name
        assert {m.body for m in seat.as_chair_of} == {structure["ld"], structure["cse"]}

    def test_no_derived_seat_on_a_body_that_has_closed(self, structure):
        chair = member_of(structure["ld"], role=Role.CHAIR)
        structure["bpg"].active_to = TODAY - DAY
        structure["bpg"].save()
        assert not [s for s in people.seats(TODAY, people=[chair]) if s.derived]
        assert people.seats(TODAY, bodies=[structure["bpg"]]) == []

    def test_the_functions_held_come_with_the_seats(self, structure):
        from accountability.models import BodyFunction, Function

        BodyFunction.objects.create(body=structure["bpg"], function=Function.RECEIVES_QUARTERLY)
        chair = member_of(structure["ld"], role=Role.CHAIR)
        held = {s.body_id: s.body.held_functions for s in people.seats(TODAY, people=[chair], functions=True)}
        assert held == {structure["ld"].pk: frozenset(), structure["bpg"].pk: {Function.RECEIVES_QUARTERLY}}

    def test_seats_take_the_same_queries_for_five_times_the_people_and_bodies(self, structure):
        def counted(**kwargs):
            with CaptureQueriesContext(connection) as ctx:
                people.seats(TODAY, **kwargs)
            return len(ctx.captured_queries)

        def add(n):
            chairs = [member_of(BodyFactory(kind=structure["sub_group"]), role=Role.CHAIR) for _ in range(n)]
            for _ in range(n):
                member_of(structure["bpg"])
            return chairs

        few = add(2)
        at_n = (counted(people=few, functions=True), counted(bodies=[structure["bpg"]]))
        many = few + add(8)
        assert (counted(people=many, functions=True), counted(bodies=[structure["bpg"]])) == at_n == (2, 2)

    def test_derived_seat_counts_leave_out_a_chair_with_an_own_seat(self, structure):
        member_of(structure["ld"], role=Role.CHAIR)
        cse_chair = member_of(structure["cse"], role=Role.CHAIR)
        MembershipFactory(body=structure["bpg"], person=cse_chair)  # an own seat on the BPG too
        assert people.derived_seat_counts([structure["bpg"], structure["ld"]], TODAY) == {structure["bpg"].pk: 1}


class TestChairs:
    def test_the_chair_or_independent_chair_of_each_body_in_one_query(self, structure, django_assert_num_queries):
        ld_chair = member_of(structure["ld"], role=Role.CHAIR)
        bpg_chair = member_of(structure["bpg"], role=Role.INDEPENDENT_CHAIR)
        MembershipFactory(body=structure["cse"], role=Role.CHAIR, end=TODAY - DAY)  # the post is empty
        member_of(structure["cse"], role=Role.VICE_CHAIR)
        with django_assert_num_queries(1):
            chairs = people.chairs_of([structure["ld"], structure["bpg"].pk, structure["cse"]], TODAY)
            assert {body_id: m.person for body_id, m in chairs.items()} == {
                structure["ld"].pk: ld_chair, structure["bpg"].pk: bpg_chair}


class TestOwners:
    """Who owes a body's work today: the nominee, else the chair, else (the post empty) the business unit."""

    def test_the_chair_owes_the_bodys_work(self, structure):
        chair = member_of(structure["ld"], role=Role.CHAIR)
        business_unit()
        assert people.owners_of([structure["ld"]], TODAY).of(structure["ld"].pk) == [chair.pk]

    def test_the_nominee_owes_what_they_were_nominated_for(self, structure):
        member_of(structure["ld"], role=Role.CHAIR)
        nominee = member_of(structure["ld"])
        assert people.owners_of([structure["ld"]], TODAY).of(structure["ld"].pk, nominee.pk) == [nominee.pk]

    def test_a_post_left_empty_goes_to_the_business_units_current_members(self, structure):
        officer = business_unit()
        unit = officer.memberships.get().body
        second = member_of(unit, role=Role.BUSINESS_UNIT_OFFICER)
        MembershipFactory(body=unit, role=Role.BUSINESS_UNIT_OFFICER, end=TODAY - DAY)  # left
        MembershipFactory(body=structure["ld"], role=Role.CHAIR, end=TODAY - DAY)  # the chair's term ended
        owners = people.owners_of([structure["ld"]], TODAY)
        assert set(owners.of(structure["ld"].pk)) == {officer.pk, second.pk}
        assert set(owners.business_unit) == {officer.pk, second.pk}

    def test_with_no_chair_and_no_business_unit_nobody_owes_it(self, structure):
        assert people.owners_of([structure["ld"]], TODAY).of(structure["ld"].pk) == []

    def test_a_change_of_chair_moves_what_is_owed_at_once(self, structure):
        old = MembershipFactory(body=structure["ld"], role=Role.CHAIR, end=TODAY)
        new = MembershipFactory(body=structure["ld"], role=Role.CHAIR, start=TODAY + DAY)
        assert people.owners_of([structure["ld"]], TODAY).of(structure["ld"].pk) == [old.person_id]
        assert people.owners_of([structure["ld"]], TODAY + DAY).of(structure["ld"].pk) == [new.person_id]

    def test_three_queries_however_many_bodies(self, structure):
        business_unit()

        def counted(bodies):
            with CaptureQueriesContext(connection) as ctx:
                owners = people.owners_of(bodies, TODAY)
                [owners.of(b.pk) for b in bodies]
            return len(ctx.captured_queries)

        def add(n):
            bodies = [BodyFactory() for _ in range(n)]
            for body in bodies[::2]:
                member_of(body, role=Role.CHAIR)
            return bodies

        few = add(4)
        assert counted(few) == counted(few + add(16)) == 3


def test_a_person_with_no_seat_has_none(db):
    assert people.seats(TODAY, people=[UserFactory()]) == []
