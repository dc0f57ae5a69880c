"""Issue 16 §5: an action plan taken away as XLSX in the layout a business unit officer keeps, one row an action,
read back with openpyxl; a cell that starts like a formula is written as text; a draft plan's spreadsheet is
refused to those who may not read the draft; the queries do not grow with the actions."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from plan import action_services as services
from tests.helpers.queries import assert_queries_do_not_grow
from tests.plan.action_shape import action_data, action_shape, approved_plan, draft_plan

pytestmark = pytest.mark.django_db

HEADER = ["Reference", "Outcomes", "Action", "Owner", "Owner's agency", "Due", "Status", "Progress",
          "Latest update", "Latest update on", "Measure of success", "Evidence of impact"]


def _rows(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith('attachment; filename="action-plan-SAPP-')
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_the_plan_reads_back_one_row_an_action_with_its_latest_update_and_evidence(client_for):
    s = action_shape()
    action_plan = approved_plan(s)
    action = action_plan.actions.get()
    services.progress_update_add(action=action, on=datetime.date(2017, 5, 2), commentary="Two agencies audited.",
                                 status="at_risk", by=s["owner"])
    services.progress_update_add(action=action, on=datetime.date(2017, 6, 1), commentary="Four agencies audited.",
                                 status="on_track", by=s["owner"])
    services.evidence_add(action=action, text="=Escalations resolved within 5 days rose.", by=s["owner"])

    rows = _rows(client_for(s["stranger"]).get(reverse("action-plan-export", args=[action_plan.pk])))
    assert rows[0] == HEADER
    assert rows[1:] == [[action.reference, "1.1", "Audit the use of the escalation policy in each agency.",
                         "Olu Owner", "West Yorkshire Police",
                         datetime.datetime.combine(action.due_on, datetime.time()),
                         "Open", "On track", "Four agencies audited.", datetime.datetime(2017, 6, 1),
                         "Every agency reports its use of the policy.",
                         "'=Escalations resolved within 5 days rose."]]


def test_a_draft_plans_spreadsheet_is_refused_to_those_who_may_not_read_the_draft(client_for):
    s = action_shape()
    url = reverse("action-plan-export", args=[draft_plan(s).pk])
    assert client_for(s["bpg_member"]).get(url).status_code == 403
    assert _rows(client_for(s["chair"]).get(url))[0] == HEADER


def test_the_spreadsheets_queries_do_not_grow_with_the_actions(client_for):
    s = action_shape()
    action_plan = draft_plan(s)

    def add_actions(count):
        for _ in range(count):
            action = services.action_add(action_plan=action_plan, data=action_data(s), outcomes=[s["outcome"]],
                                         by=s["chair"])
            services.evidence_add(action=action, text="Fewer repeat referrals.", by=s["chair"])

    assert_queries_do_not_grow(client_for(s["chair"]), reverse("action-plan-export", args=[action_plan.pk]),
                               add_actions, n=2)
