"""Writes of the quarterly outcome report: build (by the job, on demand or by the command), comment, narrative,
agreement at a meeting of the body that agrees it, issue to a meeting of the body that receives it, and the
documents the job renders when it is issued. Each transition refuses a wrong state with a message below."""

import logging
import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from accountability.models import BodyFunction, Function, Meeting, MeetingStatus
from bscb.partnership import partnership_get
from bscb.services import NotAllowed, model_update, require, save_stamped, stamp
from challenge_log.overview import quarter_named

from .outcome_models import SECTION_NAMES, OutcomeReport, OutcomeReportComment, OutcomeReportNarrative, ReportState
from .outcome_snapshot import build_snapshot

QUARTER_UNKNOWN = "Enter a quarter as a year and a quarter number, like 2017Q1."
BUILD_RUNNING = "A build of this quarter's report is already running. Wait for it to finish."
NOT_A_DRAFT = "Only a draft can be changed. This version is {state}: rebuild the quarter to make a new draft."
ALREADY_AGREED = "This version has already been agreed."
ALREADY_ISSUED = "This version has already been issued: an issued paper never changes."
NOT_AGREED = "Only a report agreed by the Business Planning Group can be issued. Record its agreement first."
NOT_LATEST = "A newer version of this quarter's report exists: agree that one."
MEETING_NOT_AGREEING = "Choose a meeting of the body that agrees the quarterly outcome report."
MEETING_NOT_RECEIVING = "Choose a meeting of the body that receives the quarterly outcome report."
MEETING_CANCELLED = "That meeting was cancelled. Choose another."
MEETING_HAS_REPORT = "A quarterly outcome report has already been issued to that meeting."
SECTION_UNKNOWN = "Choose a section of the report."
BUILD_FAILED = "The report could not be built: {error}"

logger = logging.getLogger(__name__)


def _tell(report: OutcomeReport, *, step: str, title: str, functions=()) -> None:
    """An in-app notice of a step, once each: to the business unit, and to the members of the bodies holding
    `functions` (the BPG when a draft is ready to agree; the Board when it is issued)."""
    from accountability.people import bodies_with_function, business_unit_ids, member_ids
    from notifications.services import notify

    today = timezone.localdate()
    people = list(business_unit_ids(today))
    for function in functions:
        for body in bodies_with_function(function, today):
            people += member_ids(body, today)
    notify(people, key=f"outcome-report:{report.pk}:{step}", title=title, url=report.get_absolute_url())


def _next_version(quarter_code: str) -> int:
    return (OutcomeReport.objects.filter(quarter_code=quarter_code).aggregate(n=Max("version"))["n"] or 0) + 1


def outcome_report_request(*, quarter_code: str, by=None, enqueue: bool = True) -> OutcomeReport:
    """A new version of the quarter's report, being built; its job enqueued once this commits. `by` None: the
    scheduled job or the command, acting for the partnership."""
    if by is not None:
        require(by, "reporting.build_outcome_report")
    quarter_code = (quarter_code or "").strip().upper()
    if quarter_named(quarter_code) is None:
        raise ValidationError({"quarter": QUARTER_UNKNOWN})
    with transaction.atomic():
        # One build of a quarter at a time: the lock orders two requests, the second then sees the first.
        list(OutcomeReport.objects.select_for_update().filter(quarter_code=quarter_code).only("pk"))
        if OutcomeReport.objects.filter(quarter_code=quarter_code, state=ReportState.BUILDING).exists():
            raise ValidationError(BUILD_RUNNING)
        report = OutcomeReport(quarter_code=quarter_code, version=_next_version(quarter_code),
                               state=ReportState.BUILDING, task_id=str(uuid.uuid4()))
        save_stamped(report, by)
        if enqueue:
            from .outcome_tasks import build_outcome_report

            transaction.on_commit(lambda: build_outcome_report.apply_async(args=[report.pk], task_id=report.task_id))
    return report


def outcome_report_build(*, report_id: int, as_of: date | None = None) -> OutcomeReport:
    """Fill a report being built with its snapshot; a failure is kept with its reason, and the versions before
    it stay as they were (the last good one still reads). Safe to run twice: only a report being built is built."""
    report = OutcomeReport.objects.get(pk=report_id)
    if report.state != ReportState.BUILDING:
        return report
    try:
        with transaction.atomic():
            snapshot = build_snapshot(report.quarter_code, as_of=as_of)
    except Exception as error:  # noqa: BLE001 - any fault is the build's, shown to the business unit
        report.state, report.error = ReportState.FAILED, f"{type(error).__name__}: {error}"[:2000]
        report.save(update_fields=["state", "error", "modified_on"])
        logger.exception("The outcome report %s could not be built", report.pk)
        return report
    previous = (OutcomeReport.objects.filter(quarter_code=report.quarter_code, version__lt=report.version)
                .exclude(state__in=[ReportState.BUILDING, ReportState.FAILED]).order_by("-version").first())
    report.snapshot = snapshot
    report.state, report.error, report.built_on = ReportState.DRAFT, "", timezone.now()
    with transaction.atomic():
        report.save(update_fields=["snapshot", "state", "error", "built_on", "modified_on"])
        if previous:  # the business unit's words carry over to the new version
            for row in previous.narratives.all():
                save_stamped(OutcomeReportNarrative(report=report, section=row.section, text=row.text),
                             row.modified_by)
        _tell(report, step="built", functions=[Function.AGREES_OUTCOME_REPORT],
              title=f"The quarterly outcome report for {snapshot['quarter']['label']} is ready as a draft "
                    f"(version {report.version})")
    return report


def outcome_report_build_now(*, quarter_code: str, by=None, as_of: date | None = None) -> OutcomeReport:
    """Request and build at once, in this process (the management command)."""
    report = outcome_report_request(quarter_code=quarter_code, by=by, enqueue=False)
    return outcome_report_build(report_id=report.pk, as_of=as_of)


def _draft(report: OutcomeReport) -> None:
    if report.state != ReportState.DRAFT:
        raise ValidationError(NOT_A_DRAFT.format(state=report.get_state_display().lower()))


def outcome_report_comment(*, report: OutcomeReport, section: str, text: str, by) -> OutcomeReportComment:
    require(by, "reporting.edit_outcome_report", report)
    _draft(report)
    if section not in SECTION_NAMES:
        raise ValidationError({"section": SECTION_UNKNOWN})
    return save_stamped(OutcomeReportComment(report=report, section=section, text=text), by)


def outcome_report_narrative_update(*, report: OutcomeReport, section: str, text: str, by,
                                    version: int | None = None) -> bool:
    require(by, "reporting.edit_outcome_report", report)
    _draft(report)
    if section not in SECTION_NAMES:
        raise ValidationError({"section": SECTION_UNKNOWN})
    row = OutcomeReportNarrative.objects.filter(report=report, section=section).first()
    if row is None:
        save_stamped(OutcomeReportNarrative(report=report, section=section, text=text.strip()), by)
        return True
    return model_update(row, {"text": text.strip()}, by=by, version=version)


def _meeting_of(meeting: Meeting, function: str, message: str) -> None:
    if not BodyFunction.objects.filter(body_id=meeting.body_id, function=function).exists():
        raise ValidationError({"meeting": message})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"meeting": MEETING_CANCELLED})


def outcome_report_agree(*, report: OutcomeReport, meeting: Meeting, by) -> OutcomeReport:
    """The agreeing body's agreement, recorded against the meeting where it was given."""
    require(by, "reporting.agree_outcome_report", report)
    with transaction.atomic():
        report = OutcomeReport.objects.select_for_update().get(pk=report.pk)
        if report.state == ReportState.AGREED:
            raise ValidationError(ALREADY_AGREED)
        if report.state == ReportState.ISSUED:
            raise ValidationError(ALREADY_ISSUED)
        _draft(report)
        if OutcomeReport.objects.filter(quarter_code=report.quarter_code, version__gt=report.version).exclude(
                state=ReportState.FAILED).exists():
            raise ValidationError(NOT_LATEST)
        _meeting_of(meeting, Function.AGREES_OUTCOME_REPORT, MEETING_NOT_AGREEING)
        report.state, report.agreed_on, report.agreed_meeting, report.agreed_by = (
            ReportState.AGREED, timezone.now(), meeting, by)
        stamp(report, by)
        report.save(update_fields=["state", "agreed_on", "agreed_meeting", "agreed_by", "modified_on", "modified_by"])
        _tell(report, step="agreed", title=f"{report} was agreed: it can be issued to a meeting")
    return report


def outcome_report_issue(*, report: OutcomeReport, meeting: Meeting, by) -> OutcomeReport:
    """Issue an agreed report to a meeting of the body that receives it: its rendering is frozen now, and the job
    renders its PDF and DOCX from the snapshot once this commits."""
    require(by, "reporting.issue_outcome_report", report)
    with transaction.atomic():
        report = OutcomeReport.objects.select_for_update().get(pk=report.pk)
        if report.state == ReportState.ISSUED:
            raise ValidationError(ALREADY_ISSUED)
        if report.state != ReportState.AGREED:
            raise ValidationError(NOT_AGREED)
        _meeting_of(meeting, Function.RECEIVES_OUTCOME_REPORT, MEETING_NOT_RECEIVING)
        if OutcomeReport.objects.filter(issued_meeting=meeting, state=ReportState.ISSUED).exists():
            raise ValidationError({"meeting": MEETING_HAS_REPORT})
        report.state, report.issued_on, report.issued_meeting, report.issued_by = (
            ReportState.ISSUED, timezone.now(), meeting, by)
        # Frozen: the narrative joins the snapshot, and the paper's rendering is kept as it is now.
        report.snapshot = {**report.snapshot, "narrative": narrative_of(report)}
        report.html = document_html(report)
        stamp(report, by)
        report.save(update_fields=["state", "issued_on", "issued_meeting", "issued_by", "snapshot", "html",
                                   "modified_on", "modified_by"])
        _tell(report, step="issued", functions=[Function.RECEIVES_OUTCOME_REPORT, Function.AGREES_OUTCOME_REPORT],
              title=f"{report} was issued to the {meeting}")
        # One of the meeting's papers at once, so that its pack lists it; the job adds the PDF it renders.
        _paper_link(report, pdf=None)
        # The Board's trend (issue 18) keeps the quarter's figures as they stood when the report was issued.
        from .quarter_figures import quarter_figures_store

        quarter_figures_store(quarter_named(report.quarter_code))
        from .outcome_tasks import render_outcome_documents

        transaction.on_commit(lambda: render_outcome_documents.delay(report.pk))
    return report


def narrative_of(report: OutcomeReport) -> dict[str, str]:
    """Each section's narrative: frozen in the snapshot once issued, else as the business unit left it."""
    if report.state == ReportState.ISSUED and "narrative" in report.snapshot:
        return report.snapshot["narrative"]
    return dict(report.narratives.values_list("section", "text"))


def document_html(report: OutcomeReport) -> str:
    """The paper as a standalone HTML document, from the snapshot alone (the PDF's source)."""
    from .outcome_selectors import report_context

    return render_to_string("reporting/outcome_report/document.html",
                            {**report_context(report), "partnership": partnership_get()})


def outcome_report_render_documents(*, report_id: int) -> OutcomeReport:
    """The issued paper's PDF (from its frozen HTML) and DOCX (from its snapshot), stored. Safe to run twice."""
    from .outcome_documents import render_docx, render_pdf, title_of

    report = OutcomeReport.objects.get(pk=report_id)
    if report.state != ReportState.ISSUED or (report.pdf and report.docx):
        return report
    name = f"outcome-report-{report.quarter_code}-v{report.version}"
    rendered = None
    if not report.pdf:
        rendered = render_pdf(report.html, title=title_of(report))
        report.pdf.save(f"{name}.pdf", ContentFile(rendered), save=False)
    if not report.docx:
        docx = render_docx(report, report.snapshot, report.snapshot.get("narrative", {}),
                           partnership=partnership_get().name)
        report.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    report.save(update_fields=["pdf", "docx", "modified_on"])
    if rendered is not None:
        try:
            with transaction.atomic():
                _paper_link(report, pdf=rendered)
        except (ValidationError, NotAllowed) as error:  # a meeting cancelled since: the paper stays as it was
            logger.warning("The issued report %s was not attached to the %s: %s", report.pk, report.issued_meeting,
                           error)
    return report


def _paper_link(report: OutcomeReport, *, pdf: bytes | None) -> None:
    """The issued report as a paper of the meeting it was issued to, with its PDF once rendered: the meeting's
    pack then merges it (papers_services.paper_link_record, as the person who issued it)."""
    from .outcome_documents import title_of
    from .papers_services import paper_link_record

    paper_link_record(report.issued_meeting, title=title_of(report), url=report.get_absolute_url(), pdf=pdf,
                      record_kind="Quarterly outcome report", by=report.issued_by)


def scheduled_quarter(as_of: date):
    """The quarter whose report the daily job builds on `as_of`: the last quarter ended, once the working day
    after its quarterly summaries fell due has come (so that they are in). None before that day."""
    from bscb.workdays import add_working_days
    from challenge_log.overview import quarter_on

    from .deadlines import quarterly_due_date

    quarter = quarter_on(quarter_on(as_of).start - timedelta(days=1))
    return quarter if as_of >= add_working_days(quarterly_due_date(quarter), 1) else None


def outcome_report_scheduled(*, as_of: date | None = None) -> OutcomeReport | None:
    """The daily job: the last quarter's report, requested once its day has come, unless one was made already
    (a second run, or a run after a missed day, finds it). Returns the report requested, or None."""
    from challenge_log.overview import code_of

    quarter = scheduled_quarter(as_of or timezone.localdate())
    if quarter is None or OutcomeReport.objects.filter(quarter_code=code_of(quarter)).exists():
        return None
    return outcome_report_request(quarter_code=code_of(quarter))
