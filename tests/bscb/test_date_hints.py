"""One date hint everywhere, matching what the input takes (issue 13 §2: the list filters said
"27/3/2017", the forms "27 3 2017"). Every HTML page of the app, as the reader allowed to open it sees
it, list filters and forms alike: each date is GOV.UK's three boxes (day, month, year) and its hint
is the one example, written as those boxes take it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from bscb.dates import DATE_HINT
from tests.access.registry import CASES

pytestmark = pytest.mark.django_db

DATE_INPUT = re.compile(r'<div class="govuk-date-input" id="(?P<id>[^"]+)"')
HINT = re.compile(r'<div id="(?P<id>[^"]+)-hint" class="govuk-hint">\s*(?P<text>.*?)\s*</div>', re.S)
PAGES_WITH_DATES = ("meeting-list", "decision-log", "attendance-report", "body-meeting-create", "body-membership-add",
                    "target-create")


def page_as_its_reader(name: str) -> str:
    case = CASES[name]
    scenario = case.setup()
    client = Client()
    if scenario.allowed is not None:
        client.force_login(scenario.allowed)
    response = client.get(reverse(name, kwargs=scenario.kwargs), {"show": "filters"})
    return response.content.decode() if response.status_code == 200 else ""


def test_the_date_hint_is_the_one_example_the_three_boxes_take():
    assert DATE_HINT == "For example, 27 3 2017"


@pytest.mark.parametrize("name", sorted(name for name, case in CASES.items() if case.html))
def test_every_date_on_every_page_has_the_one_hint(name):
    html = page_as_its_reader(name)
    assert "27/3" not in html
    hints = {m["id"]: " ".join(m["text"].split()) for m in HINT.finditer(html)}
    for date_input in DATE_INPUT.finditer(html):
        field = date_input["id"]
        boxes = re.findall(rf'<label class="govuk-label govuk-date-input__label" for="{field}_\d">(\w+)</label>', html)
        assert boxes == ["Day", "Month", "Year"], (name, field, boxes)
        assert DATE_HINT in hints.get(field, ""), (name, field, hints.get(field))


def test_the_sweep_meets_the_dates_of_filters_and_forms():
    """So that the sweep above proves something: the pages known to ask for dates show them to it."""
    for name in PAGES_WITH_DATES:
        assert DATE_INPUT.search(page_as_its_reader(name)), name
