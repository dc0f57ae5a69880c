"""Organisations and their leads: the list, a page, and the business unit's forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability import services
from accountability.models import Organisation, OrganisationLead
from tests.accountability.structure.helpers import Page, date_data
from tests.factories import BodyFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers.forms import post_form

pytestmark = pytest.mark.django_db

START = datetime.date(2016, 4, 1)


def _organisation_data(**overrides):
    data = {"name": "Bradford Council", "short_name": "CBMDC", "sector": "statutory", "kind": "local_authority",
            "parent": ""}
    data.update(overrides)
    return data


# The list
def test_every_member_sees_the_organisations_but_only_the_business_unit_may_add_one(member_client, bu_client):
    parent = OrganisationFactory(name="NHS England", short_name="NHSE", kind="health")
    OrganisationFactory(name="Bradford Teaching Hospitals", short_name="BTHFT", kind="health", parent=parent)
    page = Page(member_client.get(reverse("organisation-list")))
    assert page.response.status_code == 200
    assert "Bradford Teaching Hospitals" in page.html and "BTHFT" in page.html and "Health" in page.html
    assert reverse("organisation-detail", args=[parent.pk]) in page.links()  # the parent column links
    assert reverse("organisation-create") not in page.links()
    assert reverse("organisation-create") in Page(bu_client.get(reverse("organisation-list"))).links()


def test_the_list_filters_by_name_sector_and_kind(member_client):
    OrganisationFactory(name="West Yorkshire Police", short_name="WYP", kind="police")
    OrganisationFactory(name="Barnardo's", short_name="BAR", sector="voluntary", kind="voluntary")
    url = reverse("organisation-list")
    assert "Barnardo" not in member_client.get(url, {"name": "police"}).content.decode()
    assert "West Yorkshire" in member_client.get(url, {"name": "wyp"}).content.decode()
    by_sector = Page(member_client.get(url, {"sector": "voluntary"}))
    assert "Barnardo" in by_sector.html and "West Yorkshire" not in by_sector.html
    assert by_sector.selected("sector") == "voluntary"  # the filter shows what it filters by
    by_kind = member_client.get(url, {"kind": "police"}).content.decode()
    assert "West Yorkshire" in by_kind and "Barnardo" not in by_kind


def test_the_list_says_when_nothing_matches_and_when_there_is_nothing(signed_in_client):
    url = reverse("organisation-list")
    assert "No organisations yet." in signed_in_client.get(url).content.decode()
    OrganisationFactory(name="West Yorkshire Police")
    assert "No organisations match these filters." in signed_in_client.get(url, {"name": "zzz"}).content.decode()


def test_the_list_is_paginated_and_the_pages_keep_the_filters(member_client):
    Organisation.objects.bulk_create(Organisation(name=f"Agency {i:03}", kind="police") for i in range(30))
    first = member_client.get(reverse("organisation-list"), {"kind": "police"}).content.decode()
    assert "Agency 024" in first and "Agency 025" not in first
    assert "kind=police&amp;page=2" in first
    second = member_client.get(reverse("organisation-list"), {"kind": "police", "page": 2}).content.decode()
    assert "Agency 025" in second and "Agency 024" not in second


# A page
def test_an_organisations_page_shows_its_leads_members_and_children(member_client, bu):
    police = OrganisationFactory(name="West Yorkshire Police", short_name="WYP", kind="police")
    OrganisationFactory(name="Bradford District Police", parent=police)
    lead = UserFactory(full_name="Lee Lead")
    deputy = UserFactory(full_name="Dee Deputy")
    former = UserFactory(full_name="Fay Former")
    services.organisation_lead_add(organisation=police, person=deputy, role="deputy", start=START, by=bu)
    services.organisation_lead_add(organisation=police, person=lead, role="lead", start=START, by=bu)
    services.organisation_lead_add(organisation=police, person=former, start=START,
                                   end=datetime.date(2017, 1, 1), by=bu)
    body = BodyFactory(name="Child Sexual Exploitation sub group", short_name="CSE")
    MembershipFactory(body=body, organisation=police, role="chair", person=UserFactory(full_name="Cal Chair"))
    MembershipFactory(body=body, organisation=police, person=UserFactory(full_name="Ex Member"),
                      end=datetime.date(2017, 1, 1))

    page = Page(member_client.get(reverse("organisation-detail", args=[police.pk])))
    assert page.html.index("Lee Lead") < page.html.index("Dee Deputy")  # leads before deputies
    assert "Fay Former" not in page.html and "Ex Member" not in page.html  # only who holds it now
    assert "Cal Chair" in page.html and "Child Sexual Exploitation sub group" in page.html
    assert "Bradford District Police" in page.html
    assert reverse("organisation-edit", args=[police.pk]) not in page.links()
    assert not any("/end/" in (href or "") for href in page.links())


def test_the_business_unit_sees_how_to_change_an_organisation(bu_client, bu):
    police = OrganisationFactory(name="West Yorkshire Police")
    lead = services.organisation_lead_add(organisation=police, person=UserFactory(), start=START, by=bu)
    links = Page(bu_client.get(reverse("organisation-detail", args=[police.pk]))).links()
    assert reverse("organisation-edit", args=[police.pk]) in links
    assert reverse("organisation-lead-add", args=[police.pk]) in links
    assert reverse("organisation-lead-end", args=[lead.pk]) in links
    assert reverse("record-history", args=["accountability", "organisation", police.pk]) in links


def test_an_organisation_without_leads_or_members_says_so(member_client):
    police = OrganisationFactory(name="West Yorkshire Police")
    html = member_client.get(reverse("organisation-detail", args=[police.pk])).content.decode()
    assert "No leads or deputies now." in html and "Nobody represents it on a body now." in html


def test_a_missing_organisation_is_not_found(member_client):
    assert member_client.get(reverse("organisation-detail", args=[999999])).status_code == 404


# Adding and editing
def test_the_business_unit_adds_an_organisation(bu_client, bu):
    parent = OrganisationFactory(name="NHS England")
    response = post_form(bu_client, reverse("organisation-create"), _organisation_data(parent=str(parent.pk)))
    organisation = Organisation.objects.get(name="Bradford Council")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation-detail", args=[organisation.pk])
    assert organisation.parent == parent and organisation.kind == "local_authority"
    assert organisation.created_by == bu
    assert "Bradford Council was added." in bu_client.get(response["Location"]).content.decode()


def test_a_missing_name_is_shown_beside_the_field_and_the_rest_is_kept(bu_client):
    page = Page(post_form(bu_client, reverse("organisation-create"), _organisation_data(name="", sector="voluntary")))
    assert page.response.status_code == 200
    assert page.title().startswith("Error: ")
    assert page.error("name") == "Enter the organisation's name"
    assert page.summary() == ["Enter the organisation's name"]
    assert page.value("short_name") == "CBMDC"
    assert page.checked("sector") == ["voluntary"]
    assert page.selected("kind") == "local_authority"
    assert not Organisation.objects.filter(short_name="CBMDC").exists()


def test_a_second_organisation_of_the_same_name_is_refused(bu_client):
    OrganisationFactory(name="Bradford Council")
    page = Page(post_form(bu_client, reverse("organisation-create"), _organisation_data()))
    assert page.error("name") == "An organisation with this name already exists"
    assert Organisation.objects.filter(name="Bradford Council").count() == 1


def test_the_business_unit_edits_an_organisation_but_not_into_its_own_parent(bu_client):
    police = OrganisationFactory(name="West Yorkshire Police", kind="police")
    url = reverse("organisation-edit", args=[police.pk])
    page = Page(bu_client.get(url))
    assert page.value("name") == "West Yorkshire Police"
    assert str(police.pk) not in [o.attrs["value"] for o in page.doc.find("select", name="parent").find_all("option")]
    refused = Page(post_form(bu_client, url, _organisation_data(name="Renamed", parent=str(police.pk))))
    assert refused.error("parent")  # not one of the choices
    assert Organisation.objects.get(pk=police.pk).name == "West Yorkshire Police"
    assert "Edit the organisation" in refused.html
    assert "West Yorkshire Police" in refused.title()  # the page keeps the saved name
    response = post_form(bu_client, url, _organisation_data(name="West Yorkshire Police Service", kind="police"))
    assert response.status_code == 302
    assert Organisation.objects.get(pk=police.pk).name == "West Yorkshire Police Service"


def test_a_plain_member_cannot_add_or_edit_organisations(member_client):
    police = OrganisationFactory(name="West Yorkshire Police")
    assert member_client.get(reverse("organisation-create")).status_code == 403
    url = reverse("organisation-edit", args=[police.pk])
    assert post_form(member_client, url, _organisation_data()).status_code == 403
    assert Organisation.objects.get(pk=police.pk).name == "West Yorkshire Police"


# Leads
def test_the_business_unit_adds_a_deputy(bu_client, bu):
    police = OrganisationFactory(name="West Yorkshire Police")
    deputy = UserFactory(full_name="Dee Deputy")
    page = Page(bu_client.get(reverse("organisation-lead-add", args=[police.pk])))
    today = timezone.localdate()
    assert (page.value("start_0"), page.value("start_1"), page.value("start_2")) == (
        str(today.day), str(today.month), str(today.year))
    response = post_form(bu_client, reverse("organisation-lead-add", args=[police.pk]), {
        "person": deputy.pk, "role": "deputy", **date_data("start", START), **date_data("end", None)})
    assert response.status_code == 302
    lead = OrganisationLead.objects.get(organisation=police)
    assert (lead.person, lead.role, lead.start, lead.end, lead.created_by) == (deputy, "deputy", START, None, bu)


def test_a_lead_ending_before_starting_is_refused_beside_the_end_date_and_nothing_is_lost(bu_client):
    police = OrganisationFactory(name="West Yorkshire Police")
    person = UserFactory(full_name="Lee Lead")
    page = Page(post_form(bu_client, reverse("organisation-lead-add", args=[police.pk]), {
        "person": person.pk, "role": "deputy", **date_data("start", START),
        **date_data("end", datetime.date(2016, 3, 1))}))
    assert page.error("end") == services.END_BEFORE_START
    assert page.selected("person") == str(person.pk)
    assert page.checked("role") == ["deputy"]
    assert (page.value("start_0"), page.value("start_1"), page.value("start_2")) == ("1", "4", "2016")
    assert (page.value("end_0"), page.value("end_1"), page.value("end_2")) == ("1", "3", "2016")
    assert not OrganisationLead.objects.exists()


def test_a_person_who_already_leads_the_agency_then_is_refused_beside_the_person(bu_client, bu):
    police = OrganisationFactory(name="West Yorkshire Police")
    person = UserFactory(full_name="Lee Lead")
    services.organisation_lead_add(organisation=police, person=person, start=START, by=bu)
    page = Page(post_form(bu_client, reverse("organisation-lead-add", args=[police.pk]), {
        "person": person.pk, "role": "deputy", **date_data("start", datetime.date(2017, 1, 1)),
        **date_data("end", None)}))
    assert page.error("person") == services.DUPLICATE_LEAD.format(person=person, organisation=police)
    assert OrganisationLead.objects.count() == 1


def test_the_lead_form_asks_for_what_is_missing(bu_client):
    police = OrganisationFactory(name="West Yorkshire Police")
    page = Page(post_form(bu_client, reverse("organisation-lead-add", args=[police.pk]), {
        "person": "", **date_data("start", None), "end_0": "3", "end_1": "", "end_2": "2017"}))
    assert page.error("person") == "Choose the person"
    assert page.error("role") == "Choose lead or deputy"
    assert page.error("start") == "Enter the start date"
    assert page.error("end") == "The end date must include a month"  # half a date is not dropped
    assert page.value("end_0") == "3" and page.value("end_2") == "2017"


def test_an_impossible_date_is_refused(bu_client):
    police = OrganisationFactory(name="West Yorkshire Police")
    person = UserFactory()
    url = reverse("organisation-lead-add", args=[police.pk])
    base = {"person": person.pk, "role": "lead", **date_data("end", None)}
    page = Page(post_form(bu_client, url, {**base, "start_0": "31", "start_1": "2", "start_2": "2017"}))
    assert page.error("start") == "The start date must be a real date"
    page = Page(post_form(bu_client, url, {**base, "start_0": "1", "start_1": "2", "start_2": "17"}))
    assert page.error("start") == "The year of the start date must include 4 numbers"
    page = Page(post_form(bu_client, url, {**base, "start_0": "first", "start_1": "2", "start_2": "2017"}))
    assert page.error("start") == "The start date must be a real date"
    assert not OrganisationLead.objects.exists()


def test_ending_a_lead_asks_first_then_ends_the_term(bu_client, bu):
    police = OrganisationFactory(name="West Yorkshire Police")
    lead = services.organisation_lead_add(organisation=police, person=UserFactory(full_name="Lee Lead"),
                                          start=START, by=bu)
    url = reverse("organisation-lead-end", args=[lead.pk])
    page = Page(bu_client.get(url))
    today = timezone.localdate()
    assert page.value("end_2") == str(today.year)  # today, unless changed
    assert "End Lee Lead" in page.html
    assert OrganisationLead.objects.get(pk=lead.pk).end is None
    response = post_form(bu_client, url, date_data("end", datetime.date(2017, 3, 31)))
    assert response.status_code == 302 and response["Location"] == reverse("organisation-detail", args=[police.pk])
    assert OrganisationLead.objects.get(pk=lead.pk).end == datetime.date(2017, 3, 31)


def test_a_lead_cannot_end_before_it_began_or_twice(bu_client, bu):
    police = OrganisationFactory(name="West Yorkshire Police")
    lead = services.organisation_lead_add(organisation=police, person=UserFactory(), start=START, by=bu)
    url = reverse("organisation-lead-end", args=[lead.pk])
    page = Page(post_form(bu_client, url, date_data("end", datetime.date(2016, 1, 1))))
    assert page.error("end") == services.END_BEFORE_START
    assert page.value("end_2") == "2016"
    post_form(bu_client, url, date_data("end", datetime.date(2017, 1, 1)))
    page = Page(post_form(bu_client, url, date_data("end", datetime.date(2018, 1, 1))))
    assert services.MEMBERSHIP_ALREADY_ENDED in page.summary()
    assert OrganisationLead.objects.get(pk=lead.pk).end == datetime.date(2017, 1, 1)
