"""People: the business unit's list and a person's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability import services
from accountability.models import User
from tests.accountability.structure.helpers import Page
from tests.factories import BodyFactory, BodyKindFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2016, 4, 1)


def test_only_the_business_unit_sees_people(client_for, member_client, bu_client):
    chair = MembershipFactory(role="chair").person
    person = UserFactory()
    for client in (member_client, client_for(chair)):
        assert client.get(reverse("person-list")).status_code == 403
        assert client.get(reverse("person-detail", args=[person.pk])).status_code == 403
    assert bu_client.get(reverse("person-list")).status_code == 200
    assert bu_client.get(reverse("person-detail", args=[person.pk])).status_code == 200


def test_the_list_shows_each_persons_current_bodies_and_filters_by_name_or_email(bu_client):
    busy = UserFactory(full_name="Bea Busy", email="bea.busy@police.example.org", job_title="Superintendent")
    for _ in range(2):
        MembershipFactory(person=busy)
    MembershipFactory(person=busy, end=datetime.date(2017, 1, 1))  # over: not counted
    UserFactory(full_name="Ian Idle")
    UserFactory(full_name="Carl Closed", is_active=False)
    page = Page(bu_client.get(reverse("person-list")))
    row = next(r for r in page.doc.find_all("tr") if r.find("th", scope="row") and r.find("th").text == "Bea Busy")
    assert [td.text for td in row.find_all("td")] == ["bea.busy@police.example.org", "Superintendent", "2"]
    assert "Ian Idle" in page.html and "Carl Closed" not in page.html
    by_email = bu_client.get(reverse("person-list"), {"name": "police.example"}).content.decode()
    assert "Bea Busy" in by_email and "Ian Idle" not in by_email
    by_name = Page(bu_client.get(reverse("person-list"), {"name": "ian"}))
    assert "Ian Idle" in by_name.html and "Bea Busy" not in by_name.html
    assert by_name.value("name") == "ian"
    assert "Nobody matches this filter." in bu_client.get(reverse("person-list"), {"name": "zzz"}).content.decode()


def test_the_list_is_paginated(bu_client):
    User.objects.bulk_create(User(email=f"p{i:03}@example.org", full_name=f"Person {i:03}") for i in range(40))
    first = bu_client.get(reverse("person-list")).content.decode()
    second = bu_client.get(reverse("person-list"), {"page": 2}).content.decode()
    assert "Person 000" in first and "Person 000" not in second
    assert "Page 2 of" in second


def test_a_persons_page_shows_current_future_and_past_memberships_and_leads(bu_client, bu):
    person = UserFactory(full_name="Jo Morgan", job_title="Detective Chief Inspector")
    police = OrganisationFactory(name="West Yorkshire Police", short_name="WYP")
    council = OrganisationFactory(name="Bradford Council")
    sub_group = BodyKindFactory(name="Sub group")
    pmae = BodyFactory(name="Performance Management and Evaluation", short_name="PMAE", kind=sub_group)
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG", seats_for_chairs_of=sub_group)
    services.membership_add(person=person, body=pmae, role="chair", organisation=police, start=START, by=bu)
    services.membership_add(person=person, body=BodyFactory(name="Old group"), role="member", start=START,
                            end=datetime.date(2017, 1, 1), by=bu)
    services.membership_add(person=person, body=BodyFactory(name="Next group"), role="member",
                            start=timezone.localdate() + datetime.timedelta(days=30), by=bu)
    services.organisation_lead_add(organisation=police, person=person, role="deputy", start=START, by=bu)
    services.organisation_lead_add(organisation=council, person=person, start=START,
                                   end=datetime.date(2017, 1, 1), by=bu)

    page = Page(bu_client.get(reverse("person-detail", args=[person.pk])))
    html = page.html
    assert "Detective Chief Inspector" in html
    now = html[html.index("Bodies now"):html.index("Memberships starting later")]
    assert "Performance Management and Evaluation" in now and "Chair" in now and "WYP" in now
    assert "Business Planning Group" in now and "Member, as chair of" in now  # the seat that follows the chair
    assert "Old group" not in now and "Next group" not in now
    assert "Next group" in html[html.index("Memberships starting later"):html.index("Agency lead")]
    past = html[html.index("Past memberships"):]
    assert "Old group" in past and "Bradford Council" in past
    leads = html[html.index("Agency lead"):html.index("Past memberships")]
    assert "West Yorkshire Police" in leads and "Deputy" in leads and "Bradford Council" not in leads
    assert reverse("person-history", args=[person.pk]) in page.links()
    assert bpg.pk  # used above through the derived seat


def test_a_person_with_nothing_says_so(bu_client):
    person = UserFactory(full_name="Ian Idle")
    html = bu_client.get(reverse("person-detail", args=[person.pk])).content.decode()
    assert "No bodies now." in html and "Not a lead or deputy of any agency now." in html
    assert "No past memberships." in html


def test_people_are_linked_from_bodies_and_organisations_for_the_business_unit_only(bu_client, member_client):
    membership = MembershipFactory(person=UserFactory(full_name="Jo Morgan"))
    url = reverse("person-detail", args=[membership.person_id])
    for page_url in (reverse("body-detail", args=[membership.body_id]),
                     reverse("organisation-detail", args=[membership.organisation_id])):
        assert url in Page(bu_client.get(page_url)).links()
        assert url not in Page(member_client.get(page_url)).links()
