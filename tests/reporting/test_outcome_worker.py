"""The report's jobs on a real Celery worker over Redis: the business unit asks for a build, the worker builds it;
issued, the worker renders its PDF and DOCX, which then download."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting import outcome_services as services
from reporting.outcome_models import OutcomeReport, ReportState
from tests.helpers.worker import celery_worker, wait_for
from tests.reporting.outcome_known import known_partnership


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_report_and_renders_its_paper():
    known = known_partnership()
    with celery_worker():
        requested = services.outcome_report_request(quarter_code="2017Q1", by=known["bu"])
        assert requested.state == ReportState.BUILDING
        wait_for(lambda: OutcomeReport.objects.get(pk=requested.pk).state != ReportState.BUILDING, timeout=90)
        report = OutcomeReport.objects.get(pk=requested.pk)
        assert report.state == ReportState.DRAFT, report.error
        assert report.snapshot["figures"]["actions"] == 4
        report = services.outcome_report_agree(report=report, meeting=known["bpg_meeting"], by=known["bpg_member"])
        services.outcome_report_issue(report=report, meeting=known["board_meeting"], by=known["bu"])
        wait_for(lambda: bool(OutcomeReport.objects.get(pk=report.pk).docx), timeout=120)
    client = Client()
    client.force_login(known["board_member"])
    pdf = client.get(reverse("outcome-report-pdf", args=[report.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(reverse("outcome-report-docx", args=[report.pk]))
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
