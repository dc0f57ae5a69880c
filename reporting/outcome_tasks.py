"""The quarterly outcome report's jobs: thin, each calls a service (imported by reporting.tasks, which Celery
discovers)."""

from datetime import date

from celery import shared_task

from . import outcome_services


@shared_task(name="reporting.build_outcome_report", acks_late=True, ignore_result=False, soft_time_limit=120,
             time_limit=150)
def build_outcome_report(report_id: int) -> str:
    return outcome_services.outcome_report_build(report_id=report_id).state


@shared_task(name="reporting.render_outcome_documents", acks_late=True, ignore_result=False, soft_time_limit=120,
             time_limit=150)
def render_outcome_documents(report_id: int) -> bool:
    report = outcome_services.outcome_report_render_documents(report_id=report_id)
    return bool(report.pdf)


@shared_task(name="reporting.scheduled_outcome_report", acks_late=True, ignore_result=False)
def scheduled_outcome_report(as_of: str | None = None) -> int | None:
    """Daily (config/schedules.py): the last quarter's report, on the working day after its quarterly summaries
    fell due."""
    report = outcome_services.outcome_report_scheduled(as_of=date.fromisoformat(as_of) if as_of else None)
    return report.pk if report else None
