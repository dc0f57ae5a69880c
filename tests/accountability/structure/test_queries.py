"""Every list and page of the structure answers in a number of queries that does not grow with the data."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import (
    Body,
    BodyFunction,
    BodyKind,
    Function,
    Meeting,
    Membership,
    Organisation,
    OrganisationLead,
    User,
)
from tests.factories import BodyFactory, BodyKindFactory, OrganisationFactory, UserFactory
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

START = datetime.date(2016, 4, 1)
_serial = itertools.count()


def _people(k):
    start = next(_serial) * 1000
    return User.objects.bulk_create(
        User(email=f"bulk{start + i}@agency.example.org", full_name=f"Person {start + i}", job_title="Officer")
        for i in range(k)
    )


def _organisations(k, parent=None):
    start = next(_serial) * 1000
    return Organisation.objects.bulk_create(
        Organisation(name=f"Bulk agency {start + i}", short_name=f"A{start + i}", parent=parent) for i in range(k)
    )


def _memberships(body, k, organisation=None, role="member"):
    people = _people(k)
    Membership.objects.bulk_create(
        Membership(person=p, body=body, role=role, organisation=organisation, start=START) for p in people
    )


@pytest.fixture
def bu_client(client_for):
    from tests.factories import business_unit

    return client_for(business_unit())


def test_organisation_list(bu_client):
    parent = OrganisationFactory(name="NHS England")
    count = assert_queries_do_not_grow(
        bu_client, reverse("organisation-list"), lambda k: _organisations(k, parent=parent), n=20
    )
    assert count <= 12


def test_organisation_detail(bu_client):
    police = OrganisationFactory(name="West Yorkshire Police")
    body = BodyFactory()

    def add(k):
        _organisations(k, parent=police)
        _memberships(body, k, organisation=police)
        OrganisationLead.objects.bulk_create(
            OrganisationLead(organisation=police, person=p, role="deputy", start=START) for p in _people(k)
        )

    assert_queries_do_not_grow(bu_client, reverse("organisation-detail", args=[police.pk]), add)


def test_body_list(bu_client):
    sub_group = BodyKindFactory(name="Sub group")
    # First on every page's first page, so that its derived seats are counted at N and at 5N.
    BodyFactory(name="Business Planning Group", kind=BodyKindFactory(name="A BPG", order=0),
                seats_for_chairs_of=sub_group)
    police = OrganisationFactory(name="West Yorkshire Police")

    def add(k):
        start = next(_serial) * 1000
        kinds = BodyKind.objects.bulk_create(BodyKind(name=f"Bulk kind {start + i}", order=i + 1) for i in range(2))
        bodies = Body.objects.bulk_create(
            Body(kind=kinds[i % 2] if i % 3 else sub_group, name=f"Bulk body {start + i}", short_name=f"B{start + i}",
                 active_from=START, reports_to=None)
            for i in range(k)
        )
        functions = [Function.RECEIVES_SUMMARIES, Function.RECEIVES_QUARTERLY, Function.RECEIVES_YEARLY]
        BodyFunction.objects.bulk_create(BodyFunction(body=b, function=f) for b in bodies for f in functions)
        people = _people(k)
        Membership.objects.bulk_create(
            Membership(person=p, body=b, role="chair", organisation=police, start=START)
            for p, b in zip(people, bodies, strict=True)
        )

    assert_queries_do_not_grow(bu_client, reverse("body-list"), add)


def test_body_detail(bu_client):
    sub_group = BodyKindFactory(name="Sub group")
    bpg = BodyFactory(name="Business Planning Group", seats_for_chairs_of=sub_group)
    BodyFunction.objects.create(body=bpg, function=Function.MONITORS)
    police = OrganisationFactory(name="West Yorkshire Police")

    def add(k):
        _memberships(bpg, k, organisation=police)
        start = next(_serial) * 1000
        sub_groups = Body.objects.bulk_create(
            Body(kind=sub_group, name=f"Sub group {start + i}", short_name=f"S{start + i}", active_from=START,
                 reports_to=bpg)
            for i in range(k)
        )
        chairs = _people(k)
        Membership.objects.bulk_create(
            Membership(person=p, body=b, role="chair", organisation=police, start=START)
            for p, b in zip(chairs, sub_groups, strict=True)
        )
        Meeting.objects.bulk_create(
            Meeting(body=bpg, starts_at=timezone.now() - datetime.timedelta(days=i + 1)) for i in range(k)
        )

    assert_queries_do_not_grow(bu_client, reverse("body-detail", args=[bpg.pk]), add)


def test_person_list(bu_client):
    body = BodyFactory()

    def add(k):
        people = _people(k)
        Membership.objects.bulk_create(Membership(person=p, body=body, start=START) for p in people)

    assert_queries_do_not_grow(bu_client, reverse("person-list"), add, n=20)


def test_person_detail(bu_client):
    person = UserFactory()
    sub_group = BodyKindFactory(name="Sub group")
    police = OrganisationFactory(name="West Yorkshire Police")

    def add(k):
        start = next(_serial) * 1000
        bodies = Body.objects.bulk_create(
            Body(kind=sub_group, name=f"Bulk group {start + i}", short_name=f"G{start + i}", active_from=START)
            for i in range(k)
        )
        BodyFactory(name=f"Seat body {start}", seats_for_chairs_of=sub_group)
        Membership.objects.bulk_create(
            Membership(person=person, body=b, role="chair" if i == 0 else "member", organisation=police,
                       start=START, end=None if i % 2 == 0 else datetime.date(2017, 1, 1))
            for i, b in enumerate(bodies)
        )
        OrganisationLead.objects.bulk_create(
            OrganisationLead(organisation=o, person=person, start=START) for o in _organisations(k)
        )

    assert_queries_do_not_grow(bu_client, reverse("person-detail", args=[person.pk]), add)
