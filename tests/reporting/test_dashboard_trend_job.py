"""The trend's figures (issue 18 §2): stored once a quarter by the daily job ("Quarter figures" in
config/schedules.py), on a real Celery worker over Redis; safe to run twice; and by the service the outcome
report's issue step calls."""

import datetime

import pytest

from reporting.quarter_figures import QuarterFigures, quarter_figures_ended
from reporting.tasks import quarter_figures
from tests.helpers.worker import celery_worker, send, wait_for


@pytest.mark.django_db
def test_the_job_is_in_the_one_schedule():
    from django_celery_beat.models import PeriodicTask

    from config.schedules import ensure_periodic_tasks

    ensure_periodic_tasks()
    assert PeriodicTask.objects.get(name="Quarter figures").task == "reporting.quarter_figures"


@pytest.mark.django_db
def test_the_quarter_just_ended_is_stored_once_with_its_figures():
    from tests.reporting.dashboard_shape import dashboard_shape

    dashboard_shape()
    stored = quarter_figures_ended(datetime.date(2026, 7, 2))
    assert (stored.quarter_start, stored.quarter_end) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    # The entries as they stand when stored: E1, E3, E4 open (E2 restricted, left out), E4 escalated.
    assert stored.figures["open_entries"] == 3 and stored.figures["escalated"] == 1
    assert quarter_figures_ended(datetime.date(2026, 7, 3)) is None  # already stored: a second run adds nothing
    assert QuarterFigures.objects.count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_quarterly_job():
    with celery_worker():
        send(quarter_figures, "2026-10-05")
        wait_for(lambda: QuarterFigures.objects.filter(quarter_start=datetime.date(2026, 7, 1)).exists(), timeout=60)
    assert QuarterFigures.objects.get().label
