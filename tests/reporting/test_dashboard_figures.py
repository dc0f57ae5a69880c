"""Each dashboard's figures equal the records of a known data set (tests/reporting/dashboard_shape.py), the
expected values written by hand; a reader counts only what she may read (the restricted E2 is not counted for a
Board member, L&D's draft plan's action is not counted outside L&D and the business unit); and a figure equals
the rows of the list it links to, for that reader (issue 18 §2, §4)."""

import re
from html import unescape as _unescape

import pytest
from django.urls import reverse

from reporting.quarter_figures import QuarterFigures, quarter_figures_store
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
    """The count and the link of the figure row labelled `label` (dashboards/_figures.html); the first one."""
    found = re.search(r'<th scope="row" class="govuk-table__header">' + re.escape(label) +
                      r'</th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">(?:<a class="govuk-link '
                      r'app-figure" href="([^"]*)">)?(\d+)', html)
    assert found, f"no figure {label!r}"
    return int(found.group(2)), (found.group(1) or "").replace("&amp;", "&")


def figures_in(html: str, caption: str) -> dict[str, int]:
    """Every figure of the table captioned `caption`: label -> count."""
    start = html.index(f">{caption}</caption>")
    table = html[start:html.index("</table>", start)]
    return {_unescape(label): int(count) for label, count in re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*<td[^>]*>(?:<a[^>]*>)?(\d+)', table)}


def listed(client, href: str) -> int:
    """How many rows the linked list shows its reader (the count its page states)."""
    response = client.get(href)
    assert response.status_code == 200, href
    context = response.context
    return context["page"].paginator.count if "page" in context else len(context["actions"])


# --- the Board's dashboard ---------------------------------------------------------------------------------

def test_a_board_member_counts_only_what_she_may_read(shape, client_for):
    board_meeting_soon(shape)
    html = page(client_for(shape["board_member"]), "dashboard-board")
    # E1, E3 and E4 are open; E2 is restricted, and she is none of those who may read it.
    assert figures_in(html, "Log entries you may see") == {
        "Open entries": 3, "Escalated": 1, "With a response overdue": 1}
    assert figures_in(html, "Log entries with a response overdue, by agency") == {"West Yorkshire Police": 1}
    # SAPP's overdue action counts; L&D's is in a draft plan, its body's record.
    assert figures_in(html, "Actions overdue, by body") == {"SAPP sub group": 1}
    assert figures_in(html, "Actions overdue, by agency") == {"West Yorkshire Police": 1}
    assert figures_in(html, "Summaries and reports overdue, by body") == {"SAPP sub group": 1}
    assert figures_in(html, "Waiting for the next meeting") == {
        "Actions signed off, awaiting ratification": 0, "Log entries escalated, awaiting a decision": 1}
    assert "Missing episodes" not in html and "No body has a response overdue." in html
    assert "This deployment is younger than a quarter" in html


def test_the_business_unit_counts_everything(shape, client_for):
    html = page(client_for(shape["bu"]), "dashboard-board")
    assert figures_in(html, "Log entries you may see") == {
        "Open entries": 4, "Escalated": 1, "With a response overdue": 2}
    assert figures_in(html, "Log entries with a response overdue, by agency") == {"West Yorkshire Police": 2}
    assert figures_in(html, "Actions overdue, by body") == {"Learning and Development sub group": 1,
                                                            "SAPP sub group": 1}
    # The heat map: E1, E2 and E4 at likelihood 3 and impact 4, E3 at 4 and 4.
    assert 'href="/log/?open=1&amp;likelihood=3&amp;impact=4">3<' in html
    assert 'href="/log/?open=1&amp;likelihood=4&amp;impact=4">1<' in html


def test_the_independent_chair_reads_the_boards_dashboard_and_every_entry(shape, client_for):
    from tests.factories import member_of

    chair = member_of(shape["board"], role="independent_chair", person__full_name="Ida Independent")
    html = page(client_for(chair), "dashboard-board")
    # DESIGN.md: the Independent Chair reads restricted entries; E2 counts for her.
    assert figures_in(html, "Log entries you may see") == {
        "Open entries": 4, "Escalated": 1, "With a response overdue": 2}


@pytest.mark.parametrize("who", ["board_member", "bu"])
def test_each_board_figure_equals_the_rows_of_the_list_it_links_to(shape, client_for, who):
    client = client_for(shape[who])
    html = page(client, "dashboard-board")
    for label in ("Open entries", "Escalated", "With a response overdue", "West Yorkshire Police",
                  "SAPP sub group", "Actions signed off, awaiting ratification"):
        count, href = figure(html, label)
        if href.startswith("/dashboards/"):
            continue  # the body's dashboard: checked below
        assert listed(client, href) == count, (label, href)
    police, href = figure(html[html.index("Actions overdue, by agency"):], "West Yorkshire Police")
    assert listed(client, href) == police


def test_the_trend_shows_the_quarters_stored_oldest_first(shape, client_for):
    from datetime import date

    from bscb.periods import Period

    for start, end in ((date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30))):
        quarter_figures_store(Period(start, end), as_of=end)
    stored = QuarterFigures.objects.get(quarter_start=date(2026, 4, 1))
    # Unrestricted entries only (E2 left out), as they stood: written on the shape's records today.
    assert stored.figures["open_entries"] == 3 and stored.figures["escalated"] == 1
    html = page(client_for(shape["board_member"]), "dashboard-board")
    assert "younger than a quarter" not in html
    assert "Only 2 quarters stored so far" in html
    assert html.index("January to March 2026") < html.index("April to June 2026")


# --- an agency's dashboard -----------------------------------------------------------------------------

def test_the_agency_lead_sees_her_agencys_accountability(shape, client_for):
    police = shape["police"].pk
    client = client_for(shape["lead"])
    html = page(client, "dashboard-agency", police)
    # E1, E2 (restricted, addressed to her agency: hers to read) and E4.
    assert figures_in(html, "Log entries addressed to the agency") == {
        "Open": 3, "With a response overdue": 2, "Assurance requested": 2, "Answered, awaiting judgement": 0,
        "Not assured": 0, "Escalated": 1}
    assert figures_in(html, "Assurance requests to the agency, by state") == {
        "Answered on time": 1, "Answered late": 0, "Awaiting an answer, not yet due": 0,
        "Awaiting an answer, overdue": 2}
    # SAPP's two actions in its approved plan; L&D's is in a draft plan she may not read.
    assert figures_in(html, "Actions the agency owns") == {"Open": 2, "Overdue": 1}
    assert "Pat Lead" in html and "Olu Owner" in html  # its lead, and the member who represents it
    for label in ("Open", "With a response overdue", "Assurance requested"):
        count, href = figure(html, label)
        assert listed(client, href) == count, label
    late = html.index("Actions the agency owns")
    count, href = figure(html[late:], "Overdue")
    assert listed(client, href) == count == 1


def test_a_board_member_reads_the_agency_without_the_restricted_entry(shape, client_for):
    html = page(client_for(shape["board_member"]), "dashboard-agency", shape["police"].pk)
    assert figures_in(html, "Log entries addressed to the agency")["Open"] == 2
    assert figures_in(html, "Assurance requests to the agency, by state")["Awaiting an answer, overdue"] == 1
    assert "Missing episodes" not in html


def test_the_agency_figure_lists_its_requests_on_the_page(shape, client_for):
    html = page(client_for(shape["lead"]), "dashboard-agency", shape["police"].pk, query="?responses=on_time")
    table = html[html.index('id="responses"'):]
    table = table[:table.index("</table>")]
    assert "Strategy meetings" in table and "Return interviews" not in table


# --- a body's dashboard --------------------------------------------------------------------------------

def test_the_sub_groups_dashboard(shape, client_for):
    client = client_for(shape["chair"])
    html = page(client, "dashboard-body", shape["sapp"].pk)
    assert figures_in(html, "Summaries and reports") == {"Overdue": 1}
    assert figures_in(html, "The body's actions") == {"Open": 2, "Overdue": 1}
    assert figures_in(html, "Log entries the body raised") == {
        "Awaiting an answer": 2, "Answered, awaiting the body's judgement": 0, "Judged not assured": 0,
        "Escalated": 1}
    for label in ("Overdue", "Awaiting an answer", "Escalated"):
        count, href = figure(html, label)
        assert listed(client, href) == count, label


def test_the_bpg_reads_a_sub_group_without_its_draft_or_restricted_records(shape, client_for):
    html = page(client_for(shape["bpg_member"]), "dashboard-body", shape["sapp"].pk)
    assert figures_in(html, "Log entries the body raised")["Awaiting an answer"] == 1  # E2 restricted
    count, href = figure(html, "Overdue")
    assert (count, href) == (1, "")  # the summaries' list is the body's own: no link to a page she may not use


# --- the business unit's dashboard ---------------------------------------------------------------------

def test_the_business_units_dashboard(shape, client_for):
    client = client_for(shape["bu"])
    html = page(client, "dashboard-business-unit")
    assert figures_in(html, "Across the partnership") == {
        "Summaries and reports overdue": 1, "Summaries and reports due today": 0,
        "Summaries and reports due soon": 0, "Log entries with a response overdue": 2, "Actions overdue": 2}
    for label in ("Summaries and reports overdue", "Log entries with a response overdue", "Actions overdue"):
        count, href = figure(html, label)
        assert listed(client, href) == count, label
    assert "Not chased yet" in html
