"""The dashboards' and the home page's figures are cached until the next write (reporting/generation.py: a counter
bumped by database triggers): a change to a record shows on the next request, whichever way it was made (issue 18
§3): through a service, through the admin, by a QuerySet.update and by the chase's own SQL."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.reporting.dashboard_shape import dashboard_shape
from tests.reporting.test_dashboard_figures import figures_in

pytestmark = pytest.mark.django_db
ACROSS = "Across the partnership"


@pytest.fixture
def shape():
    return dashboard_shape()


def across(client) -> dict[str, int]:
    return figures_in(client.get(reverse("dashboard-business-unit")).content.decode(), ACROSS)


def test_a_change_through_a_service_shows_on_the_next_request(shape, client_for):
    from reporting import services

    client = client_for(shape["bu"])
    assert across(client)["Summaries and reports overdue"] == 1
    services.summary_submit(summary=shape["summary"], by=shape["chair"], sections={"progress": "On plan."})
    assert across(client)["Summaries and reports overdue"] == 0


def test_a_change_through_the_admin_shows_on_the_next_request(shape, client_for):
    from accountability.models import User
    from reporting.deadlines import ensure_deadline_settings

    row = ensure_deadline_settings()
    client = client_for(shape["bu"])
    admin = client_for(User.objects.create_superuser("admin@example.org", "pw-not-used-1", full_name="Ada Admin"))
    assert across(client)["Summaries and reports overdue"] == 1
    # Sixty working days after a meeting held forty days ago: the summary is no longer overdue.
    response = admin.post(reverse("admin:reporting_deadlinesettings_change", args=[row.pk]), {
        "summary_working_days": 60, "quarterly_working_days": 15, "yearly_days_before": 14})
    assert response.status_code == 302
    assert across(client)["Summaries and reports overdue"] == 0


def test_a_queryset_update_shows_on_the_next_request(shape, client_for):
    from plan.action_models import Action

    client = client_for(shape["bu"])
    assert across(client)["Actions overdue"] == 2
    Action.objects.filter(pk=shape["late_action"].pk).update(due_on=timezone.localdate() + datetime.timedelta(days=5))
    assert across(client)["Actions overdue"] == 1
    home = client_for(shape["owner"]).get(reverse("home")).content.decode()
    assert home.count('class="govuk-tag govuk-tag--red">Overdue') == 0  # the owner's action is due soon, not late


def test_the_chases_own_sql_shows_on_the_next_request(shape, client_for):
    """The chase records its reminders and in-app notices by SQL: the business unit's dashboard shows who was
    chased, and the owner's home page the notice, on the next request."""
    from notifications.services import chase

    bu, chair = client_for(shape["bu"]), client_for(shape["chair"])
    html = bu.get(reverse("dashboard-business-unit")).content.decode()
    assert "Not chased yet" in html
    before = chair.get(reverse("home")).content.decode().count(f'href="{shape["summary"].get_absolute_url()}"')
    from bscb.workdays import is_working_day, previous_working_day

    today = timezone.localdate()
    chase(as_of=today if is_working_day(today) else previous_working_day(today))  # it sends on working days
    html = bu.get(reverse("dashboard-business-unit")).content.decode()
    assert "Not chased yet" not in html
    cell = re.search(r"Last reminder.*?</tbody>", html, re.S).group(0)
    # Three weeks late, the chase climbed to its last rung: the chair of the body that monitors.
    assert "to Bea Chair" in cell, cell
    home = chair.get(reverse("home")).content.decode()
    # The summary's notice joins the summary itself under what needs her.
    assert home.count(f'href="{shape["summary"].get_absolute_url()}"') == before + 1


def test_the_figures_are_kept_until_a_write_and_no_longer(shape, client_for):
    """The second request reads the kept figures (a handful of queries, not the figures' own); a write to any
    governance table, even one the page does not show, moves the counter and the next request computes again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accountability.models import Body

    client = client_for(shape["bu"])
    url = reverse("dashboard-board")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = queries()
    kept = queries()
    assert kept < first - 10, (first, kept)
    Body.objects.filter(pk=shape["lnd"].pk).update(name="Learning and Development group")  # by SQL, no signal
    assert queries() > kept + 10  # computed again
    assert queries() == kept
