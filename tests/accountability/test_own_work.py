"""DESIGN.md: nobody approves, signs off, ratifies, judges or acknowledges their own body's work, and
one predicate decides it (accountability.rules.is_own_work / not_own_work). A body's work is refused
to its members, direct or derived; an agency's response to its current leads and deputies."""

import datetime as dt
from types import SimpleNamespace

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from accountability.models import LeadRole, OrganisationLead, Role
from accountability.rules import is_own_work, not_own_work, work_of
from tests.accountability.bradford_shape import DAY, TODAY, fresh
from tests.factories import OrganisationFactory, UserFactory, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]


def body_work(body):
    """A piece of a body's work (an action plan, a summary): what names its body."""
    return SimpleNamespace(body_id=body.pk)


def agency_response(organisation):
    """An agency's response to a challenge: what names its agency."""
    return SimpleNamespace(organisation_id=organisation.pk)


class TestABodysWork:
    def test_a_sub_group_chair_on_the_bpg_through_the_derived_seat_may_not_act_on_their_sub_groups_work(
            self, structure):
        """The case DESIGN.md names: the chair sits on the BPG (which signs off) only through the seat
        derived from chairing the sub group whose work it is."""
        chair = fresh(member_of(structure["ld"], role=Role.CHAIR))
        assert is_own_work(chair, body_work(structure["ld"]))
        assert not not_own_work(chair, body_work(structure["ld"]))

    def test_nor_on_the_bpgs_own_work_through_that_derived_seat(self, structure):
        chair = fresh(member_of(structure["ld"], role=Role.CHAIR))
        assert is_own_work(chair, body_work(structure["bpg"]))
        assert is_own_work(chair, structure["bpg"])

    def test_but_may_act_on_another_sub_groups_work(self, structure):
        chair = fresh(member_of(structure["ld"], role=Role.CHAIR))
        assert not is_own_work(chair, body_work(structure["cse"]))
        assert not_own_work(chair, body_work(structure["cse"]))

    def test_every_member_of_the_body_is_refused_not_only_its_chair(self, structure):
        for role in (Role.MEMBER, Role.VICE_CHAIR, Role.INVITED, Role.ADVISER, Role.BUSINESS_UNIT_OFFICER):
            assert is_own_work(fresh(member_of(structure["cse"], role=role)), body_work(structure["cse"])), role

    def test_a_former_member_may_act_on_it(self, structure):
        from tests.factories import MembershipFactory

        former = MembershipFactory(body=structure["cse"], end=TODAY - DAY).person
        assert not is_own_work(fresh(former), body_work(structure["cse"]))


class TestAnAgencysResponse:
    @pytest.fixture
    def police(self, db):
        return OrganisationFactory(name="West Yorkshire Police")

    def lead(self, organisation, role=LeadRole.LEAD, **kwargs):
        return OrganisationLead.objects.create(organisation=organisation, person=UserFactory(), role=role,
                                               start=dt.date(2016, 4, 1), **kwargs).person

    def test_its_leads_and_deputies_may_not_judge_it(self, police):
        for role in (LeadRole.LEAD, LeadRole.DEPUTY):
            person = fresh(self.lead(police, role))
            assert is_own_work(person, agency_response(police)), role
            assert is_own_work(person, police)
            assert not not_own_work(person, agency_response(police))

    def test_a_former_lead_and_another_agencys_lead_may(self, police):
        former = fresh(self.lead(police, end=TODAY - DAY))
        other = fresh(self.lead(OrganisationFactory(name="Bradford Council")))
        assert not is_own_work(former, agency_response(police))
        assert not is_own_work(other, agency_response(police))

    def test_a_response_addressed_to_a_sub_group_is_the_sub_groups_work(self, structure, police):
        response = SimpleNamespace(body_id=structure["ld"].pk, organisation_id=None)
        assert is_own_work(fresh(member_of(structure["ld"])), response)
        assert not is_own_work(fresh(self.lead(police)), response)


class TestTheRecord:
    def test_a_record_about_another_records_work_follows_it(self, structure):
        """A receipt names the receiving body by body_id, but the work it acknowledges by `work`."""
        receipt = SimpleNamespace(body_id=structure["bpg"].pk, work=body_work(structure["ld"]))
        assert work_of(receipt) == (structure["ld"].pk, None)
        member = fresh(member_of(structure["bpg"]))
        assert not is_own_work(member, receipt)

    def test_a_record_that_names_no_body_and_no_agency_is_an_error_not_a_pass(self):
        with pytest.raises(TypeError):
            work_of(SimpleNamespace(title="Anything"))

    def test_the_predicate_refuses_the_anonymous_and_a_missing_record(self, structure):
        assert not not_own_work(AnonymousUser(), body_work(structure["ld"]))
        assert not not_own_work(fresh(UserFactory()), None)
        assert isinstance(not_own_work, rules.Predicate)
