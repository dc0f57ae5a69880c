from datetime import date

from celery import shared_task

from . import services


@shared_task(name="reporting.expect_reports", acks_late=True, ignore_result=False)
def expect_reports(as_of: str | None = None) -> dict:
    """Daily, before the chase (config/schedules.py): the summaries and reports owed by today that have
    no row yet are made, and the drafts' due dates brought to the rules, so that the chase, which only
    reads, finds them. Thin, and safe to run twice: the services do everything."""
    created = services.summaries_expect(as_of=date.fromisoformat(as_of) if as_of else None)
    return {"created": created, "redated": services.summaries_redate()}


from .outcome_tasks import build_outcome_report, render_outcome_documents, scheduled_outcome_report  # noqa: E402, F401


@shared_task(name="reporting.quarter_figures", acks_late=True, ignore_result=False)
def quarter_figures(as_of: str | None = None) -> dict:
    """Daily (config/schedules.py): the quarter just ended gets its headline figures stored for the Board's
    trend, unless stored already. Safe to run twice or to overlap: one row a quarter (a unique key)."""
    from .quarter_figures import quarter_figures_ended

    row = quarter_figures_ended(date.fromisoformat(as_of) if as_of else None)
    return {"stored": row.label if row else None}
