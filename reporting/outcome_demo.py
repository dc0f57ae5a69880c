"""The demo's quarterly outcome reports, so that after `make run` each role has one to see: the quarter before
last built, commented on by the business unit, agreed at a BPG meeting and issued to the Board meeting after it
(its PDF and DOCX rendered, as the job does); the last quarter's built and left a draft for the business unit to
comment on and the BPG to agree. All through reporting.outcome_services. Idempotent: a quarter that has a report
is left as it is."""

from datetime import timedelta

from django.utils import timezone

from accountability.demo import history_names, recorder
from accountability.models import Function, User
from accountability.people import body_with_function, member_ids
from challenge_log.overview import code_of, current_quarter, quarter_on

from . import outcome_services as services
from .outcome_models import OutcomeReport
from .outcome_selectors import meetings_for

COMMENT = ("The figures for attendance need a word from the chair: two agencies sent apologies to most "
           "meetings of the quarter.")
NARRATIVE = ("Progress against the plan continued in the quarter. The sub groups' quarterly summaries set out "
             "the work behind these figures; the issues they raise for the Board follow in section 4.")


def _first_after(function: str, day):
    meetings = [m for m in meetings_for(function) if timezone.localtime(m.starts_at).date() > day]
    return meetings[-1] if meetings else None  # newest first: the last is the soonest after the day


def demo_outcome_reports_load(data: dict) -> None:
    by = recorder(data)
    today = timezone.localdate()
    last = quarter_on(current_quarter().start - timedelta(days=1))
    before = quarter_on(last.start - timedelta(days=1))
    bpg = body_with_function(Function.AGREES_OUTCOME_REPORT, today)
    agreer = User.objects.filter(pk__in=member_ids(bpg, today)).exclude(pk=by.pk).first() if bpg else None
    with history_names(by):
        if not OutcomeReport.objects.filter(quarter_code=code_of(before)).exists():
            report = services.outcome_report_build_now(quarter_code=code_of(before), by=by)
            services.outcome_report_comment(report=report, section="attendance", text=COMMENT, by=by)
            services.outcome_report_narrative_update(report=report, section="progress", text=NARRATIVE, by=by)
            agreed_at = _first_after(Function.AGREES_OUTCOME_REPORT, last.start)
            if agreed_at is not None and agreer is not None:
                report = services.outcome_report_agree(report=report, meeting=agreed_at, by=agreer)
                issued_to = _first_after(Function.RECEIVES_OUTCOME_REPORT,
                                         timezone.localtime(agreed_at.starts_at).date())
                if issued_to is not None:
                    report = services.outcome_report_issue(report=report, meeting=issued_to, by=by)
                    services.outcome_report_render_documents(report_id=report.pk)
        if not OutcomeReport.objects.filter(quarter_code=code_of(last)).exists():
            services.outcome_report_build_now(quarter_code=code_of(last), by=by)
