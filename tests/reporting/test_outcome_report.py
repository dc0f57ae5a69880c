"""The quarterly outcome report (issue 17): its figures equal the records of a known partnership (tests/reporting/
outcome_known.py, each expected value worked out by hand), a snapshot never changes when the records do, the
workflow's refusals, and the issued paper's PDF and DOCX hold every section and figure."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from reporting import outcome_services as services
from reporting.outcome_models import OutcomeReport, ReportState
from reporting.outcome_selectors import issued_report_for_meeting
from tests.reporting.outcome_known import READ_ON, at, known_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(db):
    return known_partnership()


def _built(code="2017Q1"):
    with time_machine.travel(READ_ON, tick=False):
        return services.outcome_report_build_now(quarter_code=code, as_of=date(2017, 7, 25))


def test_the_figures_equal_the_records(known):
    report = _built()
    s = report.snapshot
    assert report.state == ReportState.DRAFT and report.version == 1
    assert s["quarter"] == {"code": "2017Q1", "label": "April to June 2017", "start": "2017-04-01",
                            "end": "2017-06-30"}
    # Four actions: one on track, one off track and overdue, one closed, one signed off (complete).
    [priority] = s["progress"]
    assert (priority["number"], priority["status_label"], priority["total"], priority["closed"],
            priority["overdue"], priority["percent"]) == (1, "Off track", 4, 1, 1, 25)
    first, second = priority["outcomes"]
    assert (first["code"], first["status_label"], first["total"], first["closed"], first["overdue"],
            first["percent"]) == ("1.1", "Off track", 2, 0, 1, 0)
    assert (second["code"], second["status_label"], second["total"], second["closed"], second["overdue"],
            second["percent"]) == ("1.2", "Complete", 2, 1, 0, 50)
    # The update of March is not the quarter's; May's is.
    assert first["updates"] == [{"action": f"A-{known['on_track'].pk}", "on": "2017-05-10", "status": "On track",
                                 "text": "Training delivered to 40 staff."}]
    assert second["impact"] == [{"action": f"A-{known['closed'].pk}",
                                 "text": "Referrals to early help rose by a fifth."}]
    assert [(a["reference"], a["signed_off_on"]) for a in s["ratification"]] == [
        (f"A-{known['signed'].pk}", "2017-06-20")]
    # The log as every member reads it: the restricted entry is left out.
    log = {f["name"]: f["count"] for f in s["log"]["figures"]}
    assert log["opened"] == 1 and log["escalated"] == 0
    assert s["log"]["heat_map"]["open"] == 1
    assert [c[:3] for c in s["log"]["heat_map"]["cells"] if c[2]] == [[3, 4, 1]]
    assert [(r["body"], r["standing_label"], r["submitted_on"], r["issues"]) for r in s["reports"]["quarterly"]] == [
        ("Learning sub group", "Missing (overdue)", "", ""),
        ("PMAE sub group", "Received", "2017-07-10", "Capacity in health visiting.")]
    assert s["reports"]["yearly"] == []
    [board] = s["attendance"]
    assert board["body"] == "Testshire Board"
    assert [(a["agency"], a["expected"], a["present"], a["delegate"], a["apologies"], a["rate"])
            for a in board["agencies"]] == [("Testshire Health", 2, 0, 1, 1, 50), ("Testshire Police", 1, 1, 0, 0, 100)]
    assert board["delegates"] == [{"on": "2017-05-15", "agency": "Testshire Health", "name": "Dr Alex Smith",
                                   "role": "Deputy director of nursing"}]
    assert s["decisions"] == [{"body": "Testshire Board", "on": "2017-05-15", "text": "Adopt the neglect strategy.",
                               "informed": True, "how": "The young people's panel asked for it."}]
    assert s["figures"] == {
        "actions": 4, "actions_closed": 1, "actions_overdue": 1, "priorities_by_status": {"Off track": 1},
        "awaiting_ratification": 1, "log_opened": 1, "log_escalated": 0, "log_open": 1, "quarterly_received": 1,
        "quarterly_received_late": 0, "quarterly_missing": 1, "attendance_rate": 67, "decisions": 1,
        "decisions_informed_by_children": 1}


def _through_to_issue(known):
    report = _built()
    services.outcome_report_comment(report=report, section="log", text="Check the escalations.", by=known["bu"])
    services.outcome_report_narrative_update(report=report, section="progress", text="A steady quarter.",
                                             by=known["bu"])
    report = services.outcome_report_agree(report=report, meeting=known["bpg_meeting"], by=known["bpg_member"])
    return services.outcome_report_issue(report=report, meeting=known["board_meeting"], by=known["bu"])


def test_a_snapshot_and_an_issued_paper_do_not_change_when_the_records_do(known, django_capture_on_commit_callbacks,
                                                                         client):
    with django_capture_on_commit_callbacks(execute=False):
        report = _through_to_issue(known)
    snapshot, html = report.snapshot, report.html
    assert "A steady quarter." in html and "Training delivered to 40 staff." in html
    known["on_track"].description = "Changed afterwards"
    known["on_track"].progress = "off_track"
    known["on_track"].save()
    from accountability.models import Decision

    Decision.objects.create(meeting=known["held_meeting"], text="A later decision.", childrens_voice="not_applicable")
    report.refresh_from_db()
    assert report.snapshot == snapshot and report.html == html
    assert issued_report_for_meeting(known["board_meeting"]) == report
    client.force_login(known["board_member"])
    for url in [report.get_absolute_url(), f"{report.get_absolute_url()}paper/"]:
        page = client.get(url).content.decode()
        assert "Adopt the neglect strategy." in page and "A later decision." not in page
    # A new build sees the change; the issued version stays as it was.
    again = _built()
    assert again.version == 2 and again.snapshot["figures"]["decisions"] == 2
    assert OutcomeReport.objects.get(pk=report.pk).snapshot["figures"]["decisions"] == 1


def test_the_workflow_refuses_wrong_states_and_people(known):
    report = _built()
    with pytest.raises(ValidationError, match="Only a report agreed"):
        services.outcome_report_issue(report=report, meeting=known["board_meeting"], by=known["bu"])
    with pytest.raises(ValidationError) as refused:
        services.outcome_report_agree(report=report, meeting=known["board_meeting"], by=known["bu"])
    assert services.MEETING_NOT_AGREEING in refused.value.messages
    with pytest.raises(PermissionDenied):
        services.outcome_report_agree(report=report, meeting=known["bpg_meeting"], by=known["board_member"])
    with pytest.raises(PermissionDenied):
        services.outcome_report_comment(report=report, section="log", text="x", by=known["bpg_member"])
    report = services.outcome_report_agree(report=report, meeting=known["bpg_meeting"], by=known["bpg_member"])
    with pytest.raises(ValidationError, match="already been agreed"):
        services.outcome_report_agree(report=report, meeting=known["bpg_meeting"], by=known["bu"])
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        services.outcome_report_narrative_update(report=report, section="log", text="Late words", by=known["bu"])
    with pytest.raises(ValidationError) as refused:
        services.outcome_report_issue(report=report, meeting=known["bpg_meeting"], by=known["bu"])
    assert services.MEETING_NOT_RECEIVING in refused.value.messages
    report = services.outcome_report_issue(report=report, meeting=known["board_meeting"], by=known["bu"])
    with pytest.raises(ValidationError, match="already been issued"):
        services.outcome_report_issue(report=report, meeting=known["board_meeting"], by=known["bu"])
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        services.outcome_report_comment(report=report, section="log", text="Too late", by=known["bu"])


def test_a_bad_quarter_is_refused_and_a_running_build_is_not_doubled(known):
    with pytest.raises(ValidationError) as refused:
        services.outcome_report_request(quarter_code="2017Q5", by=known["bu"], enqueue=False)
    assert services.QUARTER_UNKNOWN in refused.value.messages
    services.outcome_report_request(quarter_code="2017q1", by=known["bu"], enqueue=False)
    with pytest.raises(ValidationError, match="already running"):
        services.outcome_report_request(quarter_code="2017Q1", by=known["bu"], enqueue=False)


def test_a_failed_build_says_why_and_keeps_the_last_good_one(known, monkeypatch):
    good = _built()

    def broken(*args, **kwargs):
        raise RuntimeError("the log could not be read")

    monkeypatch.setattr("reporting.outcome_services.build_snapshot", broken)
    failed = _built()
    assert failed.state == ReportState.FAILED and failed.version == 2
    assert failed.error == "RuntimeError: the log could not be read"
    good.refresh_from_db()
    assert good.state == ReportState.DRAFT and good.snapshot["figures"]["actions"] == 4


def test_the_command_builds_a_new_version(known):
    with time_machine.travel(READ_ON, tick=False):
        call_command("build_quarterly_report", "--quarter", "2017Q1")
        call_command("build_quarterly_report", "--quarter", "2017Q1")
        with pytest.raises(CommandError, match="like 2017Q1"):
            call_command("build_quarterly_report", "--quarter", "last")
    assert list(OutcomeReport.objects.values_list("version", "state").order_by("version")) == [
        (1, "draft"), (2, "draft")]


def test_the_daily_job_builds_the_quarter_once_on_the_working_day_after_its_summaries_fall_due(known):
    # Quarterly summaries for April to June 2017 fell due on Friday 21 July; the report is built on Monday 24 July.
    assert services.scheduled_quarter(date(2017, 7, 21)) is None
    assert services.scheduled_quarter(date(2017, 7, 24)).start == date(2017, 4, 1)
    with time_machine.travel(at(2017, 7, 24, 7), tick=False):
        assert services.outcome_report_scheduled(as_of=date(2017, 7, 21)) is None
        first = services.outcome_report_scheduled(as_of=date(2017, 7, 24))
        assert first.quarter_code == "2017Q1" and first.state == ReportState.BUILDING
        assert services.outcome_report_scheduled(as_of=date(2017, 7, 25)) is None


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_the_issued_paper_is_a_tagged_pdf_and_a_docx_holding_every_section_and_figure(known):
    from docx import Document
    from pypdf import PdfReader

    report = _through_to_issue(known)
    from notifications.models import Notice

    told = set(Notice.objects.filter(key__startswith=f"outcome-report:{report.pk}:").values_list("key", "user_id"))
    key = f"outcome-report:{report.pk}"
    assert {(f"{key}:built", known["bpg_member"].pk), (f"{key}:built", known["bu"].pk),
            (f"{key}:agreed", known["bu"].pk), (f"{key}:issued", known["board_member"].pk)} <= told
    assert (f"{key}:built", known["board_member"].pk) not in told  # a draft is not the Board's yet
    report = services.outcome_report_render_documents(report_id=report.pk)
    pdf = report.pdf.read()
    reader = PdfReader(BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # the tag tree
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"]
    text = " ".join(_pdf_text(pdf).split())
    docx = Document(BytesIO(report.docx.read()))
    docx_text = " ".join(" ".join([p.text for p in docx.paragraphs]
                                  + [c.text for t in docx.tables for r in t.rows for c in r.cells]).split())
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    for section in ["Progress by priority and outcome", "Actions signed off awaiting ratification",
                    "The challenge and risk log this quarter", "Summaries and reports received",
                    "Attendance by agency", "Decisions and the voice of the child"]:
        assert section in text
        assert section in headings
    for figure in ["Training delivered to 40 staff.", "Referrals to early help rose by a fifth.",
                   "Publish the neglect strategy", "Capacity in health visiting.", "Dr Alex Smith",
                   "Adopt the neglect strategy.", "The young people's panel asked for it.", "A steady quarter.",
                   "Missing (overdue)", "Actions overdue"]:
        assert figure in text, figure
        assert figure in docx_text, figure
    assert "Restricted staffing risk" not in text
    assert "Page 2 of" in text  # page numbers
    assert "Status is the worst status among the open actions" in text  # the roll-up's rule, as the pages state it


def test_the_daily_job_is_in_the_one_schedule_an_administrator_edits():
    from django_celery_beat.models import PeriodicTask

    from config.schedules import ensure_periodic_tasks

    ensure_periodic_tasks()
    task = PeriodicTask.objects.get(name="Quarterly outcome report")
    assert task.task == "reporting.scheduled_outcome_report" and task.crontab.hour == "6"
    task.enabled = False
    task.save()
    ensure_periodic_tasks()
    assert PeriodicTask.objects.get(name="Quarterly outcome report").enabled is False


def test_documents_read_static_files_from_disk_and_never_the_network():
    from bscb.pdf import BASE_URL, _fetcher, local_file

    fetcher = _fetcher()
    css = fetcher.fetch(f"{BASE_URL}static/reporting/outcome_report_print.css")
    assert b"@page" in css.read() and css.content_type == "text/css"
    for address in ["http://127.0.0.1:8000/static/reporting/outcome_report_print.css", "file:///etc/passwd",
                    f"{BASE_URL}static/../config/settings/base.py", "https://example.org/logo.png"]:
        assert local_file(address) is None, address
        with pytest.raises(ValueError):
            fetcher.fetch(address)
    # A document that names another address is still rendered, without it.
    from reporting.outcome_documents import render_pdf

    pdf = render_pdf('<html lang="en-GB"><head><title>T</title></head><body><main><p>Text</p>'
                     '<img src="http://127.0.0.1:9/x.png" alt="An image"></main></body></html>', title="T")
    assert pdf.startswith(b"%PDF") and "Text" in _pdf_text(pdf)


def test_the_issued_report_is_a_paper_of_the_board_meeting_whose_pack_merges_its_pdf(known):
    from reporting.pack import pack_for, pack_pdf
    from reporting.papers_models import MeetingPaper

    report = _through_to_issue(known)
    paper = MeetingPaper.objects.get(meeting=known["board_meeting"])
    assert (paper.title, paper.url, paper.record_kind, bool(paper.document)) == (
        "Quarterly outcome report, April to June 2017", report.get_absolute_url(), "Quarterly outcome report", False)
    services.outcome_report_render_documents(report_id=report.pk)
    services.outcome_report_render_documents(report_id=report.pk)  # a job run twice attaches it once
    paper = MeetingPaper.objects.get(meeting=known["board_meeting"])
    assert paper.document.read().startswith(b"%PDF-")
    pack = pack_for(known["board_meeting"], known["board_member"])
    merged = [part for part in pack.parts if part.is_pdf]
    assert [part.title for part in merged] == ["Quarterly outcome report, April to June 2017"]
    text = " ".join(_pdf_text(pack_pdf(pack)).split())
    assert "Progress by priority and outcome" in text and "A steady quarter." in text



def test_issuing_stores_the_quarters_figures_for_the_trend_and_the_board_dashboard_names_the_report(known):
    from reporting.dashboards.papers_hooks import next_board_papers
    from reporting.quarter_figures import QuarterFigures

    report = _through_to_issue(known)
    stored = QuarterFigures.objects.get()
    assert (stored.quarter_start, stored.quarter_end) == (date(2017, 4, 1), date(2017, 6, 30))
    items = next_board_papers(known["board_member"], known["board_meeting"])
    assert items[0] == ("Quarterly outcome report 2017Q1, version 1, issued to this meeting", report.get_absolute_url())
    assert items[1][0] == "The meeting's papers and its pack"


def test_the_paper_prints_attendance_by_agency_across_the_bodies_and_a_row_a_body():
    from reporting.outcome_documents import attendance_summary

    def row(agency, present, delegate, apologies, absent):
        return {"agency": agency, "expected": present + delegate + apologies + absent, "present": present,
                "delegate": delegate, "apologies": apologies, "absent": absent}

    summary = attendance_summary([
        {"body": "Board", "agencies": [row("Health", 2, 1, 0, 0), row("Police", 1, 0, 1, 1)],
         "delegates": [{"on": "2017-05-15", "agency": "Health", "name": "Dr Alex Smith", "role": "Deputy"}]},
        {"body": "BPG", "agencies": [row("Police", 3, 0, 0, 1)], "delegates": []},
    ])
    assert summary["by_agency"] == [
        {"agency": "Health", "expected": 3, "present": 2, "delegate": 1, "apologies": 0, "absent": 0, "rate": 100},
        {"agency": "Police", "expected": 7, "present": 4, "delegate": 0, "apologies": 1, "absent": 2, "rate": 57}]
    assert [(b["body"], b["expected"], b["rate"], b["delegates"]) for b in summary["by_body"]] == [
        ("Board", 6, 67, 1), ("BPG", 4, 75, 0)]
    assert summary["delegates"][0]["body"] == "Board" and summary["delegates_total"] == 1


def test_a_redaction_reaches_the_issued_paper_its_files_and_the_meeting_papers_copy(
        known, django_capture_on_commit_callbacks):
    from accountability.models import Decision
    from bscb.redaction import record_redact
    from reporting.papers_models import MeetingPaper

    report = services.outcome_report_render_documents(report_id=_through_to_issue(known).pk)
    assert "Adopt the neglect strategy." in " ".join(_pdf_text(report.pdf.read()).split())
    decision = Decision.objects.get(text="Adopt the neglect strategy.")
    with django_capture_on_commit_callbacks() as callbacks:  # the files' removal and the job, not run here
        redaction = record_redact(record=decision, field="text", text="the neglect strategy", reason="Named a child.",
                                  by=known["bu"])
    assert len(callbacks) >= 3
    assert "Quarterly outcome report 2017Q1, version 1: its snapshot and page; its PDF and Word document, and " \
           "the meeting paper's copy, rendered again" in redaction.places
    report.refresh_from_db()
    paper = MeetingPaper.objects.get(meeting=known["board_meeting"])
    assert "the neglect strategy" not in str(report.snapshot) and "the neglect strategy" not in report.html
    assert "Adopt [redacted]." in report.html
    assert (report.pdf.name, report.docx.name, paper.document.name) == ("", "", "")
    report = services.outcome_report_render_documents(report_id=report.pk)  # as the job does
    text = " ".join(_pdf_text(report.pdf.read()).split())
    assert "Adopt [redacted]." in text and "the neglect strategy" not in text
    paper.refresh_from_db()
    paper_text = " ".join(_pdf_text(paper.document.read()).split())
    assert "Adopt [redacted]." in paper_text and "the neglect strategy" not in paper_text
