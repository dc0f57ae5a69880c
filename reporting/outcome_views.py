"""The quarterly outcome report's pages: the list of versions, a version (its progress while the job builds it,
the reason when it failed), the business unit's build, comments and narrative, the agreement, the issue, and the
issued paper's stored PDF and DOCX. Thin: rules in outcome_rules, writes in outcome_services."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accountability.models import Function
from bscb import access
from bscb.forms import add_service_errors, form_saved, save_form
from challenge_log.overview import code_of, current_quarter, quarter_on

from . import outcome_selectors as selectors
from . import outcome_services as services
from .outcome_forms import BuildForm, CommentForm, MeetingForm, NarrativeForm
from .outcome_models import SECTION_HEADINGS, OutcomeReport, OutcomeReportNarrative, ReportState

READ = "reporting.view_outcome_report"


def _crumbs():
    return [("Quarterly outcome reports", reverse("outcome-report-list"))]


def _report_for(request, pk, perm=READ) -> OutcomeReport:
    report = get_object_or_404(OutcomeReport.objects.select_related(
        "agreed_meeting__body", "issued_meeting__body", "agreed_by", "issued_by"), pk=pk)
    if not request.user.has_perm(READ, report) or (perm != READ and not request.user.has_perm(perm, report)):
        raise PermissionDenied
    return report


@access.signed_in
def report_list(request):
    """Every version: each member sees that it exists and its state; those who may read it, a link."""
    reports = list(selectors.report_list())
    rows = [(r, request.user.has_perm(READ, r)) for r in reports]
    return render(request, "reporting/outcome_report/list.html", {
        "rows": rows, "may_build": request.user.has_perm("reporting.build_outcome_report")})


@access.record
def report_build(request):
    if not request.user.has_perm("reporting.build_outcome_report"):
        raise PermissionDenied
    last_ended = quarter_on(current_quarter().start - timedelta(days=1))
    form = BuildForm(request.POST or None, initial={"quarter": code_of(last_ended)})
    if request.method == "POST" and form.is_valid():
        def act():
            report = services.outcome_report_request(quarter_code=form.cleaned_data["quarter"], by=request.user)
            messages.success(request, "The report is being built.")
            return redirect(report)

        try:
            return save_form(request, form, act)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "form_page.html", {
        "form": form, "title": "Build a quarterly outcome report", "crumbs": _crumbs(),
        "intro": "A job builds the report from the records: the plan's progress, the actions awaiting "
                 "ratification, the log, the summaries and reports, attendance and decisions. Rebuilding a "
                 "quarter makes a new version; the versions before it stay readable.",
        "back_url": reverse("outcome-report-list")})


@access.record
def report_detail(request, pk):
    report = _report_for(request, pk)
    context = {"report": report, "crumbs": _crumbs(), "current": str(report.quarter_code),
               "may_edit": report.is_draft and request.user.has_perm("reporting.edit_outcome_report", report),
               "may_agree": report.is_draft and request.user.has_perm("reporting.agree_outcome_report", report),
               "may_issue": report.state == ReportState.AGREED
               and request.user.has_perm("reporting.issue_outcome_report", report)}
    if report.state in (ReportState.BUILDING, ReportState.FAILED):
        context["last_good"] = selectors.last_good(report)
        context["job_state"] = selectors.job_state(report) if report.state == ReportState.BUILDING else ""
        return render(request, "reporting/outcome_report/building.html", context)
    context.update(selectors.report_context(report))
    context["comments"] = selectors.report_comments(report)
    context["page"] = True
    return render(request, "reporting/outcome_report/detail.html", context)


def _section(name: str) -> str:
    if name not in SECTION_HEADINGS:
        raise Http404
    return SECTION_HEADINGS[name]


def _refused_state(request, report):
    """A page of a draft's tools opened on a report that is no longer a draft: say so on the report's page."""
    if not report.is_draft:
        messages.error(request, services.NOT_A_DRAFT.format(state=report.get_state_display().lower()))
        return redirect(report)
    return None


def _section_page(request, report, section, form, *, save, done, title, intro=""):
    """A draft's section tool (a comment, the narrative): bscb.forms.form_saved answers a valid post, back at the
    section on the report's page (`save` returns that address)."""
    saved = form_saved(request, form, save, done)
    if saved is not None:
        return saved
    return render(request, "form_page.html", {
        "form": form, "title": title, "caption": str(report), "intro": intro,
        "crumbs": [*_crumbs(), (report.quarter_code, report.get_absolute_url())],
        "back_url": report.get_absolute_url()})


def _at_section(report, section) -> str:
    return f"{report.get_absolute_url()}#section-{section}"


@access.record
def report_comment(request, pk, section):
    report = _report_for(request, pk, "reporting.edit_outcome_report")
    heading = _section(section)
    refused = _refused_state(request, report)
    if refused:
        return refused

    def save(data):
        services.outcome_report_comment(report=report, section=section, text=data["text"], by=request.user)
        return _at_section(report, section)

    return _section_page(request, report, section, CommentForm(request.POST or None), save=save,
                         done="The comment was saved.", title=f"Comment on {heading.lower()}")


@access.record
def report_narrative(request, pk, section):
    report = _report_for(request, pk, "reporting.edit_outcome_report")
    heading = _section(section)
    refused = _refused_state(request, report)
    if refused:
        return refused
    row = (OutcomeReportNarrative.objects.filter(report=report, section=section).first()
           or OutcomeReportNarrative(report=report, section=section))  # unsaved: version 0
    form = NarrativeForm(request.POST or None, record=row, initial={"text": row.text})

    def save(data):
        services.outcome_report_narrative_update(report=report, section=section, text=data["text"],
                                                 by=request.user, version=form.version)
        return _at_section(report, section)

    return _section_page(request, report, section, form, save=save, done="The narrative was saved.",
                         title=f"The narrative of {heading.lower()}",
                         intro="The business unit's words that open this section of the report, above its figures.")


def _meeting_step(request, report, *, function, title, intro, submit, done, act):
    form = MeetingForm(request.POST or None, meetings=selectors.meetings_for(function), submit=submit)
    if request.method == "POST" and form.is_valid():
        def take():
            act(form.cleaned_data["meeting"])
            messages.success(request, done)
            return redirect(report)

        try:
            return save_form(request, form, take)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "form_page.html", {
        "form": form, "title": title, "caption": str(report), "intro": intro,
        "crumbs": [*_crumbs(), (report.quarter_code, report.get_absolute_url())],
        "back_url": report.get_absolute_url()})


@access.record
def report_agree(request, pk):
    report = _report_for(request, pk, "reporting.agree_outcome_report")
    if request.method == "GET" and report.state != ReportState.DRAFT:
        messages.error(request, services.ALREADY_ISSUED if report.is_issued else services.ALREADY_AGREED
                       if report.state == ReportState.AGREED else services.NOT_A_DRAFT.format(
                           state=report.get_state_display().lower()))
        return redirect(report)
    return _meeting_step(
        request, report, function=Function.AGREES_OUTCOME_REPORT, title="Record the report's agreement",
        intro="The meeting of the Business Planning Group where it agreed this version of the report.",
        submit="Record the agreement", done="The agreement was recorded.",
        act=lambda meeting: services.outcome_report_agree(report=report, meeting=meeting, by=request.user))


@access.record
def report_issue(request, pk):
    report = _report_for(request, pk, "reporting.issue_outcome_report")
    if request.method == "GET" and report.state != ReportState.AGREED:
        messages.error(request, services.ALREADY_ISSUED if report.is_issued else services.NOT_AGREED)
        return redirect(report)
    return _meeting_step(
        request, report, function=Function.RECEIVES_OUTCOME_REPORT, title="Issue the report to a meeting",
        intro="Issued, the report is frozen as a paper: its figures and its rendering never change, whatever later "
              "happens to the records. Its PDF and Word document are made by a job in the next moments.",
        submit="Issue the report", done="The report was issued. Its PDF and Word document are being made.",
        act=lambda meeting: services.outcome_report_issue(report=report, meeting=meeting, by=request.user))


def _stored(request, pk, field: str, content_type: str):
    report = _report_for(request, pk)
    stored = getattr(report, field)
    if not report.is_issued or not stored:
        raise Http404("Not issued yet, or its documents are still being made.")
    return FileResponse(stored.open("rb"), as_attachment=True, content_type=content_type,
                        filename=f"outcome-report-{report.quarter_code}-v{report.version}.{field}")


@access.record
def report_paper(request, pk):
    """The issued paper's HTML as it was frozen when issued: what its PDF was rendered from."""
    report = _report_for(request, pk)
    if not report.is_issued:
        raise Http404("Not issued yet.")
    return HttpResponse(report.html)


@access.record
def report_pdf(request, pk):
    return _stored(request, pk, "pdf", "application/pdf")


@access.record
def report_docx(request, pk):
    return _stored(request, pk, "docx",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
