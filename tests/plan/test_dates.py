"""A target's due date keeps to the years 1900-2100, on the page and in the admin."""

import datetime

import pytest
from django.urls import reverse

from bscb.dates import YEAR_OUT_OF_RANGE
from plan.models import Target
from tests.factories import business_unit
from tests.forms.html_tree import parse
from tests.plan.factories import OutcomeFactory, TargetFactory

from .test_forms import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def bu(client_for):
    return client_for(business_unit())


@pytest.mark.parametrize("year", ["1899", "2101"])
def test_a_due_date_out_of_range_is_refused_beside_the_field_and_the_text_kept(bu, year):
    outcome = OutcomeFactory()
    page = Page(bu.post(reverse("target-create", args=[outcome.pk]),
                        {"text": "Report to the Board", "due_date_0": "27", "due_date_1": "4", "due_date_2": year}))
    assert page.error("due_date") == "The year of the due date must be between 1900 and 2100"
    assert page.value("text") == "Report to the Board" and page.value("due_date_2") == year
    assert not Target.objects.exists()


@pytest.mark.parametrize("due", ["27/04/1899", "27/04/2101"])
def test_the_admin_refuses_a_due_date_out_of_range_beside_the_field(staff_client, due):
    target = TargetFactory(text="Challenge panel", due_date=datetime.date(2017, 4, 27))
    response = staff_client.post(reverse("admin:plan_target_change", args=[target.pk]), {
        "outcome": target.outcome_id, "order": target.order, "text": "Challenge panel", "due_date": due})
    assert response.status_code == 200
    row = parse(response.content.decode()).find("div", class_="field-due_date")
    assert YEAR_OUT_OF_RANGE in row.text
    target.refresh_from_db()
    assert target.due_date == datetime.date(2017, 4, 27)
