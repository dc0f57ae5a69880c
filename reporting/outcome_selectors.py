"""Reads of the quarterly outcome report. Rendering a report reads its snapshot (and, issued, its stored files)
alone: never the records it was built from."""

from collections import defaultdict

from .outcome_charts import heat, progress
from .outcome_documents import REPORT_KINDS, attendance_summary, headline, title_of
from .outcome_models import REPORT_SECTIONS, OutcomeReport, OutcomeReportComment, ReportState


def report_list():
    """Every version, newest quarter and version first, with the meetings it was agreed at and issued to."""
    return (OutcomeReport.objects.select_related("agreed_meeting__body", "issued_meeting__body")
            .defer("snapshot", "html").order_by("-quarter_code", "-version"))


def report_detail(pk: int) -> OutcomeReport:
    return OutcomeReport.objects.select_related("agreed_meeting__body", "issued_meeting__body", "agreed_by",
                                                "issued_by").get(pk=pk)


def last_good(report: OutcomeReport) -> OutcomeReport | None:
    """The newest version of the report's quarter before it that was built (a failed build keeps it)."""
    return (OutcomeReport.objects.filter(quarter_code=report.quarter_code, version__lt=report.version)
            .exclude(state__in=[ReportState.BUILDING, ReportState.FAILED]).defer("snapshot", "html")
            .order_by("-version").first())


def issued_report_for_meeting(meeting) -> OutcomeReport | None:
    """The report issued to a meeting (its stored PDF in `.pdf`), or None: for the meeting's pack."""
    return (OutcomeReport.objects.filter(issued_meeting=meeting, state=ReportState.ISSUED).defer("snapshot")
            .order_by("-issued_on").first())


def report_comments(report: OutcomeReport) -> dict[str, list[OutcomeReportComment]]:
    found = defaultdict(list)
    for comment in report.comments.select_related("created_by").order_by("created_on", "pk"):
        found[comment.section].append(comment)
    return dict(found)


def report_context(report: OutcomeReport) -> dict:
    """What the page and the paper render: the snapshot, the narrative, the charts drawn from the snapshot."""
    from .outcome_services import narrative_of

    snapshot = report.snapshot
    narrative = narrative_of(report)
    return {"report": report, "s": snapshot, "title": title_of(report), "headline": headline(snapshot),
            "sections": [(name, heading, narrative.get(name, "")) for name, heading in REPORT_SECTIONS],
            "heat": heat(snapshot), "progress_chart": progress(snapshot), "report_kinds": REPORT_KINDS,
            "attendance": attendance_summary(snapshot.get("attendance", []))}


def meetings_for(function: str):
    """The meetings (not cancelled) of the bodies holding `function`, newest first: where the report is agreed,
    or the meetings it may be issued to."""
    from accountability.models import Meeting, MeetingStatus
    from accountability.selectors import bodies_with_function

    return (Meeting.objects.filter(body__in=bodies_with_function(function)).exclude(status=MeetingStatus.CANCELLED)
            .select_related("body").order_by("-starts_at"))


def job_state(report: OutcomeReport) -> str:
    """The build job's state in words, as the result backend has it."""
    from celery.result import AsyncResult

    if not report.task_id:
        return "Waiting for the job to start."
    state = AsyncResult(report.task_id).state
    return {"PENDING": "Queued: waiting for a worker to pick it up.", "STARTED": "Running.",
            "RETRY": "Retrying after a fault."}.get(state, "Finishing.")
