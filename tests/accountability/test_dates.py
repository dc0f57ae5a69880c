"""Dates in the structure and meetings pages and in the admin: nonsense gets a message beside the field,
never a server error, and years keep to 1900-2100."""

import datetime

import pytest
from django.urls import reverse

from accountability.models import OrganisationLead
from bscb.dates import YEAR_OUT_OF_RANGE
from tests.factories import OrganisationFactory, UserFactory, business_unit
from tests.forms.html_tree import parse

from .meetings.helpers import Page, date_data

pytestmark = pytest.mark.django_db


def test_a_part_beyond_a_machine_integer_is_explained_on_the_attendance_report(client_for):
    response = client_for(UserFactory()).get("/attendance/?start_0=2147483648&start_1=1&start_2=2017")
    page = Page(response)
    assert response.status_code == 200
    assert page.error("start") == "The start of the period must be a real date"
    assert page.value("start_0") == "2147483648"


def test_the_decision_logs_filter_keeps_to_the_same_years(client_for):
    response = client_for(UserFactory()).get(
        reverse("decision-log"), {"date_from_0": "1", "date_from_1": "1", "date_from_2": "1899"})
    page = Page(response)
    assert response.status_code == 200
    assert page.error("date_from") == "The year of the first date must be between 1900 and 2100"
    assert page.value("date_from_2") == "1899"


@pytest.mark.parametrize("year", ["1899", "2101"])
def test_a_year_out_of_range_is_refused_beside_the_field_and_the_rest_kept(client_for, year):
    bu_client = client_for(business_unit())
    police, person = OrganisationFactory(name="West Yorkshire Police"), UserFactory()
    page = Page(bu_client.post(reverse("organisation-lead-add", args=[police.pk]), {
        "person": person.pk, "role": "deputy", "start_0": "1", "start_1": "4", "start_2": year,
        **date_data("end", datetime.date(2030, 3, 31))}))
    assert page.error("start") == "The year of the start date must be between 1900 and 2100"
    assert page.value("start_2") == year and page.value("end_2") == "2030"
    assert page.checked("role") == ["deputy"] and page.selected("person") == str(person.pk)
    assert not OrganisationLead.objects.exists()


@pytest.mark.parametrize("start", ["01/04/1899", "01/04/2101"])
def test_the_admin_refuses_a_year_out_of_range_beside_the_field(staff_client, start):
    lead = OrganisationLead.objects.create(organisation=OrganisationFactory(), person=UserFactory(), role="lead",
                                           start=datetime.date(2017, 4, 1))
    url = reverse("admin:accountability_organisationlead_change", args=[lead.pk])
    response = staff_client.post(url, {"organisation": lead.organisation_id, "person": lead.person_id,
                                       "role": "lead", "start": start, "end": ""})
    assert response.status_code == 200
    row = parse(response.content.decode()).find("div", class_="field-start")
    assert YEAR_OUT_OF_RANGE in row.text
    lead.refresh_from_db()
    assert lead.start == datetime.date(2017, 4, 1)
