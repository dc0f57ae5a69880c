"""The report's pages as the business unit, the BPG and the Board use them: the progress while the job builds,
the reason a build failed, comments and narrative on the draft, agreement and issue, and query counts that do not
grow with the data."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting import outcome_services as services
from reporting.outcome_models import OutcomeReport, OutcomeReportComment, ReportState
from reporting.outcome_snapshot import build_snapshot
from tests.helpers.queries import assert_queries_do_not_grow
from tests.reporting.outcome_known import READ_ON, known_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(db):
    return known_partnership()


def _client(client, user):
    client.force_login(user)
    return client


def test_the_page_shows_the_jobs_progress_and_then_the_report(known, client):
    report = services.outcome_report_request(quarter_code="2017Q1", by=known["bu"], enqueue=False)
    page = _client(client, known["bu"]).get(report.get_absolute_url()).content.decode()
    assert "The report is being built" in page and "Check again whether it has finished" in page
    with time_machine.travel(READ_ON, tick=False):
        services.outcome_report_build(report_id=report.pk, as_of=date(2017, 7, 25))
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Progress by priority and outcome" in page and "Training delivered to 40 staff." in page
    assert 'id="report-heat"' in page and "Open entries by likelihood and impact" in page


def test_a_failed_build_says_why_and_links_the_last_good_one(known, client):
    good = services.outcome_report_build_now(quarter_code="2017Q1")
    failed = services.outcome_report_request(quarter_code="2017Q1", enqueue=False)
    OutcomeReport.objects.filter(pk=failed.pk).update(state=ReportState.FAILED, error="RuntimeError: no log")
    page = _client(client, known["bu"]).get(failed.get_absolute_url()).content.decode()
    assert "The report could not be built" in page and "RuntimeError: no log" in page
    assert f'href="{good.get_absolute_url()}"' in page


def test_the_business_unit_builds_comments_and_the_bpg_agrees(known, client, django_capture_on_commit_callbacks):
    bu = _client(client, known["bu"])
    form = bu.get(reverse("outcome-report-build"))
    token = form.context["form"]["once"].value()
    with django_capture_on_commit_callbacks(execute=False) as jobs:
        response = bu.post(reverse("outcome-report-build"), {"quarter": "2017Q1", "once": token})
    report = OutcomeReport.objects.get()
    assert response["Location"] == report.get_absolute_url() and len(jobs) == 1
    services.outcome_report_build(report_id=report.pk)
    url = reverse("outcome-report-comment", args=[report.pk, "attendance"])
    token = bu.get(url).context["form"]["once"].value()
    bu.post(url, {"text": "Health's attendance needs a word.", "once": token})
    url = reverse("outcome-report-narrative", args=[report.pk, "progress"])
    version = bu.get(url).context["form"]["version"].value()
    bu.post(url, {"text": "The plan moved on in the quarter.", "version": version})
    page = bu.get(report.get_absolute_url()).content.decode()
    assert "Health&#x27;s attendance needs a word." in page and "The plan moved on in the quarter." in page
    bpg = _client(client, known["bpg_member"])
    url = reverse("outcome-report-agree", args=[report.pk])
    token = bpg.get(url).context["form"]["once"].value()
    assert bpg.post(url, {"meeting": known["bpg_meeting"].pk, "once": token}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.AGREED and report.agreed_meeting == known["bpg_meeting"]
    # A comment page, or the agreement's, opened on an agreed report says why it is refused.
    bu = _client(client, known["bu"])
    page = bu.get(reverse("outcome-report-comment", args=[report.pk, "log"]), follow=True)
    assert "Only a draft can be changed" in page.content.decode()
    page = bu.get(reverse("outcome-report-agree", args=[report.pk]), follow=True)
    assert "This version has already been agreed." in page.content.decode()
    assert "Issue to a meeting" in page.content.decode()


def test_a_bad_quarter_is_refused_beside_the_field_and_kept(known, client):
    bu = _client(client, known["bu"])
    token = bu.get(reverse("outcome-report-build")).context["form"]["once"].value()
    page = bu.post(reverse("outcome-report-build"), {"quarter": "2017Q7", "once": token}).content.decode()
    assert "Enter a quarter as a year and a quarter number, like 2017Q1." in page and 'value="2017Q7"' in page
    assert not OutcomeReport.objects.exists()


def test_the_list_shows_the_board_that_a_draft_exists_without_a_link(known, client):
    report = services.outcome_report_build_now(quarter_code="2017Q1")
    page = _client(client, known["board_member"]).get(reverse("outcome-report-list")).content.decode()
    assert "2017Q1, version 1" in page and report.get_absolute_url() not in page
    assert client.get(report.get_absolute_url()).status_code == 403


def _grow(known):
    """n more of what the report counts: actions with an update each, decisions, attendance, log entries."""
    from accountability.models import Attendance, Decision
    from challenge_log.models import Entry
    from plan.action_models import Action, ProgressUpdate
    from plan.models import Outcome
    from tests.factories import UserFactory

    outcome = Outcome.objects.get(code="1.1")
    made = {"n": 0}

    def add(n):
        start = made["n"]
        made["n"] += n
        actions = Action.objects.bulk_create([Action(body=known["pmae"], description=f"Action {start + i}",
                                                     due_on=date(2017, 6, 1), success_measure="x", progress="at_risk")
                                              for i in range(n)])
        Action.outcomes.through.objects.bulk_create([Action.outcomes.through(action=a, outcome=outcome)
                                                     for a in actions])
        ProgressUpdate.objects.bulk_create([ProgressUpdate(action=a, on=date(2017, 5, 20), status="at_risk",
                                                           commentary="Slow.") for a in actions])
        Decision.objects.bulk_create([Decision(meeting=known["held_meeting"], text=f"Decision {start + i}",
                                               childrens_voice="not_applicable") for i in range(n)])
        people = UserFactory.create_batch(n)
        Attendance.objects.bulk_create([Attendance(meeting=known["held_meeting"], person=p, status="present")
                                        for p in people])
        moment = known["held_meeting"].starts_at
        Entry.objects.bulk_create([Entry(reference=f"CRL-2017-{100 + start + i}", year=2017, number=100 + start + i,
                                         kind="concern", title="x", description="x", raised_by_body=known["bpg"],
                                         raised_by=known["bu"], raised_on=moment + timedelta(minutes=i),
                                         likelihood=2, impact=3) for i in range(n)])

    return add


def test_the_build_asks_the_same_number_of_queries_however_many_records(known):
    add = _grow(known)

    def count():
        with time_machine.travel(READ_ON, tick=False), CaptureQueriesContext(connection) as ctx:
            snapshot = build_snapshot("2017Q1", as_of=date(2017, 7, 25))
        return len(ctx.captured_queries), snapshot

    add(5)
    at_n, small = count()
    add(20)
    at_5n, large = count()
    assert large["figures"]["decisions"] == small["figures"]["decisions"] + 20
    assert at_5n == at_n, f"{at_n} queries at 5 rows, {at_5n} at 25"


def test_the_reports_page_asks_the_same_number_of_queries_however_many_comments(known, client):
    report = services.outcome_report_build_now(quarter_code="2017Q1")

    def add(n):
        OutcomeReportComment.objects.bulk_create([OutcomeReportComment(report=report, section="log", text=f"C {i}",
                                                                       created_by=known["bu"]) for i in range(n)])

    assert_queries_do_not_grow(_client(client, known["bu"]), report.get_absolute_url(), add)
    assert_queries_do_not_grow(client, reverse("outcome-report-list"), lambda n: [
        services.outcome_report_request(quarter_code=f"20{10 + i}Q1", enqueue=False)
        for i in range(len(OutcomeReport.objects.all()), len(OutcomeReport.objects.all()) + n)])
